with

source as (

    select * from {{ ref('published_figures') }}

),

renamed as (

    select
        cast(figure_id as {{ dbt.type_string() }}) as figure_id,
        cast(chart_id as {{ dbt.type_string() }}) as chart_id,
        cast(wave as {{ dbt.type_string() }}) as printed_wave,
        cast(dimension as {{ dbt.type_string() }}) as dimension,
        cast(member as {{ dbt.type_string() }}) as member,
        cast(measure as {{ dbt.type_string() }}) as measure,
        cast(value as {{ dbt.type_string() }}) as printed_value,
        cast(confidence as {{ dbt.type_string() }}) as confidence,
        cast(note as {{ dbt.type_string() }}) as note,
        cast(wave_id as {{ dbt.type_string() }}) as wave_id,
        cast(nullif(cast(compare_wave_id as {{ dbt.type_string() }}), '') as {{ dbt.type_string() }})
            as compare_wave_id,
        cast(nullif(question_id, '') as {{ dbt.type_string() }}) as question_id,
        cast(metric as {{ dbt.type_string() }}) as metric,
        cast(nullif(filter_question_id, '') as {{ dbt.type_string() }}) as filter_question_id,
        cast(nullif(filter_option_id, '') as {{ dbt.type_string() }}) as filter_option_id,
        cast(value_num as {{ csx.type_double() }}) as printed_value_num,
        cast(tolerance as {{ csx.type_double() }}) as tolerance,
        cast(nullif(contradiction, '') as {{ dbt.type_string() }}) as contradiction
    from source

)

select * from renamed
