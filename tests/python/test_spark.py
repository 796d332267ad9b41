"""Spark as a deployment: a real local cluster, write-audit-publish on it, and the same marts as DuckDB.

One module-scoped cluster (csx.spark.cluster: standalone master, two workers, the Thrift server with a Derby
metastore, on free ports under the test's temporary directory) serves every test here, and is stopped
(by pid) at the end:

1. `csx build --target spark` (in-process, as the CLI runs it): `dbt build` with every data test on the
   cluster into slot `a`, export, the Great Expectations suites, publish. Every public mart from the
   manifest (not a list kept here) of the published snapshot equals the DuckDB build's: same rows and keys;
   text, integers and booleans exactly, doubles within 1e-6 (the marts round to 6 decimals and a tie at the
   7th can round either way on two engines); only `wave_fingerprint` (build metadata) is left out.
2. The same build again with a deliberately failing check (k = 10^6 respondents per cell): the whole project
   is rebuilt on the same server (slot `b`), the audit fails, and readers stay on slot `a`: the `marts`
   views still answer with the first build's rows, the published DuckDB file is byte-identical.
3. `dbt build --select dim_wave` in a new process on the persistent catalog.

requirements.lock installs dbt-spark, PyHive and pyspark; without them (or Java) this module is skipped.
"""

from __future__ import annotations

import hashlib
import math
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from csx.errors import CsxError
from csx.paths import REPO_ROOT

pytest.importorskip("pyspark")
pytest.importorskip("pyhive")
pytest.importorskip("dbt.adapters.spark")
if shutil.which("java") is None:  # pragma: no cover - CI has Java 17
    pytest.skip("no Java", allow_module_level=True)

