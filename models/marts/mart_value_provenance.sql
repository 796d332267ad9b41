{#-
    Where each value the dashboards draw comes from: one row per wave x segment x question x option x
    measure (share, avg_cx, avg_ex, avg_ox; for the whole-wave row `overall`/`all` also respondents_n).
      printed       the report prints this value for this option and the warehouse reproduces it
      contradicted  the report prints it, but printed figures contradict each other: the value cannot
                    match (the printed value and the recorded contradiction are carried)
      constrained   printed only as part of a sum of options, a rank or a sign, which is reproduced
      assumed       not printed: the value follows the reconstruction's assumptions
    Segments are the whole wave (`total` / `all`) and every option of a question a printed figure is filtered on
    (graph 6: AI use within each industry), for the questions it prints. Codebook ASSUMPTION notes of the question and option
    come along. Derived from the reference seeds (through the reconciliation) and the codebook only.
-#}
with

figures as (

    select * from {{ ref('stg_reference__published_figures') }}

),

figure_options as (

    select * from {{ ref('stg_reference__published_figure_options') }}

),

reconciliation as (

    select * from {{ ref('mart_report_reconciliation') }}

),

options as (

    select * from {{ ref('stg_survey__options') }}

),

questions as (

    select * from {{ ref('stg_survey__questions') }}

),

waves as (

    select distinct wave_id from options

),

measures as (

    select 'share' as measure
    union all
    select 'avg_cx' as measure
    union all
    select 'avg_ex' as measure
    union all
    select 'avg_ox' as measure

),

overall_measures as (

    select measure from measures
    where measure <> 'share'
    union all
    select 'respondents_n' as measure

),

question_options as (

    select
        options.wave_id,
        questions.question_id,
        questions.report_chart,
        options.option_id,
        questions.notes as question_notes,
        options.notes as option_notes
    from options
    inner join questions
        on
            options.wave_id = questions.wave_id
            and options.question_code = questions.question_code

),

segment_questions as (

    select distinct
        filter_question_id as segment_question_id,
        question_id
    from figures
    where filter_question_id is not null

),

segments as (

    select
        'total' as segment_question_id,
        'all' as segment_option_id,
        wave_id,
        cast(null as {{ dbt.type_string() }}) as question_id
    from waves

    union all

    select
        question_options.question_id as segment_question_id,
        question_options.option_id as segment_option_id,
        question_options.wave_id,
        segment_questions.question_id
    from question_options
    inner join segment_questions
        on question_options.question_id = segment_questions.segment_question_id

),

cells as (

    select
        question_options.wave_id,
        segments.segment_question_id,
        segments.segment_option_id,
        question_options.question_id,
        question_options.report_chart,
        question_options.option_id,
        measures.measure,
        question_options.question_notes,
        question_options.option_notes
    from question_options
    inner join segments
        on
            question_options.wave_id = segments.wave_id
            and (segments.question_id is null or question_options.question_id = segments.question_id)
    cross join measures

    union all

    select
        waves.wave_id,
        'total' as segment_question_id,
        'all' as segment_option_id,
        'overall' as question_id,
        'overall' as report_chart,
        'all' as option_id,
        overall_measures.measure,
        cast(null as {{ dbt.type_string() }}) as question_notes,
        cast(null as {{ dbt.type_string() }}) as option_notes
    from waves
    cross join overall_measures

),

option_counts as (

    select
        figure_id,
        count(*) as options_n
    from figure_options
    group by figure_id

),

-- each printed figure on the cells it speaks about, with what it says about them
figure_cells as (

    select
        figures.figure_id,
        figures.wave_id,
        coalesce(figures.filter_question_id, 'total') as segment_question_id,
        coalesce(figures.filter_option_id, 'all') as segment_option_id,
        figures.question_id,
        figure_options.option_id,
        case
            when figures.metric in ('share', 'avg_cx', 'avg_ex', 'avg_ox') then figures.metric
            when figures.metric in ('rank_desc_share') then 'share'
            when figures.metric in ('rank_desc_avg_ox') then 'avg_ox'
            when figures.metric in ('sign_diff_avg_cx') then 'avg_cx'
            when figures.metric in ('sign_diff_avg_ex') then 'avg_ex'
        end as measure,
        figures.metric in ('share', 'avg_cx', 'avg_ex', 'avg_ox') and option_counts.options_n = 1
            as is_exact_value
    from figures
    inner join figure_options
        on figures.figure_id = figure_options.figure_id
    inner join option_counts
        on figures.figure_id = option_counts.figure_id
    where figures.question_id is not null

    union all

    select
        figures.figure_id,
        figures.wave_id,
        'total' as segment_question_id,
        'all' as segment_option_id,
        'overall' as question_id,
        'all' as option_id,
        case
            when figures.metric = 'respondents' then 'respondents_n'
            else {{ dbt.concat(["'avg_'", dbt.split_part('figures.question_id', "'_'", 1)]) }}
        end as measure,
        true as is_exact_value
    from figures
    where
        figures.metric in ('overall_avg', 'respondents')
        and figures.filter_question_id is null

),

judged as (

    select
        figure_cells.*,
        reconciliation.printed_value,
        reconciliation.computed_value,
        reconciliation.within_printed_precision,
        reconciliation.contradiction,
        reconciliation.chart_id
    from figure_cells
    inner join reconciliation
        on figure_cells.figure_id = reconciliation.figure_id
    where figure_cells.measure is not null

),

per_cell as (

    select
        wave_id,
        segment_question_id,
        segment_option_id,
        question_id,
        option_id,
        measure,
        max(case when not within_printed_precision then 1 else 0 end) as has_miss,
        max(case when is_exact_value then 1 else 0 end) as has_exact,
        max(case when is_exact_value then printed_value end) as printed_value,
        max(case when not within_printed_precision then printed_value end) as contradicted_printed_value,
        max(contradiction) as contradiction,
        min(figure_id) as figure_id,
        count(*) as figures_n
    from judged
    group by
        wave_id,
        segment_question_id,
        segment_option_id,
        question_id,
        option_id,
        measure

),

final as (

    select
        cast({{ csx.surrogate_key([
            'cells.wave_id', 'cells.segment_question_id', 'cells.segment_option_id',
            'cells.question_id', 'cells.option_id', 'cells.measure'
        ]) }} as {{ dbt.type_string() }}) as provenance_key,
        cast(cells.wave_id as {{ dbt.type_string() }}) as wave_id,
        cast(cells.segment_question_id as {{ dbt.type_string() }}) as segment_question_id,
        cast(cells.segment_option_id as {{ dbt.type_string() }}) as segment_option_id,
        cast(cells.question_id as {{ dbt.type_string() }}) as question_id,
        cast(cells.report_chart as {{ dbt.type_string() }}) as report_chart,
        cast(cells.option_id as {{ dbt.type_string() }}) as option_id,
        cast(cells.measure as {{ dbt.type_string() }}) as measure,
        cast(
            case
                when per_cell.has_miss = 1 then 'contradicted'
                when per_cell.has_exact = 1 then 'printed'
                when per_cell.figures_n > 0 then 'constrained'
                else 'assumed'
            end as {{ dbt.type_string() }}
        ) as provenance,
        cast(coalesce(per_cell.contradicted_printed_value, per_cell.printed_value) as {{ dbt.type_string() }})
            as printed_value,
        cast(per_cell.contradiction as {{ dbt.type_string() }}) as contradiction,
        cast(per_cell.figure_id as {{ dbt.type_string() }}) as figure_id,
        cast(coalesce(per_cell.figures_n, 0) as {{ dbt.type_int() }}) as figures_n,
        cast(
            nullif(
                trim(
                    {{ dbt.concat([
                        "case when cells.question_notes like '%ASSUMPTION%' then cells.question_notes else '' end",
                        "' '",
                        "case when cells.option_notes like '%ASSUMPTION%' then cells.option_notes else '' end",
                    ]) }}
                ),
                ''
            ) as {{ dbt.type_string() }}
        ) as assumption_note
    from cells
    left join per_cell
        on
            cells.wave_id = per_cell.wave_id
            and cells.segment_question_id = per_cell.segment_question_id
            and cells.segment_option_id = per_cell.segment_option_id
            and cells.question_id = per_cell.question_id
            and cells.option_id = per_cell.option_id
            and cells.measure = per_cell.measure

)

select * from final
