{#-
    One row per harmonized question x option across the waves carried: labels, order, score and
    trend id from the most recent wave that offered the option.
-#}
with

options as (

    select * from {{ ref('stg_survey__options') }}

),

questions as (

    select * from {{ ref('stg_survey__questions') }}

),

waves as (

    select * from {{ ref('stg_survey__waves') }}

),

carried_options as (

    select
        questions.question_id,
        options.*,
        waves.wave_year
    from options
    inner join questions
        on
            options.wave_id = questions.wave_id
            and options.question_code = questions.question_code
    inner join waves
        on options.wave_id = waves.wave_id
    where options.wave_id in ({{ csx.carried_wave_ids() }})

),

ranked as (

    select
        *,
        row_number() over (
            partition by question_id, option_id order by wave_year desc, wave_id desc
        ) as recency_rank
    from carried_options

),

deduplicated as (

    select
        {{ dbt.concat(['question_id', "'__'", 'option_id']) }} as answer_option_key,
        question_id,
        option_id,
        trend_option_id,
        value_domain,
        label_en,
        label_ja,
        option_order as sort_order,
        score_value,
        is_exclusive,
        wave_id as last_wave_id
    from ranked
    where recency_rank = 1

)

select * from deduplicated
