with

source as (

    select * from {{ ref('waves') }}

),

renamed as (

    select
        cast(wave_id as {{ dbt.type_string() }}) as wave_id,
        cast(wave_year as {{ dbt.type_int() }}) as wave_year,
        label_en,
        label_ja,
        cast(fieldwork_start as date) as fieldwork_start,
        cast(fieldwork_end as date) as fieldwork_end,
        cast(respondents_expected as {{ dbt.type_int() }}) as respondents_expected,
        cast(is_synthetic as {{ dbt.type_boolean() }}) as is_synthetic,
        notes
    from source

)

select * from renamed
