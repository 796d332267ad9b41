-- Whole-wave option scores of every wave and weighting scheme (the components filter by wave, scheme and
-- question), with provenance per measure (mart_value_provenance: the printed figures are unweighted, so a
-- composition-adjusted value is never "printed") and the change vs the previous wave that asked the
-- question in the same scheme (mart_wave_trends). Needs value_provenance.sql on the page.
with trend_options as (
    select question_id, option_id, min(trend_option_id) as trend_option_id
    from csx.dim_answer_option
    group by all
),
trends as (
    select * from csx.mart_wave_trends where not is_placeholder
)
select
    s.wave_id,
    s.weighting_scheme,
    s.effective_base_n,
    s.segment_question_id,
    s.segment_option_id,
    s.segment_label_ja || ' / ' || s.segment_label_en as segment_label,
    s.question_id,
    s.question_label_ja || ' / ' || s.question_label_en as question_label,
    s.question_type,
    s.question_group,
    s.item_id,
    s.report_chart,
    s.option_id,
    s.option_label_ja,
    s.option_label_en,
    s.option_order,
    s.respondents_n,
    s.base_n,
    s."share",
    s.share_ci_low,
    s.share_ci_high,
    s.avg_cx, s.avg_cx_ci_low, s.avg_cx_ci_high,
    s.avg_ex, s.avg_ex_ci_low, s.avg_ex_ci_high,
    s.avg_ox, s.avg_ox_ci_low, s.avg_ox_ci_high,
    s.suppressed,
    coalesce(p.share_provenance, 'assumed') as share_provenance,
    p.share_printed,
    p.share_contradiction,
    coalesce(p.cx_provenance, 'assumed') as cx_provenance,
    p.cx_printed,
    coalesce(p.ex_provenance, 'assumed') as ex_provenance,
    p.ex_printed,
    coalesce(p.ox_provenance, 'assumed') as ox_provenance,
    p.ox_printed,
    p.score_contradiction,
    p.assumption_note,
    t.previous_wave_id,
    t.previous_share,
    t.share_change,
    t.share_significant,
    t.cx_change,
    t.cx_significant,
    t.ex_change,
    t.ex_significant,
    t.ox_change,
    t.ox_significant
from csx.mart_option_scores s
left join ${value_provenance} p
    on p.wave_id = s.wave_id
    and s.weighting_scheme = 'unweighted'
    and p.segment_question_id = s.segment_question_id
    and p.segment_option_id = s.segment_option_id
    and p.question_id = s.question_id
    and p.option_id = s.option_id
left join trend_options o
    on o.question_id = s.question_id and o.option_id = s.option_id
left join trends t
    on t.question_id = s.question_id
    and t.trend_option_id = o.trend_option_id
    and t.wave_id = s.wave_id
    and t.weighting_scheme = s.weighting_scheme
    and s.segment_question_id = 'total'
where s.segment_question_id = 'total'
   or exists (
       select 1 from ${value_provenance} v
       where v.segment_question_id = s.segment_question_id and v.question_id = s.question_id
         and v.segment_question_id <> 'total'
   )
order by s.weighting_scheme, s.question_id, s.segment_question_id, s.segment_option_id, s.option_order
