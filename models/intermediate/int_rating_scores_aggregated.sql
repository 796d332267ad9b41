{#-
    One row per wave x segment x rating question: the question's scale (its options' score values in that
    wave) and the sums its metrics come from - respondents, sum and sum of squares of the score, and the
    respondents on the two highest / two lowest points, and (0..10 scales) promoters 9-10 and detractors 0-6.
    Added up from the option cells of int_option_scores_aggregated (themselves sums of the per-wave partial
    sums, scored in int_rating_options_scored): the long form is not read again and nothing is joined per
    respondent. Unsuppressed
    (int_rating_scores_suppressed decides what mart_rating_scores publishes).
-#}
{%- set nps_min = 0 %}
{%- set nps_max = 10 %}

with

scored_cells as (

    select * from {{ ref('int_rating_options_scored') }}

),

t_values as (

    select * from {{ ref('int_t_critical_values_ranged') }}

),

summed as (

    select
        wave_id,
        wave_year,
        segment_question_id,
        segment_option_id,
        question_id,
        scale_min,
        scale_max,
        scale_points,
        options_n,
        rating_rescaling,
        scale_min = {{ nps_min }} and scale_max = {{ nps_max }} as is_nps_scale,
        count(*) as points_chosen,
        sum(respondents_n) as respondents_n,
        sum(respondents_n * score_value) as score_sum,
        sum(respondents_n * score_value * score_value) as score_sum_sq,
        sum(case when score_value >= scale_max - 1 then respondents_n else 0 end) as top2_n,
        sum(case when score_value <= scale_min + 1 then respondents_n else 0 end) as bottom2_n,
        sum(case when score_value >= 9 then respondents_n else 0 end) as promoters_n,
        sum(case when score_value <= 6 then respondents_n else 0 end) as detractors_n
    from scored_cells
    group by
        wave_id,
        wave_year,
        segment_question_id,
        segment_option_id,
        question_id,
        scale_min,
        scale_max,
        scale_points,
        options_n,
        rating_rescaling

),

with_statistics as (

    select
        summed.*,
        {{ csx.mean_from_sums('summed.score_sum', 'summed.respondents_n') }} as avg_score,
        {{ csx.stddev_from_sums('summed.score_sum', 'summed.score_sum_sq', 'summed.respondents_n') }}
            as stddev_score
    from summed

),

final as (

    select
        with_statistics.*,
        coalesce(t_values.t_critical, {{ csx.z_95() }}) as t_critical
    from with_statistics
    left join t_values
        on
            with_statistics.respondents_n - 1 >= t_values.df_from
            and with_statistics.respondents_n - 1 < t_values.df_to

)

select * from final
