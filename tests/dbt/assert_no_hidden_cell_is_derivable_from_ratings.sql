{#-
    The differencing attack on mart_rating_scores together with mart_option_scores, with published values only
    (docs/ratings.md, "Disclosure control"). Fails with one row per leak:
      mean      a published mean beside a hidden option cell of the same wave x segment x question
      top2 / bottom2 / nps
                a published share whose group splits the hidden option cells (some inside, some outside)
      segments  a metric hidden in exactly one segment of a segment question while the whole wave publishes it
                (whole-wave sums minus the published segments would give it)
-#}
{%- set metrics = ['mean', 'top2', 'bottom2', 'nps'] %}

with

ratings as (

    select * from {{ ref('mart_rating_scores') }}

),

option_cells as (

    select * from {{ ref('mart_option_scores') }}
    where question_type = 'rating' and weighting_scheme = 'unweighted'

),

answer_options as (

    select * from {{ ref('dim_answer_option') }}

),

hidden_options as (

    select
        option_cells.wave_id,
        option_cells.segment_question_id,
        option_cells.segment_option_id,
        option_cells.question_id,
        answer_options.score_value
    from option_cells
    inner join answer_options
        on
            option_cells.question_id = answer_options.question_id
            and option_cells.option_id = answer_options.option_id
    where option_cells.suppressed

),

groups_hidden as (

    select
        ratings.wave_id,
        ratings.segment_question_id,
        ratings.segment_option_id,
        ratings.question_id,
        ratings.mean_suppressed,
        ratings.top2_suppressed,
        ratings.bottom2_suppressed,
        ratings.nps,
        count(*) as hidden_n,
        sum(case when hidden_options.score_value >= ratings.scale_max - 1 then 1 else 0 end) as hidden_top2,
        sum(case when hidden_options.score_value <= ratings.scale_min + 1 then 1 else 0 end) as hidden_bottom2,
        max(case when hidden_options.score_value >= 9 then 1 else 0 end)
        + max(case when hidden_options.score_value between 7 and 8 then 1 else 0 end)
        + max(case when hidden_options.score_value <= 6 then 1 else 0 end) as hidden_nps_groups
    from ratings
    inner join hidden_options
        on
            ratings.wave_id = hidden_options.wave_id
            and ratings.segment_question_id = hidden_options.segment_question_id
            and ratings.segment_option_id = hidden_options.segment_option_id
            and ratings.question_id = hidden_options.question_id
    group by
        ratings.wave_id,
        ratings.segment_question_id,
        ratings.segment_option_id,
        ratings.question_id,
        ratings.mean_suppressed,
        ratings.top2_suppressed,
        ratings.bottom2_suppressed,
        ratings.nps

),

distribution_leaks as (

    select
        wave_id,
        segment_question_id,
        segment_option_id,
        question_id,
        case
            when not mean_suppressed then 'mean'
            when not top2_suppressed and hidden_top2 > 0 and hidden_top2 < hidden_n then 'top2'
            when not bottom2_suppressed and hidden_bottom2 > 0 and hidden_bottom2 < hidden_n then 'bottom2'
            else 'nps'
        end as leak
    from groups_hidden
    where
        not mean_suppressed
        or (not top2_suppressed and hidden_top2 > 0 and hidden_top2 < hidden_n)
        or (not bottom2_suppressed and hidden_bottom2 > 0 and hidden_bottom2 < hidden_n)
        or (nps is not null and hidden_nps_groups > 1)

),

segment_leaks as (

    {% for metric in metrics %}
        {%- set hidden = metric ~ '_suppressed' %}
        select
            segments.wave_id,
            segments.segment_question_id,
            cast(null as {{ dbt.type_string() }}) as segment_option_id,
            segments.question_id,
            'segments_{{ metric }}' as leak
        from ratings as segments
        inner join ratings as totals
            on
                segments.wave_id = totals.wave_id
                and segments.question_id = totals.question_id
                and totals.segment_question_id = 'total'
        where segments.segment_question_id <> 'total' and not totals.{{ hidden }}
        group by segments.wave_id, segments.segment_question_id, segments.question_id
        having sum(case when segments.{{ hidden }} then 1 else 0 end) = 1
        {% if not loop.last %}union all{% endif %}
    {%- endfor %}

),

final as (

    select * from distribution_leaks
    union all
    select * from segment_leaks

)

select * from final
