"""Run validations with Great Expectations on pandas frames fed from DuckDB (see docs/data_quality.md).

Execution path: an *ephemeral* GX context, a pandas datasource, one checkpoint per validation with the
frame passed as a batch parameter. Frames come from DuckDB through Arrow. The SQL path
(SqlAlchemyExecutionEngine + duckdb-engine) returns empty metrics on this stack (connection closed
before fetch); the measured comparison is in docs/data_quality.md.
"""

from __future__ import annotations

import copy
import json
import logging
import shutil
import uuid
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from csx.errors import Problem
from csx.quality.suites import Validation

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
    results: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=RESULT_COLUMNS))
    problems: list[Problem] = field(default_factory=list)
    data_docs: Path | None = None
    seconds: float = 0.0

    @property
    def success(self) -> bool:
        return not self.problems

    @property
    def expectations(self) -> int:
        return len(self.results)


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


def _observed(result: dict[str, Any]) -> str:
    if "observed_value" in result:
        v = result["observed_value"]
        return json.dumps(v, default=str) if not isinstance(v, str) else v
    if "unexpected_count" in result:
        n = result.get("element_count", "?")
        return f"{result['unexpected_count']} of {n} unexpected"
    return ""


def _describe(etype: str, kwargs: dict[str, Any], result: dict[str, Any], exc: dict[str, Any]) -> str:
    """One-line human message for a failed expectation."""
    if exc.get("raised_exception"):
        msg = (exc.get("exception_message") or "error").splitlines()[0]
        return f"{etype} could not run: {msg[:200]}"
    if etype == "expect_table_columns_to_match_set":
        details = result.get("details", {}).get("mismatched", {})
        parts = []
        if details.get("missing"):
            parts.append("missing column(s) " + ", ".join(map(str, details["missing"])))
        if details.get("unexpected"):
            parts.append("unexpected column(s) " + ", ".join(map(str, details["unexpected"])))
        return f"{etype}: " + ("; ".join(parts) or f"columns {result.get('observed_value')}")
    if etype == "expect_table_row_count_to_be_between":
        hi = kwargs.get("max_value")
        hi_text = "" if hi is None else hi
        return (
            f"{etype}: {result.get('observed_value')} rows, expected [{kwargs.get('min_value')}, {hi_text}]"
        )
    bound = ""
    if "min_value" in kwargs or "max_value" in kwargs:
        bound = f" [{kwargs.get('min_value', '')}, {kwargs.get('max_value', '')}]"
    elif "value_set" in kwargs and len(kwargs["value_set"]) <= 12:
        vs = list(kwargs["value_set"])
        bound = f" in {{{', '.join(map(str, vs[:8]))}{', ...' if len(vs) > 8 else ''}}}"
    n_bad = result.get("unexpected_count")
    total = result.get("element_count")
    examples = result.get("partial_unexpected_list") or []
    ex = f" (e.g. {', '.join(repr(x) for x in examples[:5])})" if examples else ""
    return f"{etype}{bound}: {n_bad} of {total} values unexpected{ex}"


