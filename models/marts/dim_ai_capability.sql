{#- AI capabilities: the rows (items) of the `ai_capability` grid question (graph 7). -#}
with

questions as (

    select * from {{ ref('int_questions_deduplicated') }}
    where question_group = 'ai_capability' and item_id is not null

),

ranked as (

    select
        item_id,
        label_en,
        label_ja,
        sort_order,
        row_number() over (partition by item_id order by sort_order) as label_rank
    from questions

),

final as (

    {{ csx.conformed_dimension_members('ranked', 'item_id', 'ai_capability_id') }}

)

select * from final
