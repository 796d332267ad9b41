-- Rating metrics of one wave x segment (inputs rating_wave, rating_segment): numbers for the charts and
-- formatted text for the table ("suppressed" where disclosure control hides a metric).
select
    question_id,
    question_label_ja || chr(10) || question_label_en || ' (' || scale_text || ')' as question_label,
    question_label_en as question_text,
    scale_text,
    scale_min, scale_max,
    case when mean_suppressed then null else avg_score end as avg_score,
    avg_score_ci_low, avg_score_ci_high,
    case when top2_suppressed then null else top2_share end as top2_share,
    nps, nps_ci_low, nps_ci_high,
    case when suppressed then 'suppressed' else cast(cast(respondents_n as bigint) as varchar) end as n_text,
    case when mean_suppressed then 'suppressed'
        else printf('%.2f (%.2f–%.2f)', avg_score, avg_score_ci_low, avg_score_ci_high) end as mean_text,
    case when top2_suppressed then 'suppressed'
        else printf('%.0f%% (%.0f–%.0f%%)', top2_share * 100, top2_share_ci_low * 100, top2_share_ci_high * 100)
    end as top2_text,
    case when bottom2_suppressed then 'suppressed'
        else printf(
            '%.0f%% (%.0f–%.0f%%)', bottom2_share * 100, bottom2_share_ci_low * 100, bottom2_share_ci_high * 100
        ) end as bottom2_text,
    case when not (scale_min = 0 and scale_max = 10) then '—'
        when nps_suppressed or nps is null then 'suppressed'
        else printf('%+.0f (%+.0f to %+.0f)', nps, nps_ci_low, nps_ci_high) end as nps_text
from (
    select
        *,
        cast(cast(scale_min as integer) as varchar) || '–' || cast(cast(scale_max as integer) as varchar) as scale_text
    from csx.mart_rating_scores
    where wave_id = '${inputs.rating_wave.value}'
        and segment_question_id || '|' || segment_option_id = '${inputs.rating_segment.value}'
)
order by question_id
