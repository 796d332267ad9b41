"""The landing suite: Great Expectations on a wave file as landed, before it is written to the warehouse.

The landed rows are put in a scratch DuckDB file (table `landing_wave`, every column text, plus `source_row`,
the row's number in the source file) and validated there through GE's SQL engine. File-level rules: the
expected columns and the row count within the registry's bounds. Row-level rules, each one GE
`UnexpectedRowsExpectation` whose query returns the offending source rows and columns: respondent ids
present and unique, codes the codebook allows (single choice), the wave's rating scale, multi-select 0/1
cells, required answers. Failures name the file, the first source row and the column.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from csx.quality.validation import Validation, gxe, literal, meta, quote, unexpected_rows

FIXED = ("respondent_id", "submitted_at")
TABLE = "landing_wave"


def load_frame(database: Path, frame: Any, rows: Any = None) -> None:
    """Write `frame` (text columns; index or `rows` = source row numbers) into `database` as the landed
    wave."""
    import duckdb
    import pandas as pd

    data = pd.DataFrame(frame).copy()
    data.insert(0, "source_row", list(rows) if rows is not None else list(data.index))
    con = duckdb.connect(str(database))
    try:
        con.register("landed", data)
        columns = ", ".join(
            'cast("source_row" as bigint) as "source_row"'
            if c == "source_row"
            else f"nullif(trim(cast({quote(c)} as varchar)), '') as {quote(c)}"
            for c in data.columns
        )
        con.execute(f"create or replace table {TABLE} as select {columns} from landed")
        con.unregister("landed")
        con.execute("checkpoint")
    finally:
        con.close()


def _cells(columns: list[tuple[str, str]]) -> str:
    """Union of `select source_row, column, value` over (column, violation condition) pairs."""
    parts = [
        f"select source_row, {literal(c)} as column_name, {quote(c)} as value "
        f"from {{batch}} where {condition}"
        for c, condition in columns
    ]
    return (
        "\nunion all\n".join(parts)
        if parts
        else "select 0 as source_row, '' as column_name, '' as value where 1 = 0"
    )


def _in_codes(column: str, codes: list[str]) -> str:
    listed = ", ".join(literal(c) for c in codes) or "null"
    return f"{quote(column)} is not null and {quote(column)} not in ({listed})"


def _cell_rules(codebook: Any) -> dict[str, list[tuple[str, str]]]:
    """(column, violation) pairs per rule, in questionnaire order."""
    from csx.landing.codebook import parse_bool

    rules: dict[str, list[tuple[str, str]]] = {
        "known_option_code": [],
        "rating_in_scale": [],
        "multi_select_form": [],
        "required_answered": [],
    }
    options = codebook.options
    for question in codebook.questions.sort_values("_order", kind="stable").itertuples():
        code = str(question.question_code)
        codes = list(options.loc[options["question_code"] == code].sort_values("_order")["option_code"])
        columns = [f"{code}_{o}" for o in codes] if question.question_type == "multi" else [code]
        for column in columns:
            if question.question_type == "multi":
                rules["multi_select_form"].append((column, _in_codes(column, ["0", "1"])))
            else:
                kind = "rating_in_scale" if question.question_type == "rating" else "known_option_code"
                rules[kind].append((column, _in_codes(column, codes)))
            if parse_bool(question.is_required) is True:
                rules["required_answered"].append((column, f"{quote(column)} is null"))
    return rules


def landing_validations(
    file: str,
    codebook: Any,
    wave_id: str,
    row_bounds: tuple[int, int] | None = None,
    present: list[str] | None = None,
) -> list[Validation]:
    """The suites of one wave file; `file` is what messages name. Reads table `landing_wave`, whose columns
    are `present` (row rules skip absent columns: the expected-columns rule reports them)."""
    x = gxe()
    expected = codebook.expected_columns()
    table_rules: list[Any] = [
        x.ExpectTableColumnsToMatchSet(
            column_set=["source_row", *expected],
            exact_match=True,
            meta=meta(file, ",".join(expected), "expected_columns"),
        )
    ]
    if row_bounds is not None:
        table_rules.append(
            x.ExpectTableRowCountToBeBetween(
                min_value=row_bounds[0], max_value=row_bounds[1], meta=meta(file, None, "row_count_in_bounds")
            )
        )
    rows: list[Any] = [
        unexpected_rows(
            _cells([("respondent_id", "respondent_id is null")]),
            file,
            "respondent_id",
            "respondent_id_present",
        ),
        unexpected_rows(
            _cells(
                [
                    (
                        "respondent_id",
                        "respondent_id in (select respondent_id from {batch} "
                        "group by respondent_id having count(*) > 1)",
                    )
                ]
            ),
            file,
            "respondent_id",
            "respondent_id_unique",
        ),
    ]
    expected_set = set(expected) & set(present if present is not None else expected)
    for rule, columns in _cell_rules(codebook).items():
        present = [(c, condition) for c, condition in columns if c in expected_set]
        if present:
            rows.append(unexpected_rows(_cells(present), file, None, rule))
    query = f"select * from {TABLE}"
    return [
        Validation(f"landing.wave_{wave_id}", file, query, table_rules),
        Validation(f"landing.wave_{wave_id}.cells", file, query, rows, rows_query=True),
    ]
