{#-
    One row per wave x weighting scheme x respondent profile (the combination of segment answers that
    int_option_scores_summed keeps its partial sums by): the profile's weight. A scheme rakes on segment
    questions only (checked by `csx weights compute`), so every respondent of a profile has the same weight
    (min_weight = max_weight, tested): weighted figures are the partial sums times this weight, with no
    respondent-level join per segment (docs/models.md "Why this design").
-#}
{%- set segments = var('csx_segment_questions') %}
{%- set profile_columns = [] %}
{%- for segment in segments %}{% do profile_columns.append('respondents.' ~ segment ~ '_id') %}{% endfor %}

with

respondents as (

    select * from {{ ref('int_respondent_scores_weighted') }}

),

aggregated as (

    select
        respondents.wave_id,
        respondents.weighting_scheme,
        {{ csx.surrogate_key(profile_columns) }} as profile_key,
        {%- for segment in segments %}
            respondents.{{ segment }}_id,
        {%- endfor %}
        count(*) as respondents_n,
        min(respondents.weight) as min_weight,
        max(respondents.weight) as max_weight,
        min(respondents.weight) as weight
    from respondents
    group by
        respondents.wave_id,
        respondents.weighting_scheme,
        {%- for segment in segments %}
            respondents.{{ segment }}_id,
        {%- endfor %}
        {{ csx.surrogate_key(profile_columns) }}

)

select * from aggregated
