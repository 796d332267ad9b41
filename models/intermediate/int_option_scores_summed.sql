{#-
    Partial sums, one row per wave x answer chosen x respondent profile (the combination of segment answers):
    how many chose the answer, how many of those rows are first answers (question bases add these up), and
    count / sum / sum of squares of their CX / EX / OX scores. Every option-score figure, for any segment cut,
    adds up from here (per-wave incremental). The large join and aggregation run on integers: respondents
    are numbered and their profiles ranked before the responses are touched.
-#}
{{ config(**csx.per_wave_config()) }}
{%- set waves = csx.waves_to_build() %}
{%- set segments = var('csx_segment_questions') %}
{%- set segment_columns = [] %}
{%- for segment in segments %}{% do segment_columns.append(segment ~ '_id') %}{% endfor %}
{#- A respondent's profile: the rank of its combination of segment answers within the wave (one definition,
    used for the respondents and for the profile lookup, so the two agree). -#}
{%- set profile_number = 'dense_rank() over (partition by wave_id order by ' ~ segment_columns | join(', ') ~ ')' %}

with

responses as (

    select * from {{ ref('int_responses_unpivoted') }}
    where {{ csx.wave_key_filter(waves) }}

),

respondents as (

    select * from {{ ref('fct_respondent_scores') }}
    where {{ csx.wave_filter(waves) }}

),

profiled_respondents as (

    select
        wave_id,
        wave_year,
        wave_key,
        respondent_number,
        {%- for score in csx.score_questions() %}
            {{ score }},
        {%- endfor %}
        {{ profile_number }} as profile_number
    from respondents

),

profiles as (

    select distinct
        wave_id,
        {%- for column in segment_columns %}
            {{ column }},
        {%- endfor %}
        {{ profile_number }} as profile_number
    from respondents

),

summed as (

    select
        profiled_respondents.wave_id,
        profiled_respondents.wave_year,
        responses.answer_seq,
        profiled_respondents.profile_number,
        count(*) as respondents_n,
        sum(case when responses.is_first_answer then 1 else 0 end) as first_answers_n,
        {{ csx.score_sums('profiled_respondents.') }}
    from responses
    inner join profiled_respondents
        on
            responses.wave_key = profiled_respondents.wave_key
            and responses.respondent_number = profiled_respondents.respondent_number
    group by
        profiled_respondents.wave_id,
        profiled_respondents.wave_year,
        responses.answer_seq,
        profiled_respondents.profile_number

),

final as (

    select
        summed.wave_id,
        summed.wave_year,
        summed.answer_seq,
        {%- for column in segment_columns %}
            profiles.{{ column }},
        {%- endfor %}
        summed.respondents_n,
        summed.first_answers_n,
        {%- for score in csx.score_names() %}
            summed.{{ score }}_n,
            summed.{{ score }}_sum,
            summed.{{ score }}_sum_sq,
        {%- endfor %}
        {{ csx.wave_bookkeeping_columns(waves, 'summed.wave_id') }}
    from summed
    inner join profiles
        on
            summed.wave_id = profiles.wave_id
            and summed.profile_number = profiles.profile_number

)

select * from final
