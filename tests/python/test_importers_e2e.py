"""Issue 13 "Done when": real-looking exports -> `csx wave import` -> `csx wave add`, through the CLI.

From the shipped 2025 respondents two exports of a new wave 2027 are written the way the tools write
them, each with one renamed question (new code, same text), one new question and one free-text column:

* an SPSS `.sav`: English variable labels, Japanese value labels, 99 = 無回答 declared user-missing on
  every coded variable (and used where a respondent was not asked, and in the new question), Qualtrics'
  metadata variables, one survey preview and one unfinished response;
* a Qualtrics CSV (three header rows, BOM, CRLF) with Japanese question text, metadata columns, a
  text-entry column, one preview and one unfinished response.

In a copy of the repository, `csx wave import` writes the landing file and the draft codebook; only the
`REVIEW:` markers are removed from its notes; `csx wave add` must then load exactly the 235 real,
finished respondents with every answer equal to the source, and the draft's matched questions and
options must equal the existing 2025 codebook rows column by column (all but the wave's own codes,
order and notes).
"""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from csx.paths import REPO_ROOT
from csx.waves import copy_repo

CSX = str(Path(sys.executable).with_name("csx"))
WAVE = "2027"
RENAMED = ("Q23", "Q23R")  # upsell_difficulty: new code, same text
NEW, FREE = "Q33", "Q34"
NEW_CODES = {1: "拡大する", 2: "維持する", 3: "縮小する"}
MISSING = 99
SAME_Q = ["question_id", "question_group", "item_id", "question_type", "label_ja", "label_en",
          "report_chart", "is_required", "base_condition", "max_selections"]  # fmt: skip
SAME_O = [
    "option_id",
    "trend_option_id",
    "value_domain",
    "label_ja",
    "label_en",
    "score_value",
    "is_exclusive",
]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (REPO_ROOT / "seeds/waves/wave_2025.csv").exists(), reason="no shipped 2025 wave"),
]


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _codebook_2025() -> tuple[pd.DataFrame, pd.DataFrame]:
    q = _read(REPO_ROOT / "seeds/codebook/codebook_questions.csv")
    o = _read(REPO_ROOT / "seeds/codebook/codebook_options.csv")
    q = q[q.wave_id == "2025"].assign(_k=lambda d: d.question_order.astype(int)).sort_values("_k")
    o = o[o.wave_id == "2025"].assign(_k=lambda d: d.option_order.astype(int)).sort_values("_k")
    return q.drop(columns="_k").reset_index(drop=True), o.drop(columns="_k").reset_index(drop=True)


def _code(c: str) -> str:
    return RENAMED[1] if c == RENAMED[0] else c


class Source:
    """The 2027 answers as the survey tool holds them; `expected` is what must land."""

    def __init__(self) -> None:
        self.q, self.o = _codebook_2025()
        wave = _read(REPO_ROOT / "seeds/waves/wave_2025.csv")
        rng = np.random.default_rng(13)
        self.ids = [r.replace("R2025", "R2027") for r in wave.respondent_id]
        self.when = wave.submitted_at.str.replace("2025-", "2027-", n=1).tolist()
        self.answers = wave.drop(columns=["respondent_id", "submitted_at"]).rename(
            columns={RENAMED[0]: RENAMED[1]}
        )
        new = rng.integers(1, 4, len(wave)).astype(str)
        new[rng.random(len(wave)) < 0.1] = str(MISSING)  # "no answer": declared missing
        self.answers[NEW] = new
        self.free = [
            f"Please call me: 田中 {i:03d}@example.com" if i % 7 == 0 else "" for i in range(len(wave))
        ]

    def expected(self) -> pd.DataFrame:
        exp = self.answers.replace(str(MISSING), "")
        return pd.concat([pd.DataFrame({"respondent_id": self.ids, "submitted_at": self.when}), exp], axis=1)

    def single_codes(self) -> list[tuple[str, pd.Series]]:
        return [(_code(r.question_code), r) for r in self.q.itertuples() if r.question_type != "multi"]

    def options(self, question_code: str) -> pd.DataFrame:
        return self.o[self.o.question_code == question_code]


# --------------------------------------------------------------------------------------------------
# the .sav export
# --------------------------------------------------------------------------------------------------


