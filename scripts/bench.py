#!/usr/bin/env python
"""Benchmark: csx's documented path against a hand-written DuckDB pipeline on the same file, side by side.

For each size (respondents resampled from the shipped 2025 wave, 126 columns, written as a survey-tool CSV):

  csx     in a throwaway copy of the repository whose two shipped waves are already built and published:
          `csx wave add 2099 --responses wave.csv --codebook cb/` then `csx build --skip-dashboards`
          (landing rules, landing suite, dbt models and tests, Great Expectations, publish), as subprocesses;
  anchor  one Python process (scripts/bench_anchor.py), DuckDB only, hand-written SQL: read the same CSV,
          recode by hash joins on
          small lookup tables, aggregate per (question, option, segment profile) into partial sums, roll up
          the segment cuts, statistics last; writes fct_respondent_scores and mart_option_scores for the
          wave into a DuckDB file. Both outputs are compared row by row (the run fails if they differ).

Wall seconds and the peak resident memory of each whole process tree (sampled from /proc every 50 ms)
are printed per stage, with the ratio csx / anchor. `--eleven` also adds an 11th wave to a warehouse that
already holds ten waves of the same size and compares it with adding that wave to the shipped warehouse.

Usage: python scripts/bench.py [--sizes 10000,100000,1000000] [--eleven 100000] [--keep DIR]
(`make bench` runs the defaults; not part of `make test`: it is a measurement, not a test.)
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = "2025"
WAVE = "2099"


# ------------------------------------------------------------------------------------ measuring processes
def _tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants (kB), from /proc."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status", encoding="ascii") as fh:
                total += next((int(line.split()[1]) for line in fh if line.startswith("VmRSS:")), 0)
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children", encoding="ascii") as fh:
                    stack += [int(c) for c in fh.read().split()]
        except (OSError, ValueError):
            continue
    return total


@dataclass
class Measured:
    seconds: float
    peak_mb: float
    output: str
    stages: dict[str, float] = field(default_factory=dict)


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> Measured:
    """Run a command; wall time and peak RSS of its process tree. Exits the benchmark if it fails."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_rss_kb(proc.pid))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    done.set()
    sampler.join()
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{out[-4000:]}")
    return Measured(seconds, peak / 1024, out)


# ------------------------------------------------------------------------------------------- inputs
def generate(root: Path, rows: int, wave_id: str, out: Path, seed: int = 7) -> Path:
    """Resample the template wave's respondents (DuckDB, deterministic) into an N-row survey-tool CSV."""
    con = duckdb.connect()
    src = root / "seeds" / "waves" / f"wave_{TEMPLATE}.csv"
    con.execute(
        "create table src as select *, row_number() over () - 1 as _i "
        f"from read_csv('{src}', all_varchar = true)"
    )
    n_src = con.execute("select count(*) from src").fetchone()[0]
    columns = [c for (c,) in con.execute("select column_name from (describe src)").fetchall() if c != "_i"]
    width = max(6, len(str(rows)))
    picked = ", ".join(
        f"'R{wave_id}-' || lpad(cast(r.range + 1 as varchar), {width}, '0') as respondent_id"
        if c == "respondent_id"
        else (
            f"strftime(timestamp '{wave_id[:4]}-01-15 08:00:00' "
            f"+ to_seconds(cast(hash(r.range, {seed}) % (45 * 86400) as bigint)), "
            "'%Y-%m-%dT%H:%M:%S') as submitted_at"
            if c == "submitted_at"
            else f'src."{c}"'
        )
        for c in columns
    )
    con.execute(
        f"copy (select {picked} from range({rows}) r "
        f"join src on src._i = hash(r.range, {seed + 1}) % {n_src} "
        f"order by r.range) to '{out}' (header, delimiter ',')"
    )
    con.close()
    return out


