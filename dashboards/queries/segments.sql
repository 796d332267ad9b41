-- Segments the explorer can cut by, labelled with their segment question.
select
    s.segment_question_id || '|' || s.segment_option_id as cut,
    s.segment_question_id,
    coalesce(q.label_ja || ' / ' || q.label_en, '全回答者 / All respondents') as segment_question_label,
    s.label_ja || ' / ' || s.label_en as segment_label,
    coalesce(q.sort_order, 0) as question_sort,
    s.sort_order
from csx.dim_segment s
left join csx.dim_question q on q.question_id = s.segment_question_id
order by question_sort, s.sort_order
