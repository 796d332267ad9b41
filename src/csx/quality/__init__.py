"""Data quality: Great Expectations suites over the landing files and the marts, computed in DuckDB.

Entry points: `validate_warehouse` (what `csx validate` and `csx build` run), `validate_landing` (the landing
suite on one landed wave, for `csx wave add`), `landing_checks` (the landing rules on every seed wave file).
The suites are generated: the marts' from dbt's manifest (csx.quality.manifest, csx.quality.marts), the
landing files' from the codebook (csx.quality.landing).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Collection
from pathlib import Path
from typing import Any

from csx.errors import CsxError, Problem
from csx.quality.runner import RESULT_COLUMNS, QualityRun, run_validations, write_results
from csx.quality.validation import Validation

DATA_DOCS_DIRNAME = "data_docs"


def data_docs_dir() -> Path:
    from csx import paths

    return paths.BUILD_DIR / DATA_DOCS_DIRNAME


def _project_vars(project_file: Path | None = None) -> dict[str, Any]:
    import yaml

    from csx import paths

    try:
        doc = yaml.safe_load((project_file or paths.DBT_PROJECT_FILE).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return {}
    return doc.get("vars") or {}


def min_cell_size(project_file: Path | None = None) -> int:
    """`vars.csx_min_cell_size` from dbt_project.yml (default 5)."""
    try:
        return int(_project_vars(project_file).get("csx_min_cell_size", 5))
    except (TypeError, ValueError):
        return 5


def seed_waves(project_file: Path | None = None) -> list[dict[str, str]]:
    """`vars.csx_waves` from dbt_project.yml."""
    return [{k: str(v) for k, v in w.items()} for w in _project_vars(project_file).get("csx_waves", [])]


def _rel(p: Path) -> str:
    from csx import paths

    try:
        return str(p.resolve().relative_to(paths.REPO_ROOT))
    except ValueError:
        return str(p)


def landing_checks(
    waves_dir: Path | None = None, codebook_dir: Path | None = None, only: Collection[str] | None = None
) -> tuple[list[Problem], list[Any]]:
    """Landing rules on every seed wave of csx_waves (or the ids in `only`). Any rejection or quarantined row
    is a problem: seed waves already passed `csx wave add`, so they must be clean."""
    from csx import paths
    from csx.landing import check_wave, load_codebook

    problems: list[Problem] = []
    results = []
    for w in seed_waves():
        if w.get("storage", "seed") != "seed" or (only is not None and w["wave_id"] not in only):
            continue
        path = (waves_dir or paths.WAVES_DIR) / f"wave_{w['wave_id']}.csv"
        shown = _rel(path)
        res = check_wave(
            path,
            w["wave_id"],
            load_codebook(codebook_dir or paths.CODEBOOK_DIR, w["wave_id"]),
            display_name=shown,
        )
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


def _bounds(expected: int | None) -> tuple[int, int]:
    import math

    from csx.landing.rules import DEFAULT_MAX_ROWS, DEFAULT_MIN_ROWS, ROW_BOUND_TOLERANCE

    if expected:
        return math.floor(expected * (1 - ROW_BOUND_TOLERANCE)), math.ceil(
            expected * (1 + ROW_BOUND_TOLERANCE)
        )
    return DEFAULT_MIN_ROWS, DEFAULT_MAX_ROWS


def _seed_landing_groups(
    scratch: Path, only: Collection[str] | None = None
) -> tuple[list[tuple[Path, list[Validation]]], list[Problem]]:
    """Landing suites of every seed wave: each wave landed in its own scratch DuckDB file."""
    from csx import paths
    from csx.landing import load_codebook
    from csx.landing.reader import read_raw
    from csx.quality.landing import landing_validations, load_frame

    groups: list[tuple[Path, list[Validation]]] = []
    problems: list[Problem] = []
    for w in seed_waves():
        if w.get("storage", "seed") != "seed" or (only is not None and w["wave_id"] not in only):
            continue
        wave_id = w["wave_id"]
        path = paths.WAVES_DIR / f"wave_{wave_id}.csv"
        shown = _rel(path)
        cb = load_codebook(paths.CODEBOOK_DIR, wave_id)
        if cb.problems:
            problems += cb.problems
            continue
        raw = read_raw(path, cb.expected_columns(), display_name=shown)
        problems += raw.problems
        database = scratch / f"landing_{wave_id}.duckdb"
        load_frame(database, raw.data, raw.source_rows)
        groups.append(
            (
                database,
                landing_validations(shown, cb, wave_id, _bounds(cb.expected_rows), list(raw.data.columns)),
            )
        )
    return groups, problems


def validate_warehouse(
    warehouse: Path,
    *,
    landing: bool = False,
    data_docs: Path | None = None,
    write: bool = True,
    k: int | None = None,
    progress: Callable[[str], None] | None = None,
    only: Collection[str] | None = None,
    manifest: dict[str, Any] | None = None,
    landing_waves: Collection[str] | None = None,
) -> QualityRun:
    """Run the marts suites (and, with `landing`, the landing suites of the seed waves) against `warehouse`.

    Results go to Data Docs (`data_docs`, default build/data_docs) and, with `write`, replace
    `marts.data_quality_results` in the warehouse. `only`: run just the suites with these names;
    `landing_waves`: the seed waves whose landing suites run (default: all).
    """
    import duckdb

    from csx.quality.manifest import current_manifest, mart_rules
    from csx.quality.marts import marts_validations

    warehouse = Path(warehouse)
    if not warehouse.exists():
        raise CsxError.single(str(warehouse), "warehouse_missing", "no warehouse file: run `csx build` first")
    k = min_cell_size() if k is None else k
    rules = mart_rules(manifest or current_manifest())
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error as exc:
        raise CsxError.single(str(warehouse), "warehouse_unreadable", str(exc).splitlines()[0]) from None
    try:
        existing = {
            f"{s}.{t}"
            for s, t in con.execute(
                "select table_schema, table_name from information_schema.tables"
            ).fetchall()
        }
        validations = marts_validations(rules, _key_lookup(rules, existing), existing, k)
    finally:
        con.close()
    with tempfile.TemporaryDirectory(prefix="csx-landing-") as scratch:
        groups: list[tuple[Path, list[Validation]]] = [(warehouse, validations)]
        pre: list[Problem] = []
        if landing:
            landing_groups, pre = _seed_landing_groups(Path(scratch), landing_waves)
            groups = landing_groups + groups
        if only is not None:
            groups = [(db, [v for v in vs if v.suite in set(only)]) for db, vs in groups]
        run = run_validations(groups, data_docs_dir=data_docs or data_docs_dir(), progress=progress)
    run.problems = pre + run.problems
    if write:
        con = duckdb.connect(str(warehouse))
        try:
            write_results(con, run.rows)
            con.execute("checkpoint")
        finally:
            con.close()
    return run


def _key_lookup(rules: dict[str, Any], existing: set[str]) -> Callable[[str, str], tuple[str, str] | None]:
    """Where a foreign key's target column lives (None when the target relation is missing)."""

    def keys(model: str, column: str) -> tuple[str, str] | None:
        relation = rules[model].relation if model in rules else f"marts.{model}"
        return (relation, column) if relation in existing else None

    return keys


def validate_landing(
    clean: Any, *, wave_id: str, codebook: Any, source: Path | str, rows: Any = None
) -> list[Problem]:
    """The landing suite on one landed wave (`clean`: text columns; index or `rows` = source rows)."""
    from csx.quality.landing import landing_validations, load_frame

    with tempfile.TemporaryDirectory(prefix="csx-landing-") as scratch:
        database = Path(scratch) / "landing.duckdb"
        load_frame(database, clean, rows)
        validations = landing_validations(str(source), codebook, wave_id, None, list(clean.columns))
        run = run_validations([(database, validations)], data_docs_dir=None)
    return run.problems


__all__ = [
    "RESULT_COLUMNS",
    "QualityRun",
    "landing_checks",
    "min_cell_size",
    "run_validations",
    "seed_waves",
    "validate_landing",
    "validate_warehouse",
    "write_results",
]
