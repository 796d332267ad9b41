-- Rating metrics of the chosen wave x segment against the previous wave, with the tests (* = significant).
select
    question_label_en as question_text,
    previous_wave_id,
    case comparison
        when 'same_scale' then 'same scale'
        when 'linear_rescaled' then 'rescaled 0–100'
        else 'not comparable' end as comparison,
    case when suppressed then 'suppressed'
        when avg_score_change is not null then printf(
            '%+.2f (t = %.2f)%s', avg_score_change, mean_statistic, case when mean_significant then ' *' else '' end
        )
        when avg_score_rescaled_change is not null then printf(
            '%+.1f pts /100 (t = %.2f)%s', avg_score_rescaled_change, mean_statistic,
            case when mean_significant then ' *' else '' end
        )
        else '—' end as mean_change,
    case when suppressed then 'suppressed'
        when top2_change is null then '—'
        else printf(
            '%+.1f pts (z = %.2f)%s', top2_change * 100, top2_statistic, case when top2_significant then ' *' else '' end
        ) end as top2_change,
    case when suppressed then 'suppressed'
        when nps_change is null then '—'
        else printf('%+.1f (z = %.2f)%s', nps_change, nps_statistic, case when nps_significant then ' *' else '' end)
    end as nps_change
from csx.mart_rating_trends
where not is_placeholder
    and wave_id = '${inputs.rating_wave.value}'
    and segment_question_id || '|' || segment_option_id = '${inputs.rating_segment.value}'
order by question_text
