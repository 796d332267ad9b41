{#-
    One row per wave x respondent: a compact integer key within the wave (`respondent_number`: 1 = the smallest
    respondent_id; stg_survey__responses numbers the same way), when they answered, their CX / EX / OX
    self-ratings (score values) and
    their answers to the segment questions (harmonized option ids), recoded in place from the wide export
    through the wave's codebook (macros/recode.sql). A question a wave did not ask is NULL.
-#}
-- depends_on: {{ ref('codebook_questions') }}
-- depends_on: {{ ref('codebook_options') }}
{%- set scores = csx.score_questions() %}
{%- set segments = var('csx_segment_questions') %}

with

source as (

    {% for wave in csx.carried_waves() -%}
        {%- set profile = csx.profile_columns(wave, scores, segments) %}
        select
            {{ csx.text_literal(wave.wave_id) }} as wave_id,
            cast(respondent_id as {{ dbt.type_string() }}) as respondent_id,
            {%- for name in scores + segments %}
                {%- set column = name if name in scores else name ~ '_id' %}
                {{ profile[column] }} as {{ column }},
            {%- endfor %}
            {{ csx.respondent_number() }} as respondent_number,
            {{ csx.safe_cast('submitted_at', dbt.type_timestamp()) }} as submitted_at
        from {{ csx.wave_source(wave) }}
        union all
    {%- endfor %}
    select
        cast(null as {{ dbt.type_string() }}) as wave_id,
        cast(null as {{ dbt.type_string() }}) as respondent_id,
        {%- for name in scores %}
            cast(null as {{ dbt.type_int() }}) as {{ name }},
        {%- endfor %}
        {%- for name in segments %}
            cast(null as {{ dbt.type_string() }}) as {{ name }}_id,
        {%- endfor %}
        cast(null as {{ dbt.type_int() }}) as respondent_number,
        cast(null as {{ dbt.type_timestamp() }}) as submitted_at
    where 1 = 0

),

typed as (

    select
        wave_id,
        respondent_id,
        cast(respondent_number as {{ dbt.type_int() }}) as respondent_number,
        {%- for name in scores %}
            cast({{ name }} as {{ dbt.type_int() }}) as {{ name }},
        {%- endfor %}
        {%- for name in segments %}
            cast({{ name }}_id as {{ dbt.type_string() }}) as {{ name }}_id,
        {%- endfor %}
        submitted_at
    from source

)

select * from typed
