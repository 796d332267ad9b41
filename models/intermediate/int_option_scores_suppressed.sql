{#-
    Disclosure control for the option cells (docs/data_quality.md, "Disclosure control"): which cells of
    int_option_scores_aggregated mart_option_scores must not publish.

    Primary suppression: a cell with fewer than var('csx_min_cell_size') respondents.
    Secondary (complementary) suppression, so that no suppressed count can be recovered by subtraction from the
    other published cells of a partition it belongs to; in each pass, for every partition with exactly one
    hidden member whose total is published, the smallest published member is hidden too:
      options   the options of a single-choice question within one wave x segment add up to the base;
      segments  the answers of a segment question within one wave x question x option add up to the total cell;
      bases     the segments' bases within one wave x segment question x question add up to the total base
                (a segment's base is hidden when all its cells of the question are).
    Suppression uses the unweighted counts (the `unweighted` scheme's cells: every scheme has the same cells and
    counts), so every weighting scheme hides the same cells. Hiding a cell hides its counts with its metrics. The passes run until nothing changes (at most
    var('csx_suppression_passes')); the test assert_no_suppressed_cell_is_derivable fails if that was not enough.
-#}
{%- set min_cell = var('csx_min_cell_size') %}
{%- set passes = var("csx_suppression_passes") %}
{%- set single_types = "'single', 'rating', 'coded_text'" %}

with

cells as (

    select
        wave_id,
        segment_question_id,
        segment_option_id,
        question_id,
        option_id,
        question_type in ({{ single_types }}) as is_single_choice,
        respondents_n,
        base_n,
        respondents_n < {{ min_cell }} as is_hidden
    from {{ ref('int_option_scores_aggregated') }}
    where weighting_scheme = 'unweighted'

),

{{ csx.complementary_suppression_passes('cells', passes) }}
final as (

    select
        wave_id,
        segment_question_id,
        segment_option_id,
        question_id,
        option_id,
        is_hidden as suppressed
    from pass_{{ passes }}

)

select * from final
