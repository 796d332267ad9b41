{#-
    One row per wave x weighting scheme: respondents, and the CX / EX / OX mean, standard deviation and t critical
    value of the whole wave, weighted by the scheme (counts and `<s>_sum` columns unweighted; with every weight 1
    the statistics are the unweighted ones). A respondent-level join, once per scheme: respondents, not answers.
-#}
{%- set scores = csx.score_names() %}

with

respondents as (

    select * from {{ ref('fct_respondent_scores') }}

),

weights as (

    select * from {{ ref('fct_respondent_weights') }}

),

t_values as (

    select * from {{ ref('int_t_critical_values_ranged') }}

),

weighted_respondents as (

    select
        respondents.*,
        weights.weighting_scheme,
        weights.weight
    from respondents
    inner join weights
        on
            respondents.wave_id = weights.wave_id
            and respondents.respondent_id = weights.respondent_id

),

summed as (

    select
        wave_id,
        wave_year,
        weighting_scheme,
        count(*) as respondents_n,
        sum(weight) as weighted_respondents_n,
        sum(weight * weight) as weighted_respondents_n_sq,
        {{ csx.score_sums() }},
        {%- for question in csx.score_questions() %}
            {%- set name = question | replace('_score', '') %}
            {%- set present = 'case when ' ~ question ~ ' is not null then weight end' %}
            sum({{ present }}) as {{ name }}_weight,
            sum({{ present }} * weight) as {{ name }}_weight_sq,
            sum(weight * {{ question }}) as {{ name }}_weighted_sum,
            sum(weight * {{ question }} * {{ question }}) as {{ name }}_weighted_sum_sq{{ ',' if not loop.last }}
        {%- endfor %}
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
