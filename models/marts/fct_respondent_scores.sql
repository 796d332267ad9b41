{#- One row per wave x respondent: CX / EX / OX self-ratings and the segment answers (per-wave incremental). -#}
{{ config(**csx.per_wave_config()) }}
{%- set waves = csx.waves_to_build() %}

with

respondents as (

    select * from {{ ref('stg_survey__respondents') }}
    where {{ csx.wave_filter(waves) }}

),

waves as (

    select * from {{ ref('stg_survey__waves') }}

),

final as (

    select
        cast({{ csx.surrogate_key(['respondents.wave_id', 'respondents.respondent_id']) }} as {{ dbt.type_string() }})
            as respondent_key,
        cast(respondents.wave_id as {{ dbt.type_string() }}) as wave_id,
        cast(waves.wave_year as {{ dbt.type_int() }}) as wave_year,
        cast(respondents.respondent_id as {{ dbt.type_string() }}) as respondent_id,
        cast(respondents.respondent_number as {{ dbt.type_int() }}) as respondent_number,
        cast(respondents.submitted_at as {{ dbt.type_timestamp() }}) as submitted_at,
        {%- for score in csx.score_questions() %}
            cast(respondents.{{ score }} as {{ dbt.type_int() }}) as {{ score }},
        {%- endfor %}
        {%- for segment in var('csx_segment_questions') %}
            cast(respondents.{{ segment }}_id as {{ dbt.type_string() }}) as {{ segment }}_id,
        {%- endfor %}
        {{ csx.wave_bookkeeping_columns(waves, 'respondents.wave_id') }}
    from respondents
    left join waves
        on respondents.wave_id = waves.wave_id

)

select * from final
