"""Write-audit-publish: `csx build`.

1. landing rules on the seed wave files (cached per file: an unchanged, already checked wave is not re-read);
2. `dbt build` into the staging copy `build/staging/<warehouse file name>`: a copy of the published warehouse,
   so per-wave incremental models build only new or changed waves (a full rebuild when there is no published
   warehouse, with `--full-refresh`, or when models, macros or tests changed since it was built);
3. Great Expectations suites on the staging copy (Data Docs, marts.data_quality_results);
4. only then: checkpoint, fsync, `os.replace` onto the published warehouse (atomic on one filesystem);
5. dashboards (unless `--skip-dashboards`).

A failure or a SIGKILL at any step leaves the published file untouched (byte-identical, readable): nothing
writes to it except the final rename. The staging file has the published file's name, so views keep
resolving when the file is renamed (DuckDB names a database after its file). One build runs at a time.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer

from csx.errors import CsxError, Problem

STAGING_DIRNAME = "staging"
PROJECT_INPUTS = ("models", "macros", "tests/dbt", "seeds/_seeds.yml", "profiles.yml")


@dataclass
class BuildResult:
    published: Path
    staging: Path
    expectations: int = 0
    full_refresh: bool = True
    seconds: dict[str, float] = field(default_factory=dict)
    site: Path | None = None


def _fsync(path: Path) -> None:
    with contextlib.suppress(OSError):  # some filesystems refuse directory fsync
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


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
    _fsync(staging)
    src = staging
    if os.stat(staging).st_dev != os.stat(published.parent).st_dev:
        src = published.with_name(f".{published.name}.incoming-{os.getpid()}")
        shutil.copyfile(staging, src)
        _fsync(src)
    os.replace(src, published)
    _fsync(published.parent)
    stale_wal = published.with_name(published.name + ".wal")
    if stale_wal.exists():  # a WAL left by a crashed writer of the *old* file must not meet the new one
        stale_wal.unlink()
        _fsync(published.parent)


@contextlib.contextmanager
def build_lock(build_dir: Path) -> Iterator[None]:
    """One `csx build` at a time per build directory (the staging path is fixed)."""
    import fcntl

    build_dir.mkdir(parents=True, exist_ok=True)
    lock_path = build_dir / "build.lock"
    with lock_path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CsxError.single(str(lock_path), "build_running", "another csx build is running") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def project_fingerprint(root: Path) -> str:
    """What the models are built from besides the data: models, macros, dbt tests, seed config,
    dbt_project.yml
    (without the `csx_waves` list: adding a wave does not force a full rebuild) and the csx version."""
    from csx import __version__

    digest = hashlib.sha256(__version__.encode())
    files: list[Path] = []
    for name in PROJECT_INPUTS:
        p = root / name
        files += sorted(q for q in p.rglob("*") if q.is_file()) if p.is_dir() else ([p] if p.exists() else [])
    for p in files:
        digest.update(str(p.relative_to(root)).encode())
        digest.update(p.read_bytes())
    project = (root / "dbt_project.yml").read_text(encoding="utf-8")
    digest.update(
        "".join(line for line in project.splitlines(keepends=True) if "wave_id:" not in line).encode()
    )
    return digest.hexdigest()


def _stored_fingerprint(published: Path) -> str | None:
    import duckdb

    if not published.exists():
        return None
    try:
        con = duckdb.connect(str(published), read_only=True)
    except duckdb.Error:
        return None
    try:
        row = con.execute("select value from meta.build_info where key = 'project_fingerprint'").fetchone()
        return str(row[0]) if row else None
    except duckdb.Error:
        return None
    finally:
        con.close()


def _write_build_info(staging: Path, fingerprint: str, full_refresh: bool) -> None:
    import duckdb

    from csx import __version__

    con = duckdb.connect(str(staging))
    try:
        con.execute("create schema if not exists meta")
        con.execute("create or replace table meta.build_info (key varchar, value varchar)")
        con.executemany(
            "insert into meta.build_info values (?, ?)",
            [
                ["project_fingerprint", fingerprint],
                ["csx_version", __version__],
                ["built_at", time.strftime("%Y-%m-%dT%H:%M:%S%z")],
                ["full_refresh", str(full_refresh).lower()],
            ],
        )
    finally:
        con.close()


class _Laps:
    def __init__(self, res: BuildResult, progress: Callable[[str], None] | None) -> None:
        self.res, self.progress, self.t = res, progress or (lambda _s: None), time.perf_counter()

    def step(self, text: str) -> None:
        self.progress(text)

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.res.seconds[name] = round(now - self.t, 2)
        self.t = now


def build(
    *,
    published: Path | None = None,
    build_dir: Path | None = None,
    skip_dashboards: bool = False,
    skip_landing: bool = False,
    full_refresh: bool = False,
    dbt: Callable[[Path, bool], None] | None = None,
    data_docs: Path | None = None,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Run write-audit-publish. Raises CsxError (published file untouched) on any failure."""
    from csx import paths

    published = Path(published or paths.warehouse_path())
    build_dir = Path(build_dir or paths.BUILD_DIR)
    staging = build_dir / STAGING_DIRNAME / published.name
    res = BuildResult(published=published, staging=staging)
    laps = _Laps(res, progress)
    with build_lock(build_dir):
        _clear(staging)
        from csx.quality.worker import ValidationWorker

        worker = ValidationWorker()  # imports Great Expectations in parallel with dbt
        try:
            _audit_and_stage(res, laps, skip_landing, full_refresh, dbt, data_docs, worker)
            laps.step(f"publishing {published}")
            publish_file(staging, published)
            laps.lap("publish")
        finally:
            worker.close()
            _clear(staging)
    if not skip_dashboards:
        builder = _dashboard_builder()
        if builder is not None:
            laps.step("dashboards")
            res.site = builder(published)
            laps.lap("dashboards")
    return res


