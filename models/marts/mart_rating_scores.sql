{#-
    One row per wave x segment x rating question (CX / EX / OX included): the question's scale, respondents,
    mean score with its t 95 % interval, the top-2-box and bottom-2-box shares with Wilson 95 % intervals and,
    on a 0..10 scale, the Net Promoter Score with its 95 % interval (docs/ratings.md). Disclosure control
    (int_rating_scores_suppressed) works metric by metric: a metric that would reveal a hidden option cell of
    mart_option_scores is NULL with its `<metric>_suppressed` flag; a `suppressed` cell publishes nothing.
-#}
{%- set metrics = ['count', 'mean', 'top2', 'bottom2', 'nps'] %}

with

rating_cells as (

    select * from {{ ref('int_rating_scores_aggregated') }}

),

suppression as (

    select * from {{ ref('int_rating_scores_suppressed') }}

),

questions as (

    select * from {{ ref('int_questions_deduplicated') }}

),

segments as (

    select * from {{ ref('dim_segment') }}

),

flagged as (

    select
        rating_cells.*,
        {%- for metric in metrics[1:] %}
            suppression.{{ metric }}_suppressed,
        {%- endfor %}
        suppression.suppressed as count_suppressed,
        suppression.suppressed
    from rating_cells
    inner join suppression
        on
            rating_cells.wave_id = suppression.wave_id
            and rating_cells.segment_question_id = suppression.segment_question_id
            and rating_cells.segment_option_id = suppression.segment_option_id
            and rating_cells.question_id = suppression.question_id

),

final as (

    select
        cast({{ csx.surrogate_key([
            'flagged.wave_id', 'flagged.segment_question_id', 'flagged.segment_option_id', 'flagged.question_id'
        ]) }} as {{ dbt.type_string() }}) as rating_score_key,
        cast(flagged.wave_id as {{ dbt.type_string() }}) as wave_id,
        cast(flagged.wave_year as {{ dbt.type_int() }}) as wave_year,
        cast(flagged.segment_question_id as {{ dbt.type_string() }}) as segment_question_id,
        cast(flagged.segment_option_id as {{ dbt.type_string() }}) as segment_option_id,
        cast(segments.label_en as {{ dbt.type_string() }}) as segment_label_en,
        cast(segments.label_ja as {{ dbt.type_string() }}) as segment_label_ja,
        cast(flagged.question_id as {{ dbt.type_string() }}) as question_id,
        cast(questions.label_en as {{ dbt.type_string() }}) as question_label_en,
        cast(questions.label_ja as {{ dbt.type_string() }}) as question_label_ja,
        cast(questions.report_chart as {{ dbt.type_string() }}) as report_chart,
        cast(flagged.scale_min as {{ dbt.type_int() }}) as scale_min,
        cast(flagged.scale_max as {{ dbt.type_int() }}) as scale_max,
        cast(flagged.scale_points as {{ dbt.type_int() }}) as scale_points,
        cast(flagged.rating_rescaling as {{ dbt.type_string() }}) as rating_rescaling,
        cast(case when not flagged.count_suppressed then flagged.respondents_n end as {{ dbt.type_bigint() }})
            as respondents_n,
        cast(case when not flagged.mean_suppressed then flagged.avg_score end as {{ csx.type_double() }}) as avg_score,
        cast(
            case
                when not flagged.mean_suppressed
                    then {{ csx.round_half_up(csx.t_ci_low(
                        'flagged.avg_score', 'flagged.stddev_score', 'flagged.respondents_n', 'flagged.t_critical'
                    )) }}
            end as {{ csx.type_double() }}
        ) as avg_score_ci_low,
        cast(
            case
                when not flagged.mean_suppressed
                    then {{ csx.round_half_up(csx.t_ci_high(
                        'flagged.avg_score', 'flagged.stddev_score', 'flagged.respondents_n', 'flagged.t_critical'
                    )) }}
            end as {{ csx.type_double() }}
        ) as avg_score_ci_high,
        cast(case when not flagged.mean_suppressed then flagged.stddev_score end as {{ csx.type_double() }})
            as stddev_score,
        {%- for box in ['top2', 'bottom2'] %}
            cast(
                case
                    when not flagged.{{ box }}_suppressed
                        then cast(flagged.{{ box }}_n as {{ csx.type_double() }}) / flagged.respondents_n
                end as {{ csx.type_double() }}
            ) as {{ box }}_share,
            cast(
                case
                    when not flagged.{{ box }}_suppressed
                        then {{ csx.round_half_up(
                            csx.wilson_ci_low('flagged.' ~ box ~ '_n', 'flagged.respondents_n')
                        ) }}
                end as {{ csx.type_double() }}
            ) as {{ box }}_share_ci_low,
            cast(
                case
                    when not flagged.{{ box }}_suppressed
                        then {{ csx.round_half_up(
                            csx.wilson_ci_high('flagged.' ~ box ~ '_n', 'flagged.respondents_n')
                        ) }}
                end as {{ csx.type_double() }}
            ) as {{ box }}_share_ci_high,
        {%- endfor %}
        {%- for group in ['promoters', 'detractors'] %}
            cast(
                case
                    when not flagged.nps_suppressed and flagged.is_nps_scale
                        then cast(flagged.{{ group }}_n as {{ csx.type_double() }}) / flagged.respondents_n
                end as {{ csx.type_double() }}
            ) as {{ group }}_share,
        {%- endfor %}
        cast(
            case
                when not flagged.nps_suppressed and flagged.is_nps_scale
                    then {{ csx.nps_points('flagged.promoters_n', 'flagged.detractors_n', 'flagged.respondents_n') }}
            end as {{ csx.type_double() }}
        ) as nps,
        {%- for bound, sign in [('low', '-'), ('high', '+')] %}
            cast(
                case
                    when not flagged.nps_suppressed and flagged.is_nps_scale
                        then {{ csx.round_half_up(csx.nps_ci(
                            'flagged.promoters_n', 'flagged.detractors_n', 'flagged.respondents_n', sign
                        )) }}
                end as {{ csx.type_double() }}
            ) as nps_ci_{{ bound }},
        {%- endfor %}
        {%- for metric in metrics[1:] %}
            cast(flagged.{{ metric }}_suppressed as {{ dbt.type_boolean() }}) as {{ metric }}_suppressed,
        {%- endfor %}
        cast(flagged.suppressed as {{ dbt.type_boolean() }}) as suppressed
    from flagged
    left join questions
        on flagged.question_id = questions.question_id
    left join segments
        on
            flagged.segment_question_id = segments.segment_question_id
            and flagged.segment_option_id = segments.segment_option_id

)

select * from final
