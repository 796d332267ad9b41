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

    select
        cast(item_id as {{ dbt.type_string() }}) as ai_capability_id,
        cast(label_en as {{ dbt.type_string() }}) as label_en,
        cast(label_ja as {{ dbt.type_string() }}) as label_ja,
        cast(row_number() over (order by sort_order, item_id) as {{ dbt.type_int() }}) as sort_order
    from ranked
    where label_rank = 1

)

select * from final