def _audit_and_stage(
    res: BuildResult,
    laps: _Laps,
    skip_landing: bool,
    full_refresh: bool,
    dbt: Callable[[Path, bool], None] | None,
    data_docs: Path | None,
    worker: Any,
) -> None:
    from csx import paths
    from csx.quality import data_docs_dir
    from csx.quality.landing_cache import LandingCache

    cache = LandingCache(res.staging.parent.parent / "landing-cache.json")
    if not skip_landing:
        laps.step("landing checks on seed wave files")
        problems = cache.check_seed_waves()
        if problems:
            raise CsxError(problems, summary="build stopped at landing checks: nothing published")
        laps.lap("landing")
    laps.step("survey weights (raking every wave to every weighting scheme)")
    from csx.weighting.compute import weights_step

    weights_step(paths.REPO_ROOT)
    laps.lap("weights")
    fingerprint = project_fingerprint(paths.REPO_ROOT)
    res.full_refresh = full_refresh or _stored_fingerprint(res.published) != fingerprint
    res.staging.parent.mkdir(parents=True, exist_ok=True)
    if not res.full_refresh:
        laps.step(f"copying {res.published.name} (incremental build)")
        shutil.copyfile(res.published, res.staging)
    laps.step(f"dbt build into {res.staging}" + (" (full refresh)" if res.full_refresh else ""))
    (dbt or _run_dbt)(res.staging, res.full_refresh)
    laps.lap("dbt")
    laps.step("Great Expectations suites")
    run = worker.validate(
        warehouse=res.staging,
        landing=not skip_landing,
        landing_waves=None if skip_landing else cache.unchecked_seed_waves(),
        data_docs=data_docs or data_docs_dir(),
    )
    res.expectations = run.expectations
    laps.lap("validate")
    if run.problems:
        raise CsxError(
            run.problems,
            summary=f"build audit failed ({len(run.problems)} problem(s)): nothing published; "
            f"see {run.data_docs}",
        )
    if not skip_landing:
        cache.record_passed()
    _write_build_info(res.staging, fingerprint, res.full_refresh)


def _run_dbt(staging: Path, full_refresh: bool) -> None:
    from csx.dbt import run_dbt

    # unit tests check model logic, not data: they run in `make test`, not in every build
    # (as dbt recommends)
    args = ["build", "--exclude-resource-type", "unit_test", *(["--full-refresh"] if full_refresh else [])]
    run_dbt(args, warehouse=staging, quiet=True, weights=False)  # computed by the step before


def _clear(staging: Path) -> None:
    for p in (staging, staging.with_name(staging.name + ".wal")):
        with contextlib.suppress(OSError):
            p.unlink()


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
    full_refresh: Annotated[
        bool, typer.Option("--full-refresh", help="Rebuild every wave instead of only new or changed ones.")
    ] = False,
    warehouse: Annotated[
        Path | None, typer.Option("--warehouse", help="Published warehouse path (default: csx.paths).")
    ] = None,
    target: Annotated[
        str | None,
        typer.Option(
            "--target",
            help="profiles.yml target (default $CSX_TARGET, else duckdb). A Spark target (spark, "
            "spark_remote, spark_session) builds into a staging slot of schemas, audits, then repoints "
            "the `marts` views.",
        ),
    ] = None,
) -> None:
    """Landing checks -> dbt build (staging copy) -> GX audit -> atomic publish -> dashboards."""
    target = target or os.environ.get("CSX_TARGET") or "duckdb"
    if target.startswith("spark"):
        _spark_build_command(target, warehouse, skip_dashboards)
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=console
    ) as p:
        task = p.add_task("build")
        res = build(
            published=warehouse,
            skip_dashboards=skip_dashboards,
            full_refresh=full_refresh,
            progress=lambda s: p.update(task, description=s),
        )
        p.update(task, description="done")
    timing = ", ".join(f"{k} {v}s" for k, v in res.seconds.items())
    mode = "full rebuild" if res.full_refresh else "incremental"
    typer.echo(f"published {res.published} ({mode}; {res.expectations} expectations passed; {timing})")
    if res.site:
        typer.echo(f"dashboards: {res.site}")


def _spark_build_command(target: str, warehouse: Path | None, skip_dashboards: bool) -> None:
    from rich.console import Console

    from csx.spark.publish import build_spark

    console = Console(stderr=True)
    res = build_spark(
        target, published=warehouse, skip_dashboards=skip_dashboards, progress=lambda s: console.print(s)
    )
    timing = ", ".join(f"{k} {v}s" for k, v in res.seconds.items())
    typer.echo(
        f"published slot {res.slot} on {target}: views marts.* ({len(res.marts)} marts) and {res.published} "
        f"({res.expectations} expectations passed; {timing})"
    )
    if res.site:
        typer.echo(f"dashboards: {res.site}")


def register(app: typer.Typer) -> None:
    app.command("build")(build_command)


__all__ = ["BuildResult", "Problem", "build", "publish_file", "register"]
