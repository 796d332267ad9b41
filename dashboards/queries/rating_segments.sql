-- Segments of the rating page: the whole wave first, then every answer of each segment question.
select 'total|all' as segment_key, '全回答者 / All respondents' as segment_label, 0 as ord
union all
select distinct
    segment_question_id || '|' || segment_option_id,
    segment_label_ja || ' / ' || segment_label_en,
    1
from csx.mart_rating_scores
where segment_question_id <> 'total'
order by ord, segment_label
