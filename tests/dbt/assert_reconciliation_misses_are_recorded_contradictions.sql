{#-
    Every printed figure must be reproduced within its printed precision, unless the reference seed records
    why it cannot be (a contradiction within the report). Fails for each unexplained miss.
-#}
select
    figure_id,
    metric,
    printed_value,
    computed_value,
    difference,
    tolerance
from {{ ref('mart_report_reconciliation') }}
where
    not within_printed_precision
    and (contradiction is null or trim(contradiction) = '')
