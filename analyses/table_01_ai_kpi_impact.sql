-- Table 1: impact of AI on customer-service KPIs (base: organisations using AI), 2025, one row per KPI.
select
    scores.item_id as kpi_id,
    scores.question_label_en as kpi,
    max(case when scores.option_id = 'positive' then scores.share end) as pct_positive,
    max(case when scores.option_id = 'no_impact' then scores.share end) as pct_no_impact,
    max(case when scores.option_id = 'negative' then scores.share end) as pct_negative,
    max(scores.base_n) as base_n
from {{ ref('mart_option_scores') }} as scores
where
    scores.wave_id = '2025'
    and scores.segment_question_id = 'total'
    and scores.question_group = 'ai_kpi_impact'
group by scores.item_id, scores.question_label_en
order by pct_positive desc
