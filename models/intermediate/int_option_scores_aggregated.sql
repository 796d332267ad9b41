{#-
    One row per wave x segment x question x option chosen, with the statistics: respondents who chose it,
    the question's base (respondents of the segment asked the question), the share, and the CX / EX / OX
    sums, mean, standard deviation and t critical value of the choosers, with question and option labels.
    Segments: the whole wave (`total` / `all`) and each answer of each question in var('csx_segment_questions').
    Added up from the partial sums; unsuppressed (mart_option_scores applies disclosure control).
-#}
{%- set segments = var('csx_segment_questions') %}
{%- set scores = csx.score_names() %}

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

t_values as (

    select * from {{ ref('int_t_critical_values_ranged') }}

),

mapped as (

    select
        partials.*,
        answer_codes.question_id,
        answer_codes.option_id
    from partials
    inner join answer_codes
        on
            partials.wave_id = answer_codes.wave_id
            and partials.answer_seq = answer_codes.answer_seq

),

segmented as (

    {% for segment in ['total'] + segments %}
        {%- set segment_option = "'all'" if segment == 'total' else segment ~ '_id' %}
        select
            wave_id,
            wave_year,
            '{{ segment }}' as segment_question_id,
            {{ segment_option }} as segment_option_id,
            question_id,
            option_id,
            sum(respondents_n) as respondents_n,
            sum(first_answers_n) as first_answers_n,
            {{ csx.score_sums_rolled() }}
        from mapped
        {%- if segment != 'total' %}
            where {{ segment_option }} is not null
        {%- endif %}
        group by wave_id, wave_year, question_id, option_id{{ ', ' ~ segment_option if segment != 'total' }}
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

with_statistics as (

    select
        segmented.*,
        sum(segmented.first_answers_n) over (
            partition by
                segmented.wave_id, segmented.segment_question_id, segmented.segment_option_id, segmented.question_id
        ) as base_n,
        {{ csx.score_statistics('segmented', scores) }}
    from segmented

),

with_critical as (

    select
        with_statistics.*,
        {{- csx.t_critical_columns(scores) }}
    from with_statistics
    {{- csx.t_critical_joins('t_values', 'with_statistics.{score}_n - 1', scores) }}

),

labelled as (

    select
        with_critical.wave_id,
        with_critical.wave_year,
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
        {%- for score in scores %}
            with_critical.{{ score }}_n,
            with_critical.{{ score }}_sum,
            with_critical.{{ score }}_sum_sq,
            with_critical.avg_{{ score }},
            with_critical.stddev_{{ score }},
            with_critical.t_critical_{{ score }},
        {%- endfor %}
        cast(with_critical.respondents_n as {{ csx.type_double() }}) / with_critical.base_n as share
    from with_critical
    left join questions
        on with_critical.question_id = questions.question_id
    left join answer_options
        on
            with_critical.question_id = answer_options.question_id
            and with_critical.option_id = answer_options.option_id

)

select * from labelled
