{#-
    One row per wave x respondent x question the respondent was asked (has at least one answered row).
    These are the bases (denominators) of every share.
-#}
with

responses as (

    select * from {{ ref('stg_survey__responses') }}
    where question_id is not null

),

asked as (

    select
        wave_id,
        respondent_id,
        question_id
    from responses
    group by wave_id, respondent_id, question_id

)

select * from asked
