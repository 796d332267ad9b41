with

source as (

    select * from {{ ref('codebook_questions') }}

),

renamed as (

    select
        cast(wave_id as {{ dbt.type_string() }}) as wave_id,
        cast(question_code as {{ dbt.type_string() }}) as question_code,
        question_id,
        nullif(question_group, '') as question_group,
        nullif(item_id, '') as item_id,
        question_type,
        cast(question_order as {{ dbt.type_int() }}) as question_order,
        label_ja,
        label_en,
        nullif(report_chart, '') as report_chart,
        cast(is_required as {{ dbt.type_boolean() }}) as is_required,
        nullif(base_condition, '') as base_condition,
        cast(max_selections as {{ dbt.type_int() }}) as max_selections,
        notes,
        nullif(rating_rescaling, '') as rating_rescaling
    from source

)

select * from renamed
