#!/usr/bin/env python
"""Benchmark: land a 1 M-respondent wave without `dbt seed`.

1. Generate an N-row wave file with the 2025 wave's columns (vectorised numpy resampling of the
   shipped wave's respondents, new ids and timestamps) and its codebook (the 2025 codebook as the
   new wave's).
2. In a throwaway copy of the repository, run `csx wave add` (landing checks + DuckDB parquet write,
   storage external above the threshold) and time it.
3. Time DuckDB's own `read_csv` of the same file (every column as text, fully materialised).
4. Print both side by side with the ratio; with --dbt also time the staging build over the wave.

Usage:  python scripts/bench_large_wave.py [--rows 1000000] [--dbt] [--keep DIR]
Not part of `make test` (tests/python/test_waves_large.py runs a 20 k-row smoke version).
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from csx import waves
from csx.paths import REPO_ROOT

TEMPLATE_WAVE = "2025"
ONLY_SEEDS_MODELS = ["--resource-type", "seed", "--resource-type", "model"]  # dbt tests: the dbt area's


def generate_wave(root: Path, rows: int, wave_id: str, out: Path, seed: int = 7) -> Path:
    """Resample the template wave's respondents (numpy, vectorised) into an N-row landing file."""
    src = pd.read_csv(
        root / "seeds" / "waves" / f"wave_{TEMPLATE_WAVE}.csv", dtype=str, keep_default_na=False
    )
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(src), size=rows)
    data = {c: src[c].to_numpy(dtype=object)[idx] for c in src.columns}
    width = max(6, len(str(rows)))
    data["respondent_id"] = np.char.add(
        f"R{wave_id}-", np.char.zfill(np.arange(1, rows + 1).astype(str), width)
    )
    base = np.datetime64(f"{wave_id[:4]}-01-15T08:00:00")
    secs = rng.integers(0, 45 * 24 * 3600, size=rows).astype("timedelta64[s]")
    data["submitted_at"] = np.datetime_as_string(base + secs, unit="s")
    df = pd.DataFrame({c: data[c] for c in src.columns})
    con = duckdb.connect()
    con.register("w", df)
    cols = ", ".join(f'nullif("{c}", \'\') as "{c}"' for c in df.columns)
    con.execute(f"copy (select {cols} from w) to '{out}' (header, delimiter ',')")
    con.close()
    return out


def codebook_for(root: Path, wave_id: str, out_dir: Path) -> Path:
    """The template wave's codebook relabelled as the new wave's (a directory for --codebook)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in ("codebook_questions.csv", "codebook_options.csv"):
        with (root / "seeds" / "codebook" / name).open(encoding="utf-8", newline="") as fh:
            rows = [r for r in csv.DictReader(fh) if r["wave_id"] == TEMPLATE_WAVE]
        with (out_dir / name).open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
            w.writeheader()
            for r in rows:
                w.writerow({**r, "wave_id": wave_id})
    return out_dir


def duckdb_read_csv_seconds(path: Path) -> tuple[float, int]:
    con = duckdb.connect()
    t0 = time.perf_counter()
    con.execute(f"create table t as select * from read_csv('{path}', header = true, all_varchar = true)")
    secs = time.perf_counter() - t0
    n = con.execute("select count(*) from t").fetchone()
    con.close()
    return secs, int(n[0]) if n else 0


def dbt_staging_seconds(root: Path) -> float:
    import os
    import subprocess

    env = {**os.environ, "CSX_REPO_ROOT": str(root), "CSX_WAREHOUSE": str(root / "bench.duckdb")}
    cmd = [sys.executable, "-c", "from csx.dbt import run_dbt; import sys; run_dbt(sys.argv[1:])"]
    t0 = time.perf_counter()
    res = subprocess.run(
        [*cmd, "build", "--select", "+stg_survey__responses", "+stg_survey__respondents", *ONLY_SEEDS_MODELS],
        env=env,
        cwd=root,
        capture_output=True,
        text=True,
    )
    if res.returncode != 0:
        raise SystemExit(f"dbt staging build failed:\n{res.stdout[-4000:]}\n{res.stderr[-4000:]}")
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--wave-id", default="2099")
    ap.add_argument("--storage", default="auto", choices=waves.STORAGES)
    ap.add_argument("--dbt", action="store_true", help="also time the dbt staging build over the wave")
    ap.add_argument("--keep", type=Path, help="keep the work directory here")
    args = ap.parse_args()

    work = Path(tempfile.mkdtemp(prefix="csx-bench-")) if args.keep is None else args.keep
    work.mkdir(parents=True, exist_ok=True)
    try:
        root = waves.copy_repo(REPO_ROOT, work / "repo")
        t0 = time.perf_counter()
        wave_file = generate_wave(root, args.rows, args.wave_id, work / f"wave_{args.wave_id}_export.csv")
        gen = time.perf_counter() - t0
        cb = codebook_for(root, args.wave_id, work / "codebook")
        size_mb = wave_file.stat().st_size / 1e6
        print(
            f"generated {args.rows:,} rows x {len(pd.read_csv(wave_file, nrows=0).columns)} columns "
            f"({size_mb:,.0f} MB) in {gen:.1f} s"
        )

        t0 = time.perf_counter()
        res = waves.add_wave(
            args.wave_id, wave_file, cb, storage=args.storage, layout=waves.Layout(root), show_progress=True
        )
        ours = time.perf_counter() - t0
        duck, n = duckdb_read_csv_seconds(wave_file)
        assert n == args.rows, (n, args.rows)

        print()
        print(f"{'step':<44}{'seconds':>10}")
        print(f"{'csx wave add (landing + ' + res.storage + ' write), total':<44}{ours:>10.2f}")
        for k, v in res.seconds.items():
            print(f"{'  ' + k:<44}{v:>10.2f}")
        print(f"{'DuckDB read_csv (all_varchar, materialised)':<44}{duck:>10.2f}")
        print(f"{'ratio csx / DuckDB read_csv':<44}{ours / duck:>10.1f}x")
        print(
            f"rows loaded {res.rows_loaded:,}, quarantined {res.rows_quarantined:,}; "
            f"storage {res.storage} -> {res.wave_path.relative_to(root)} "
            f"({res.wave_path.stat().st_size / 1e6:,.0f} MB)"
        )
        if args.dbt:
            secs = dbt_staging_seconds(root)
            print(f"{'dbt build seeds+staging models (all waves)':<44}{secs:>10.2f}")
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
