-- Answer distribution of one rating question (unweighted, published cells only): one bar per scale point.
select
    option_order,
    option_label_ja || ' / ' || option_label_en as option_label,
    "share", share_ci_low, share_ci_high
from csx.mart_option_scores
where weighting_scheme = 'unweighted'
    and not suppressed
    and wave_id = '${inputs.rating_wave.value}'
    and question_id = '${inputs.rating_question.value}'
    and segment_question_id || '|' || segment_option_id = '${inputs.rating_segment.value}'
order by option_order
