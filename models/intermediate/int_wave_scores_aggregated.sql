{#- One row per wave: respondents, and the CX / EX / OX mean, standard deviation and t critical value of the whole wave. -#}
{%- set scores = csx.score_names() %}

with

respondents as (

    select * from {{ ref('fct_respondent_scores') }}

),

t_values as (

    select * from {{ ref('int_t_critical_values_ranged') }}

),

summed as (

    select
        wave_id,
        wave_year,
        count(*) as respondents_n,
        {{ csx.score_sums() }}
    from respondents
    group by wave_id, wave_year

),

with_statistics as (

    select
        summed.*,
        {{ csx.score_statistics('summed', scores) }}
    from summed

),

with_critical as (

    select
        with_statistics.*,
        {{- csx.t_critical_columns(scores) }}
    from with_statistics
    {{- csx.t_critical_joins('t_values', 'with_statistics.{score}_n - 1', scores) }}

)

select * from with_critical
