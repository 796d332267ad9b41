-- Every printed figure against the warehouse, in the printed unit (percent figures as percent),
-- contradictions first, then misses, then matches.
select
    wave_id,
    case
        when chart_id like 'G%' then 'グラフ' || substr(chart_id, 2)
        when chart_id like 'T%' then '表' || substr(chart_id, 2)
        when chart_id = 'overall' then 'Overall / 全体'
        when chart_id = 'method' then 'Method / 調査概要'
        when chart_id = 'demographics' then 'Respondents / 回答者'
        else chart_id
    end as chart,
    replace(member, '_', ' ') as member,
    case
        when metric in ('share', 'delta_share') then 'share %'
        when metric like 'avg_%' then upper(substr(metric, 5)) || ' mean'
        when metric = 'overall_avg' then 'mean'
        when metric = 'respondents' then 'respondents'
        when metric like 'rank%' then 'rank'
        when metric like 'sign%' then 'above / below overall'
        else replace(metric, '_', ' ')
    end as measure,
    printed_value,
    case
        when computed_value is null then '—'
        when metric in ('share', 'delta_share') then printf('%.1f', computed_value * 100)
        when metric in ('respondents') or metric like 'rank%' or metric like 'sign%' then printf('%.0f', computed_value)
        else printf('%.3f', computed_value)
    end as computed,
    case
        when contradiction is not null then 'contradiction / 矛盾'
        when within_printed_precision then 'reproduced / 一致'
        when computed_value is null then 'not computed / 未計算'
        else 'outside printed precision / 不一致'
    end as status,
    case
        when contradiction is not null then 1
        when not within_printed_precision then 2
        else 3
    end as status_order,
    coalesce(contradiction, note) as note,
    chart_id,
    figure_id
from csx.mart_report_reconciliation
where not is_placeholder
order by status_order, chart_id, figure_id
