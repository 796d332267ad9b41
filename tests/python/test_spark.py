"""Portability proof: the dbt project (seeds, every model, unit tests, singular tests) builds on Spark.

Runs `dbt build` against the `spark` profile target (dbt-spark session method, Spark in-process,
in-memory catalog, a fresh warehouse directory). Generic data tests (keys, relationships, ranges) are
left to the DuckDB build to keep `make test` within its budget (155 s with them, ~75 s without); the
singular tests run, including the reconciliation check, so the Spark marts reproduce the printed
figures exactly as DuckDB's do. The survey weights are computed first (`csx weights compute`, as
`csx build` does; docs/weighting.md) and read by Spark's Parquet reader. requirements.lock installs
dbt-spark and pyspark; without them this test is skipped.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from csx.paths import REPO_ROOT

pytest.importorskip("pyspark")
pytest.importorskip("dbt.adapters.spark")


@pytest.mark.slow
def test_dbt_build_on_spark(tmp_path: Path) -> None:
    from csx.weighting.compute import write_weights

    write_weights(REPO_ROOT, tmp_path / "weights")
    env = {
        **os.environ,
        "CSX_WEIGHTS_DIR": str(tmp_path / "weights"),
        "CSX_TARGET": "spark",
        "CSX_SPARK_WAREHOUSE_DIR": str(tmp_path / "spark-warehouse"),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    dbt = Path(sys.executable).with_name("dbt")
    started = time.monotonic()
    proc = subprocess.run(
        [
            str(dbt), "build",
            "--project-dir", str(REPO_ROOT),
            "--profiles-dir", str(REPO_ROOT),
            "--target-path", str(tmp_path / "target"),
            "--log-path", str(tmp_path / "logs"),
            "--no-partial-parse",
            "--exclude", "test_type:generic",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    elapsed = time.monotonic() - started
    tail = "\n".join(proc.stdout.splitlines()[-40:])
    assert proc.returncode == 0, f"dbt build on Spark failed after {elapsed:.0f} s:\n{tail}"
    assert "ERROR=0" in proc.stdout
    print(f"dbt build on Spark: {elapsed:.0f} s")