def codebook_for(root: Path, wave_id: str, out_dir: Path) -> Path:
    """The template wave's codebook rows relabelled as the new wave's (a directory for --codebook)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    for name in ("codebook_questions.csv", "codebook_options.csv"):
        src = root / "seeds" / "codebook" / name
        con.execute(
            f"copy (select * replace ('{wave_id}' as wave_id) from read_csv('{src}', all_varchar = true) "
            f"where wave_id = '{TEMPLATE}') to '{out_dir / name}' (header, delimiter ',')"
        )
    con.close()
    return out_dir


# ------------------------------------------------------------------------------------------- csx path
def csx(root: Path) -> list[str]:
    return [str(Path(sys.executable).with_name("csx")), "--project-dir", str(root)]


def prepare_repo(work: Path) -> Path:
    """A copy of the repository with its shipped waves built and published (not timed)."""
    sys.path.insert(0, str(ROOT / "src"))
    from csx.waves import copy_repo

    repo = copy_repo(ROOT, work / "repo")
    run([*csx(repo), "build", "--skip-dashboards"], cwd=repo)
    return repo


def add_and_build(repo: Path, wave_id: str, wave: Path, codebook: Path) -> tuple[Measured, Measured]:
    add_cmd = ["wave", "add", wave_id, "--responses", str(wave), "--codebook", str(codebook)]
    add = run([*csx(repo), *add_cmd], cwd=repo)
    build = run([*csx(repo), "build", "--skip-dashboards"], cwd=repo)
    summary = build.output.split("published")[-1]
    build.stages = {k: float(v) for k, v in re.findall(r"(\w+) ([\d.]+)s", summary)}
    build.stages.update(_dbt_node_seconds(repo))
    return add, build


def _dbt_node_seconds(repo: Path) -> dict[str, float]:
    """Time dbt spent in models and in tests (sums of node execution times, from run_results.json)."""
    import json

    try:
        results = json.loads((repo / "target" / "run_results.json").read_text(encoding="utf-8"))["results"]
    except (OSError, ValueError, KeyError):
        return {}
    out = {"dbt models (node time)": 0.0, "dbt tests (node time)": 0.0}
    for r in results:
        kind = r["unique_id"].split(".")[0]
        key = "dbt tests (node time)" if kind in ("test", "unit_test") else "dbt models (node time)"
        out[key] += r["execution_time"]
    return {k: round(v, 1) for k, v in out.items()}


# ------------------------------------------------------------------------------------------- anchor
def anchor(work: Path, wave: Path, codebook: Path) -> tuple[Measured, Path]:
    """The hand-written pipeline (scripts/bench_anchor.py) in its own process."""
    out = work / f"anchor-{wave.stem}.duckdb"
    out.unlink(missing_ok=True)
    t_table = ROOT / "seeds" / "reference" / "t_critical_values.csv"
    script = ROOT / "scripts" / "bench_anchor.py"
    cmd = [sys.executable, str(script), str(wave), str(codebook), str(t_table), str(out), WAVE]
    return run(cmd, cwd=work), out


# table: (keys, values, filter on csx's rows). The anchor computes the unweighted figures only; csx also
# computes every weighting scheme (docs/weighting.md), compared here on its `unweighted` rows.
COMPARED = {
    "fct_respondent_scores": (
        ["respondent_id"],
        ["cx_score", "ex_score", "ox_score", "company_size_id", "cs_team_size_id", "customer_segment_id",
         "industry_id", "ai_use_id"],
        "true",
    ),
    "mart_option_scores": (
        ["segment_question_id", "segment_option_id", "question_id", "option_id"],
        ["respondents_n", "base_n", "share", "share_ci_low", "share_ci_high", "avg_cx", "avg_cx_ci_low",
         "avg_cx_ci_high", "avg_ex", "avg_ox", "avg_ox_ci_high", "suppressed"],
        "weighting_scheme = 'unweighted'",
    ),
}  # fmt: skip


def _differs(column: str) -> str:
    exact = f"w_t.{column} is distinct from a_t.{column}"
    if column == "suppressed" or column.endswith("_id"):
        return exact
    close = f"abs(cast(w_t.{column} as double) - cast(a_t.{column} as double)) <= 1e-9"
    return f"({exact} and not coalesce({close}, false))"


def compare(warehouse: Path, anchor_db: Path) -> str:
    """Rows of both marts for the wave: equal keys, equal values (doubles within 1e-9)."""
    con = duckdb.connect()
    con.execute(f"attach '{warehouse}' as w (read_only)")
    con.execute(f"attach '{anchor_db}' as a (read_only)")
    for table, (keys, values, only) in COMPARED.items():
        on = " and ".join(f"w_t.{k} = a_t.{k}" for k in keys)
        differs = " or ".join(_differs(v) for v in values)
        sql = f"""select count(*) filter (where w_t.{keys[0]} is null or a_t.{keys[0]} is null),
                         count(*) filter (where {differs}), count(*)
                  from (select * from w.marts.{table} where wave_id = '{WAVE}' and {only}) w_t
                  full join (select * from a.main.{table}) a_t on {on}"""
        unmatched, different, _ = con.execute(sql).fetchone()
        if unmatched or different:
            raise SystemExit(
                f"{table}: csx and the anchor differ ({unmatched} unmatched, {different} different)"
            )
    con.close()
    return "equal"


# ------------------------------------------------------------------------------------------- report
def report(size: int, add: Measured, build: Measured, anchor_run: Measured, check: str) -> None:
    total_s = add.seconds + build.seconds
    total_mb = max(add.peak_mb, build.peak_mb)
    print(f"\n## {size:,} respondents ({check} on every row of fct_respondent_scores and mart_option_scores)")
    print(f"{'':42}{'seconds':>10}{'peak MB':>10}")
    print(f"{'csx wave add (landing rules, suite, write)':42}{add.seconds:10.1f}{add.peak_mb:10.0f}")
    print(f"{'csx build --skip-dashboards':42}{build.seconds:10.1f}{build.peak_mb:10.0f}")
    for stage, secs in build.stages.items():
        print(f"{'  ' + stage:42}{secs:10.1f}")
    print(f"{'csx total':42}{total_s:10.1f}{total_mb:10.0f}")
    print(f"{'hand-written DuckDB pipeline':42}{anchor_run.seconds:10.1f}{anchor_run.peak_mb:10.0f}")
    print(f"{'ratio csx / DuckDB':42}{total_s / anchor_run.seconds:9.2f}x")


def bench_size(work: Path, repo: Path, size: int) -> None:
    wave = generate(ROOT, size, WAVE, work / f"wave_{size}.csv")
    cb = codebook_for(ROOT, WAVE, work / "codebook")
    anchor_run, anchor_db = anchor(work, wave, cb)
    add, build = add_and_build(repo, WAVE, wave, cb)
    check = compare(repo / "warehouse.duckdb", anchor_db)
    report(size, add, build, anchor_run, check)
    run([*csx(repo), "wave", "remove", WAVE], cwd=repo)
    run([*csx(repo), "build", "--skip-dashboards"], cwd=repo)


def bench_eleven(work: Path, size: int) -> None:
    """Adding an 11th wave to a warehouse of ten waves vs adding the same wave to the shipped warehouse."""
    cb_base = work / "cb_eleven"
    alone_repo = prepare_repo(work / "alone")
    wave = generate(ROOT, size, "2111", work / "wave_2111.csv", seed=111)
    cb = codebook_for(ROOT, "2111", cb_base / "2111")
    alone_add, alone_build = add_and_build(alone_repo, "2111", wave, cb)
    ten_repo = prepare_repo(work / "ten")
    for i in range(10):
        wid = f"21{i:02d}"
        wave_i = generate(ROOT, size, wid, work / f"wave_{wid}.csv", seed=i)
        add_and_build(ten_repo, wid, wave_i, codebook_for(ROOT, wid, cb_base / wid))
    add, build = add_and_build(ten_repo, "2111", wave, cb)
    alone_s, eleven_s = alone_add.seconds + alone_build.seconds, add.seconds + build.seconds
    alone_mb, eleven_mb = max(alone_add.peak_mb, alone_build.peak_mb), max(add.peak_mb, build.peak_mb)
    print(f"\n## adding a wave of {size:,} respondents")
    print(f"{'':42}{'seconds':>10}{'peak MB':>10}")
    print(f"{'to the shipped warehouse (2 waves)':42}{alone_s:10.1f}{alone_mb:10.0f}")
    print(f"{'as the 11th wave (10 waves of this size)':42}{eleven_s:10.1f}{eleven_mb:10.0f}")
    print(f"{'ratio 11th / alone':42}{eleven_s / alone_s:9.2f}x")


def bench_shipped(work: Path) -> None:
    repo = prepare_repo(work / "shipped")
    full = run([*csx(repo), "build", "--skip-dashboards", "--full-refresh"], cwd=repo)
    again = run([*csx(repo), "build", "--skip-dashboards"], cwd=repo)
    print("\n## shipped two-wave warehouse (445 respondents)")
    print(f"{'':42}{'seconds':>10}{'peak MB':>10}")
    print(f"{'csx build --skip-dashboards --full-refresh':42}{full.seconds:10.1f}{full.peak_mb:10.0f}")
    print(f"{'csx build --skip-dashboards (no change)':42}{again.seconds:10.1f}{again.peak_mb:10.0f}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--sizes", default="10000,100000,1000000", help="comma-separated respondent counts ('' for none)"
    )
    ap.add_argument("--eleven", type=int, default=100_000, help="wave size for the 11th-wave run (0 to skip)")
    ap.add_argument("--keep", type=Path, help="keep the work directory here")
    args = ap.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="csx-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"csx benchmark on {os.cpu_count()} cores (load average {load}); work directory {work}", flush=True)
    try:
        bench_shipped(work)
        sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
        if sizes:
            repo = prepare_repo(work / "sizes")
            for size in sizes:
                bench_size(work, repo, size)
        if args.eleven:
            bench_eleven(work, args.eleven)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
