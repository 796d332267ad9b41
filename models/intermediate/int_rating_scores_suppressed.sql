{#-
    Disclosure control for the rating cells (docs/ratings.md, "Disclosure control"): every cell of
    int_rating_scores_aggregated with, per metric (`mean`, `top2`, `bottom2`, `nps`), whether mart_rating_scores
    hides it (`<metric>_suppressed`), and `suppressed` when the whole cell is hidden.

    A rating cell's metrics are functions of its distribution, which mart_option_scores publishes option by
    option; the hidden option cells H of a wave x segment x question are known only through their total
    (the base minus the published options). A metric may be published only if it adds nothing to that:
      mean     (and standard deviation): H is empty - sum(score * n) over two hidden points and their known
               total are two equations in two unknowns;
      top2     H lies entirely inside the two highest points, or entirely outside them (bottom2 likewise);
      nps      H lies inside one of promoters (9-10), passives (7-8) and detractors (0-6).
    A cell of fewer than var('csx_min_cell_size') respondents, or whose option cells are all hidden, hides every
    metric; its count (the question's base in the segment) is hidden (`suppressed`) exactly when
    mart_option_scores hides that base (every option cell hidden), so both marts say the same.
    Secondary suppression: the cells of one segment question add up to the whole-wave cell, metric by metric,
    so the same passes as for option cells (macro complementary_suppression_passes, with the metric in place
    of the option) hide the smallest published segment when exactly one is hidden.
-#}
{%- set min_cell = var('csx_min_cell_size') %}
{%- set passes = var("csx_suppression_passes") %}
{%- set metrics = ['mean', 'top2', 'bottom2', 'nps'] %}

with

rating_cells as (

    select * from {{ ref('int_rating_scores_aggregated') }}

),

option_suppression as (

    select * from {{ ref('int_option_scores_suppressed') }}

),

rating_options as (

    select * from {{ ref('int_answer_options_mapped') }}
    where question_type = 'rating'

),

hidden_options as (

    select
        option_suppression.wave_id,
        option_suppression.segment_question_id,
        option_suppression.segment_option_id,
        option_suppression.question_id,
        option_suppression.suppressed,
        rating_options.score_value
    from option_suppression
    inner join rating_options
        on
            option_suppression.wave_id = rating_options.wave_id
            and option_suppression.question_id = rating_options.question_id
            and option_suppression.option_id = rating_options.option_id
    where option_suppression.suppressed

),

hidden_groups as (

    select
        hidden_options.wave_id,
        hidden_options.segment_question_id,
        hidden_options.segment_option_id,
        hidden_options.question_id,
        count(*) as hidden_n,
        sum(case when hidden_options.score_value >= rating_cells.scale_max - 1 then 1 else 0 end) as hidden_top2,
        sum(case when hidden_options.score_value <= rating_cells.scale_min + 1 then 1 else 0 end) as hidden_bottom2,
        max(case when hidden_options.score_value >= 9 then 1 else 0 end)
        + max(case when hidden_options.score_value between 7 and 8 then 1 else 0 end)
        + max(case when hidden_options.score_value <= 6 then 1 else 0 end) as hidden_nps_groups
    from hidden_options
    inner join rating_cells
        on
            hidden_options.wave_id = rating_cells.wave_id
            and hidden_options.segment_question_id = rating_cells.segment_question_id
            and hidden_options.segment_option_id = rating_cells.segment_option_id
            and hidden_options.question_id = rating_cells.question_id
    group by
        hidden_options.wave_id,
        hidden_options.segment_question_id,
        hidden_options.segment_option_id,
        hidden_options.question_id

),

primary_rules as (

    select
        rating_cells.wave_id,
        rating_cells.segment_question_id,
        rating_cells.segment_option_id,
        rating_cells.question_id,
        rating_cells.respondents_n,
        rating_cells.respondents_n < {{ min_cell }}
        or coalesce(hidden_groups.hidden_n, 0) >= rating_cells.points_chosen as too_small,
        coalesce(hidden_groups.hidden_n, 0) >= rating_cells.points_chosen as count_hidden,
        coalesce(hidden_groups.hidden_n, 0) > 0 as mean_reveals,
        coalesce(hidden_groups.hidden_top2, 0) > 0
        and coalesce(hidden_groups.hidden_top2, 0) < hidden_groups.hidden_n as top2_reveals,
        coalesce(hidden_groups.hidden_bottom2, 0) > 0
        and coalesce(hidden_groups.hidden_bottom2, 0) < hidden_groups.hidden_n as bottom2_reveals,
        coalesce(hidden_groups.hidden_nps_groups, 0) > 1 as nps_reveals
    from rating_cells
    left join hidden_groups
        on
            rating_cells.wave_id = hidden_groups.wave_id
            and rating_cells.segment_question_id = hidden_groups.segment_question_id
            and rating_cells.segment_option_id = hidden_groups.segment_option_id
            and rating_cells.question_id = hidden_groups.question_id

),

cells as (

    {% for metric in metrics %}
        select
            wave_id,
            segment_question_id,
            segment_option_id,
            question_id,
            '{{ metric }}' as option_id,
            false as is_single_choice,
            respondents_n,
            respondents_n as base_n,
            too_small or {{ metric }}_reveals as is_hidden
        from primary_rules
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

{{ csx.complementary_suppression_passes('cells', passes) }}
metric_flags as (

    select
        wave_id,
        segment_question_id,
        segment_option_id,
        question_id,
        {%- for metric in metrics %}
            max(case when option_id = '{{ metric }}' and is_hidden then 1 else 0 end) = 1
                as {{ metric }}_suppressed,
        {%- endfor %}
        max(case when is_hidden then 0 else 1 end) as metrics_published
    from pass_{{ passes }}
    group by wave_id, segment_question_id, segment_option_id, question_id

),

final as (

    select
        rating_cells.*,
        {%- for metric in metrics %}
            metric_flags.{{ metric }}_suppressed,
        {%- endfor %}
        primary_rules.count_hidden as suppressed
    from rating_cells
    inner join primary_rules
        on
            rating_cells.wave_id = primary_rules.wave_id
            and rating_cells.segment_question_id = primary_rules.segment_question_id
            and rating_cells.segment_option_id = primary_rules.segment_option_id
            and rating_cells.question_id = primary_rules.question_id
    inner join metric_flags
        on
            rating_cells.wave_id = metric_flags.wave_id
            and rating_cells.segment_question_id = metric_flags.segment_question_id
            and rating_cells.segment_option_id = metric_flags.segment_option_id
            and rating_cells.question_id = metric_flags.question_id

)

select * from final
