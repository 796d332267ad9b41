-- Latest `csx validate` run (one row per expectation). The table is written by `csx validate`, so a
-- warehouse fresh from `dbt build` has none: the first view gives the columns, the second (whose error
-- Evidence ignores when the table is missing) replaces it with the real rows.
-- Evidence writes no file for an empty result, so "no run" becomes one row with is_placeholder = true.
create or replace temp view csx_dq_results as
select
    cast(null as varchar) as run_id, cast(null as timestamp) as run_at, cast(null as varchar) as suite,
    cast(null as varchar) as "table", cast(null as varchar) as "column", cast(null as varchar) as expectation,
    cast(null as boolean) as success, cast(null as varchar) as observed, cast(null as varchar) as details
where false;

create or replace temp view csx_dq_results as
select run_id, run_at, suite, "table", "column", expectation, success, observed, details
from marts.data_quality_results;

select *, false as is_placeholder from csx_dq_results
union all by name
select true as is_placeholder where not exists (select 1 from csx_dq_results)
