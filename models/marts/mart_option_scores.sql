{#-
    One row per wave x segment x question x option chosen: counts, share with its Wilson 95 % interval,
    the CX / EX / OX means of the respondents who chose the option with t 95 % intervals, and their
    difference from the whole wave. Cells with fewer than var('csx_min_cell_size') respondents keep
    their counts; every metric is NULL and `suppressed` is true.
-#}
{%- set min_cell = var('csx_min_cell_size') -%}
with

option_scores as (

    select * from {{ ref('int_option_scores_aggregated') }}

),

wave_scores as (

    select * from {{ ref('int_wave_scores_aggregated') }}

),

waves as (

    select * from {{ ref('stg_survey__waves') }}

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

segment_labels as (

    select
        'total' as segment_question_id,
        'all' as segment_option_id,
        'Total' as label_en,
        '全体' as label_ja

    union all

    select
        question_id as segment_question_id,
        option_id as segment_option_id,
        label_en,
        label_ja
    from answer_options

),

with_critical as (

    select
        option_scores.*,
        {{- csx.t_critical_columns(['cx', 'ex', 'ox']) }}
        option_scores.respondents_n < {{ min_cell }} as suppressed
    from option_scores
    {{- csx.t_critical_joins('t_values', 'option_scores.{score}_n - 1', ['cx', 'ex', 'ox']) }}

),

final as (

    select
        cast({{ csx.surrogate_key([
            'with_critical.wave_id', 'with_critical.segment_question_id', 'with_critical.segment_option_id',
            'with_critical.question_id', 'with_critical.option_id'
        ]) }} as {{ dbt.type_string() }}) as option_score_key,
        cast(with_critical.wave_id as {{ dbt.type_string() }}) as wave_id,
        cast(waves.wave_year as {{ dbt.type_int() }}) as wave_year,
        cast(with_critical.segment_question_id as {{ dbt.type_string() }}) as segment_question_id,
        cast(with_critical.segment_option_id as {{ dbt.type_string() }}) as segment_option_id,
        cast(segment_labels.label_en as {{ dbt.type_string() }}) as segment_label_en,
        cast(segment_labels.label_ja as {{ dbt.type_string() }}) as segment_label_ja,
        cast(with_critical.question_id as {{ dbt.type_string() }}) as question_id,
        cast(questions.label_en as {{ dbt.type_string() }}) as question_label_en,
        cast(questions.label_ja as {{ dbt.type_string() }}) as question_label_ja,
        cast(questions.question_type as {{ dbt.type_string() }}) as question_type,
        cast(questions.question_group as {{ dbt.type_string() }}) as question_group,
        cast(questions.item_id as {{ dbt.type_string() }}) as item_id,
        cast(questions.report_chart as {{ dbt.type_string() }}) as report_chart,
        cast(with_critical.option_id as {{ dbt.type_string() }}) as option_id,
        cast(answer_options.label_en as {{ dbt.type_string() }}) as option_label_en,
        cast(answer_options.label_ja as {{ dbt.type_string() }}) as option_label_ja,
        cast(answer_options.sort_order as {{ dbt.type_int() }}) as option_order,
        cast(with_critical.respondents_n as {{ dbt.type_bigint() }}) as respondents_n,
        cast(with_critical.base_n as {{ dbt.type_bigint() }}) as base_n,
        cast(
            case when not with_critical.suppressed then with_critical.share end
            as {{ csx.type_double() }}
        ) as share,
        cast(case when not with_critical.suppressed then round({{ csx.wilson_ci_low(
            'with_critical.respondents_n', 'with_critical.base_n'
        ) }}, 6) end as {{ csx.type_double() }}) as share_ci_low,
        cast(case when not with_critical.suppressed then round({{ csx.wilson_ci_high(
            'with_critical.respondents_n', 'with_critical.base_n'
        ) }}, 6) end as {{ csx.type_double() }}) as share_ci_high,
        {%- for score in ['cx', 'ex', 'ox'] %}
            cast(
                case when not with_critical.suppressed then with_critical.avg_{{ score }} end
                as {{ csx.type_double() }}
            ) as avg_{{ score }},
            cast(case when not with_critical.suppressed then round({{ csx.t_ci_low(
                'with_critical.avg_' ~ score, 'with_critical.stddev_' ~ score,
                'with_critical.' ~ score ~ '_n', 'with_critical.t_critical_' ~ score
            ) }}, 6) end as {{ csx.type_double() }}) as avg_{{ score }}_ci_low,
            cast(case when not with_critical.suppressed then round({{ csx.t_ci_high(
                'with_critical.avg_' ~ score, 'with_critical.stddev_' ~ score,
                'with_critical.' ~ score ~ '_n', 'with_critical.t_critical_' ~ score
            ) }}, 6) end as {{ csx.type_double() }}) as avg_{{ score }}_ci_high,
        {%- endfor %}
        {%- for score in ['cx', 'ex', 'ox'] %}
            cast(
                case when wave_scores.respondents_n >= {{ min_cell }} then wave_scores.avg_{{ score }} end
                as {{ csx.type_double() }}
            ) as wave_avg_{{ score }},
        {%- endfor %}
        {%- for score in ['cx', 'ex', 'ox'] %}
            cast(
                case
                    when not with_critical.suppressed and wave_scores.respondents_n >= {{ min_cell }}
                        then with_critical.avg_{{ score }} - wave_scores.avg_{{ score }}
                end as {{ csx.type_double() }}
            ) as diff_{{ score }},
        {%- endfor %}
        cast(with_critical.suppressed as {{ dbt.type_boolean() }}) as suppressed
    from with_critical
    left join waves
        on with_critical.wave_id = waves.wave_id
    left join wave_scores
        on with_critical.wave_id = wave_scores.wave_id
    left join segment_labels
        on
            with_critical.segment_question_id = segment_labels.segment_question_id
            and with_critical.segment_option_id = segment_labels.segment_option_id
    left join questions
        on with_critical.question_id = questions.question_id
    left join answer_options
        on
            with_critical.question_id = answer_options.question_id
            and with_critical.option_id = answer_options.option_id

)

select * from final
