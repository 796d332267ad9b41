-- Printed figures the reconstruction does not reproduce within printed precision, and why.
select
    figure_id,
    chart_id,
    member,
    metric,
    printed_value,
    computed_value,
    difference,
    tolerance,
    contradiction
from {{ ref('mart_report_reconciliation') }}
where not within_printed_precision
order by chart_id asc, figure_id asc
