{#-
    One row per wave x respondent x weighting scheme: the respondent's survey weight, as `csx weights compute`
    wrote it (macros/weighting.sql; docs/weighting.md). Typed only.
-#}

with

source as (

    -- the file behind source('weighting', 'respondent_weights'), read by path on every engine
    {%- set weights_source = source('weighting', 'respondent_weights') %}
    select * from {{ csx.read_weights_file('respondent_weights') }}

),

renamed as (

    select
        cast(wave_id as {{ dbt.type_string() }}) as wave_id,
        cast(respondent_id as {{ dbt.type_string() }}) as respondent_id,
        cast(weighting_scheme as {{ dbt.type_string() }}) as weighting_scheme,
        cast(weight as {{ csx.type_double() }}) as weight
    from source

)

select * from renamed
