"""Run validations with Great Expectations' SQL engine on a DuckDB file; collect results and problems.

One ephemeral GX context, one SQL datasource on the DuckDB file (read-only), one query asset and suite per
validation, all run by one checkpoint (csx.quality.gx_duckdb makes GE's SQL path work on DuckDB). Results
become one row per expectation (Data Docs, `marts.data_quality_results`) and one Problem per failure,
naming table/file, row, column and rule.
"""

from __future__ import annotations

import json
import logging
import shutil
import time
import uuid
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from csx.errors import Problem
from csx.quality.validation import Validation

RESULT_COLUMNS = [
    "run_id",
    "run_at",
    "suite",
    "table",
    "column",
    "expectation",
    "success",
    "observed",
    "details",
]


@dataclass
class QualityRun:
    run_id: str
    run_at: datetime
    rows: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    data_docs: Path | None = None
    seconds: float = 0.0

    @property
    def success(self) -> bool:
        return not self.problems

    @property
    def expectations(self) -> int:
        return len(self.rows)

    @property
    def failed(self) -> int:
        return sum(1 for r in self.rows if not r["success"])


def _quiet() -> None:
    warnings.filterwarnings("ignore", category=FutureWarning)
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", category=UserWarning, module="great_expectations")
    for name in ("great_expectations", "py4j", "pyspark"):
        logging.getLogger(name).setLevel(logging.ERROR)


def _context(data_docs_dir: Path | None) -> Any:
    _quiet()
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    from csx.quality import gx_duckdb

    gx_duckdb.enable()
    ctx = gx.get_context(mode="ephemeral")
    ctx.variables.progress_bars = ProgressBarsConfig(globally=False)
    if data_docs_dir is not None:
        ctx.add_data_docs_site(
            "csx",
            {
                "class_name": "SiteBuilder",
                "store_backend": {
                    "class_name": "TupleFilesystemStoreBackend",
                    "base_directory": str(data_docs_dir),
                },
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            },
        )
    return ctx


