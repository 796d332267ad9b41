{#-
    One row per wave x respondent x segment the respondent belongs to: ('total', 'all') for everyone,
    plus one row per option chosen in each of var('csx_segment_questions').
-#}
with

respondents as (

    select * from {{ ref('stg_survey__respondents') }}

),

segment_answers as (

    select * from {{ ref('stg_survey__responses') }}
    where
        is_selected
        and question_id in ({{ csx.sql_text_list(var('csx_segment_questions')) }})

),

unioned as (

    select
        wave_id,
        respondent_id,
        'total' as segment_question_id,
        'all' as segment_option_id
    from respondents

    union all

    select
        wave_id,
        respondent_id,
        question_id as segment_question_id,
        option_id as segment_option_id
    from segment_answers

)

select * from unioned
