{#-
    One row per harmonized question across the waves carried (var('csx_waves')): labels and attributes
    from the most recent wave that asked it, and which waves asked it.
-#}
with

questions as (

    select * from {{ ref('stg_survey__questions') }}

),

waves as (

    select * from {{ ref('stg_survey__waves') }}

),

carried_questions as (

    select
        questions.*,
        waves.wave_year,
        {{ csx.safe_cast(
            dbt.right('questions.report_chart', dbt.length('questions.report_chart') ~ ' - 1'),
            dbt.type_int()
        ) }} as chart_number
    from questions
    inner join waves
        on questions.wave_id = waves.wave_id
    where questions.wave_id in ({{ csx.carried_wave_ids() }})

),

ranked as (

    select
        *,
        row_number() over (partition by question_id order by wave_year desc, wave_id desc) as recency_rank,
        row_number() over (partition by question_id order by wave_year asc, wave_id asc) as age_rank,
        count(*) over (partition by question_id) as waves_present
    from carried_questions

),

first_waves as (

    select
        question_id,
        wave_id as first_wave_id
    from ranked
    where age_rank = 1

),

wave_lists as (

    select
        question_id,
        {{ csx.listagg_sorted('wave_id') }} as wave_ids
    from carried_questions
    group by question_id

),

deduplicated as (

    select
        ranked.question_id,
        ranked.label_en,
        ranked.label_ja,
        ranked.question_type,
        ranked.question_group,
        ranked.item_id,
        ranked.report_chart,
        ranked.question_order,
        ranked.wave_year as last_wave_year,
        ranked.waves_present,
        wave_lists.wave_ids,
        first_waves.first_wave_id,
        ranked.wave_id as last_wave_id,
        case
            when ranked.report_chart is null then 'other'
            when ranked.report_chart in ('overall', 'G1', 'G2', 'G3', 'G4') then 'respondent_profile'
            when ranked.report_chart = 'T1' then 'ai'
            when ranked.chart_number between 5 and 10 then 'ai'
            when ranked.chart_number between 11 and 19 then 'channels'
            when ranked.chart_number between 20 and 22 then 'sales_and_efficiency'
            when ranked.chart_number between 23 and 28 then 'measurement_and_people'
            else 'other'
        end as section
    from ranked
    inner join first_waves
        on ranked.question_id = first_waves.question_id
    inner join wave_lists
        on ranked.question_id = wave_lists.question_id
    where ranked.recency_rank = 1

),

ordered as (

    select
        *,
        row_number() over (order by last_wave_year desc, question_order asc, question_id asc) as sort_order
    from deduplicated

)

select * from ordered
