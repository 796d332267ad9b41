{#-
    Every respondent of fct_respondent_scores has exactly one weight for every scheme of the registry, and there is
    no weight for anyone else: stale weights (a wave added or changed after `csx weights compute` ran) fail here.
-#}

with

respondents as (

    select * from {{ ref('fct_respondent_scores') }}

),

weights as (

    select * from {{ ref('fct_respondent_weights') }}

),

schemes as (

    select * from {{ ref('dim_weighting_scheme') }}

),

expected as (

    select
        respondents.wave_id,
        respondents.respondent_id,
        schemes.weighting_scheme
    from respondents
    cross join schemes

),

counted as (

    select
        wave_id,
        respondent_id,
        weighting_scheme,
        count(*) as weights_n
    from weights
    group by wave_id, respondent_id, weighting_scheme

),

problems as (

    select
        coalesce(expected.wave_id, counted.wave_id) as wave_id,
        coalesce(expected.respondent_id, counted.respondent_id) as respondent_id,
        coalesce(expected.weighting_scheme, counted.weighting_scheme) as weighting_scheme,
        coalesce(counted.weights_n, 0) as weights_n,
        expected.respondent_id is not null as is_expected
    from expected
    full outer join counted
        on
            expected.wave_id = counted.wave_id
            and expected.respondent_id = counted.respondent_id
            and expected.weighting_scheme = counted.weighting_scheme
    where expected.respondent_id is null or counted.weights_n is null or counted.weights_n <> 1

)

select * from problems
