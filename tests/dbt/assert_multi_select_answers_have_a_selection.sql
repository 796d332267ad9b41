{#- Every respondent asked a multi-select question chose at least one option (lists carry a "none" option). -#}
select
    wave_id,
    respondent_id,
    question_id
from {{ ref('stg_survey__responses') }}
where question_type = 'multi'
group by wave_id, respondent_id, question_id
having sum(case when is_selected then 1 else 0 end) = 0
