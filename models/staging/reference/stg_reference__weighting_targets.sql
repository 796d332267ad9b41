with

source as (

    select * from {{ ref('weighting_targets') }}

),

renamed as (

    select
        cast(weighting_scheme as {{ dbt.type_string() }}) as weighting_scheme,
        cast(coalesce(nullif(wave_id, ''), '*') as {{ dbt.type_string() }}) as wave_id,
        cast(question_id as {{ dbt.type_string() }}) as question_id,
        cast(option_id as {{ dbt.type_string() }}) as option_id,
        cast(target_share as {{ csx.type_double() }}) as target_share,
        cast(nullif(source_wave_id, '') as {{ dbt.type_string() }}) as source_wave_id
    from source

)

select * from renamed
