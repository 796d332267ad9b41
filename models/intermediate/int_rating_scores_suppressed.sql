{#-
    Disclosure control for the rating cells (docs/ratings.md, "Disclosure control"): which cells of
    int_rating_scores_aggregated mart_rating_scores must not publish.

    A rating cell's metrics (mean, standard deviation, top-2 / bottom-2, NPS) are functions of its
    distribution, which mart_option_scores publishes option by option. Publishing them beside a hidden
    option cell would give that cell away (two hidden points and a published mean and base are two
    equations in two unknowns). So a rating cell is hidden (primary) when it has fewer than
    var('csx_min_cell_size') respondents or any of its option cells is hidden in int_option_scores_suppressed:
    a published rating cell then says nothing mart_option_scores does not.
    Secondary suppression: the cells of one segment question add up to the whole-wave cell (respondents,
    score sums), so the same passes as for option cells (macro complementary_suppression_passes, with one
    "option" per cell) hide the smallest published segment when exactly one is hidden.
-#}
{%- set min_cell = var('csx_min_cell_size') %}
{%- set passes = var("csx_suppression_passes") %}

with

rating_cells as (

    select * from {{ ref('int_rating_scores_aggregated') }}

),

option_suppression as (

    select * from {{ ref('int_option_scores_suppressed') }}

),

hidden_options as (

    select
        wave_id,
        segment_question_id,
        segment_option_id,
        question_id,
        sum(case when suppressed then 1 else 0 end) as options_hidden
    from option_suppression
    group by wave_id, segment_question_id, segment_option_id, question_id

),

cells as (

    select
        rating_cells.wave_id,
        rating_cells.segment_question_id,
        rating_cells.segment_option_id,
        rating_cells.question_id,
        'all' as option_id,
        false as is_single_choice,
        rating_cells.respondents_n,
        rating_cells.respondents_n as base_n,
        rating_cells.respondents_n < {{ min_cell }} or coalesce(hidden_options.options_hidden, 0) > 0 as is_hidden
    from rating_cells
    left join hidden_options
        on
            rating_cells.wave_id = hidden_options.wave_id
            and rating_cells.segment_question_id = hidden_options.segment_question_id
            and rating_cells.segment_option_id = hidden_options.segment_option_id
            and rating_cells.question_id = hidden_options.question_id

),

{{ csx.complementary_suppression_passes('cells', passes) }}
final as (

    select
        wave_id,
        segment_question_id,
        segment_option_id,
        question_id,
        is_hidden as suppressed
    from pass_{{ passes }}

)

select * from final
