-- Questions asked in one wave only (absent from mart_wave_trends), labelled.
select
    q.label_ja || ' / ' || q.label_en as "質問 / Question",
    c.wave_ids as "Waves / 調査回"
from csx.mart_question_coverage c
join csx.dim_question q using (question_id)
where not c.in_trends
order by q.sort_order
