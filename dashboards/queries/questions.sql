-- Every question with its report chart (グラフ n / 表 n) for the explorer's picker.
select
    question_id,
    label_ja,
    label_en,
    report_chart,
    case
        when report_chart like 'G%' then 'グラフ' || substr(report_chart, 2)
        when report_chart like 'T%' then '表' || substr(report_chart, 2)
    end as chart_label,
    question_group,
    sort_order,
    wave_ids
from csx.dim_question
where coalesce(report_chart, '') <> 'overall'
order by sort_order
