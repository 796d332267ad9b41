{#-
    One row per wave x respondent x answer chosen, in integers only (wave key, respondent number, answer
    number, first-answer flag: strings on 60 million rows cost more to store than all the rest): the materialized long form of every wave, built once per wave (per-wave incremental,
    macros/incremental.sql). fct_survey_responses maps it to ids and labels when read.
-#}
{{ config(**csx.per_wave_config()) }}
{%- set waves = csx.waves_to_build() %}

with

responses as (

    select * from {{ ref('stg_survey__responses') }}
    where {{ csx.wave_filter(waves) }}

),

fingerprinted as (

    select
        respondent_number,
        cast(answer_seq as {{ dbt.type_int() }}) as answer_seq,
        is_first_answer,
        {{ csx.wave_bookkeeping_columns(waves) }}
    from responses

)

select * from fingerprinted
