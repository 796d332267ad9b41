{#-
    One row per carried wave x answer number (`answer_seq`, see stg_survey__options): the wave's own question and option
    codes mapped to the harmonized question, option and trend ids. The lookup that turns stg_survey__responses'
    integers into ids.
-#}
with

options as (

    select * from {{ ref('stg_survey__options') }}

),

questions as (

    select * from {{ ref('stg_survey__questions') }}

),

waves as (

    select * from {{ ref('int_wave_fingerprints') }}

),

mapped as (

    select
        options.wave_id,
        waves.wave_key,
        options.answer_seq,
        questions.question_id,
        options.option_id,
        options.trend_option_id,
        {{ dbt.concat(['questions.question_id', "'__'", 'options.option_id']) }} as answer_option_key,
        questions.question_type,
        options.question_code,
        options.option_code,
        options.score_value,
        questions.rating_rescaling
    from options
    inner join questions
        on
            options.wave_id = questions.wave_id
            and options.question_code = questions.question_code
    inner join waves
        on options.wave_id = waves.wave_id

)

select * from mapped
