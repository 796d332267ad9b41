"""Run dbt in-process with this project's directories."""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from csx import paths
from csx.errors import CsxError

#: dbt commands that build models and so read the survey weights (docs/weighting.md)
WEIGHTED_COMMANDS = {"build", "run"}


def run_dbt(
    args: Sequence[str],
    warehouse: Path | None = None,
    target: str | None = None,
    quiet: bool = False,
    weights: bool = True,
    env: dict[str, str] | None = None,
    callbacks: list[Callable[[Any], None]] | None = None,
) -> None:
    """Invoke `dbt <args>` against the project; raise CsxError naming failed nodes.

    quiet=True shows only errors (the caller shows its own progress). `env`: more environment variables for
    this invocation only; `callbacks`: dbt event callbacks (e.g. to read what a run-operation logs). Before
    `dbt build` / `dbt run` the survey weights are computed (`csx weights compute`, csx.weighting), unless
    weights=False: a scheme that does not converge stops the build there, naming scheme, wave and margin.
    """
    from dbt.cli.main import dbtRunner

    extra = env or {}
    env_backup = {k: os.environ.get(k) for k in ("CSX_WAREHOUSE", "CSX_TARGET", *extra)}
    os.environ.update(extra)
    if weights and WEIGHTED_COMMANDS.intersection(args[:1]):
        from csx.weighting.compute import write_weights

        try:
            write_weights(paths.project_root())
        except BaseException:
            _restore(env_backup)
            raise
    if warehouse is not None:
        os.environ["CSX_WAREHOUSE"] = str(warehouse)
    if target is not None:
        os.environ["CSX_TARGET"] = target
    try:
        root = paths.project_root()
        dirs = ["--project-dir", str(root), "--profiles-dir", str(root)]
        full = [*(["--quiet"] if quiet else []), *args, *dirs]
        res = (dbtRunner(callbacks=callbacks) if callbacks else dbtRunner()).invoke(full)
    finally:
        release_duckdb()
        _restore(env_backup)
    if not res.success:
        failed: list[str] = []
        results = getattr(res.result, "results", None) or []
        for r in results:
            status = str(getattr(r, "status", ""))
            if status.lower() in {"error", "fail"}:
                node = getattr(r, "node", None)
                name = getattr(node, "unique_id", "?")
                failed.append(f"{name}: {getattr(r, 'message', '') or status}")
        from csx.errors import Problem

        problems = [Problem(file="dbt", rule="dbt", message=m) for m in failed] or [
            Problem(file="dbt", rule="dbt", message=f"`dbt {' '.join(args)}` failed: {res.exception}")
        ]
        raise CsxError(problems)


def release_duckdb() -> None:
    """Close the DuckDB instance dbt-duckdb keeps open in this process after an in-process run.

    dbt-duckdb holds its database (and the file lock) for the life of the process; releasing it
    folds the WAL into the file and lets other processes (Evidence, a copy, a rename) use it.
    No-op when dbt-duckdb was not used in this process.
    """
    mod = sys.modules.get("dbt.adapters.duckdb.connections")
    manager = getattr(mod, "DuckDBConnectionManager", None)
    if manager is None:
        return
    env = getattr(manager, "_ENV", None)
    if env is not None:
        with contextlib.suppress(Exception):
            env.close()
    with contextlib.suppress(Exception):
        manager.close_all_connections()
    gc.collect()


def _restore(backup: dict[str, str | None]) -> None:
    """Put the environment variables back as they were before run_dbt."""
    for k, v in backup.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v
