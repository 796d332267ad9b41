with

source as (

    select * from {{ ref('codebook_options') }}

),

renamed as (

    select
        cast(wave_id as {{ dbt.type_string() }}) as wave_id,
        cast(question_code as {{ dbt.type_string() }}) as question_code,
        cast(option_code as {{ dbt.type_string() }}) as option_code,
        option_id,
        coalesce(nullif(trend_option_id, ''), option_id) as trend_option_id,
        nullif(value_domain, '') as value_domain,
        cast(option_order as {{ dbt.type_int() }}) as option_order,
        label_ja,
        label_en,
        cast(score_value as {{ dbt.type_int() }}) as score_value,
        coalesce(cast(is_exclusive as {{ dbt.type_boolean() }}), false) as is_exclusive,
        notes
    from source

)

select * from renamed
