-- The explorer's cells: one question x wave x segment x weighting scheme, chosen in the Explorer
-- component (its state is in the URL) and handed to Evidence as inputs.
select
    wave_id, weighting_scheme, segment_question_id, segment_option_id,
    segment_label_ja || ' / ' || segment_label_en as segment_label,
    question_id, question_label_ja || ' / ' || question_label_en as question_label,
    question_type, question_group, item_id, report_chart,
    option_id, option_label_ja, option_label_en, option_order,
    respondents_n, base_n, effective_base_n,
    "share", share_ci_low, share_ci_high,
    avg_cx, avg_cx_ci_low, avg_cx_ci_high,
    avg_ex, avg_ex_ci_low, avg_ex_ci_high,
    avg_ox, avg_ox_ci_low, avg_ox_ci_high,
    wave_avg_cx, wave_avg_ex, wave_avg_ox,
    suppressed
from csx.mart_option_scores
where wave_id = '${inputs.explorer_wave.value}'
  and question_id = '${inputs.explorer_question.value}'
  and segment_question_id || '|' || segment_option_id = '${inputs.explorer_cut.value}'
order by weighting_scheme, option_order
