"""End to end: a new survey year from export file to marts, exactly as docs/adding_a_wave.md says.

In a temporary copy of the repository: derive the 2027 fixture codebook (renamed question, added,
dropped and split options; see test_waves_harmonization.py), generate a 2027 export by resampling the
shipped 2025 respondents onto it, run `csx wave add 2027 --responses ... --codebook ...`, rebuild
(`csx build --skip-dashboards` when available, else `dbt build`), then check the marts against numbers
computed by hand from the raw export, and that nothing under models/ changed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from csx.paths import REPO_ROOT
from csx.waves import copy_repo
from test_waves_harmonization import NEW_WAVE, make_2027_codebook, make_2027_wave

CSX = str(Path(sys.executable).with_name("csx"))
N = 300
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (REPO_ROOT / "seeds/waves/wave_2025.csv").exists(), reason="no shipped 2025 wave"),
]


def tree_hashes(root: Path, skip: tuple[str, ...] = ()) -> dict[str, str]:
    out = {}
    for p in sorted(root.rglob("*")):
        rel = p.relative_to(root).as_posix()
        if p.is_file() and not rel.startswith(skip) and not rel.endswith((".duckdb", ".duckdb.wal")):
            out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


def run(args: list[str], root: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    res = subprocess.run(args, cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, f"{' '.join(args)}\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}"
    return res


def rebuild(root: Path, env: dict[str, str]) -> str:
    """`csx build --skip-dashboards` if the publish area provides it, else `dbt build`."""
    probe = subprocess.run([CSX, "build", "--help"], cwd=root, env=env, capture_output=True, text=True)
    if probe.returncode == 0 and "--skip-dashboards" in probe.stdout:
        run([CSX, "build", "--skip-dashboards"], root, env)
        return "csx build --skip-dashboards"
    run([sys.executable, "-c", "from csx.dbt import run_dbt; run_dbt(['build', '--quiet'])"], root, env)
    return "dbt build"


def test_new_wave_end_to_end(tmp_path: Path) -> None:
    t0 = time.perf_counter()
    root = copy_repo(REPO_ROOT, tmp_path / "repo")
    before = tree_hashes(root)
    env = {
        **os.environ,
        "CSX_REPO_ROOT": str(root),
        "CSX_WAREHOUSE": str(root / "warehouse.duckdb"),
        "PYTHONWARNINGS": "ignore",
    }

    # 1. the survey team's export and codebook for the new year
    cb = tmp_path / "codebook_2027"
    h = make_2027_codebook(cb, root=root)
    export = make_2027_wave(cb, h, tmp_path / "export_2027.csv", n=N, root=root)

    # 2. the documented command
    out = run(
        [CSX, "wave", "add", NEW_WAVE, "--responses", str(export), "--codebook", str(cb), "--synthetic"],
        root,
        env,
    )
    assert f"wave {NEW_WAVE}: {N} respondents loaded, 0 quarantined" in out.stdout
    listed = run([CSX, "wave", "list"], root, env).stdout
    assert NEW_WAVE in listed and str(N) in listed

    # 3. what the add changed: the wave file, the codebook/registry seeds, the csx_waves list; not models/
    after_add = tree_hashes(root)
    changed = {k for k in before.keys() | after_add.keys() if before.get(k) != after_add.get(k)}
    assert changed == {
        f"seeds/waves/wave_{NEW_WAVE}.csv",
        "seeds/codebook/codebook_questions.csv",
        "seeds/codebook/codebook_options.csv",
        "seeds/codebook/waves.csv",
        "dbt_project.yml",
    }

    how = rebuild(root, env)
    assert tree_hashes(root / "models") == {
        k.removeprefix("models/"): v for k, v in before.items() if k.startswith("models/")
    }, "a file under models/ changed"

    raw = pd.read_csv(export, dtype=str, keep_default_na=False)
    con = duckdb.connect(str(root / "warehouse.duckdb"), read_only=True)
    try:
        q = lambda sql, *p: con.execute(sql, list(p)).fetchall()  # noqa: E731

        assert q("select respondents_n from marts.dim_wave where wave_id = ?", NEW_WAVE) == [(N,)]
        assert q("select respondents_n from marts.mart_wave_summary where wave_id = ?", NEW_WAVE) == [(N,)]

        def mart_share(qid: str, oid: str) -> float:
            """The whole-wave share of an option before disclosure control, checked against the mart:
            published as the same number or hidden (NULL, flagged suppressed)."""
            return checked_share(con, NEW_WAVE, qid, oid)

        # a share by hand from the raw export: the renamed (routed, single-choice) question
        col = raw[h.new_code]
        asked = col[col != ""]
        code_to_id = dict(
            pd.read_csv(cb / "codebook_options.csv", dtype=str)
            .query("question_code == @h.new_code")[["option_code", "option_id"]]
            .itertuples(index=False)
        )
        for code, oid in code_to_id.items():
            assert mart_share(h.renamed_qid, oid) == pytest.approx(
                (asked == code).sum() / len(asked), abs=1e-12
            )
        # ... and a multi-select option: selected / shown
        shown = raw[h.added_column][raw[h.added_column] != ""]
        assert mart_share(h.added_qid, h.added_option_id) == pytest.approx((shown == "1").mean(), abs=1e-12)

        # renamed question: compared 2025 -> 2027 through its question_id
        trend = q(
            "select count(*) from marts.mart_wave_trends where weighting_scheme = 'unweighted' "
            "and question_id = ? and wave_id = ? "
            "and previous_wave_id = '2025'",
            h.renamed_qid,
            NEW_WAVE,
        )
        assert trend[0][0] == len(code_to_id)
        cov = q(
            "select wave_ids, in_trends from marts.mart_question_coverage where question_id = ?",
            h.renamed_qid,
        )
        assert cov and NEW_WAVE in cov[0][0] and cov[0][1]

        # added option: listed for 2027 only, never in trends
        assert q(
            "select count(*) from marts.mart_wave_trends where weighting_scheme = 'unweighted' "
            "and question_id = ? and trend_option_id = ?",
            h.added_qid,
            h.added_option_id,
        ) == [(0,)]
        assert q(
            "select distinct wave_id from marts.mart_option_scores where question_id = ? and option_id = ?",
            h.added_qid,
            h.added_option_id,
        ) == [(NEW_WAVE,)]

        # dropped option: no 2027 comparison
        assert q(
            "select count(*) from marts.mart_wave_trends where weighting_scheme = 'unweighted' "
            "and question_id = ? and trend_option_id = ? and wave_id = ?",
            h.dropped_qid,
            h.dropped_option_id,
            NEW_WAVE,
        ) == [(0,)]

        # split option: compared through its trend id; 2027 share = both parts, by hand
        split = q(
            "select share, previous_share from marts.mart_wave_trends where weighting_scheme = 'unweighted' "
            "and question_id = ? "
            "and trend_option_id = ? and wave_id = ? and previous_wave_id = '2025'",
            h.split_qid,
            h.split_trend_id,
            NEW_WAVE,
        )
        col = raw[h.split_code][raw[h.split_code] != ""]
        assert len(split) == 1
        if split[0][0] is not None:  # a trend pair hidden by disclosure control publishes no share at all
            assert split[0][0] == pytest.approx(col.isin(h.split_codes).mean(), abs=1e-12)
            previous = checked_share(con, "2025", h.split_qid, h.split_trend_id)
            assert split[0][1] == pytest.approx(previous, abs=1e-12)
    finally:
        con.close()
    elapsed = time.perf_counter() - t0
    print(f"e2e new wave ({how}): {elapsed:.1f} s")


def checked_share(con: duckdb.DuckDBPyConnection, wave_id: str, qid: str, oid: str) -> float:
    """The unsuppressed whole-wave share of an option (intermediate layer); asserts the published mart cell
    either equals it or is suppressed with its share and counts hidden."""
    key = [wave_id, qid, oid]
    where = (
        "weighting_scheme = 'unweighted' and wave_id = ? and segment_question_id = 'total' "
        "and question_id = ? and option_id = ?"
    )
    true = con.execute(
        f"select share from intermediate.int_option_scores_aggregated where {where}", key
    ).fetchall()
    published = con.execute(
        f"select share, respondents_n, suppressed from marts.mart_option_scores where {where}", key
    ).fetchall()
    assert len(true) == 1 and len(published) == 1, (key, true, published)
    share, respondents_n, suppressed = published[0]
    if suppressed:
        assert share is None and respondents_n is None, key
    else:
        assert share == pytest.approx(true[0][0], abs=1e-12), key
    return float(true[0][0])