def run_validations(
    groups: Sequence[tuple[Path, Sequence[Validation]]],
    data_docs_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> QualityRun:
    """Run each group's validations against its DuckDB file; one result row per expectation."""
    from csx.quality import gx_duckdb

    t0 = time.perf_counter()
    run = QualityRun(run_id=uuid.uuid4().hex[:12], run_at=datetime.now(UTC).replace(microsecond=0))
    ctx = _context(data_docs_dir)
    try:
        for g, (database, validations) in enumerate(groups):
            if validations:
                _run_group(ctx, run, f"csx{g}", Path(database), validations, progress)
    finally:
        gx_duckdb.close_connections(ctx)
    if data_docs_dir is not None:
        if data_docs_dir.exists():
            shutil.rmtree(data_docs_dir)
        ctx.build_data_docs(site_names=["csx"])
        run.data_docs = data_docs_dir / "index.html"
    run.seconds = time.perf_counter() - t0
    return run


def _run_group(
    ctx: Any,
    run: QualityRun,
    name: str,
    database: Path,
    validations: Sequence[Validation],
    progress: Callable[[str], None] | None,
) -> None:
    import great_expectations as gx

    source = ctx.data_sources.add_sql(
        name,
        connection_string=f"duckdb:///{database.resolve()}",
        kwargs={"connect_args": {"read_only": True}},
    )
    definitions: dict[bool, list[tuple[Any, Validation]]] = {False: [], True: []}
    for i, v in enumerate(validations):
        asset = source.add_query_asset(f"{name}_q{i}", query=v.query)
        suite = ctx.suites.add(gx.ExpectationSuite(name=v.suite, expectations=list(v.expectations)))
        definition = ctx.validation_definitions.add(
            gx.ValidationDefinition(
                name=f"{name}_v{i}", data=asset.add_batch_definition_whole_table("whole"), suite=suite
            )
        )
        definitions[v.rows_query].append((definition, v))
    for rows_query, pairs in definitions.items():
        if not pairs:
            continue
        # one checkpoint per result format: example rows for row queries, summaries for the rest
        result_format = {
            "result_format": "COMPLETE" if rows_query else "SUMMARY",
            "partial_unexpected_count": 10,
        }
        checkpoint = ctx.checkpoints.add(
            gx.Checkpoint(
                name=f"{name}_{'rows' if rows_query else 'summary'}",
                validation_definitions=[d for d, _ in pairs],
                actions=[],
                result_format=result_format,
            )
        )
        by_definition = {str(d.id): v for d, v in pairs}
        if progress:
            progress(f"{len(pairs)} suites on {database.name}")
        for result in checkpoint.run().run_results.values():
            _collect(run, by_definition[str(result.meta["validation_id"])], result.results)


def _collect(run: QualityRun, v: Validation, results: Any) -> None:
    for r in results:
        cfg = r.expectation_config
        meta = cfg.meta or {}
        kwargs = {k: val for k, val in cfg.kwargs.items() if k != "batch_id"}
        result = r.result or {}
        exc = r.exception_info or {}
        if "raised_exception" not in exc:  # keyed by metric id
            exc = next(iter(exc.values()), {}) if exc else {}
        column = meta.get("column") or kwargs.get("column") or ""
        table = meta.get("table") or v.table
        rule = meta.get("rule") or cfg.type
        run.rows.append(
            _row(
                run,
                v.suite,
                table,
                column,
                cfg.type,
                bool(r.success),
                _observed(result),
                {
                    "rule": rule,
                    "kwargs": {k: val for k, val in kwargs.items() if k != "value_set"},
                    "partial_unexpected_list": result.get("partial_unexpected_list"),
                    "exception": exc.get("exception_message") if exc.get("raised_exception") else None,
                },
            )
        )
        if not r.success:
            run.problems.append(_problem(table, column, rule, cfg.type, kwargs, result, exc))


def _problem(
    table: str,
    column: str,
    rule: str,
    etype: str,
    kwargs: dict[str, Any],
    result: dict[str, Any],
    exc: dict[str, Any],
) -> Problem:
    examples = (result.get("details") or {}).get("unexpected_rows") or []
    if etype != "unexpected_rows_expectation" or exc.get("raised_exception") or not examples:
        return Problem(
            file=table,
            column=column if column and "," not in column else None,
            rule=rule,
            message=_describe(etype, kwargs, result, exc),
        )
    first = examples[0]
    total = first.get("unexpected_total", len(examples))
    shown = ", ".join(_example(e) for e in examples[:5])
    return Problem(
        file=table,
        row=_int(first.get("source_row")),
        column=first.get("column_name") or (column if column and "," not in column else None),
        rule=rule,
        message=f"{total} unexpected row(s): {shown}",
    )


def _example(row: dict[str, Any]) -> str:
    where = []
    if row.get("source_row") is not None:
        where.append(f"row {row['source_row']}")
    if row.get("column_name"):
        where.append(str(row["column_name"]))
    value = row.get("value")
    return (" ".join(where) + " " if where else "") + repr(value)


def _int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _observed(result: dict[str, Any]) -> str:
    rows = (result.get("details") or {}).get("unexpected_rows")
    if rows:
        return f"{rows[0].get('unexpected_total', len(rows))} unexpected rows"
    if "observed_value" in result:
        v = result["observed_value"]
        return v if isinstance(v, str) else json.dumps(v, default=str)
    if "unexpected_count" in result:
        return f"{result['unexpected_count']} of {result.get('element_count', '?')} unexpected"
    return ""


def _describe(etype: str, kwargs: dict[str, Any], result: dict[str, Any], exc: dict[str, Any]) -> str:
    """One-line message for a failed expectation."""
    if exc.get("raised_exception"):
        return f"{etype} could not run: {(exc.get('exception_message') or 'error').splitlines()[0][:200]}"
    if etype == "expect_table_columns_to_match_set":
        details = result.get("details", {}).get("mismatched", {})
        parts = []
        if details.get("missing"):
            parts.append("missing column(s) " + ", ".join(map(str, details["missing"])))
        if details.get("unexpected"):
            parts.append("unexpected column(s) " + ", ".join(map(str, details["unexpected"])))
        return f"{etype}: " + ("; ".join(parts) or f"columns {result.get('observed_value')}")
    if etype == "expect_table_row_count_to_be_between":
        high = kwargs.get("max_value")
        expected = f"[{kwargs.get('min_value')}, {'' if high is None else high}]"
        return f"{etype}: {result.get('observed_value')} rows, expected {expected}"
    bound = ""
    if "min_value" in kwargs or "max_value" in kwargs:
        bound = f" [{kwargs.get('min_value', '')}, {kwargs.get('max_value', '')}]"
    elif "value_set" in kwargs and len(kwargs["value_set"]) <= 12:
        values = list(kwargs["value_set"])
        bound = f" in {{{', '.join(map(str, values[:8]))}{', ...' if len(values) > 8 else ''}}}"
    examples = result.get("partial_unexpected_list") or []
    shown = f" (e.g. {', '.join(repr(x) for x in examples[:5])})" if examples else ""
    counts = f"{result.get('unexpected_count')} of {result.get('element_count')}"
    return f"{etype}{bound}: {counts} values unexpected{shown}"


def _row(
    run: QualityRun,
    suite: str,
    table: str,
    column: str,
    expectation: str,
    success: bool,
    observed: str,
    details: dict[str, Any],
) -> dict[str, Any]:
    return {
        "run_id": run.run_id,
        "run_at": run.run_at.replace(tzinfo=None),
        "suite": suite,
        "table": table,
        "column": column,
        "expectation": expectation,
        "success": success,
        "observed": observed,
        "details": json.dumps(details, default=str, ensure_ascii=False),
    }


def write_results(con: Any, rows: list[dict[str, Any]]) -> None:
    """Replace marts.data_quality_results with this run's rows (one per expectation)."""
    con.execute("create schema if not exists marts")
    con.execute(
        """create or replace table marts.data_quality_results (
            run_id varchar, run_at timestamp, suite varchar, "table" varchar, "column" varchar,
            expectation varchar, success boolean, observed varchar, details varchar)"""
    )
    if rows:
        con.executemany(
            "insert into marts.data_quality_results values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [[r[c] for c in RESULT_COLUMNS] for r in rows],
        )
