{#-
    Relationship answers -> dim_ai_capability for the `ai_capability` grid: every grid question any carried wave
    can be answered with (checked on the codebook lookup that maps every stored answer, not on the 60-million-row
    fact) has its item in dim_ai_capability.
-#}
with

grid_questions as (

    select distinct answer_codes.question_id
    from {{ ref('int_answer_options_mapped') }} as answer_codes
    inner join {{ ref('dim_question') }} as questions
        on answer_codes.question_id = questions.question_id
    where questions.question_group = 'ai_capability'

),

grid_items as (

    select questions.item_id
    from grid_questions
    inner join {{ ref('dim_question') }} as questions
        on grid_questions.question_id = questions.question_id

)

select grid_items.item_id
from grid_items
left join {{ ref('dim_ai_capability') }} as capabilities
    on grid_items.item_id = capabilities.ai_capability_id
where capabilities.ai_capability_id is null
