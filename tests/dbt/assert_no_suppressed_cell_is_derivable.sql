{#-
    The differencing attack on mart_option_scores, with published values only: no partition may have exactly
    one hidden member while its total is published (its count would be the total minus the published members).
      options   single-choice question within one wave x segment: options add up to the base
      segments  segment question within one wave x question x option: answers add up to the total cell
      bases     segment question within one wave x question: segment bases add up to the total base
    Within each weighting scheme (every scheme publishes the same cells). Fails with one row per derivable partition.
-#}
with

cells as (

    select * from {{ ref('mart_option_scores') }}

),

options_derivable as (

    select
        'options' as partition_kind,
        weighting_scheme,
        wave_id,
        segment_question_id,
        segment_option_id,
        question_id,
        cast(null as {{ dbt.type_string() }}) as option_id
    from cells
    where question_type in ('single', 'rating', 'coded_text')
    group by weighting_scheme, wave_id, segment_question_id, segment_option_id, question_id
    having
        sum(case when suppressed then 1 else 0 end) = 1
        and sum(case when suppressed then 0 else 1 end) > 0

),

totals as (

    select
        weighting_scheme,
        wave_id,
        question_id,
        option_id,
        suppressed
    from cells
    where segment_question_id = 'total'

),

segments_derivable as (

    select
        'segments' as partition_kind,
        cells.weighting_scheme,
        cells.wave_id,
        cells.segment_question_id,
        cast(null as {{ dbt.type_string() }}) as segment_option_id,
        cells.question_id,
        cells.option_id
    from cells
    inner join totals
        on
            cells.weighting_scheme = totals.weighting_scheme
            and cells.wave_id = totals.wave_id
            and cells.question_id = totals.question_id
            and cells.option_id = totals.option_id
    where cells.segment_question_id <> 'total' and not totals.suppressed
    group by cells.weighting_scheme, cells.wave_id, cells.segment_question_id, cells.question_id, cells.option_id
    having sum(case when cells.suppressed then 1 else 0 end) = 1

),

segment_bases as (

    select
        weighting_scheme,
        wave_id,
        segment_question_id,
        segment_option_id,
        question_id,
        min(case when suppressed then 1 else 0 end) as base_hidden
    from cells
    group by weighting_scheme, wave_id, segment_question_id, segment_option_id, question_id

),

total_bases as (

    select
        weighting_scheme,
        wave_id,
        question_id
    from segment_bases
    where segment_question_id = 'total' and base_hidden = 0

),

bases_derivable as (

    select
        'bases' as partition_kind,
        segment_bases.weighting_scheme,
        segment_bases.wave_id,
        segment_bases.segment_question_id,
        cast(null as {{ dbt.type_string() }}) as segment_option_id,
        segment_bases.question_id,
        cast(null as {{ dbt.type_string() }}) as option_id
    from segment_bases
    inner join total_bases
        on
            segment_bases.weighting_scheme = total_bases.weighting_scheme
            and segment_bases.wave_id = total_bases.wave_id
            and segment_bases.question_id = total_bases.question_id
    where segment_bases.segment_question_id <> 'total'
    group by
        segment_bases.weighting_scheme,
        segment_bases.wave_id,
        segment_bases.segment_question_id,
        segment_bases.question_id
    having sum(segment_bases.base_hidden) = 1

),

derivable as (

    select * from options_derivable
    union all
    select * from segments_derivable
    union all
    select * from bases_derivable

)

select * from derivable
