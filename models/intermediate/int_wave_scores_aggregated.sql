{#-
    One row per wave x weighting scheme: respondents, and the CX / EX / OX mean, standard deviation and t critical
    value of the whole wave, weighted by the scheme (counts and `<s>_sum` columns unweighted; with every weight 1
    the statistics are the unweighted ones). A respondent-level join, once per scheme: respondents, not answers.
-#}
{%- set scores = csx.score_names() %}

with

weighted_respondents as (

    select * from {{ ref('int_respondent_scores_weighted') }}

),

t_values as (

    select * from {{ ref('int_t_critical_values_ranged') }}

),

summed as (

    select
        wave_id,
        wave_year,
        weighting_scheme,
        count(*) as respondents_n,
        {{ csx.exact_sum('weight') }} as weighted_respondents_n,
        {{ csx.exact_sum('weight * weight') }} as weighted_respondents_n_sq,
        {{ csx.score_sums() }},
        {{ csx.weighted_score_row_sums('', 'weight') }}
    from weighted_respondents
    group by wave_id, wave_year, weighting_scheme

),

with_statistics as (

    select
        summed.*,
        {{ csx.weighted_score_statistics('summed', scores) }}
    from summed

),

with_critical as (

    select
        with_statistics.*,
        {{- csx.t_critical_columns(scores) }}
    from with_statistics
    {{- csx.t_critical_joins('t_values', 'with_statistics.effective_{score}_n - 1', scores) }}

)

select * from with_critical
