{#- One row per wave x respondent x question x selected answer option. -#}
with

responses as (

    select * from {{ ref('stg_survey__responses') }}
    where is_selected

),

waves as (

    select * from {{ ref('stg_survey__waves') }}

),

final as (

    select
        cast({{ csx.surrogate_key([
            'responses.wave_id', 'responses.respondent_id', 'responses.question_id', 'responses.option_id'
        ]) }} as {{ dbt.type_string() }}) as response_key,
        cast(responses.wave_id as {{ dbt.type_string() }}) as wave_id,
        cast(waves.wave_year as {{ dbt.type_int() }}) as wave_year,
        cast(responses.respondent_id as {{ dbt.type_string() }}) as respondent_id,
        cast(responses.question_id as {{ dbt.type_string() }}) as question_id,
        cast(responses.option_id as {{ dbt.type_string() }}) as option_id,
        cast({{ dbt.concat(['responses.question_id', "'__'", 'responses.option_id']) }} as {{ dbt.type_string() }})
            as answer_option_key,
        cast(responses.question_code as {{ dbt.type_string() }}) as question_code,
        cast(responses.option_code as {{ dbt.type_string() }}) as option_code,
        cast(responses.score_value as {{ dbt.type_int() }}) as score_value
    from responses
    left join waves
        on responses.wave_id = waves.wave_id

)

select * from final
