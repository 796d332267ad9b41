{#-
    Disclosure control for the rating cells (docs/ratings.md, "Disclosure control"): for every cell of
    int_rating_scores_aggregated (computed here from the same scored option cells), per metric (`mean`, `top2`, `bottom2`, `nps`), whether mart_rating_scores
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

scored_options as (

    select * from {{ ref('int_rating_options_scored') }}

),

option_suppression as (

    select * from {{ ref('int_option_scores_suppressed') }}

),

hidden_groups as (

    select
        scored_options.wave_id,
        scored_options.segment_question_id,
        scored_options.segment_option_id,
        scored_options.question_id,
        sum(scored_options.respondents_n) as respondents_n,
        count(*) as points_chosen,
        sum(case when option_suppression.suppressed then 1 else 0 end) as hidden_n,
        sum(
            case
                when option_suppression.suppressed and scored_options.score_value >= scored_options.scale_max - 1
                    then 1
                else 0
            end
        ) as hidden_top2,
        sum(
            case
                when option_suppression.suppressed and scored_options.score_value <= scored_options.scale_min + 1
                    then 1
                else 0
            end
        ) as hidden_bottom2,
        max(case when option_suppression.suppressed and scored_options.score_value >= 9 then 1 else 0 end)
        + max(
            case when option_suppression.suppressed and scored_options.score_value between 7 and 8 then 1 else 0 end
        )
        + max(case when option_suppression.suppressed and scored_options.score_value <= 6 then 1 else 0 end)
            as hidden_nps_groups
    from scored_options
    inner join option_suppression
        on
            scored_options.wave_id = option_suppression.wave_id
            and scored_options.segment_question_id = option_suppression.segment_question_id
            and scored_options.segment_option_id = option_suppression.segment_option_id
            and scored_options.question_id = option_suppression.question_id
            and scored_options.option_id = option_suppression.option_id
    group by
        scored_options.wave_id,
        scored_options.segment_question_id,
        scored_options.segment_option_id,
        scored_options.question_id

),

primary_rules as (

    select
        wave_id,
        segment_question_id,
        segment_option_id,
        question_id,
        respondents_n,
        respondents_n < {{ min_cell }} or hidden_n >= points_chosen as too_small,
        hidden_n >= points_chosen as count_hidden,
        hidden_n > 0 as mean_reveals,
        hidden_top2 > 0 and hidden_top2 < hidden_n as top2_reveals,
        hidden_bottom2 > 0 and hidden_bottom2 < hidden_n as bottom2_reveals,
        hidden_nps_groups > 1 as nps_reveals
    from hidden_groups

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
        primary_rules.wave_id,
        primary_rules.segment_question_id,
        primary_rules.segment_option_id,
        primary_rules.question_id,
        {%- for metric in metrics %}
            metric_flags.{{ metric }}_suppressed,
        {%- endfor %}
        primary_rules.count_hidden as suppressed
    from primary_rules
    inner join metric_flags
        on
            primary_rules.wave_id = metric_flags.wave_id
            and primary_rules.segment_question_id = metric_flags.segment_question_id
            and primary_rules.segment_option_id = metric_flags.segment_option_id
            and primary_rules.question_id = metric_flags.question_id

)

select * from final
