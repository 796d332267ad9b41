-- Graph 1: respondents' share and CX / EX / OX means (t 95 % intervals) by company size, 2025.
select
    options.option_id as company_size_id,
    options.option_label_en as company_size,
    options.share,
    options.avg_cx,
    options.avg_cx_ci_low,
    options.avg_cx_ci_high,
    options.avg_ex,
    options.avg_ox,
    options.diff_cx,
    options.diff_ex,
    options.diff_ox
from {{ ref('mart_option_scores') }} as options
where
    options.wave_id = '2025'
    and options.segment_question_id = 'total'
    and options.question_id = 'company_size'
order by options.option_order asc
