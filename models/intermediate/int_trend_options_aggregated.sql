{#-
    One row per wave x question x trend option (the comparison id shared by options split or merged
    between waves): respondents choosing any option of the trend option (each counted once), the
    question's base, and their CX / EX / OX statistics. Whole wave only (no segments).
-#}
with

selected as (

    select * from {{ ref('stg_survey__responses') }}
    where is_selected and question_id is not null

),

respondents as (

    select * from {{ ref('int_respondents_profiled') }}

),

asked as (

    select * from {{ ref('int_respondent_questions_asked') }}

),

bases as (

    select
        wave_id,
        question_id,
        count(*) as base_n
    from asked
    group by wave_id, question_id

),

trend_choosers as (

    select
        wave_id,
        respondent_id,
        question_id,
        trend_option_id
    from selected
    group by wave_id, respondent_id, question_id, trend_option_id

),

aggregated as (

    select
        trend_choosers.wave_id,
        trend_choosers.question_id,
        trend_choosers.trend_option_id,
        {%- for score in ['cx', 'ex', 'ox'] %}
            count(respondents.{{ score }}_score) as {{ score }}_n,
            avg(cast(respondents.{{ score }}_score as {{ csx.type_double() }})) as avg_{{ score }},
            stddev_samp(
                cast(respondents.{{ score }}_score as {{ csx.type_double() }})
            ) as stddev_{{ score }},
        {%- endfor %}
        count(*) as respondents_n
    from trend_choosers
    inner join respondents
        on
            trend_choosers.wave_id = respondents.wave_id
            and trend_choosers.respondent_id = respondents.respondent_id
    group by
        trend_choosers.wave_id,
        trend_choosers.question_id,
        trend_choosers.trend_option_id

),

joined as (

    select
        aggregated.wave_id,
        aggregated.question_id,
        aggregated.trend_option_id,
        aggregated.respondents_n,
        bases.base_n,
        {%- for score in ['cx', 'ex', 'ox'] %}
            aggregated.{{ score }}_n,
            aggregated.avg_{{ score }},
            aggregated.stddev_{{ score }},
        {%- endfor %}
        cast(aggregated.respondents_n as {{ csx.type_double() }}) / bases.base_n as share
    from aggregated
    inner join bases
        on
            aggregated.wave_id = bases.wave_id
            and aggregated.question_id = bases.question_id

)

select * from joined
