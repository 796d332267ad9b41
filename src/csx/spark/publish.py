"""Write-audit-publish on Spark: `csx build --target spark` (or `spark_remote`, `spark_session`).

1. landing rules on the seed wave files (as on DuckDB);
2. `dbt build` (every data test, on Spark) into the slot of schemas readers are not on: `csx_a_*` or
   `csx_b_*` (`$CSX_SCHEMA_PREFIX`, macros/generate_schema_name.sql); per-wave incremental models in that slot
   rebuild only the waves whose fingerprint changed since it was last built;
3. every public mart of the slot (from dbt's manifest) exported by Spark to parquet
   (`$CSX_SPARK_EXPORT_DIR`, default build/spark-export/<slot>), loaded into a staging DuckDB file;
4. the Great Expectations suites (the same generated suites as on DuckDB) on that snapshot;
5. only then: the views of the reader-facing schema `marts` repointed to the slot (macros/spark_publish.sql),
   and the snapshot atomically renamed onto the published DuckDB file the dashboards read.

A failed test or check leaves readers on the previous slot and the previous DuckDB file (nothing of them is
written before step 5).
"""

from __future__ import annotations

import copy
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csx.errors import CsxError

PUBLISHED_SCHEMA = "marts"
SLOTS = ("a", "b")


@dataclass
class SparkBuildResult:
    target: str
    slot: str
    published: Path
    marts: list[str] = field(default_factory=list)
    expectations: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    site: Path | None = None


def slot_prefix(slot: str) -> str:
    return f"csx_{slot}_"


class _Log:
    """Collects the `csx-<key>: <value>` lines our run-operation macros log."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, event: Any) -> None:
        msg = getattr(getattr(event, "info", None), "msg", "")
        if isinstance(msg, str) and msg.startswith("csx-"):
            self.lines.append(msg)

    def value(self, key: str) -> str | None:
        found = [line.split(":", 1)[1].strip() for line in self.lines if line.startswith(f"csx-{key}:")]
        return found[-1] if found else None


def _operation(target: str, macro: str, args: dict[str, Any] | None = None, prefix: str = "") -> _Log:
    from csx.dbt import run_dbt

    log = _Log()
    cli = ["run-operation", macro, *(["--args", json.dumps(args)] if args else [])]
    run_dbt(cli, target=target, quiet=True, env={"CSX_SCHEMA_PREFIX": prefix}, callbacks=[log])
    return log


def published_slot(target: str) -> str | None:
    """The slot (a or b) the reader-facing views point at; None before the first publish."""
    slot = _operation(target, "spark_publication").value("publication")
    return slot if slot in SLOTS else None


def staged_marts(manifest: dict[str, Any]) -> list[dict[str, str]]:
    """Every public mart of the manifest dbt just wrote, as `{schema, name}` of its staged relation."""
    from csx.quality.manifest import mart_rules

    rules = sorted(mart_rules(manifest).values(), key=lambda r: r.name)
    return [{"schema": r.schema, "name": r.name} for r in rules]


def unprefixed(manifest: dict[str, Any], prefix: str) -> dict[str, Any]:
    """The manifest with the slot prefix taken off every schema: the layout of the exported snapshot."""
    out = copy.deepcopy(manifest)
    for node in out.get("nodes", {}).values():
        schema = node.get("schema") or ""
        if schema.startswith(prefix):
            node["schema"] = schema[len(prefix) :]
    return out


def export_dir(slot: str) -> str:
    """Where Spark writes the slot's parquet export: a URI the executors and this machine both reach."""
    from csx import paths

    base = os.environ.get("CSX_SPARK_EXPORT_DIR") or (paths.BUILD_DIR / "spark-export").resolve().as_uri()
    return f"{base.rstrip('/')}/{slot}"


def load_snapshot(directory: str, marts: list[dict[str, str]], snapshot: Path, schema: str) -> None:
    """The exported parquet directories as tables `<schema>.<mart>` of a fresh DuckDB file."""
    import duckdb

    from csx.paths import local_file

    local = local_file(directory)
    if local is None:
        raise CsxError.single(directory, "spark_export", "the export must be readable here (a local path)")
    for p in (snapshot, snapshot.with_name(snapshot.name + ".wal")):
        p.unlink(missing_ok=True)
    snapshot.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(snapshot))
    try:
        con.execute(f"create schema if not exists {schema}")
        for m in marts:
            files = local / m["name"]
            if not any(files.glob("*.parquet")):
                raise CsxError.single(str(files), "spark_export", f"no parquet written for {m['name']}")
            glob = str(files / "*.parquet").replace("'", "''")
            con.execute(f"create table {schema}.{m['name']} as select * from read_parquet('{glob}')")
        con.execute("checkpoint")
    finally:
        con.close()


