"""End to end: a new wave adds a 0-10 NPS question and a 1-7 customer-effort question (issue 15).

In a temporary copy of the repository: the 2027 fixture codebook and export of test_e2e_new_wave.py, plus
two rating questions on scales csx did not know before - "how likely are you to recommend us" on 0..10
(answer codes 1..11, scored 0..10 as SPSS exports often are: the scale is the codebook's score_value, not
the code) and customer effort on 1..7. `csx wave add` and one `csx build --skip-dashboards`, no change
under models/, then mart_rating_scores for the whole wave against a pandas computation from the export.
"""

from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from csx.paths import REPO_ROOT
from csx.waves import copy_repo
from test_e2e_new_wave import rebuild, run, tree_hashes
from test_waves_harmonization import NEW_WAVE, make_2027_codebook, make_2027_wave

CSX = str(Path(sys.executable).with_name("csx"))
N = 300
NPS_CODE, NPS_QID = "Q90", "recommend_likelihood"
CES_CODE, CES_QID = "Q91", "customer_effort"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (REPO_ROOT / "seeds/waves/wave_2025.csv").exists(), reason="no shipped 2025 wave"),
]


def _append_rows(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    with path.open("a", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerows([[r.get(c, "") for c in header] for r in rows])


def add_rating_questions(codebook_dir: Path) -> dict[str, dict[str, int]]:
    """Two rating questions at the end of the 2027 questionnaire; returns code -> score per question."""
    q = pd.read_csv(codebook_dir / "codebook_questions.csv", dtype=str, keep_default_na=False)
    last = int(q.question_order.astype(int).max())
    common = {
        "wave_id": NEW_WAVE,
        "question_type": "rating",
        "is_required": "false",
        "notes": "fixture: issue 15",
    }
    _append_rows(
        codebook_dir / "codebook_questions.csv",
        [
            common
            | {
                "question_code": NPS_CODE,
                "question_id": NPS_QID,
                "question_order": str(last + 1),
                "label_ja": "当社を推奨する可能性（0〜10）",
                "label_en": "How likely are you to recommend us (0-10)",
            },
            common
            | {
                "question_code": CES_CODE,
                "question_id": CES_QID,
                "question_order": str(last + 2),
                "label_ja": "問題解決の容易さ（1〜7）",
                "label_en": "Customer effort to get the issue resolved (1-7)",
            },
        ],
    )
    scales = {
        NPS_CODE: {str(score + 1): score for score in range(0, 11)},  # codes 1..11 score 0..10
        CES_CODE: {str(score): score for score in range(1, 8)},
    }
    rows = []
    for code, scale in scales.items():
        for order, (option_code, score) in enumerate(scale.items(), start=1):
            rows.append(
                {
                    "wave_id": NEW_WAVE,
                    "question_code": code,
                    "option_code": option_code,
                    "option_id": f"p{score}",
                    "trend_option_id": f"p{score}",
                    "option_order": str(order),
                    "label_ja": str(score),
                    "label_en": str(score),
                    "score_value": str(score),
                    "is_exclusive": "false",
                }
            )
    _append_rows(codebook_dir / "codebook_options.csv", rows)
    return scales


def add_rating_answers(export: Path, scales: dict[str, dict[str, int]], seed: int = 15) -> pd.DataFrame:
    """Skewed answers (every point chosen by enough respondents to be published), some left blank."""
    rng = np.random.default_rng(seed)
    df = pd.read_csv(export, dtype=str, keep_default_na=False)
    for code, scale in scales.items():
        codes = list(scale)
        weights = np.linspace(1.0, 3.0, len(codes))
        answers = rng.choice(codes, size=len(df), p=weights / weights.sum())
        blank = rng.random(len(df)) < 0.05
        df[code] = np.where(blank, "", answers)
    df.to_csv(export, index=False, lineterminator="\n")
    return df


def by_hand(answers: pd.Series, scale: dict[str, int]) -> dict[str, float]:
    """Mean, top-2-box and NPS of one question, from the raw export's answer codes (not from SQL)."""
    scores = answers[answers != ""].map(scale).astype(int)
    high = max(scale.values())
    out = {
        "respondents_n": float(len(scores)),
        "avg_score": scores.mean(),
        "top2_share": (scores >= high - 1).mean(),
        "bottom2_share": (scores <= min(scale.values()) + 1).mean(),
    }
    if (min(scale.values()), high) == (0, 10):
        out["nps"] = 100 * ((scores >= 9).mean() - (scores <= 6).mean())
    return out


def test_new_wave_with_nps_and_effort_scales(tmp_path: Path) -> None:
    root = copy_repo(REPO_ROOT, tmp_path / "repo")
    before = tree_hashes(root)
    env = {
        **os.environ,
        "CSX_REPO_ROOT": str(root),
        "CSX_WAREHOUSE": str(root / "warehouse.duckdb"),
        "PYTHONWARNINGS": "ignore",
    }
    cb = tmp_path / "codebook_2027"
    h = make_2027_codebook(cb, root=root)
    export = make_2027_wave(cb, h, tmp_path / "export_2027.csv", n=N, root=root)
    scales = add_rating_questions(cb)
    raw = add_rating_answers(export, scales)

    out = run(
        [CSX, "wave", "add", NEW_WAVE, "--responses", str(export), "--codebook", str(cb), "--synthetic"],
        root,
        env,
    )
    assert f"wave {NEW_WAVE}: {N} respondents loaded, 0 quarantined" in out.stdout
    rebuild(root, env)
    assert tree_hashes(root / "models") == {
        k.removeprefix("models/"): v for k, v in before.items() if k.startswith("models/")
    }, "a file under models/ changed"

    con = duckdb.connect(str(root / "warehouse.duckdb"), read_only=True)
    try:
        for code, qid in ((NPS_CODE, NPS_QID), (CES_CODE, CES_QID)):
            expected = by_hand(raw[code], scales[code])
            row = con.execute(
                "select respondents_n, avg_score, top2_share, bottom2_share, nps, scale_min, scale_max, "
                "avg_score_ci_low, avg_score_ci_high, nps_ci_low, nps_ci_high, suppressed "
                "from marts.mart_rating_scores where wave_id = ? and segment_question_id = 'total' "
                "and question_id = ?",
                [NEW_WAVE, qid],
            ).fetchall()
            assert len(row) == 1, (qid, row)
            n, avg, top2, bottom2, nps, low, high, ci_low, ci_high, nps_low, nps_high, suppressed = row[0]
            assert not suppressed
            assert (low, high) == (min(scales[code].values()), max(scales[code].values()))
            assert n == expected["respondents_n"]
            assert avg == pytest.approx(expected["avg_score"], abs=1e-12)
            assert top2 == pytest.approx(expected["top2_share"], abs=1e-12)
            assert bottom2 == pytest.approx(expected["bottom2_share"], abs=1e-12)
            assert ci_low < avg < ci_high
            if "nps" in expected:
                assert nps == pytest.approx(expected["nps"], abs=1e-9)
                assert nps_low < nps < nps_high
            else:
                assert nps is None and nps_low is None
        # a question new in 2027 has no trend; CX is compared 2025 -> 2027 on the same scale
        assert con.execute(
            "select count(*) from marts.mart_rating_trends where question_id in (?, ?)", [NPS_QID, CES_QID]
        ).fetchall() == [(0,)]
        assert con.execute(
            "select comparison from marts.mart_rating_trends where question_id = 'cx_score' "
            "and segment_question_id = 'total' and wave_id = ? and previous_wave_id = '2025'",
            [NEW_WAVE],
        ).fetchall() == [("same_scale",)]
        # the shipped waves' option marts are untouched by the new wave's scales
        assert con.execute(
            "select count(*) from marts.mart_rating_scores where wave_id in ('2023', '2025') "
            "and question_id in (?, ?)",
            [NPS_QID, CES_QID],
        ).fetchall() == [(0,)]
    finally:
        con.close()