TOLERANCE = 1e-6
#: Build metadata, engine-specific by design: a wave's fingerprint hashes the file's bytes on DuckDB and is
#: dbt's checksum of the seed file on Spark (docs/spark.md "Waves on shared storage"). Not survey values.
ENGINE_SPECIFIC = {"wave_fingerprint"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from csx.spark.cluster import ClusterConfig, down, status, up

    cfg = ClusterConfig(
        directory=tmp_path_factory.mktemp("spark"), master_port=_free_port(), thrift_port=_free_port()
    )
    started = time.monotonic()
    try:
        up(cfg)
        print(f"spark cluster up in {time.monotonic() - started:.0f} s")
        yield cfg
    finally:
        down(cfg)
        assert all(pid is None for pid in status(cfg).values()), "a cluster process survived spark-down"


@pytest.fixture(scope="module")
def spark_env(cluster: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    work = tmp_path_factory.mktemp("spark-build")
    env = {
        "CSX_TARGET": "spark",
        "CSX_SPARK_PORT": str(cluster.thrift_port),
        "CSX_SPARK_EXPORT_DIR": (work / "export").as_uri(),
        "DBT_TARGET_PATH": str(work / "target"),  # the repo's target/ keeps the DuckDB manifest
        "DBT_LOG_PATH": str(work / "logs"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        yield {**env, "WORK": str(work)}
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _thrift(cluster: Any, sql: str) -> list[tuple[Any, ...]]:
    from pyhive import hive

    con = hive.connect(host=cluster.host, port=cluster.thrift_port, username="csx")
    try:
        cur = con.cursor()
        cur.execute(sql)
        return list(cur.fetchall())
    finally:
        con.close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _ordered(rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    return sorted(rows, key=lambda r: tuple((v is None, str(v)) for v in r))


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float | Decimal) or isinstance(b, float | Decimal):
        if a is None or b is None:
            return a is None and b is None
        return math.isclose(float(a), float(b), rel_tol=0.0, abs_tol=TOLERANCE)
    return bool(a == b)


def _compare_mart(duck: Any, spark: Any, name: str, columns: list[str]) -> tuple[list[str], int]:
    """Problems comparing one mart (rows matched on their exact columns); how many doubles differ at all."""
    cols = ", ".join(f'"{c}"' for c in columns)
    left = duck.execute(f"select {cols} from marts.{name}").fetchall()
    right = spark.execute(f"select {cols} from marts.{name}").fetchall()
    if len(left) != len(right):
        return [f"{name}: {len(left)} rows on DuckDB, {len(right)} on Spark"], 0
    approx = {i for row in left + right for i, v in enumerate(row) if isinstance(v, float | Decimal)}
    exact = [i for i in range(len(columns)) if i not in approx]

    def key(r: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple((r[i] is None, str(r[i])) for i in exact)

    problems: list[str] = []
    differing = 0
    for lrow, rrow in zip(sorted(left, key=key), sorted(right, key=key), strict=True):
        for c, lv, rv in zip(columns, lrow, rrow, strict=True):
            if not _same(lv, rv):
                problems.append(f"{name}.{c}: DuckDB {lv!r} vs Spark {rv!r}")
            elif lv != rv:
                differing += 1
        if len(problems) > 5:
            break
    return problems, differing


@pytest.fixture(scope="module")
def first_build(spark_env: dict[str, str]) -> Any:
    from csx.spark.publish import build_spark

    work = Path(spark_env["WORK"])
    started = time.monotonic()
    res = build_spark(
        "spark",
        published=work / "published" / "warehouse.duckdb",
        build_dir=work / "build",
        skip_dashboards=True,
    )
    print(f"csx build --target spark: {time.monotonic() - started:.0f} s {res.seconds}")
    return res


@pytest.mark.slow
def test_spark_build_publishes_the_duckdb_marts(
    first_build: Any, built_warehouse: Path, cluster: Any, spark_env: dict[str, str]
) -> None:
    import duckdb

    from csx.quality.manifest import load_manifest, mart_rules

    assert first_build.slot == "a"
    rules = mart_rules(load_manifest(Path(spark_env["DBT_TARGET_PATH"]) / "manifest.json"))
    assert sorted(first_build.marts) == sorted(rules) and len(rules) >= 10
    assert first_build.expectations > 100
    # readers see the published slot through the `marts` views on the server
    [(waves,)] = _thrift(cluster, "select count(*) from marts.dim_wave")
    assert waves >= 2
    assert _thrift(cluster, "select slot from csx_meta.publication") == [("a",)]
    problems: list[str] = []
    differing = 0
    duck = duckdb.connect(str(built_warehouse), read_only=True)
    spark = duckdb.connect(str(first_build.published), read_only=True)
    try:
        for name, rule in sorted(rules.items()):
            columns = [c for c in rule.columns if c not in ENGINE_SPECIFIC]
            found, n = _compare_mart(duck, spark, name, columns)
            problems += found
            differing += n
    finally:
        duck.close()
        spark.close()
    print(f"{len(rules)} marts equal on DuckDB and Spark; {differing} doubles differ by at most {TOLERANCE}")
    assert not problems, "\n".join(problems[:20])


@pytest.mark.slow
def test_failed_audit_keeps_readers_on_the_previous_version(
    first_build: Any, cluster: Any, spark_env: dict[str, str]
) -> None:
    from csx.spark.publish import build_spark

    work = Path(spark_env["WORK"])
    before_file = _sha(first_build.published)
    before_rows = _ordered(_thrift(cluster, "select * from marts.mart_wave_summary"))
    started = time.monotonic()
    with pytest.raises(CsxError) as failed:
        build_spark(
            "spark",
            published=first_build.published,
            build_dir=work / "build",
            skip_dashboards=True,
            skip_landing=True,
            min_cell_size=10**6,
        )
    print(f"rebuild on the same server, audit failing: {time.monotonic() - started:.0f} s")
    assert "min_cell_size_k1000000" in str(failed.value)
    assert "readers stay on slot a" in str(failed.value)
    assert _thrift(cluster, "select slot from csx_meta.publication") == [("a",)]
    assert _ordered(_thrift(cluster, "select * from marts.mart_wave_summary")) == before_rows
    assert _sha(first_build.published) == before_file
    # the rejected build is there, in the other slot, for whoever wants to look
    [(rows,)] = _thrift(cluster, "select count(*) from csx_b_marts.mart_wave_summary")
    assert rows == len(before_rows)


@pytest.mark.slow
def test_one_model_in_a_new_process(first_build: Any, spark_env: dict[str, str]) -> None:
    """The catalog persists across dbt processes: one model of the published slot, rebuilt on its own."""
    dbt = Path(sys.executable).with_name("dbt")
    work = Path(spark_env["WORK"])
    env = {**os.environ, "CSX_SCHEMA_PREFIX": "csx_a_", "DBT_TARGET_PATH": str(work / "target-one")}
    proc = subprocess.run(
        [
            str(dbt),
            "build",
            "--select",
            "dim_wave",
            "--project-dir",
            str(REPO_ROOT),
            "--profiles-dir",
            str(REPO_ROOT),
        ],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, "\n".join(proc.stdout.splitlines()[-30:])
    assert "ERROR=0" in proc.stdout
