-- Graph 6: share of organisations using AI in customer service, by industry (2025), with Wilson 95 % intervals.
-- `dbt compile -s graph_06_ai_use_by_industry` writes runnable SQL to target/compiled/.
select
    segment_option_id as industry_id,
    segment_label_en as industry,
    segment_label_ja as industry_ja,
    base_n as respondents_n,
    respondents_n as using_ai_n,
    share as pct_using_ai,
    share_ci_low,
    share_ci_high,
    suppressed
from {{ ref('mart_option_scores') }}
where
    wave_id = '2025'
    and segment_question_id = 'industry'
    and question_id = 'ai_use'
    and option_id = 'yes'
order by share desc, industry_id asc
