{#-
    One row per wave x weighting scheme x segment x question x option chosen, with the statistics: respondents
    who chose it, the question's base (respondents of the segment asked the question), the share, and the
    CX / EX / OX sums, mean, standard deviation and t critical value of the choosers, with question and option
    labels. Counts (`respondents_n`, `base_n`, `<s>_n`, `<s>_sum`) are unweighted; shares, means and standard
    deviations are weighted by the scheme's profile weights (int_profile_weights_aggregated), with Kish
    effective sizes (`effective_*`) for the intervals: with every weight 1 they are the unweighted figures.
    Segments: the whole wave (`total` / `all`) and each answer of each question in var('csx_segment_questions').
    Added up from the partial sums; unsuppressed (mart_option_scores applies disclosure control).
-#}
{%- set segments = var('csx_segment_questions') %}
{%- set scores = csx.score_names() %}
{%- set group_columns = ['wave_id', 'wave_year', 'weighting_scheme', 'question_id', 'option_id'] %}
{%- set base_window = 'partition by segmented.wave_id, segmented.weighting_scheme, segmented.segment_question_id, '
    ~ 'segmented.segment_option_id, segmented.question_id' %}

with

partials as (

    select * from {{ ref('int_option_scores_summed') }}

),

answer_codes as (

    select * from {{ ref('int_answer_options_mapped') }}

),

questions as (

    select * from {{ ref('int_questions_deduplicated') }}

),

answer_options as (

    select * from {{ ref('int_answer_options_deduplicated') }}

),

profile_weights as (

    select * from {{ ref('int_profile_weights_aggregated') }}

),

t_values as (

    select * from {{ ref('int_t_critical_values_ranged') }}

),

mapped as (

    select
        partials.*,
        answer_codes.question_id,
        answer_codes.option_id,
        profile_weights.weighting_scheme,
        profile_weights.weight
    from partials
    inner join answer_codes
        on
            partials.wave_id = answer_codes.wave_id
            and partials.answer_seq = answer_codes.answer_seq
    inner join profile_weights
        on
            partials.wave_id = profile_weights.wave_id
            and {{ csx.profile_join('partials', 'profile_weights') }}

),

segmented as (

    {% for segment in ['total'] + segments %}
        {%- set segment_option = "'all'" if segment == 'total' else segment ~ '_id' %}
        select
            wave_id,
            wave_year,
            weighting_scheme,
            '{{ segment }}' as segment_question_id,
            {{ segment_option }} as segment_option_id,
            question_id,
            option_id,
            sum(respondents_n) as respondents_n,
            sum(first_answers_n) as first_answers_n,
            {{ csx.exact_sum('weight * respondents_n') }} as weighted_respondents_n,
            {{ csx.exact_sum('weight * weight * respondents_n') }} as weighted_respondents_n_sq,
            {{ csx.exact_sum('weight * first_answers_n') }} as weighted_first_answers_n,
            {{ csx.exact_sum('weight * weight * first_answers_n') }} as weighted_first_answers_n_sq,
            {{ csx.score_sums_rolled() }},
            {{ csx.weighted_score_sums('', 'weight') }}
        from mapped
        {%- if segment != 'total' %}
            where {{ segment_option }} is not null
        {%- endif %}
        group by {{ (group_columns + ([segment_option] if segment != 'total' else [])) | join(', ') }}
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

with_statistics as (

    select
        segmented.*,
        sum(segmented.first_answers_n) over (
            partition by
                segmented.wave_id, segmented.weighting_scheme, segmented.segment_question_id,
                segmented.segment_option_id, segmented.question_id
        ) as base_n,
        {{ csx.exact_window_sum('segmented.weighted_first_answers_n', base_window) }} as weighted_base_n,
        {{ csx.exact_window_sum('segmented.weighted_first_answers_n_sq', base_window) }} as weighted_base_n_sq,
        {{ csx.weighted_score_statistics('segmented', scores) }}
    from segmented

),

with_critical as (

    select
        with_statistics.*,
        {{- csx.t_critical_columns(scores) }}
    from with_statistics
    {{- csx.t_critical_joins('t_values', 'with_statistics.effective_{score}_n - 1', scores) }}

),

labelled as (

    select
        with_critical.wave_id,
        with_critical.wave_year,
        with_critical.weighting_scheme,
        with_critical.segment_question_id,
        with_critical.segment_option_id,
        with_critical.question_id,
        questions.label_en as question_label_en,
        questions.label_ja as question_label_ja,
        questions.question_type,
        questions.question_group,
        questions.item_id,
        questions.report_chart,
        with_critical.option_id,
        answer_options.label_en as option_label_en,
        answer_options.label_ja as option_label_ja,
        answer_options.sort_order as option_order,
        with_critical.respondents_n,
        with_critical.base_n,
        with_critical.weighted_respondents_n,
        with_critical.weighted_respondents_n_sq,
        with_critical.weighted_base_n,
        with_critical.weighted_base_n_sq,
        {{ csx.kish_effective_n('with_critical.weighted_respondents_n', 'with_critical.weighted_respondents_n_sq') }}
            as effective_respondents_n,
        {{ csx.kish_effective_n('with_critical.weighted_base_n', 'with_critical.weighted_base_n_sq') }}
            as effective_base_n,
        {%- for score in scores %}
            with_critical.{{ score }}_n,
            with_critical.{{ score }}_sum,
            with_critical.{{ score }}_sum_sq,
            with_critical.{{ score }}_weight,
            with_critical.{{ score }}_weight_sq,
            with_critical.{{ score }}_weighted_sum,
            with_critical.{{ score }}_weighted_sum_sq,
            with_critical.effective_{{ score }}_n,
            with_critical.avg_{{ score }},
            with_critical.stddev_{{ score }},
            with_critical.t_critical_{{ score }},
        {%- endfor %}
        least(with_critical.weighted_respondents_n / nullif(with_critical.weighted_base_n, 0), 1) as share
    from with_critical
    left join questions
        on with_critical.question_id = questions.question_id
    left join answer_options
        on
            with_critical.question_id = answer_options.question_id
            and with_critical.option_id = answer_options.option_id

)

select * from labelled
