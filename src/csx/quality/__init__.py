"""Data quality: Great Expectations suites (as code) over the landing files and the marts.

Entry points: `validate_warehouse` (what `csx validate` and `csx build` run), `validate_landing`
(the landing suite on one wave frame, used by `csx wave add`), `landing_checks` (the landing rules
on every seed wave file).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from csx.errors import Problem
from csx.quality.runner import RESULT_COLUMNS, QualityRun, run_validations, write_results

DATA_DOCS_DIRNAME = "data_docs"


def data_docs_dir() -> Path:
    from csx.paths import BUILD_DIR

    return BUILD_DIR / DATA_DOCS_DIRNAME


def min_cell_size(project_file: Path | None = None) -> int:
    """`vars.csx_min_cell_size` from dbt_project.yml (default 5)."""
    import yaml

    from csx.paths import DBT_PROJECT_FILE

    try:
        doc = yaml.safe_load((project_file or DBT_PROJECT_FILE).read_text(encoding="utf-8")) or {}
        return int((doc.get("vars") or {}).get("csx_min_cell_size", 5))
    except (OSError, ValueError, TypeError, yaml.YAMLError):
        return 5


def seed_waves(project_file: Path | None = None) -> list[dict[str, str]]:
    """`vars.csx_waves` from dbt_project.yml."""
    import yaml

    from csx.paths import DBT_PROJECT_FILE

    doc = yaml.safe_load((project_file or DBT_PROJECT_FILE).read_text(encoding="utf-8")) or {}
    return [{k: str(v) for k, v in w.items()} for w in (doc.get("vars") or {}).get("csx_waves", [])]


def landing_checks(
    waves_dir: Path | None = None, codebook_dir: Path | None = None
) -> tuple[list[Problem], list[Any]]:
    """Landing rules on every seed wave listed in csx_waves. Any rejection or quarantined row is a problem:
    seed waves already passed `csx wave add`, so they must be clean."""
    from csx.landing import check_wave, load_codebook
    from csx.paths import CODEBOOK_DIR, REPO_ROOT, WAVES_DIR

    problems: list[Problem] = []
    results = []
    for w in seed_waves():
        if w.get("storage", "seed") != "seed":
            continue
        wid = w["wave_id"]
        path = (waves_dir or WAVES_DIR) / f"wave_{wid}.csv"
        shown = _rel(path, REPO_ROOT)
        cb = load_codebook(codebook_dir or CODEBOOK_DIR, wid)
        res = check_wave(path, wid, cb, display_name=shown)
        results.append(res)
        problems += res.problems
        for r in res.quarantined.head(50).itertuples():
            problems.append(
                Problem(
                    file=shown,
                    row=int(r.source_row),
                    column=r.column_name or None,
                    rule=r.rule,
                    message=str(r.message),
                )
            )
        if not res.problems and res.encoding != "utf-8":
            problems.append(
                Problem(file=shown, rule="seed_format", message=f"seed is {res.encoding}, not UTF-8")
            )
        if not res.problems and res.delimiter != ",":
            problems.append(Problem(file=shown, rule="seed_format", message="seed is not comma-separated"))
    return problems, results


def _rel(p: Path, root: Path) -> str:
    try:
        return str(p.resolve().relative_to(root))
    except ValueError:
        return str(p)


def landing_validations(
    waves_dir: Path | None = None, codebook_dir: Path | None = None
) -> tuple[list[Any], list[Problem]]:
    from csx.landing import load_codebook
    from csx.landing.rules import DEFAULT_MAX_ROWS, DEFAULT_MIN_ROWS, ROW_BOUND_TOLERANCE
    from csx.paths import CODEBOOK_DIR, REPO_ROOT, WAVES_DIR
    from csx.quality.suites import landing_frame, landing_validation

    vals, problems = [], []
    for w in seed_waves():
        if w.get("storage", "seed") != "seed":
            continue
        wid = w["wave_id"]
        path = (waves_dir or WAVES_DIR) / f"wave_{wid}.csv"
        shown = _rel(path, REPO_ROOT)
        cb = load_codebook(codebook_dir or CODEBOOK_DIR, wid)
        if cb.problems:
            problems += cb.problems
            continue
        frame, read_problems = landing_frame(path, cb.expected_columns())
        problems += [
            Problem(file=shown, row=p.row, column=p.column, rule=p.rule, message=p.message)
            for p in read_problems
        ]
        bounds = _bounds(cb.expected_rows, DEFAULT_MIN_ROWS, DEFAULT_MAX_ROWS, ROW_BOUND_TOLERANCE)
        vals += landing_validation(frame, shown, cb, wid, bounds)
    return vals, problems


def _bounds(expected: int | None, lo: int, hi: int, tol: float) -> tuple[int, int]:
    import math

    if expected:
        return math.floor(expected * (1 - tol)), math.ceil(expected * (1 + tol))
    return lo, hi


def validate_warehouse(
    warehouse: Path,
    *,
    landing: bool = False,
    data_docs: Path | None = None,
    write: bool = True,
    k: int | None = None,
    progress: Callable[[str], None] | None = None,
    only: Collection[str] | None = None,
) -> QualityRun:
    """Run the marts suites (and the landing suites with `landing=True`) against `warehouse`.

    Results go to Data Docs (`data_docs`, default build/data_docs) and, with `write`, replace
    `marts.data_quality_results` in the warehouse. The run's problems are in `QualityRun.problems`.
    `only`: run just the suites with these names (tests; Data Docs then show only those).
    """
    import duckdb

    from csx.errors import CsxError
    from csx.quality.suites import marts_validations

    warehouse = Path(warehouse)
    if not warehouse.exists():
        raise CsxError.single(str(warehouse), "warehouse_missing", "no warehouse file: run `csx build` first")
    k = min_cell_size() if k is None else k
    try:
        con = duckdb.connect(str(warehouse), read_only=not write)
    except duckdb.Error as exc:
        raise CsxError.single(str(warehouse), "warehouse_unreadable", str(exc).splitlines()[0]) from None
    try:
        vals = marts_validations(con, k)
        pre: list[Problem] = []
        if landing:
            lv, pre = landing_validations()
            vals = lv + vals
        if only is not None:
            vals = [v for v in vals if v.suite in set(only)]
        run = run_validations(vals, data_docs_dir=data_docs or data_docs_dir(), progress=progress)
        run.problems = pre + run.problems
        if write:
            write_results(con, run.results)
            con.execute("checkpoint")
    finally:
        con.close()
    return run


def validate_landing(clean: Any, *, wave_id: str, codebook: Any, source: Path | str) -> list[Problem]:
    """The landing suite on one landed wave frame (for `csx wave add`). Returns one Problem per failure."""
    import pandas as pd

    from csx.quality.suites import landing_validation

    frame = pd.DataFrame(clean).apply(lambda s: s.astype(str).str.strip()).replace("", None)
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    vs = landing_validation(frame, str(source), codebook, wave_id, None)
    return run_validations(vs, data_docs_dir=None).problems


__all__ = [
    "RESULT_COLUMNS",
    "QualityRun",
    "landing_checks",
    "min_cell_size",
    "run_validations",
    "validate_landing",
    "validate_warehouse",
    "write_results",
]
