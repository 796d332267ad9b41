{#- One row per wave x respondent: who answered each wave and when. -#}
with

source as (

    {{ csx.waves_respondents(var('csx_waves')) }}

),

renamed as (

    select
        wave_id,
        cast(respondent_id as {{ dbt.type_string() }}) as respondent_id,
        {{ csx.safe_cast('submitted_at', dbt.type_timestamp()) }} as submitted_at
    from source

)

select * from renamed
