{#-
    Complementary (secondary) suppression passes over option cells, as CTEs `pass_1_members` ... `pass_<n>`,
    each followed by a comma (int_option_scores_suppressed explains the rules). `source` is a CTE with
    wave_id, segment_question_id, segment_option_id, question_id, option_id, is_single_choice,
    respondents_n, base_n and is_hidden (primary suppression); `pass_<n>` has the same columns, with
    is_hidden final after n passes.
-#}
{% macro complementary_suppression_passes(source, passes) -%}
{% for pass in range(1, passes + 1) %}
    {%- set previous = source if pass == 1 else 'pass_' ~ (pass - 1) %}
pass_{{ pass }}_members as (

    select
        *,
        case when is_hidden then 1 else 0 end as hidden_flag,
        -- options partition: hidden members, and the rank of each member among the published ones
        sum(case when is_hidden then 1 else 0 end) over (
            partition by wave_id, segment_question_id, segment_option_id, question_id
        ) as options_hidden,
        row_number() over (
            partition by wave_id, segment_question_id, segment_option_id, question_id, is_hidden
            order by respondents_n, option_id
        ) as option_rank,
        -- segments partition: hidden and published members for this option
        sum(case when is_hidden then 1 else 0 end) over (
            partition by wave_id, segment_question_id, question_id, option_id
        ) as segments_hidden,
        sum(case when is_hidden then 0 else 1 end) over (
            partition by wave_id, segment_question_id, question_id, option_id
        ) as segments_published,
        row_number() over (
            partition by wave_id, segment_question_id, question_id, option_id, is_hidden
            order by respondents_n, segment_option_id
        ) as segment_rank,
        -- bases partition: a segment's base is hidden when every cell of it is
        min(case when is_hidden then 1 else 0 end) over (
            partition by wave_id, segment_question_id, segment_option_id, question_id
        ) as segment_base_hidden,
        row_number() over (
            partition by wave_id, segment_question_id, segment_option_id, question_id order by option_id
        ) as segment_row
    from {{ previous }}

),

pass_{{ pass }}_partitions as (

    select
        *,
        sum(case when segment_row = 1 then segment_base_hidden else 0 end) over (
            partition by wave_id, segment_question_id, question_id
        ) as bases_hidden,
        sum(case when segment_row = 1 then 1 - segment_base_hidden else 0 end) over (
            partition by wave_id, segment_question_id, question_id
        ) as bases_published,
        dense_rank() over (
            partition by wave_id, segment_question_id, question_id
            order by segment_base_hidden, base_n, segment_option_id
        ) as base_rank,
        max(case when segment_question_id = 'total' then 1 - hidden_flag else 0 end) over (
            partition by wave_id, question_id, option_id
        ) as total_cell_published,
        max(case when segment_question_id = 'total' then 1 - hidden_flag else 0 end) over (
            partition by wave_id, question_id
        ) as total_base_published
    from pass_{{ pass }}_members

),

pass_{{ pass }}_totals as (

    select
        *,
        -- a segment partition whose only member is hidden: the total cell equals it and is hidden instead
        max(
            case
                when segment_question_id <> 'total' and segments_hidden = 1 and segments_published = 0 then 1
                else 0
            end
        ) over (partition by wave_id, question_id, option_id) as total_cell_exposes,
        -- likewise a segment question whose only segment asked the question has its base hidden
        max(
            case
                when segment_question_id <> 'total' and bases_hidden = 1 and bases_published = 0 then 1
                else 0
            end
        ) over (partition by wave_id, question_id) as total_base_exposes
    from pass_{{ pass }}_partitions

),

pass_{{ pass }} as (

    select
        wave_id,
        segment_question_id,
        segment_option_id,
        question_id,
        option_id,
        is_single_choice,
        respondents_n,
        base_n,
        is_hidden
        or (is_single_choice and options_hidden = 1 and option_rank = 1)
        or (
            segment_question_id <> 'total' and segments_hidden = 1 and total_cell_published = 1
            and segment_rank = 1
        )
        or (
            segment_question_id <> 'total' and bases_hidden = 1 and total_base_published = 1
            and segment_base_hidden = 0 and base_rank = 1
        )
        or (segment_question_id = 'total' and (total_cell_exposes = 1 or total_base_exposes = 1)) as is_hidden
    from pass_{{ pass }}_totals

),

{% endfor %}
{%- endmacro %}
