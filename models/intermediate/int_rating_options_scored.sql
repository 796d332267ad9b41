{#-
    One row per wave x segment x rating question x option chosen: the option cell of int_option_scores_aggregated
    (respondents of the segment who chose it; unweighted scheme only, rating metrics are unweighted) with the
    option's score_value and the question's scale in that wave (its options' smallest and largest score values). The input of int_rating_scores_aggregated (sums) and
    int_rating_scores_suppressed (which scale points are hidden).
-#}
with

option_cells as (

    select * from {{ ref('int_option_scores_aggregated') }}
    where question_type = 'rating' and weighting_scheme = 'unweighted'

),

rating_options as (

    select * from {{ ref('int_answer_options_mapped') }}
    where question_type = 'rating'

),

scales as (

    select
        wave_id,
        question_id,
        min(score_value) as scale_min,
        max(score_value) as scale_max,
        count(distinct score_value) as scale_points,
        count(*) as options_n,
        max(rating_rescaling) as rating_rescaling
    from rating_options
    group by wave_id, question_id

),

scored_cells as (

    select
        option_cells.wave_id,
        option_cells.wave_year,
        option_cells.segment_question_id,
        option_cells.segment_option_id,
        option_cells.question_id,
        option_cells.option_id,
        option_cells.respondents_n,
        cast(rating_options.score_value as {{ dbt.type_bigint() }}) as score_value,
        scales.scale_min,
        scales.scale_max,
        scales.scale_points,
        scales.options_n,
        scales.rating_rescaling
    from option_cells
    inner join rating_options
        on
            option_cells.wave_id = rating_options.wave_id
            and option_cells.question_id = rating_options.question_id
            and option_cells.option_id = rating_options.option_id
    inner join scales
        on
            option_cells.wave_id = scales.wave_id
            and option_cells.question_id = scales.question_id

)

select * from scored_cells
