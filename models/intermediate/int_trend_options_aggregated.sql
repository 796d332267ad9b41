{#-
    One row per wave x weighting scheme x question x trend option (the comparison id shared by options split or merged between
    waves): respondents choosing any of its options (each counted once), the question's base, the share, and
    their CX / EX / OX mean and standard deviation, with labels. Whole wave only. A trend option with one option in the wave (or of a single-choice question,
    where options exclude each other) adds up the option totals; a multi-select trend option with several
    options in the wave counts its respondents once from the responses. Counts are unweighted; the share and
    means are weighted by the scheme, with Kish effective sizes (int_option_scores_aggregated).
-#}
{%- set scores = csx.score_names() %}

with

answer_options as (

    select * from {{ ref('int_answer_options_mapped') }}

),

option_totals as (

    select * from {{ ref('int_option_scores_aggregated') }}
    where segment_question_id = 'total'

),

responses as (

    select * from {{ ref('int_responses_unpivoted') }}

),

weighted_respondents as (

    select * from {{ ref('int_respondent_scores_weighted') }}

),

questions as (

    select * from {{ ref('int_questions_deduplicated') }}

),

labels as (

    select * from {{ ref('int_answer_options_deduplicated') }}

),

trend_members as (

    select
        wave_id,
        wave_key,
        answer_seq,
        question_id,
        option_id,
        trend_option_id,
        question_type = 'multi'
        and count(*) over (partition by wave_id, question_id, trend_option_id) > 1 as is_merged
    from answer_options

),

merged_choosers as (

    select distinct
        trend_members.wave_id,
        responses.respondent_number,
        trend_members.question_id,
        trend_members.trend_option_id
    from responses
    inner join trend_members
        on
            responses.wave_key = trend_members.wave_key
            and responses.answer_seq = trend_members.answer_seq
    where trend_members.is_merged

),

merged_aggregated as (

    select
        merged_choosers.wave_id,
        max(weighted_respondents.wave_year) as wave_year,
        weighted_respondents.weighting_scheme,
        merged_choosers.question_id,
        merged_choosers.trend_option_id,
        count(*) as respondents_n,
        {{ csx.exact_sum('weighted_respondents.weight') }} as weighted_respondents_n,
        {{ csx.exact_sum('weighted_respondents.weight * weighted_respondents.weight') }} as weighted_respondents_n_sq,
        {{ csx.score_sums('weighted_respondents.') }},
        {{ csx.weighted_score_row_sums('weighted_respondents.', 'weighted_respondents.weight') }}
    from merged_choosers
    inner join weighted_respondents
        on
            merged_choosers.wave_id = weighted_respondents.wave_id
            and merged_choosers.respondent_number = weighted_respondents.respondent_number
    group by
        merged_choosers.wave_id,
        weighted_respondents.weighting_scheme,
        merged_choosers.question_id,
        merged_choosers.trend_option_id

),

simple_aggregated as (

    select
        option_totals.wave_id,
        max(option_totals.wave_year) as wave_year,
        option_totals.weighting_scheme,
        option_totals.question_id,
        trend_members.trend_option_id,
        sum(option_totals.respondents_n) as respondents_n,
        {{ csx.exact_sum('option_totals.weighted_respondents_n') }} as weighted_respondents_n,
        {{ csx.exact_sum('option_totals.weighted_respondents_n_sq') }} as weighted_respondents_n_sq,
        {{ csx.score_sums_rolled('option_totals.') }},
        {{ csx.weighted_score_sums_rolled('option_totals.') }}
    from option_totals
    inner join trend_members
        on
            option_totals.wave_id = trend_members.wave_id
            and option_totals.question_id = trend_members.question_id
            and option_totals.option_id = trend_members.option_id
    where not trend_members.is_merged
    group by
        option_totals.wave_id,
        option_totals.weighting_scheme,
        option_totals.question_id,
        trend_members.trend_option_id

),

unioned as (

    select * from merged_aggregated
    union all
    select * from simple_aggregated

),

bases as (

    select distinct
        wave_id,
        weighting_scheme,
        question_id,
        base_n,
        weighted_base_n,
        effective_base_n
    from option_totals

),

trend_option_labels as (

    select
        question_id,
        trend_option_id,
        label_en,
        label_ja,
        row_number() over (
            partition by question_id, trend_option_id
            order by case when option_id = trend_option_id then 0 else 1 end asc, last_wave_id desc, sort_order asc
        ) as label_rank
    from labels

),

final as (

    select
        unioned.wave_id,
        unioned.wave_year,
        unioned.weighting_scheme,
        unioned.question_id,
        questions.label_en as question_label_en,
        questions.label_ja as question_label_ja,
        unioned.trend_option_id,
        trend_option_labels.label_en as option_label_en,
        trend_option_labels.label_ja as option_label_ja,
        unioned.respondents_n,
        bases.base_n,
        unioned.weighted_respondents_n,
        bases.weighted_base_n,
        bases.effective_base_n,
        least(unioned.weighted_respondents_n / nullif(bases.weighted_base_n, 0), 1) as share,
        {%- for score in scores %}
            unioned.{{ score }}_n,
        {%- endfor %}
        {{ csx.weighted_score_statistics('unioned', scores) }}
    from unioned
    inner join bases
        on
            unioned.wave_id = bases.wave_id
            and unioned.weighting_scheme = bases.weighting_scheme
            and unioned.question_id = bases.question_id
    left join questions
        on unioned.question_id = questions.question_id
    left join trend_option_labels
        on
            unioned.question_id = trend_option_labels.question_id
            and unioned.trend_option_id = trend_option_labels.trend_option_id
            and trend_option_labels.label_rank = 1

)

select * from final
