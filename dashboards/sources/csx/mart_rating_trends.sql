-- Evidence writes no file for an empty result (e.g. no trends with a single wave), so an empty mart
-- becomes one row with is_placeholder = true; pages filter on `not is_placeholder`.
select *, false as is_placeholder from marts.mart_rating_trends
union all by name
select true as is_placeholder where not exists (select 1 from marts.mart_rating_trends)
