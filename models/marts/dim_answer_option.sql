with

answer_options as (

    select * from {{ ref('int_answer_options_deduplicated') }}

),

final as (

    select
        cast(answer_option_key as {{ dbt.type_string() }}) as answer_option_key,
        cast(question_id as {{ dbt.type_string() }}) as question_id,
        cast(option_id as {{ dbt.type_string() }}) as option_id,
        cast(trend_option_id as {{ dbt.type_string() }}) as trend_option_id,
        cast(label_en as {{ dbt.type_string() }}) as label_en,
        cast(label_ja as {{ dbt.type_string() }}) as label_ja,
        cast(sort_order as {{ dbt.type_int() }}) as sort_order,
        cast(score_value as {{ dbt.type_int() }}) as score_value,
        cast(is_exclusive as {{ dbt.type_boolean() }}) as is_exclusive
    from answer_options

)

select * from final
