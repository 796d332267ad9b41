{#-
    One row per wave x respondent x question x answer option chosen. A view over the materialized long form
    (int_responses_unpivoted) with the wave's codes mapped to harmonized ids: the big table is stored once,
    in integers, and the ids come from a few-hundred-row lookup when the fact is read.
-#}
{{ config(materialized='view') }}

with

responses as (

    select * from {{ ref('int_responses_unpivoted') }}

),

answer_options as (

    select * from {{ ref('int_answer_options_mapped') }}

),

respondents as (

    select * from {{ ref('fct_respondent_scores') }}

),

waves as (

    select * from {{ ref('stg_survey__waves') }}

),

final as (

    select
        cast(respondents.wave_id as {{ dbt.type_string() }}) as wave_id,
        cast(waves.wave_year as {{ dbt.type_int() }}) as wave_year,
        cast(respondents.respondent_id as {{ dbt.type_string() }}) as respondent_id,
        cast(answer_options.question_id as {{ dbt.type_string() }}) as question_id,
        cast(answer_options.option_id as {{ dbt.type_string() }}) as option_id,
        cast(answer_options.answer_option_key as {{ dbt.type_string() }}) as answer_option_key,
        cast(answer_options.question_code as {{ dbt.type_string() }}) as question_code,
        cast(answer_options.option_code as {{ dbt.type_string() }}) as option_code,
        cast(answer_options.score_value as {{ dbt.type_int() }}) as score_value
    from responses
    inner join answer_options
        on
            responses.wave_key = answer_options.wave_key
            and responses.answer_seq = answer_options.answer_seq
    inner join respondents
        on
            responses.wave_key = respondents.wave_key
            and responses.respondent_number = respondents.respondent_number
    left join waves
        on respondents.wave_id = waves.wave_id

)

select * from final
