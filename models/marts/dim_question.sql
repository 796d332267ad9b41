with

questions as (

    select * from {{ ref('int_questions_deduplicated') }}

),

final as (

    select
        cast(question_id as {{ dbt.type_string() }}) as question_id,
        cast(label_en as {{ dbt.type_string() }}) as label_en,
        cast(label_ja as {{ dbt.type_string() }}) as label_ja,
        cast(sort_order as {{ dbt.type_int() }}) as sort_order,
        cast(question_type as {{ dbt.type_string() }}) as question_type,
        cast(question_group as {{ dbt.type_string() }}) as question_group,
        cast(item_id as {{ dbt.type_string() }}) as item_id,
        cast(report_chart as {{ dbt.type_string() }}) as report_chart,
        cast(section as {{ dbt.type_string() }}) as section,
        cast(waves_present as {{ dbt.type_int() }}) as waves_present,
        cast(wave_ids as {{ dbt.type_string() }}) as wave_ids,
        cast(first_wave_id as {{ dbt.type_string() }}) as first_wave_id,
        cast(last_wave_id as {{ dbt.type_string() }}) as last_wave_id
    from questions

)

select * from final
