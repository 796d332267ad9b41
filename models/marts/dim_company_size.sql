with

answer_options as (

    select * from {{ ref('int_answer_options_deduplicated') }}
    where question_id = 'company_size'

),

final as (

    select
        cast(option_id as {{ dbt.type_string() }}) as company_size_id,
        cast(label_en as {{ dbt.type_string() }}) as label_en,
        cast(label_ja as {{ dbt.type_string() }}) as label_ja,
        cast(sort_order as {{ dbt.type_int() }}) as sort_order
    from answer_options

)

select * from final
