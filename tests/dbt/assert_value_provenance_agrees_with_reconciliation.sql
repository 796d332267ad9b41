{#-
    mart_value_provenance must say what the reconciliation says: every printed figure of a single option's
    share or mean is marked `printed` (reproduced) or `contradicted` (missed) on exactly its cell, the
    overall means likewise; a contradicted cell carries the printed value and the reason; a `printed` or
    `constrained` cell points at a figure; an `assumed` cell points at none. Fails for each disagreement.
-#}
with

provenance as (

    select * from {{ ref('mart_value_provenance') }}

),

reconciliation as (

    select * from {{ ref('mart_report_reconciliation') }}

),

marked_by_figure as (

    select
        reconciliation.figure_id,
        reconciliation.within_printed_precision,
        provenance.provenance
    from reconciliation
    inner join provenance
        on reconciliation.figure_id = provenance.figure_id
    where reconciliation.metric in ('share', 'avg_cx', 'avg_ex', 'avg_ox', 'overall_avg')

),

disagreements as (

    select
        figure_id,
        'miss not marked contradicted' as problem
    from marked_by_figure
    where not within_printed_precision and provenance <> 'contradicted'

    union all

    select
        figure_id,
        'contradicted without printed value or reason' as problem
    from provenance
    where provenance = 'contradicted' and (printed_value is null or contradiction is null)

    union all

    select
        coalesce(figure_id, provenance_key) as figure_id,
        'figure reference does not match provenance' as problem
    from provenance
    where
        (provenance = 'assumed' and (figure_id is not null or figures_n > 0))
        or (provenance <> 'assumed' and (figure_id is null or figures_n = 0))

    union all

    select
        figure_id,
        'overall mean not on the overall row' as problem
    from reconciliation
    where
        metric = 'overall_avg'
        and figure_id not in (
            select provenance.figure_id from provenance
            where provenance.figure_id is not null
        )

)

select * from disagreements