def write_sav(src: Source, path: Path) -> Path:
    import pyreadstat

    n = len(src.ids)
    ts = pd.to_datetime(pd.Series(src.when + ["2027-03-01T10:00:00"] * 2))
    data: dict[str, object] = {
        "StartDate": ts,
        "EndDate": ts,
        "Status": [0.0] * n + [1.0, 0.0],  # one survey preview
        "Progress": [100.0] * n + [100.0, 35.0],
        "Finished": [1.0] * n + [1.0, 0.0],  # one unfinished response
        "RecordedDate": ts,
        "ResponseId": [*src.ids, "R_preview", "R_partial"],
        "UserLanguage": ["JA"] * (n + 2),
    }
    labels = ["Start Date", "End Date", "Response Type", "Progress", "Finished", "Recorded Date",
              "Response ID", "User Language"]  # fmt: skip
    vlabels: dict[str, dict[float, str]] = {
        "Status": {0: "IP Address", 1: "Survey Preview"},
        "Finished": {0: "False", 1: "True"},
    }
    missing: dict[str, list[int]] = {}
    partial = False

    def add(col: str, values: list[str], label: str, value_labels: dict[float, str], stop: bool) -> None:
        cells = [np.nan if v == "" else float(v) for v in values]
        fill = np.nan if stop else cells[0]
        data[col] = [*cells, cells[0], fill]
        labels.append(label)
        vlabels[col] = value_labels
        missing[col] = [MISSING]

    for r in src.q.itertuples():
        code = _code(r.question_code)
        partial = partial or code == "Q9_1"
        opts = src.options(r.question_code)
        if r.question_type == "multi":
            for opt in opts.itertuples():
                col = f"{code}_{opt.option_code}"
                add(col, src.answers[col].tolist(), f"{r.label_en} - {opt.label_en}",
                    {0: "選択なし", 1: "選択", MISSING: "無回答"}, partial)  # fmt: skip
        else:
            answers = [str(MISSING) if v == "" and i % 5 == 0 else v for i, v in enumerate(src.answers[code])]
            value_labels = {float(c): lab for c, lab in zip(opts.option_code, opts.label_ja, strict=True)}
            add(code, answers, r.label_en, {**value_labels, MISSING: "無回答"}, partial)
    add(NEW, src.answers[NEW].tolist(), "今後の投資計画", {**NEW_CODES, MISSING: "無回答"}, partial)
    data[FREE] = [*src.free, "preview text", ""]
    labels.append("Anything else? (open answer)")
    df = pd.DataFrame(data)
    pyreadstat.write_sav(
        df, path, column_labels=labels, variable_value_labels=vlabels, missing_ranges=missing
    )
    return path


# --------------------------------------------------------------------------------------------------
# the Qualtrics CSV export
# --------------------------------------------------------------------------------------------------


def write_qualtrics(src: Source, path: Path) -> Path:
    n = len(src.ids)
    when = [w.replace("T", " ") for w in src.when] + ["2027-03-01 10:00:00"] * 2

    def meta(name: str, text: str, import_id: str, values: list[str]) -> tuple[str, str, str, list[str]]:
        return (name, text, json.dumps({"ImportId": import_id}), values)

    cols = [
        meta("StartDate", "開始日", "startDate", when),
        meta("EndDate", "終了日", "endDate", when),
        meta("Status", "回答タイプ", "status", ["0"] * n + ["1", "0"]),
        meta("IPAddress", "IP アドレス", "ipAddress", ["192.0.2.1"] * (n + 2)),
        meta("Progress", "進捗", "progress", ["100"] * (n + 1) + ["35"]),
        meta("Duration (in seconds)", "所要時間（秒）", "duration", ["600"] * (n + 2)),
        meta("Finished", "終了", "finished", ["1"] * (n + 1) + ["0"]),
        meta("RecordedDate", "記録日", "recordedDate", when),
        meta("ResponseId", "回答 ID", "_recordId", [*src.ids, "R_preview", "R_partial"]),
        meta("LocationLatitude", "緯度", "locationLatitude", ["35.68"] * (n + 2)),
        meta("DistributionChannel", "配信チャネル", "distributionChannel", ["anonymous"] * (n + 2)),
        meta("UserLanguage", "ユーザー言語", "userLanguage", ["JA"] * (n + 2)),
    ]
    partial = False
    for qid, r in enumerate(src.q.itertuples(), start=1):
        code = _code(r.question_code)
        partial = partial or code == "Q9_1"
        if r.question_type == "multi":
            for opt in src.options(r.question_code).itertuples():
                col = f"{code}_{opt.option_code}"
                vals = src.answers[col].replace("0", "").tolist()  # numeric export: unselected = empty
                imp = json.dumps({"ImportId": f"QID{qid}", "choiceId": opt.option_code})
                cols.append(
                    (col, f"{r.label_ja} - {opt.label_ja}", imp, [*vals, vals[0], "" if partial else "1"])
                )
        else:
            vals = src.answers[code].tolist()
            first = src.options(r.question_code).option_code.iloc[0]
            cols.append(
                (
                    code,
                    r.label_ja,
                    json.dumps({"ImportId": f"QID{qid}"}),
                    [*vals, first, "" if partial else first],
                )
            )
    new = src.answers[NEW].replace(str(MISSING), "-99").tolist()  # Qualtrics' "seen but unanswered"
    cols.append((NEW, "今後の投資計画", json.dumps({"ImportId": "QID60"}), [*new, "1", ""]))
    cols.append((FREE, "その他ご意見", json.dumps({"ImportId": "QID61_TEXT"}), [*src.free, "preview", ""]))
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerows([[c[0] for c in cols], [c[1] for c in cols], [c[2] for c in cols]])
        w.writerows(zip(*[c[3] for c in cols], strict=True))
    return path


