{#-
    One row per wave x respondent: CX / EX / OX self-ratings and the respondent profile (segment keys),
    pivoted from the long answers.
-#}
with

respondents as (

    select * from {{ ref('stg_survey__respondents') }}

),

profile_answers as (

    select * from {{ ref('stg_survey__responses') }}
    where
        is_selected
        and question_id in (
            'cx_score', 'ex_score', 'ox_score',
            'company_size', 'cs_team_size', 'customer_segment', 'industry', 'ai_use'
        )

),

pivoted as (

    select
        wave_id,
        respondent_id,
        max(case when question_id = 'cx_score' then score_value end) as cx_score,
        max(case when question_id = 'ex_score' then score_value end) as ex_score,
        max(case when question_id = 'ox_score' then score_value end) as ox_score,
        max(case when question_id = 'company_size' then option_id end) as company_size_id,
        max(case when question_id = 'cs_team_size' then option_id end) as cs_team_size_id,
        max(case when question_id = 'customer_segment' then option_id end) as customer_segment_id,
        max(case when question_id = 'industry' then option_id end) as industry_id,
        max(case when question_id = 'ai_use' then option_id end) as ai_use_id
    from profile_answers
    group by wave_id, respondent_id

),

profiled as (

    select
        respondents.wave_id,
        respondents.respondent_id,
        respondents.submitted_at,
        pivoted.cx_score,
        pivoted.ex_score,
        pivoted.ox_score,
        pivoted.company_size_id,
        pivoted.cs_team_size_id,
        pivoted.customer_segment_id,
        pivoted.industry_id,
        pivoted.ai_use_id
    from respondents
    left join pivoted
        on
            respondents.wave_id = pivoted.wave_id
            and respondents.respondent_id = pivoted.respondent_id

)

select * from profiled
