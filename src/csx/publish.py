"""Write-audit-publish: `csx build`.

1. landing rules on the seed wave files (a seed must land with no rejection and no quarantined row);
2. `dbt build` (seeds, models, tests) into a NEW DuckDB file under build/;
3. Great Expectations suites on that file (Data Docs, marts.data_quality_results);
4. only then: fsync, `os.replace` onto the published warehouse (atomic on one filesystem), fsync the dir;
5. dashboards (if `csx.dashboards.build_site` exists and `--skip-dashboards` is not given).

A failure or a SIGKILL at any step leaves the published file untouched (byte-identical, readable):
nothing writes to it except the final rename.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer

from csx.errors import CsxError, Problem

STAGING_PREFIX = "warehouse-staging-"


@dataclass
class BuildResult:
    published: Path
    staging: Path
    expectations: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    site: Path | None = None


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # some filesystems refuse directory fsync
        _fsync_file(path)


def checkpoint(path: Path) -> None:
    """Fold the WAL into the database file so that the single file is complete."""
    import duckdb

    con = duckdb.connect(str(path))
    try:
        con.execute("checkpoint")
    finally:
        con.close()


def publish_file(staging: Path, published: Path) -> None:
    """Atomically make `staging` the published warehouse (same filesystem: rename; else copy then rename)."""
    published.parent.mkdir(parents=True, exist_ok=True)
    checkpoint(staging)
    if staging.with_name(staging.name + ".wal").exists():
        raise CsxError.single(str(staging), "publish", "staging file still has a WAL after checkpoint")
    _fsync_file(staging)
    src = staging
    if os.stat(staging).st_dev != os.stat(published.parent).st_dev:
        src = published.with_name(f".{published.name}.incoming-{os.getpid()}")
        shutil.copyfile(staging, src)
        _fsync_file(src)
    os.replace(src, published)
    _fsync_dir(published.parent)
    stale_wal = published.with_name(published.name + ".wal")
    if stale_wal.exists():  # a WAL left by a crashed writer of the *old* file must not meet the new one
        stale_wal.unlink()
        _fsync_dir(published.parent)


def _clean_old_staging(build_dir: Path, keep: Path) -> None:
    for p in build_dir.glob(f"{STAGING_PREFIX}*.duckdb*"):
        if p != keep and not p.name.startswith(keep.name):
            with contextlib.suppress(OSError):
                p.unlink()


def build(
    *,
    published: Path | None = None,
    build_dir: Path | None = None,
    skip_dashboards: bool = False,
    skip_landing: bool = False,
    dbt: Callable[[Path], None] | None = None,
    data_docs: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Run write-audit-publish. Raises CsxError (published file untouched) on any failure."""
    from csx.paths import BUILD_DIR, warehouse_path
    from csx.quality import data_docs_dir, landing_checks, validate_warehouse

    published = Path(published or warehouse_path())
    build_dir = Path(build_dir or BUILD_DIR)
    build_dir.mkdir(parents=True, exist_ok=True)
    staging = build_dir / f"{STAGING_PREFIX}{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}.duckdb"
    res = BuildResult(published=published, staging=staging)
    step = progress or (lambda _s: None)
    t = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal t
        now = time.perf_counter()
        res.seconds[name] = round(now - t, 2)
        t = now

    _clean_old_staging(build_dir, staging)
    ok = False
    try:
        if not skip_landing:
            step("landing checks on seed wave files")
            problems, _ = landing_checks()
            if problems:
                raise CsxError(problems, summary="build stopped at landing checks: nothing published")
            lap("landing")
        step(f"dbt build into {staging.name}")
        if dbt is None:
            from csx.dbt import run_dbt

            run_dbt(["build"], warehouse=staging, quiet=True)
        else:
            dbt(staging)
        lap("dbt")
        step("Great Expectations suites")
        run = validate_warehouse(staging, landing=True, data_docs=data_docs or data_docs_dir(), progress=step)
        res.expectations = run.expectations
        lap("validate")
        if run.problems:
            raise CsxError(
                run.problems,
                summary=f"build audit failed ({len(run.problems)} problem(s)): nothing published; "
                f"see {run.data_docs}",
            )
        step(f"publishing {published}")
        publish_file(staging, published)
        ok = True
        lap("publish")
    finally:
        if not ok:
            for p in (staging, staging.with_name(staging.name + ".wal")):
                with contextlib.suppress(OSError):
                    p.unlink()
    if not skip_dashboards:
        builder = _dashboard_builder()
        if builder is not None:
            step("dashboards")
            res.site = builder(published)
            lap("dashboards")
    return res


def _dashboard_builder() -> Callable[[Path], Any] | None:
    try:
        import csx.dashboards as dashboards
    except ModuleNotFoundError:
        return None
    fn = getattr(dashboards, "build_site", None)
    return fn if callable(fn) else None


def build_command(
    skip_dashboards: Annotated[
        bool, typer.Option("--skip-dashboards", help="Do not build the dashboards.")
    ] = False,
    warehouse: Annotated[
        Path | None, typer.Option("--warehouse", help="Published warehouse path (default: csx.paths).")
    ] = None,
) -> None:
    """Landing checks -> dbt build (new file) -> GX audit -> atomic publish -> dashboards."""
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as p:
        task = p.add_task("build")
        res = build(
            published=warehouse,
            skip_dashboards=skip_dashboards,
            progress=lambda s: p.update(task, description=s),
        )
        p.update(task, description="done")
    timing = ", ".join(f"{k} {v}s" for k, v in res.seconds.items())
    typer.echo(f"published {res.published} ({res.expectations} expectations passed; {timing})")
    if res.site:
        typer.echo(f"dashboards: {res.site}")


def register(app: typer.Typer) -> None:
    app.command("build")(build_command)


__all__ = ["BuildResult", "Problem", "build", "publish_file", "register"]
