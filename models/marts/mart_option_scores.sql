{#-
    One row per wave x weighting scheme x segment x question x option chosen: counts, share with its Wilson
    95 % interval,
    the CX / EX / OX means of the respondents who chose the option with t 95 % intervals, and their
    difference from the whole wave. A suppressed cell (fewer than var('csx_min_cell_size') respondents,
    or hidden so that such a cell cannot be recovered by subtraction: int_option_scores_suppressed)
    publishes neither counts nor metrics. Weighted schemes (docs/weighting.md): shares and means are weighted,
    the intervals use the Kish effective sizes, and suppression uses the unweighted counts, so every scheme hides
    the same cells; `unweighted` is the report's figures.
-#}
{%- set min_cell = var('csx_min_cell_size') %}
{%- set scores = csx.score_names() %}

with

option_scores as (

    select * from {{ ref('int_option_scores_aggregated') }}

),

wave_scores as (

    select * from {{ ref('int_wave_scores_aggregated') }}

),

segments as (

    select * from {{ ref('dim_segment') }}

),

suppression as (

    select * from {{ ref('int_option_scores_suppressed') }}

),

flagged as (

    select
        option_scores.*,
        suppression.suppressed
    from option_scores
    inner join suppression
        on
            option_scores.wave_id = suppression.wave_id
            and option_scores.segment_question_id = suppression.segment_question_id
            and option_scores.segment_option_id = suppression.segment_option_id
            and option_scores.question_id = suppression.question_id
            and option_scores.option_id = suppression.option_id

),

final as (

    select
        cast({{ csx.surrogate_key([
            'flagged.wave_id', 'flagged.weighting_scheme', 'flagged.segment_question_id', 'flagged.segment_option_id',
            'flagged.question_id', 'flagged.option_id'
        ]) }} as {{ dbt.type_string() }}) as option_score_key,
        cast(flagged.wave_id as {{ dbt.type_string() }}) as wave_id,
        cast(flagged.wave_year as {{ dbt.type_int() }}) as wave_year,
        cast(flagged.weighting_scheme as {{ dbt.type_string() }}) as weighting_scheme,
        cast(flagged.segment_question_id as {{ dbt.type_string() }}) as segment_question_id,
        cast(flagged.segment_option_id as {{ dbt.type_string() }}) as segment_option_id,
        cast(segments.label_en as {{ dbt.type_string() }}) as segment_label_en,
        cast(segments.label_ja as {{ dbt.type_string() }}) as segment_label_ja,
        cast(flagged.question_id as {{ dbt.type_string() }}) as question_id,
        cast(flagged.question_label_en as {{ dbt.type_string() }}) as question_label_en,
        cast(flagged.question_label_ja as {{ dbt.type_string() }}) as question_label_ja,
        cast(flagged.question_type as {{ dbt.type_string() }}) as question_type,
        cast(flagged.question_group as {{ dbt.type_string() }}) as question_group,
        cast(flagged.item_id as {{ dbt.type_string() }}) as item_id,
        cast(flagged.report_chart as {{ dbt.type_string() }}) as report_chart,
        cast(flagged.option_id as {{ dbt.type_string() }}) as option_id,
        cast(flagged.option_label_en as {{ dbt.type_string() }}) as option_label_en,
        cast(flagged.option_label_ja as {{ dbt.type_string() }}) as option_label_ja,
        cast(flagged.option_order as {{ dbt.type_int() }}) as option_order,
        cast(case when not flagged.suppressed then flagged.respondents_n end as {{ dbt.type_bigint() }})
            as respondents_n,
        cast(case when not flagged.suppressed then flagged.base_n end as {{ dbt.type_bigint() }}) as base_n,
        cast(case when not flagged.suppressed then flagged.effective_base_n end as {{ csx.type_double() }})
            as effective_base_n,
        cast(case when not flagged.suppressed then flagged.effective_respondents_n end as {{ csx.type_double() }})
            as effective_respondents_n,
        {{ csx.suppressed_weighted_share_with_ci(
            'flagged.weighted_respondents_n', 'flagged.weighted_base_n', 'flagged.effective_base_n', 'flagged.suppressed'
        ) }},
        {%- for score in scores %}
            {{ csx.suppressed_mean_with_ci('flagged', score, 'flagged.suppressed', 'effective_' ~ score ~ '_n') }},
        {%- endfor %}
        {%- for score in scores %}
            cast(
                case when wave_scores.respondents_n >= {{ min_cell }} then wave_scores.avg_{{ score }} end
                as {{ csx.type_double() }}
            ) as wave_avg_{{ score }},
        {%- endfor %}
        {%- for score in scores %}
            cast(
                case
                    when not flagged.suppressed and wave_scores.respondents_n >= {{ min_cell }}
                        then flagged.avg_{{ score }} - wave_scores.avg_{{ score }}
                end as {{ csx.type_double() }}
            ) as diff_{{ score }},
        {%- endfor %}
        cast(flagged.suppressed as {{ dbt.type_boolean() }}) as suppressed
    from flagged
    left join wave_scores
        on
            flagged.wave_id = wave_scores.wave_id
            and flagged.weighting_scheme = wave_scores.weighting_scheme
    left join segments
        on
            flagged.segment_question_id = segments.segment_question_id
            and flagged.segment_option_id = segments.segment_option_id

)

select * from final
