-- Wave-on-wave changes of every harmonized option, unweighted and composition-adjusted side by side,
-- with labels and whether the change is backed by printed figures (the share is printed for both waves,
-- mart_value_provenance) or driven by the reconstruction's assumptions.
with labels as (
    select question_id, trend_option_id,
           min(label_ja) as option_label_ja, min(label_en) as option_label_en, min(sort_order) as option_sort
    from csx.dim_answer_option
    group by all
),
printed as (
    select v.wave_id, v.question_id, o.trend_option_id
    from csx.mart_value_provenance v
    join csx.dim_answer_option o on o.question_id = v.question_id and o.option_id = v.option_id
    where v.segment_question_id = 'total' and v.measure = 'share' and v.provenance in ('printed', 'constrained')
    group by all
),
trends as (
    select * from csx.mart_wave_trends where not is_placeholder
),
unweighted as (select * from trends where weighting_scheme = 'unweighted'),
adjusted as (select * from trends where weighting_scheme <> 'unweighted')
select
    u.question_id,
    q.label_ja as question_label_ja,
    q.label_en as question_label_en,
    q.sort_order as question_sort,
    u.trend_option_id,
    l.option_label_ja,
    l.option_label_en,
    l.option_sort,
    u.wave_id,
    u.previous_wave_id,
    u.suppressed,
    u.previous_share, u."share",
    u.share_change, u.share_significant,
    u.cx_change, u.cx_significant, u.ex_change, u.ex_significant, u.ox_change, u.ox_significant,
    a.weighting_scheme as adjusted_scheme,
    a.previous_share as adj_previous_share, a."share" as adj_share,
    a.share_change as adj_share_change, a.share_significant as adj_share_significant,
    a.cx_change as adj_cx_change, a.cx_significant as adj_cx_significant,
    a.ex_change as adj_ex_change, a.ex_significant as adj_ex_significant,
    a.ox_change as adj_ox_change, a.ox_significant as adj_ox_significant,
    (pc.question_id is not null and pp.question_id is not null) as backed_by_print
from unweighted u
join csx.dim_question q on q.question_id = u.question_id
left join labels l on l.question_id = u.question_id and l.trend_option_id = u.trend_option_id
left join adjusted a
    on a.question_id = u.question_id and a.trend_option_id = u.trend_option_id
    and a.wave_id = u.wave_id and a.previous_wave_id = u.previous_wave_id
left join printed pc
    on pc.wave_id = u.wave_id and pc.question_id = u.question_id and pc.trend_option_id = u.trend_option_id
left join printed pp
    on pp.wave_id = u.previous_wave_id and pp.question_id = u.question_id and pp.trend_option_id = u.trend_option_id
order by q.sort_order, l.option_sort