# --------------------------------------------------------------------------------------------------
# the test
# --------------------------------------------------------------------------------------------------


def run(args: list[str], root: Path) -> str:
    env = {**os.environ, "CSX_REPO_ROOT": str(root), "PYTHONWARNINGS": "ignore"}
    res = subprocess.run(args, cwd=root, env=env, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, f"{' '.join(args)}\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}"
    return res.stdout


def strip_review_markers(codebook_dir: Path) -> None:
    """What the reviewer does (and nothing else): remove the `REVIEW:` markers from notes."""
    for name in ("codebook_questions.csv", "codebook_options.csv"):
        df = _read(codebook_dir / name)
        df["notes"] = df.notes.map(lambda s: re.sub(r"REVIEW:\s*", "", s))
        df.to_csv(codebook_dir / name, index=False, lineterminator="\n")


def assert_matched_rows_unchanged(src: Source, draft_q: pd.DataFrame, draft_o: pd.DataFrame) -> None:
    matched = draft_q[draft_q.question_code != NEW].reset_index(drop=True)
    assert matched.question_code.tolist() == [_code(c) for c in src.q.question_code]
    pd.testing.assert_frame_equal(matched[SAME_Q], src.q[SAME_Q])
    old_o = src.o.assign(question_code=src.o.question_code.map(_code))
    merged = draft_o.merge(old_o, on=["question_code", "option_code"], how="inner", suffixes=("", "_2025"))
    assert len(merged) == len(old_o) == len(draft_o[draft_o.question_code != NEW])
    for c in SAME_O:
        assert merged[c].tolist() == merged[f"{c}_2025"].tolist(), c


@pytest.mark.parametrize("fmt", ["sav", "qualtrics"])
def test_real_export_imports_and_adds_unchanged(fmt: str, tmp_path: Path) -> None:
    src = Source()
    root = copy_repo(REPO_ROOT, tmp_path / "repo")
    export = (write_sav if fmt == "sav" else write_qualtrics)(
        src, tmp_path / f"export.{'sav' if fmt == 'sav' else 'csv'}"
    )
    incoming = tmp_path / "incoming"

    out = run(
        [CSX, "wave", "import", "--from", fmt, str(export), "--wave-id", WAVE, "--out", str(incoming)], root
    )
    assert "not loaded: 1 survey preview (Status)" in out
    assert "not loaded: 1 unfinished response (Finished = 0)" in out
    assert f"left out as free text (personal data stays out of the codebook): {FREE}" in out
    draft_q, draft_o = _read(incoming / "codebook_questions.csv"), _read(incoming / "codebook_options.csv")
    assert draft_q.notes.str.startswith("REVIEW:").all() and draft_o.notes.str.startswith("REVIEW:").all()
    assert_matched_rows_unchanged(src, draft_q, draft_o)
    new_q = draft_q.set_index("question_code").loc[NEW]
    assert (new_q.question_id, new_q.label_ja, new_q.label_en) == ("q33", "今後の投資計画", "")
    assert draft_o[draft_o.question_code == NEW].option_id.tolist() == ["opt_1", "opt_2", "opt_3"]
    for name in ("codebook_questions.csv", "codebook_options.csv", f"wave_{WAVE}.csv"):
        assert "example.com" not in (incoming / name).read_text(encoding="utf-8")

    strip_review_markers(incoming)
    out = run(
        [
            CSX,
            "wave",
            "add",
            WAVE,
            "--responses",
            str(incoming / f"wave_{WAVE}.csv"),
            "--codebook",
            str(incoming),
        ],
        root,
    )
    n = len(src.ids)
    assert f"wave {WAVE}: {n:,} respondents loaded, 0 quarantined (of {n:,} read)" in out
    loaded = _read(root / "seeds/waves" / f"wave_{WAVE}.csv")
    expected = src.expected()
    assert loaded.respondent_id.tolist() == src.ids
    pd.testing.assert_frame_equal(loaded[list(expected.columns)], expected)
    assert set(loaded.columns) == set(expected.columns)
