{#-
    One row per printed figure: the printed figure (stg_reference__published_figures) and the value the
    warehouse computes for it.

    Every figure is computed on its wave (deltas also on `compare_wave_id`) within its conditional base
    (`filter_question_id` = `filter_option_id`; empty = the whole wave). A figure's member is the union of
    its options (published_figure_options): a respondent counts once.
      share            members / respondents asked the question
      avg_cx|ex|ox     mean score of the members
      overall_avg      mean score_value of the (rating) question
      respondents      respondents in the base
      rank_desc_share  rank (1 = largest) of the member's share among the question's options
      rank_desc_avg_ox rank (1 = highest) of the member's mean OX among the question's options
      sign_diff_avg_ex|cx  sign(members' mean - the base's mean): -1, 0, 1
      delta_share      share in wave_id - share in compare_wave_id
-#}
with

figures as (

    select * from {{ ref('stg_reference__published_figures') }}

),

figure_options as (

    select * from {{ ref('stg_reference__published_figure_options') }}

),

respondents as (

    select * from {{ ref('fct_respondent_scores') }}

),

responses as (

    select * from {{ ref('int_responses_unpivoted') }}

),

answer_options as (

    select * from {{ ref('int_answer_options_mapped') }}

),

figure_waves as (

    select
        figure_id,
        wave_id,
        'current' as wave_role
    from figures

    union all

    select
        figure_id,
        compare_wave_id as wave_id,
        'compare' as wave_role
    from figures
    where compare_wave_id is not null

),

selected as (

    -- only the waves that printed figures refer to: a large new wave adds no work here
    select
        answer_options.wave_id,
        responses.respondent_number,
        responses.is_first_answer,
        answer_options.question_id,
        answer_options.option_id,
        answer_options.score_value
    from responses
    inner join answer_options
        on
            responses.wave_key = answer_options.wave_key
            and responses.answer_seq = answer_options.answer_seq
    where answer_options.wave_id in (select figure_waves.wave_id from figure_waves)

),

asked as (

    select
        wave_id,
        respondent_number,
        question_id
    from selected
    where is_first_answer

),

base_respondents as (

    select
        figure_waves.figure_id,
        figure_waves.wave_role,
        respondents.wave_id,
        {%- for score in csx.score_questions() %}
            respondents.{{ score }},
        {%- endfor %}
        respondents.respondent_number
    from figure_waves
    inner join figures
        on figure_waves.figure_id = figures.figure_id
    inner join respondents
        on figure_waves.wave_id = respondents.wave_id
    left join selected as filter_answers
        on
            respondents.wave_id = filter_answers.wave_id
            and respondents.respondent_number = filter_answers.respondent_number
            and figures.filter_question_id = filter_answers.question_id
            and figures.filter_option_id = filter_answers.option_id
    where
        figures.filter_question_id is null
        or filter_answers.respondent_number is not null

),

members as (

    select
        figure_options.figure_id,
        selected.wave_id,
        selected.respondent_number,
        max(selected.score_value) as score_value
    from figure_options
    inner join figures
        on figure_options.figure_id = figures.figure_id
    inner join selected
        on
            figures.question_id = selected.question_id
            and figure_options.option_id = selected.option_id
    group by
        figure_options.figure_id,
        selected.wave_id,
        selected.respondent_number

),

question_scores as (

    select
        figures.figure_id,
        selected.wave_id,
        selected.respondent_number,
        max(selected.score_value) as score_value
    from figures
    inner join selected
        on figures.question_id = selected.question_id
    where figures.metric = 'overall_avg'
    group by
        figures.figure_id,
        selected.wave_id,
        selected.respondent_number

),

base_measures as (

    select
        base_respondents.figure_id,
        base_respondents.wave_role,
        count(*) as respondents_n,
        count(asked.respondent_number) as base_n,
        count(members.respondent_number) as members_n,
        {%- for score in csx.score_names() %}
            avg(cast(base_respondents.{{ score }}_score as {{ csx.type_double() }})) as base_avg_{{ score }},
            avg(
                case
                    when members.respondent_number is not null
                        then cast(base_respondents.{{ score }}_score as {{ csx.type_double() }})
                end
            ) as avg_{{ score }},
        {%- endfor %}
        avg(cast(question_scores.score_value as {{ csx.type_double() }})) as overall_avg
    from base_respondents
    inner join figures
        on base_respondents.figure_id = figures.figure_id
    left join asked
        on
            base_respondents.wave_id = asked.wave_id
            and base_respondents.respondent_number = asked.respondent_number
            and figures.question_id = asked.question_id
    left join members
        on
            base_respondents.figure_id = members.figure_id
            and base_respondents.wave_id = members.wave_id
            and base_respondents.respondent_number = members.respondent_number
    left join question_scores
        on
            base_respondents.figure_id = question_scores.figure_id
            and base_respondents.wave_id = question_scores.wave_id
            and base_respondents.respondent_number = question_scores.respondent_number
    group by
        base_respondents.figure_id,
        base_respondents.wave_role

),

rank_option_values as (

    select
        base_respondents.figure_id,
        selected.option_id,
        count(distinct selected.respondent_number) as option_n,
        avg(cast(base_respondents.ox_score as {{ csx.type_double() }})) as option_avg_ox
    from base_respondents
    inner join figures
        on base_respondents.figure_id = figures.figure_id
    inner join selected
        on
            base_respondents.wave_id = selected.wave_id
            and base_respondents.respondent_number = selected.respondent_number
            and figures.question_id = selected.question_id
    where
        figures.metric in ('rank_desc_share', 'rank_desc_avg_ox')
        and base_respondents.wave_role = 'current'
    group by
        base_respondents.figure_id,
        selected.option_id

),

option_ranks as (

    select
        figure_id,
        option_id,
        rank() over (partition by figure_id order by option_n desc) as rank_desc_share,
        rank() over (partition by figure_id order by option_avg_ox desc) as rank_desc_avg_ox
    from rank_option_values

),

figure_ranks as (

    select
        option_ranks.figure_id,
        min(option_ranks.rank_desc_share) as rank_desc_share,
        min(option_ranks.rank_desc_avg_ox) as rank_desc_avg_ox
    from option_ranks
    inner join figure_options
        on
            option_ranks.figure_id = figure_options.figure_id
            and option_ranks.option_id = figure_options.option_id
    group by option_ranks.figure_id

),

current_measures as (

    select
        *,
        cast(members_n as {{ csx.type_double() }}) / nullif(base_n, 0) as share
    from base_measures
    where wave_role = 'current'

),

compare_measures as (

    select
        figure_id,
        cast(members_n as {{ csx.type_double() }}) / nullif(base_n, 0) as share
    from base_measures
    where wave_role = 'compare'

),

computed as (

    select
        figures.*,
        current_measures.respondents_n,
        current_measures.base_n,
        current_measures.members_n,
        cast(
            case figures.metric
                when 'share' then current_measures.share
                when 'avg_cx' then current_measures.avg_cx
                when 'avg_ex' then current_measures.avg_ex
                when 'avg_ox' then current_measures.avg_ox
                when 'overall_avg' then current_measures.overall_avg
                when 'respondents' then current_measures.respondents_n
                when 'rank_desc_share' then figure_ranks.rank_desc_share
                when 'rank_desc_avg_ox' then figure_ranks.rank_desc_avg_ox
                when 'sign_diff_avg_ex' then sign(current_measures.avg_ex - current_measures.base_avg_ex)
                when 'sign_diff_avg_cx' then sign(current_measures.avg_cx - current_measures.base_avg_cx)
                when 'delta_share' then current_measures.share - compare_measures.share
            end
            as {{ csx.type_double() }}
        ) as computed_value
    from figures
    left join current_measures
        on figures.figure_id = current_measures.figure_id
    left join compare_measures
        on figures.figure_id = compare_measures.figure_id
    left join figure_ranks
        on figures.figure_id = figure_ranks.figure_id

)

select * from computed
