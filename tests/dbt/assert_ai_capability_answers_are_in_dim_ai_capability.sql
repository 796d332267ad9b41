{#- Relationship fct_survey_responses -> dim_ai_capability for every row of the `ai_capability` grid. -#}
with

grid_answers as (

    select questions.item_id
    from {{ ref('fct_survey_responses') }} as responses
    inner join {{ ref('dim_question') }} as questions
        on responses.question_id = questions.question_id
    where questions.question_group = 'ai_capability'

)

select grid_answers.item_id
from grid_answers
left join {{ ref('dim_ai_capability') }} as capabilities
    on grid_answers.item_id = capabilities.ai_capability_id
where capabilities.ai_capability_id is null
