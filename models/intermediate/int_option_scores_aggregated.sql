{#-
    One row per wave x segment x question x option chosen: how many respondents of the segment chose the
    option, how many were asked the question, and the CX / EX / OX statistics of those who chose it.
    Unsuppressed: small cells are suppressed in the marts.
-#}
with

selected as (

    select * from {{ ref('stg_survey__responses') }}
    where is_selected and question_id is not null

),

segments as (

    select * from {{ ref('int_respondent_segments_unioned') }}

),

respondents as (

    select * from {{ ref('int_respondents_profiled') }}

),

asked as (

    select * from {{ ref('int_respondent_questions_asked') }}

),

bases as (

    select
        asked.wave_id,
        segments.segment_question_id,
        segments.segment_option_id,
        asked.question_id,
        count(*) as base_n
    from asked
    inner join segments
        on
            asked.wave_id = segments.wave_id
            and asked.respondent_id = segments.respondent_id
    group by
        asked.wave_id,
        segments.segment_question_id,
        segments.segment_option_id,
        asked.question_id

),

choosers as (

    select
        selected.wave_id,
        segments.segment_question_id,
        segments.segment_option_id,
        selected.question_id,
        selected.option_id,
        respondents.cx_score,
        respondents.ex_score,
        respondents.ox_score
    from selected
    inner join segments
        on
            selected.wave_id = segments.wave_id
            and selected.respondent_id = segments.respondent_id
    inner join respondents
        on
            selected.wave_id = respondents.wave_id
            and selected.respondent_id = respondents.respondent_id

),

aggregated as (

    select
        wave_id,
        segment_question_id,
        segment_option_id,
        question_id,
        option_id,
        {%- for score in ['cx', 'ex', 'ox'] %}
            count({{ score }}_score) as {{ score }}_n,
            avg(cast({{ score }}_score as {{ csx.type_double() }})) as avg_{{ score }},
            stddev_samp(
                cast({{ score }}_score as {{ csx.type_double() }})
            ) as stddev_{{ score }},
        {%- endfor %}
        count(*) as respondents_n
    from choosers
    group by
        wave_id,
        segment_question_id,
        segment_option_id,
        question_id,
        option_id

),

joined as (

    select
        aggregated.wave_id,
        aggregated.segment_question_id,
        aggregated.segment_option_id,
        aggregated.question_id,
        aggregated.option_id,
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
            and aggregated.segment_question_id = bases.segment_question_id
            and aggregated.segment_option_id = bases.segment_option_id
            and aggregated.question_id = bases.question_id

)

select * from joined
