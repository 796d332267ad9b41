{#-
    One row per wave x respondent x weighting scheme: the respondent's scores and segment answers with the
    scheme's weight (fct_respondent_scores x fct_respondent_weights). Respondent-level, never answer-level:
    the weighted wave means, the weighted trend options and the profile weights read it.
-#}
{%- set segment_columns = [] %}
{%- for segment in var('csx_segment_questions') %}{% do segment_columns.append(segment ~ '_id') %}{% endfor %}

with

respondents as (

    select * from {{ ref('fct_respondent_scores') }}

),

weights as (

    select * from {{ ref('fct_respondent_weights') }}

),

joined as (

    select
        respondents.wave_id,
        respondents.wave_year,
        respondents.respondent_id,
        respondents.respondent_number,
        weights.weighting_scheme,
        {%- for column in csx.score_questions() + segment_columns %}
            respondents.{{ column }},
        {%- endfor %}
        weights.weight
    from respondents
    inner join weights
        on
            respondents.wave_id = weights.wave_id
            and respondents.respondent_id = weights.respondent_id

)

select * from joined