def build_spark(
    target: str = "spark",
    *,
    published: Path | None = None,
    build_dir: Path | None = None,
    skip_dashboards: bool = False,
    skip_landing: bool = False,
    min_cell_size: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> SparkBuildResult:
    """Run write-audit-publish against a Spark target. Raises CsxError (readers untouched) on any failure."""
    from csx import paths
    from csx.publish import STAGING_DIRNAME, build_lock, publish_file
    from csx.quality import data_docs_dir, validate_warehouse
    from csx.quality.landing_cache import LandingCache
    from csx.quality.manifest import default_manifest_path, load_manifest

    say = progress or (lambda _s: None)
    published = Path(published or paths.warehouse_path())
    build_dir = Path(build_dir or paths.BUILD_DIR)
    t = time.perf_counter()
    res = SparkBuildResult(target=target, slot="", published=published)

    def lap(name: str) -> None:
        nonlocal t
        now = time.perf_counter()
        res.seconds[name] = round(now - t, 2)
        t = now

    with build_lock(build_dir):
        cache = LandingCache(build_dir / "landing-cache.json")
        if not skip_landing:
            say("landing checks on seed wave files")
            problems = cache.check_seed_waves()
            if problems:
                raise CsxError(problems, summary="build stopped at landing checks: nothing published")
            lap("landing")
        say("survey weights (raking every wave to every weighting scheme)")
        from csx.weighting.compute import weights_step

        weights_step(paths.REPO_ROOT)
        lap("weights")
        current = published_slot(target)
        res.slot = "b" if current == "a" else "a"
        prefix = slot_prefix(res.slot)
        say(f"dbt build on {target} into slot {res.slot} ({prefix}*; readers stay on {current or 'nothing'})")
        _dbt_build(target, prefix)
        lap("dbt")
        manifest = load_manifest(default_manifest_path())
        marts = staged_marts(manifest)
        res.marts = [m["name"] for m in marts]
        directory = export_dir(res.slot)
        say(f"exporting {len(marts)} marts to {directory}")
        _operation(target, "spark_export_relations", {"relations": marts, "directory": directory}, prefix)
        snapshot = build_dir / STAGING_DIRNAME / published.name
        load_snapshot(directory, marts, snapshot, PUBLISHED_SCHEMA)
        lap("export")
        say("Great Expectations suites on the exported marts")
        run = validate_warehouse(
            snapshot,
            landing=not skip_landing,
            landing_waves=None if skip_landing else cache.unchecked_seed_waves(),
            data_docs=data_docs_dir(),
            k=min_cell_size,
            manifest=unprefixed(manifest, prefix),
        )
        res.expectations = run.expectations
        lap("validate")
        if run.problems:
            snapshot.unlink(missing_ok=True)
            raise CsxError(
                run.problems,
                summary=f"build audit failed ({len(run.problems)} problem(s)): readers stay on slot "
                f"{current or '(none)'}; see {run.data_docs}",
            )
        if not skip_landing:
            cache.record_passed()
        say(f"publishing slot {res.slot}: views {PUBLISHED_SCHEMA}.* and {published}")
        stamp = time.strftime("%Y%m%dT%H%M%S")
        _operation(
            target,
            "spark_publish_views",
            {"relations": marts, "published_schema": PUBLISHED_SCHEMA, "slot": res.slot, "build_id": stamp},
            prefix,
        )
        publish_file(snapshot, published)
        lap("publish")
    if not skip_dashboards:
        from csx.publish import _dashboard_builder

        builder = _dashboard_builder()
        if builder is not None:
            say("dashboards")
            res.site = builder(published)
            lap("dashboards")
    return res


def _dbt_build(target: str, prefix: str) -> None:
    from csx.dbt import run_dbt

    # every data test runs on Spark (the engine-native half of the audit); unit tests check model logic and
    # run in `make test`
    run_dbt(
        ["build", "--exclude-resource-type", "unit_test"],
        target=target,
        quiet=True,
        weights=False,  # computed by the build's own step
        env={"CSX_SCHEMA_PREFIX": prefix},
    )
