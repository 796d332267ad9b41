{#-
    One row per harmonized question: which waves asked it and whether it has wave-on-wave trends.
    Questions asked in one wave only are listed here (they are absent from mart_wave_trends).
-#}
with

questions as (

    select * from {{ ref('dim_question') }}

),

trend_options as (

    select * from {{ ref('int_trend_options_aggregated') }}
    where weighting_scheme = 'unweighted'

),

trended_questions as (

    select distinct question_id
    from (
        select
            question_id,
            trend_option_id
        from trend_options
        group by question_id, trend_option_id
        having count(*) >= 2
    ) as multi_wave_options

),

final as (

    select
        cast(questions.question_id as {{ dbt.type_string() }}) as question_id,
        cast(questions.label_en as {{ dbt.type_string() }}) as question_label_en,
        cast(questions.label_ja as {{ dbt.type_string() }}) as question_label_ja,
        cast(questions.sort_order as {{ dbt.type_int() }}) as sort_order,
        cast(questions.waves_present as {{ dbt.type_int() }}) as waves_present,
        cast(questions.wave_ids as {{ dbt.type_string() }}) as wave_ids,
        cast(questions.first_wave_id as {{ dbt.type_string() }}) as first_wave_id,
        cast(questions.last_wave_id as {{ dbt.type_string() }}) as last_wave_id,
        cast(trended_questions.question_id is not null as {{ dbt.type_boolean() }}) as in_trends
    from questions
    left join trended_questions
        on questions.question_id = trended_questions.question_id

)

select * from final
