"""Evidence dashboards: `csx dashboards build | dev | preview` and `build_site()` for `csx build`.

`preview` serves the built static site (`dashboards/build/`) with Python's http.server: no Node and no
extra package at view time.

The Evidence project lives in `dashboards/` (npm registry only, `npm ci` from the committed
package-lock.json, telemetry off). It reads the published warehouse's `marts` schema through the
`csx` DuckDB source; the warehouse file is chosen here and handed to Evidence with
`EVIDENCE_SOURCE__csx__filename` (a path relative to `dashboards/sources/csx`, which is how the
Evidence DuckDB plugin resolves it). The static site is written to `dashboards/build/`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

import typer

from csx import paths
from csx.dashboards_serve import serve_site
from csx.dbt import release_duckdb
from csx.errors import CsxError, Problem
from csx.paths import warehouse_path


# Directories of the project the running command uses: csx.paths resolves it lazily, never at import.
def _dashboards_dir() -> Path:
    return paths.DASHBOARDS_DIR


def _site_dir() -> Path:
    return paths.DASHBOARDS_DIR / "build"


def _source_dir() -> Path:
    return paths.DASHBOARDS_DIR / "sources" / "csx"


def _log_dir() -> Path:
    return paths.BUILD_DIR / "dashboards"


def __getattr__(name: str) -> Path:  # SITE_DIR, SOURCE_DIR, LOG_DIR, DASHBOARDS_DIR (former constants)
    dirs = {"SITE_DIR": _site_dir, "SOURCE_DIR": _source_dir, "LOG_DIR": _log_dir}
    if name in dirs:
        return dirs[name]()
    if name == "DASHBOARDS_DIR":
        return _dashboards_dir()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


MIN_NODE_MAJOR = 18

# Marts the pages read (sources/csx/<table>.sql). marts.data_quality_results is optional: `csx validate`
# writes it, and its source query falls back to a placeholder row when it is missing.
REQUIRED_MARTS = (
    "dim_wave",
    "dim_question",
    "dim_answer_option",
    "mart_option_scores",
    "mart_wave_summary",
    "mart_wave_trends",
    "mart_question_coverage",
    "mart_report_reconciliation",
    "mart_value_provenance",
    "dim_segment",
)

# Telemetry off: evidence.settings.json does it for Evidence; these cover the rest of the toolchain.
QUIET_ENV = {
    "EVIDENCE_TELEMETRY_DISABLED": "1",
    "DO_NOT_TRACK": "1",
    "NEXT_TELEMETRY_DISABLED": "1",
    "npm_config_update_notifier": "false",
    "npm_config_fund": "false",
    "npm_config_audit": "false",
    "NO_COLOR": "1",
    "FORCE_COLOR": "0",
}


def _problem(rule: str, message: str, file: str = "dashboards") -> CsxError:
    return CsxError([Problem(file=file, rule=rule, message=message)])


def check_node() -> tuple[str, str]:
    """Return (node, npm) executables; raise a one-line CsxError if missing or too old."""
    node = shutil.which("node")
    npm = shutil.which("npm")
    if node is None or npm is None:
        absent = [n for n, p in (("node", node), ("npm", npm)) if p is None]
        verb = "are" if len(absent) > 1 else "is"
        raise _problem(
            "node-missing",
            f"Node.js is required to build the dashboards but {' and '.join(absent)} {verb} not on PATH "
            f"(install Node.js {MIN_NODE_MAJOR}+ with npm, e.g. Node 20)",
        )
    try:
        out = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=30, check=True)
    except (OSError, subprocess.SubprocessError) as exc:
        raise _problem("node-missing", f"cannot run `{node} --version`: {exc}") from None
    match = re.match(r"v?(\d+)", out.stdout.strip())
    if not match or int(match.group(1)) < MIN_NODE_MAJOR:
        raise _problem(
            "node-version",
            f"Node.js {MIN_NODE_MAJOR}+ is required, found {out.stdout.strip() or 'unknown'} at {node}",
        )
    return node, npm


def check_warehouse(warehouse: Path) -> None:
    """Fail clearly if the warehouse file or a mart the pages read is missing."""
    if not warehouse.is_file():
        raise _problem(
            "warehouse-missing",
            "no warehouse to build the dashboards from (run `csx build`, or set CSX_WAREHOUSE)",
            file=str(warehouse),
        )
    import duckdb

    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error as exc:
        msg = str(exc).splitlines()[0]
        raise _problem("warehouse-unreadable", msg, file=str(warehouse)) from None
    try:
        rows = con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'"
        ).fetchall()
    finally:
        con.close()
    present = {r[0] for r in rows}
    missing = [t for t in REQUIRED_MARTS if t not in present]
    if missing:
        raise _problem(
            "marts-missing",
            f"the warehouse lacks marts.{', marts.'.join(missing)} (build it with `csx build` / `dbt build`)",
            file=str(warehouse),
        )


def evidence_env(warehouse: Path) -> dict[str, str]:
    """Environment for npm/Evidence: telemetry off and the `csx` source pointed at `warehouse`."""
    env = dict(os.environ)
    env.update(QUIET_ENV)
    # The Evidence DuckDB plugin joins the source folder with `filename`, so it must be relative.
    env["EVIDENCE_SOURCE__csx__filename"] = os.path.relpath(warehouse.resolve(), _source_dir().resolve())
    return env


def _log_path(step: str) -> Path:
    _log_dir().mkdir(parents=True, exist_ok=True)
    return _log_dir() / f"{step.replace(' ', '-')}.log"


def _run_step(step: str, cmd: Sequence[str], env: dict[str, str]) -> float:
    """Run one npm step with output to a log file; a failure becomes one line naming step and log."""
    log = _log_path(step)
    start = time.monotonic()
    with log.open("w", encoding="utf-8") as fh:
        fh.write(f"$ {' '.join(cmd)}  (cwd {_dashboards_dir()})\n")
        fh.flush()
        try:
            proc = subprocess.run(
                list(cmd), cwd=_dashboards_dir(), env=env, stdout=fh, stderr=subprocess.STDOUT, check=False
            )
        except OSError as exc:
            raise _problem("npm-failed", f"{step}: cannot start `{cmd[0]}`: {exc}", file=str(log)) from None
    if proc.returncode != 0:
        raise _problem(
            "npm-failed",
            f"{step} failed (`{' '.join(cmd[1:])}` exit {proc.returncode}); full log in {log}",
            file=str(log),
        )
    return time.monotonic() - start


def _needs_install() -> bool:
    marker = _dashboards_dir() / "node_modules" / ".package-lock.json"
    lock = _dashboards_dir() / "package-lock.json"
    return not marker.is_file() or marker.stat().st_mtime < lock.stat().st_mtime


def _steps(
    warehouse: Path, scripts: Sequence[str], *, sources: bool = True, quiet: bool = False
) -> dict[str, float]:
    """Check Node, `npm ci` if needed, refresh sources, then `npm run <script>` each; return timings (s)."""
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    _node, npm = check_node()
    if sources:
        check_warehouse(warehouse)
    env = evidence_env(warehouse)
    steps: list[tuple[str, list[str]]] = []
    if _needs_install():
        steps.append(("npm ci", [npm, "ci", "--no-audit", "--no-fund"]))
    if sources:
        steps.append(("npm run sources", [npm, "run", "sources"]))
    steps.extend((f"npm run {s}", [npm, "run", s]) for s in scripts)
    timings: dict[str, float] = {}
    console = Console(stderr=True, quiet=quiet)
    with Progress(
        SpinnerColumn(), TextColumn("[bold]{task.description}"), TimeElapsedColumn(), console=console
    ) as progress:
        for step, cmd in steps:
            task = progress.add_task(f"dashboards: {step}", total=1)
            timings[step] = _run_step(step, cmd, env)
            progress.update(task, completed=1)
    return timings


LAST_TIMINGS: dict[str, float] = {}


def build_site(warehouse: Path, *, quiet: bool = False) -> Path:
    """Build the static Evidence site from `warehouse` into dashboards/build/ and return that path."""
    warehouse = Path(warehouse).resolve()
    check_node()
    release_duckdb()  # dbt-duckdb may still hold the file lock after an in-process run
    check_warehouse(warehouse)
    if _site_dir().exists():
        shutil.rmtree(_site_dir())
    LAST_TIMINGS.clear()
    LAST_TIMINGS.update(_steps(warehouse, ["build"], quiet=quiet))
    if not (_site_dir() / "index.html").is_file():
        raise _problem("site-missing", f"npm run build finished but {_site_dir()}/index.html is missing")
    return _site_dir()


def _interactive(warehouse: Path, script: str, *, sources: bool) -> None:
    """Prepare (install, sources) then hand the terminal to `npm run <script>` until Ctrl-C."""
    warehouse = warehouse.resolve()
    _steps(warehouse, [], sources=sources)
    _, npm = check_node()
    env = evidence_env(warehouse)
    try:
        proc = subprocess.run([npm, "run", script], cwd=_dashboards_dir(), env=env, check=False)
    except KeyboardInterrupt:
        return
    if proc.returncode not in (0, 130):
        raise _problem("npm-failed", f"npm run {script} failed (exit {proc.returncode})")


def register(app: typer.Typer) -> None:
    """Add `csx dashboards build | dev | preview`."""
    sub = typer.Typer(
        name="dashboards",
        help="Evidence dashboards over the published warehouse (marts schema).",
        no_args_is_help=True,
    )

    warehouse_opt = typer.Option(
        None,
        "--warehouse",
        "-w",
        help="DuckDB warehouse to read (default: $CSX_WAREHOUSE or warehouse.duckdb at the repo root).",
    )

    @sub.command("build")
    def build_cmd(warehouse: Path | None = warehouse_opt) -> None:
        """Install (npm ci if needed), refresh sources and build the static site into dashboards/build/."""
        site = build_site(warehouse or warehouse_path())
        steps = ", ".join(f"{k} {v:.0f}s" for k, v in LAST_TIMINGS.items())
        typer.echo(f"dashboards built: {site} ({steps})")

    @sub.command("dev")
    def dev_cmd(warehouse: Path | None = warehouse_opt) -> None:
        """Run the Evidence dev server (live reload) on 127.0.0.1."""
        _interactive(warehouse or warehouse_path(), "dev", sources=True)

    @sub.command("preview")
    def preview_cmd(
        host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
        port: int = typer.Option(4173, "--port", "-p", help="Port to listen on (0 = any free port)."),
    ) -> None:
        """Serve the built site (dashboards/build/) over HTTP until Ctrl-C; prints the URL to open."""
        serve_site(_site_dir(), host=host, port=port)

    app.add_typer(sub, name="dashboards")
