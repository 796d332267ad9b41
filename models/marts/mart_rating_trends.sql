{#-
    Wave-on-wave changes of the rating metrics: one row per wave x segment x rating question compared with
    the previous wave (by wave_year) that has the same cell. Mean: Welch's t test; top-2-box share: pooled
    two-proportion z test; NPS: z test of the difference of two independent NPS. Significance at 5 %.
    Scales are never compared silently (docs/ratings.md): `comparison` is `same_scale`, `linear_rescaled`
    (the later wave declares rating_rescaling = linear: only the means are compared, on the 0..100 linear
    rescale) or `not_comparable` (no metric compared). Built from the published cells of mart_rating_scores:
    a pair is suppressed when either cell is.
-#}
{%- set z = csx.z_95() %}
{%- set double = csx.type_double() %}

with

rating_scores as (

    select * from {{ ref('mart_rating_scores') }}

),

t_values as (

    select * from {{ ref('int_t_critical_values_ranged') }}

),

rescaled as (

    select
        *,
        100 * (avg_score - scale_min) / nullif(scale_max - scale_min, 0) as avg_score_rescaled,
        100 * stddev_score / nullif(scale_max - scale_min, 0) as stddev_score_rescaled,
        lag(wave_id) over (
            partition by segment_question_id, segment_option_id, question_id
            order by wave_year, wave_id
        ) as previous_wave_id
    from rating_scores

),

paired as (

    select
        rescaled.wave_id,
        rescaled.previous_wave_id,
        rescaled.segment_question_id,
        rescaled.segment_option_id,
        rescaled.segment_label_en,
        rescaled.segment_label_ja,
        rescaled.question_id,
        rescaled.question_label_en,
        rescaled.question_label_ja,
        rescaled.scale_min,
        rescaled.scale_max,
        previous.scale_min as previous_scale_min,
        previous.scale_max as previous_scale_max,
        case
            when rescaled.scale_min = previous.scale_min and rescaled.scale_max = previous.scale_max
                then 'same_scale'
            when rescaled.rating_rescaling = 'linear' then 'linear_rescaled'
            else 'not_comparable'
        end as comparison,
        rescaled.respondents_n,
        previous.respondents_n as previous_respondents_n,
        rescaled.avg_score,
        previous.avg_score as previous_avg_score,
        rescaled.avg_score_rescaled,
        previous.avg_score_rescaled as previous_avg_score_rescaled,
        rescaled.stddev_score_rescaled,
        previous.stddev_score_rescaled as previous_stddev_score_rescaled,
        rescaled.top2_share,
        previous.top2_share as previous_top2_share,
        rescaled.nps,
        previous.nps as previous_nps,
        rescaled.promoters_share * rescaled.respondents_n as promoters_n,
        rescaled.detractors_share * rescaled.respondents_n as detractors_n,
        previous.promoters_share * previous.respondents_n as previous_promoters_n,
        previous.detractors_share * previous.respondents_n as previous_detractors_n,
        rescaled.suppressed or previous.suppressed as suppressed
    from rescaled
    inner join rescaled as previous
        on
            rescaled.segment_question_id = previous.segment_question_id
            and rescaled.segment_option_id = previous.segment_option_id
            and rescaled.question_id = previous.question_id
            and rescaled.previous_wave_id = previous.wave_id

),

tested as (

    select
        *,
        comparison <> 'not_comparable' and not suppressed as means_compared,
        comparison = 'same_scale' and not suppressed as shares_compared,
        {{ csx.welch_t(
            'avg_score_rescaled', 'stddev_score_rescaled', 'respondents_n',
            'previous_avg_score_rescaled', 'previous_stddev_score_rescaled', 'previous_respondents_n'
        ) }} as mean_statistic,
        {{ csx.welch_df(
            'stddev_score_rescaled', 'respondents_n', 'previous_stddev_score_rescaled', 'previous_respondents_n'
        ) }} as mean_df,
        {{ csx.two_proportion_z(
            'round(top2_share * respondents_n)', 'respondents_n',
            'round(previous_top2_share * previous_respondents_n)', 'previous_respondents_n'
        ) }} as top2_statistic,
        {{ csx.nps_difference_z(
            'nps', csx.nps_variance('promoters_n', 'detractors_n', 'respondents_n'),
            'previous_nps', csx.nps_variance('previous_promoters_n', 'previous_detractors_n', 'previous_respondents_n')
        ) }} as nps_statistic
    from paired

),

with_critical as (

    select
        tested.*,
        coalesce(t_values.t_critical, {{ z }}) as mean_t_critical
    from tested
    left join t_values
        on
            floor(tested.mean_df) >= t_values.df_from
            and floor(tested.mean_df) < t_values.df_to

),

final as (

    select
        cast({{ csx.surrogate_key([
            'wave_id', 'previous_wave_id', 'segment_question_id', 'segment_option_id', 'question_id'
        ]) }} as {{ dbt.type_string() }}) as rating_trend_key,
        cast(wave_id as {{ dbt.type_string() }}) as wave_id,
        cast(previous_wave_id as {{ dbt.type_string() }}) as previous_wave_id,
        cast(segment_question_id as {{ dbt.type_string() }}) as segment_question_id,
        cast(segment_option_id as {{ dbt.type_string() }}) as segment_option_id,
        cast(segment_label_en as {{ dbt.type_string() }}) as segment_label_en,
        cast(segment_label_ja as {{ dbt.type_string() }}) as segment_label_ja,
        cast(question_id as {{ dbt.type_string() }}) as question_id,
        cast(question_label_en as {{ dbt.type_string() }}) as question_label_en,
        cast(question_label_ja as {{ dbt.type_string() }}) as question_label_ja,
        cast(scale_min as {{ dbt.type_int() }}) as scale_min,
        cast(scale_max as {{ dbt.type_int() }}) as scale_max,
        cast(previous_scale_min as {{ dbt.type_int() }}) as previous_scale_min,
        cast(previous_scale_max as {{ dbt.type_int() }}) as previous_scale_max,
        cast(comparison as {{ dbt.type_string() }}) as comparison,
        cast(case when not suppressed then respondents_n end as {{ dbt.type_bigint() }}) as respondents_n,
        cast(case when not suppressed then previous_respondents_n end as {{ dbt.type_bigint() }})
            as previous_respondents_n,
        -- means: on the question's own scale when it is unchanged, and on the 0..100 rescale
        cast(case when not suppressed then avg_score end as {{ double }}) as avg_score,
        cast(case when not suppressed then previous_avg_score end as {{ double }}) as previous_avg_score,
        cast(case when shares_compared then avg_score - previous_avg_score end as {{ double }}) as avg_score_change,
        cast(case when means_compared then avg_score_rescaled end as {{ double }}) as avg_score_rescaled,
        cast(case when means_compared then previous_avg_score_rescaled end as {{ double }})
            as previous_avg_score_rescaled,
        cast(case when means_compared then avg_score_rescaled - previous_avg_score_rescaled end as {{ double }})
            as avg_score_rescaled_change,
        cast('welch_t' as {{ dbt.type_string() }}) as mean_test,
        cast(case when means_compared then {{ csx.round_half_up('mean_statistic') }} end as {{ double }})
            as mean_statistic,
        cast(case when means_compared then abs(mean_statistic) > mean_t_critical end as {{ dbt.type_boolean() }})
            as mean_significant,
        -- top-2-box share: same scale only
        cast(case when shares_compared then top2_share end as {{ double }}) as top2_share,
        cast(case when shares_compared then previous_top2_share end as {{ double }}) as previous_top2_share,
        cast(case when shares_compared then top2_share - previous_top2_share end as {{ double }}) as top2_change,
        cast('two_proportion_z' as {{ dbt.type_string() }}) as top2_test,
        cast(case when shares_compared then {{ csx.round_half_up('top2_statistic') }} end as {{ double }})
            as top2_statistic,
        cast(case when shares_compared then abs(top2_statistic) > {{ z }} end as {{ dbt.type_boolean() }})
            as top2_significant,
        -- NPS: 0..10 scale in both waves
        cast(case when shares_compared then nps end as {{ double }}) as nps,
        cast(case when shares_compared then previous_nps end as {{ double }}) as previous_nps,
        cast(case when shares_compared then nps - previous_nps end as {{ double }}) as nps_change,
        cast('nps_difference_z' as {{ dbt.type_string() }}) as nps_test,
        cast(case when shares_compared then {{ csx.round_half_up('nps_statistic') }} end as {{ double }})
            as nps_statistic,
        cast(case when shares_compared then abs(nps_statistic) > {{ z }} end as {{ dbt.type_boolean() }})
            as nps_significant,
        cast(suppressed as {{ dbt.type_boolean() }}) as suppressed
    from with_critical

)

select * from final