def run_validations(
    validations: Sequence[Validation],
    data_docs_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
    row_numbers_from_index: bool = False,
) -> QualityRun:
    """Run every validation; collect one result row per expectation and one Problem per failure."""
    import time

    import great_expectations as gx

    t0 = time.perf_counter()
    run = QualityRun(run_id=uuid.uuid4().hex[:12], run_at=datetime.now(UTC).replace(microsecond=0))
    ctx = _context(data_docs_dir)
    ds = ctx.data_sources.add_pandas("csx")
    rows: list[dict[str, Any]] = []
    for i, v in enumerate(validations):
        if progress:
            progress(v.suite)
        try:
            frame = v.frame()
        except Exception as exc:  # a derived frame's SQL failed: e.g. a contract column is missing
            msg = str(exc).splitlines()[0][:200]
            run.problems.append(Problem(file=v.table, rule="query_failed", message=f"{v.suite}: {msg}"))
            rows.append(_row(run, v.suite, v.table, "", "query", False, "", {"error": msg}))
            continue
        asset = ds.add_dataframe_asset(f"a{i}")
        bd = asset.add_batch_definition_whole_dataframe("whole")
        suite = ctx.suites.add(
            gx.ExpectationSuite(name=v.suite, expectations=[copy.copy(e) for e in v.expectations])
        )
        vd = ctx.validation_definitions.add(gx.ValidationDefinition(name=f"v{i}", data=bd, suite=suite))
        cp = ctx.checkpoints.add(
            gx.Checkpoint(
                name=f"c{i}",
                validation_definitions=[vd],
                actions=[],
                result_format={"result_format": "SUMMARY", "partial_unexpected_count": 10},
            )
        )
        out = cp.run(batch_parameters={"dataframe": frame})
        for vr in out.run_results.values():
            for r in vr.results:
                cfg = r.expectation_config
                meta = cfg.meta or {}
                kwargs = {k: val for k, val in cfg.kwargs.items() if k != "batch_id"}
                result = r.result or {}
                exc = r.exception_info or {}
                if "raised_exception" not in exc:  # keyed by metric id
                    exc = next(iter(exc.values()), {}) if exc else {}
                column = meta.get("column") or kwargs.get("column") or ""
                table = meta.get("table") or v.table
                rows.append(
                    _row(
                        run,
                        v.suite,
                        table,
                        column,
                        cfg.type,
                        bool(r.success),
                        _observed(result),
                        {
                            "rule": meta.get("rule", ""),
                            "kwargs": kwargs,
                            "partial_unexpected_list": result.get("partial_unexpected_list"),
                            "partial_unexpected_index_list": result.get("partial_unexpected_index_list"),
                            "exception": exc.get("exception_message")
                            if exc.get("raised_exception")
                            else None,
                        },
                    )
                )
                if not r.success:
                    idx = result.get("partial_unexpected_index_list") or []
                    row = None
                    if (row_numbers_from_index or v.rows_from_index) and idx:
                        row, cell_col = _index_location(idx[0])
                        if cell_col:
                            column = cell_col
                    message = _describe(cfg.type, kwargs, result, exc)
                    if (row_numbers_from_index or v.rows_from_index) and len(idx) > 1:
                        locs = [_index_location(x) for x in idx[:5]]
                        message += "; at " + ", ".join(
                            (f"{c} " if c else "") + f"row {r}" for r, c in locs if r is not None
                        )
                    run.problems.append(
                        Problem(
                            file=table,
                            row=row,
                            column=column if "," not in column else None,
                            rule=meta.get("rule") or cfg.type,
                            message=message,
                        )
                    )
    run.results = pd.DataFrame(rows, columns=RESULT_COLUMNS)
    if data_docs_dir is not None:
        if data_docs_dir.exists():
            shutil.rmtree(data_docs_dir)
        ctx.build_data_docs(site_names=["csx"])
        run.data_docs = data_docs_dir / "index.html"
    run.seconds = time.perf_counter() - t0
    return run


def _index_location(first: Any) -> tuple[int | None, str | None]:
    """Row (and column, for long cell frames indexed '<column>@<row>') of an unexpected index value."""
    if isinstance(first, dict):  # GX reports {column: value, ..., index_name: index}
        first = list(first.values())[-1] if first else None
    if isinstance(first, str) and "@" in first:
        col, _, row = first.rpartition("@")
        return (int(row) if row.isdigit() else None), col
    try:
        return int(first), None
    except (TypeError, ValueError):
        return None, None


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


def write_results(con: Any, results: pd.DataFrame) -> None:
    """Replace marts.data_quality_results with this run's rows (one per expectation)."""
    con.execute("create schema if not exists marts")
    con.register("csx_dq_results", results)
    try:
        con.execute(
            """create or replace table marts.data_quality_results as
               select cast(run_id as varchar) as run_id, cast(run_at as timestamp) as run_at,
                      cast(suite as varchar) as suite, cast("table" as varchar) as "table",
                      cast("column" as varchar) as "column", cast(expectation as varchar) as expectation,
                      cast(success as boolean) as success, cast(observed as varchar) as observed,
                      cast(details as varchar) as details
               from csx_dq_results"""
        )
    finally:
        con.unregister("csx_dq_results")
