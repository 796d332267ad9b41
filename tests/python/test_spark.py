"""Portability proof: the whole dbt project (seeds, models, unit and data tests) builds on Spark.

Runs `dbt build` against the `spark` profile target (dbt-spark session method, Spark in-process,
in-memory catalog, a fresh warehouse directory). Skipped unless the `spark` extra is installed:
    pip install 'dbt-spark[session]>=1.11,<1.12' pyspark
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
    env = {
        **os.environ,
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
