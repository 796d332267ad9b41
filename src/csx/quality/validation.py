"""A validation: one Great Expectations suite over one SQL query, with the names its messages use."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Validation:
    suite: str  # e.g. `marts.mart_option_scores.min_cell_size`
    table: str  # what messages name: `marts.<table>` or a wave file path
    query: str  # SQL run by DuckDB through GE's SQL engine
    expectations: list[Any] = field(default_factory=list)
    rows_query: bool = False  # expectations are UnexpectedRowsExpectation (results carry example rows)


def gxe() -> Any:
    import great_expectations.expectations as expectations

    return expectations


def meta(table: str, column: str | None, rule: str) -> dict[str, str]:
    """Every expectation carries the table, column and csx rule its failure message names."""
    return {"table": table, "column": column or "", "rule": rule}


def quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


#: rows an unexpected-rows query returns as examples (each row also carries the exact total)
EXAMPLE_ROWS = 20


def unexpected_rows(violations_sql: str, table: str, column: str | None, rule: str) -> Any:
    """GE's SQL-native expectation: `violations_sql` selects the offending rows of `{batch}`.

    At most EXAMPLE_ROWS rows are fetched; each carries `unexpected_total`, the exact number of violations.
    """
    query = (
        f"select *, count(*) over () as unexpected_total from ({violations_sql}) as violations "
        f"limit {EXAMPLE_ROWS}"
    )
    return gxe().UnexpectedRowsExpectation(unexpected_rows_query=query, meta=meta(table, column, rule))
