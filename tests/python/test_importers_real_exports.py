"""Importers on exports written the way the tools write them (issue 13, items 1-7).

Each test builds a small export with one feature of real exports — declared missing codes, Japanese
labels, free text, previews and unfinished responses, Qualtrics metadata in a .sav, Japanese question
text, SPSS multiple-response sets — imports it, and checks that the draft codebook passes the landing
layer's codebook rules (`csx.landing.load_codebook`) and says what was left out.
"""

from __future__ import annotations

import csv
import json
import re
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csx.importers import import_export
from csx.landing import load_codebook
from csx.paths import REPO_ROOT
from fixtures.sav_mrsets import MrSet, add_mr_sets, termination_offset

WAVE = "2031"
SHIPPED = REPO_ROOT / "seeds" / "waves" / "wave_2025.csv"
needs_seeds = pytest.mark.skipif(not SHIPPED.exists(), reason="shipped 2025 wave not generated yet")


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _draft(out: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    return _read(out / "codebook_questions.csv"), _read(out / "codebook_options.csv")


def _codebook_problems(out: Path) -> list[str]:
    return [str(p) for p in load_codebook(out, WAVE).problems]


def write_qualtrics(path: Path, columns: list[tuple[str, str, dict[str, str], list[str]]]) -> Path:
    """A Qualtrics legacy CSV as the tool writes it: BOM, CRLF, three header rows."""
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh, lineterminator="\r\n")
        w.writerow([c[0] for c in columns])
        w.writerow([c[1] for c in columns])
        w.writerow([json.dumps(c[2], ensure_ascii=False) for c in columns])
        w.writerows(zip(*[c[3] for c in columns], strict=True))
    return path


def _meta(
    name: str, text: str, import_id: str, values: list[str]
) -> tuple[str, str, dict[str, str], list[str]]:
    return (name, text, {"ImportId": import_id}, values)


# --------------------------------------------------------------------------------------------------
# 1. declared missing values are missing, never options
# --------------------------------------------------------------------------------------------------


def test_sav_user_missing_codes_are_missing_not_options(tmp_path: Path) -> None:
    import pyreadstat

    df = pd.DataFrame(
        {
            "respondent_id": ["a", "b", "c", "d", "e"],
            "Q5": [1.0, 5.0, 99.0, 3.0, 4.0],
            "Q6": [1.0, 2.0, 97.0, 98.0, 2.0],
        }
    )
    pyreadstat.write_sav(
        df,
        tmp_path / "x.sav",
        column_labels=["id", "CX rating", "Channel"],
        variable_value_labels={
            "Q5": {1: "Poor", 2: "Fair", 3: "Good", 4: "Very good", 5: "Excellent", 99: "No answer"},
            "Q6": {1: "Phone", 2: "Email", 97: "Refused", 98: "Don't know"},
        },
        missing_ranges={"Q5": [99], "Q6": [{"lo": 97, "hi": 98}]},
    )
    res = import_export("sav", tmp_path / "x.sav", WAVE, tmp_path / "out", codebook_dir=tmp_path)
    got = _read(res.wave_file)
    assert got.Q5.tolist() == ["1", "5", "", "3", "4"]
    assert got.Q6.tolist() == ["1", "2", "", "", "2"]
    dq, do = _draft(tmp_path / "out")
    assert do[do.question_code == "Q5"].option_code.tolist() == ["1", "2", "3", "4", "5"]
    assert do[do.question_code == "Q6"].option_code.tolist() == ["1", "2"]
    assert dq.set_index("question_code").question_type["Q5"] == "rating"
    notes = dq.set_index("question_code").notes
    assert "99 'No answer' in 1 cell(s)" in notes["Q5"]
    assert "97..98 in 2 cell(s)" in notes["Q6"]
    assert _codebook_problems(tmp_path / "out") == []
    report = res.report_file.read_text(encoding="utf-8") if res.report_file else ""
    assert "Q5: 99 'No answer' in 1 cell(s)" in report


# --------------------------------------------------------------------------------------------------
# 2. unmatched option ids come from codes, unique within the question, whatever the labels
# --------------------------------------------------------------------------------------------------

LABELS = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Co", "Cn")), min_size=1, max_size=12
).filter(lambda s: s.strip() == s and s != "")
JAPANESE = st.text(st.characters(min_codepoint=0x3041, max_codepoint=0x30FF), min_size=1, max_size=6)
ID_RE = re.compile(r"^[a-z0-9_]+$")


def _check_option_ids(out: Path, question: str, codes: list[str]) -> pd.DataFrame:
    _, do = _draft(out)
    opts = do[do.question_code == question]
    assert sorted(opts.option_code) == sorted(codes)
    assert opts.option_id.is_unique
    assert all(ID_RE.match(i) for i in opts.option_id), opts.option_id.tolist()
    assert (opts.trend_option_id == opts.option_id).all()
    assert not [p for p in _codebook_problems(out) if "duplicate_option_id" in p]
    return opts


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(labels=st.dictionaries(st.integers(1, 10_000), st.one_of(LABELS, JAPANESE), min_size=2, max_size=8))
def test_sav_option_ids_come_from_codes_for_any_labels(labels: dict[int, str]) -> None:
    import pyreadstat

    codes = sorted(labels)
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        df = pd.DataFrame(
            {"respondent_id": [f"r{i}" for i in range(len(codes))], "Q40": [float(c) for c in codes]}
        )
        pyreadstat.write_sav(
            df, tmp / "x.sav", column_labels=["id", "新しい質問"], variable_value_labels={"Q40": labels}
        )
        import_export("sav", tmp / "x.sav", WAVE, tmp / "out", codebook_dir=tmp)
        opts = _check_option_ids(tmp / "out", "Q40", [str(c) for c in codes])
        assert opts.option_id.tolist() == [f"opt_{c}" for c in codes]  # from the code, never the label
        for lab, ja, en in zip(
            opts.option_code.map(lambda c: labels[int(c)]), opts.label_ja, opts.label_en, strict=True
        ):
            if re.search(r"[\u3041-\u30ff]", lab):
                assert (ja, en) == (lab, "")  # Japanese goes to label_ja; label_en left for review


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(codes=st.lists(st.one_of(LABELS, JAPANESE), min_size=2, max_size=8, unique=True))
def test_qualtrics_option_ids_unique_for_any_codes(codes: list[str]) -> None:
    codes = [c for c in codes if c != "-99"]
    if len(codes) < 2:
        return
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        export = write_qualtrics(
            tmp / "q.csv",
            [
                _meta("ResponseId", "Response ID", "_recordId", [f"R_{i}" for i in range(len(codes))]),
                ("Q40", "新しい質問", {"ImportId": "QID40"}, codes),
            ],
        )
        import_export("qualtrics", export, WAVE, tmp / "out", codebook_dir=tmp)
        _check_option_ids(tmp / "out", "Q40", codes)


def test_japanese_value_labels_of_a_new_question(tmp_path: Path) -> None:
    import pyreadstat

    df = pd.DataFrame({"respondent_id": ["a", "b", "c"], "Q40": [1.0, 2.0, 3.0]})
    pyreadstat.write_sav(
        df,
        tmp_path / "x.sav",
        column_labels=["id", "生成AIの今後の計画"],
        variable_value_labels={"Q40": {1: "拡大する", 2: "維持する", 3: "縮小する"}},
    )
    import_export("sav", tmp_path / "x.sav", WAVE, tmp_path / "out", codebook_dir=tmp_path)
    dq, do = _draft(tmp_path / "out")
    assert do.option_id.tolist() == ["opt_1", "opt_2", "opt_3"]
    assert do.label_ja.tolist() == ["拡大する", "維持する", "縮小する"]
    assert do.label_en.tolist() == ["", "", ""]
    q = dq.iloc[0]
    assert (q.label_ja, q.label_en) == ("生成AIの今後の計画", "")
    assert "translate" in q.notes
    assert _codebook_problems(tmp_path / "out") == []


# --------------------------------------------------------------------------------------------------
# 3. free text is left out: never loaded, never an option code
# --------------------------------------------------------------------------------------------------

PERSONAL = ["Call Taro Yamada on 090-1234-5678", "山田太郎 taro@example.com", ""]


def test_sav_string_variable_is_free_text(tmp_path: Path) -> None:
    import pyreadstat

    df = pd.DataFrame({"respondent_id": ["a", "b", "c"], "Q1": [1.0, 2.0, 1.0], "Q41_comment": PERSONAL})
    pyreadstat.write_sav(
        df,
        tmp_path / "x.sav",
        column_labels=["id", "Uses AI", "Anything else?"],
        variable_value_labels={"Q1": {1: "Yes", 2: "No"}},
    )
    res = import_export("sav", tmp_path / "x.sav", WAVE, tmp_path / "out", codebook_dir=tmp_path)
    _assert_free_text_left_out(res, tmp_path / "out", "Q41_comment")


def test_qualtrics_text_entry_columns_are_free_text(tmp_path: Path) -> None:
    export = write_qualtrics(
        tmp_path / "q.csv",
        [
            _meta("ResponseId", "Response ID", "_recordId", ["R_1", "R_2", "R_3"]),
            ("Q1", "Uses AI", {"ImportId": "QID1"}, ["1", "2", "4"]),
            ("Q1_4_TEXT", "Uses AI - Other - Text", {"ImportId": "QID1_4_TEXT"}, ["", "", PERSONAL[0]]),
            ("Q41", "Anything else?", {"ImportId": "QID41_TEXT"}, PERSONAL),
        ],
    )
    res = import_export("qualtrics", export, WAVE, tmp_path / "out", codebook_dir=tmp_path)
    _assert_free_text_left_out(res, tmp_path / "out", "Q1_4_TEXT", "Q41")


def _assert_free_text_left_out(res: Any, out: Path, *columns: str) -> None:
    got = _read(res.wave_file)
    assert not set(columns) & set(got.columns)
    for name in ("codebook_questions.csv", "codebook_options.csv", res.wave_file.name):
        text = (out / name).read_text(encoding="utf-8")
        assert not [p for p in PERSONAL if p and p in text], name
    assert [c.name for c in res.excluded if c.reason == "free text"] == list(columns)
    report = (out / "import_report.md").read_text(encoding="utf-8")
    for c in columns:
        assert f"`{c}`: free text" in report
    assert any("free text" in line for line in res.summary())
    assert _codebook_problems(out) == []


# --------------------------------------------------------------------------------------------------
# 4. previews and unfinished responses are not loaded (Qualtrics CSV and .sav with its metadata)
# --------------------------------------------------------------------------------------------------


def _qualtrics_with_preview(tmp_path: Path, status: list[str], finished: list[str]) -> Path:
    n = len(status)
    return write_qualtrics(
        tmp_path / "q.csv",
        [
            _meta("StartDate", "Start Date", "startDate", ["2027-03-01 10:00:00"] * n),
            _meta("Status", "Response Type", "status", status),
            _meta(
                "Progress", "Progress", "progress", ["100" if f in ("1", "True") else "40" for f in finished]
            ),
            _meta("Finished", "Finished", "finished", finished),
            _meta("RecordedDate", "Recorded Date", "recordedDate", ["2027-03-01 10:05:00"] * n),
            _meta("ResponseId", "Response ID", "_recordId", [f"R_{i}" for i in range(n)]),
            _meta("UserLanguage", "User Language", "userLanguage", ["JA"] * n),
            ("Q1", "Uses AI", {"ImportId": "QID1"}, ["1"] * n),
            ("Q2", "CX", {"ImportId": "QID2"}, ["3" if f in ("1", "True") else "" for f in finished]),
        ],
    )


@pytest.mark.parametrize(
    ("status", "finished"),
    [
        (["0", "0", "1", "0", "2"], ["1", "1", "1", "0", "1"]),  # numeric export
        (
            ["IP Address", "IP Address", "Survey Preview", "IP Address", "Survey Test"],
            ["True", "True", "True", "False", "True"],
        ),
    ],
)
def test_qualtrics_previews_and_unfinished_not_loaded(
    tmp_path: Path, status: list[str], finished: list[str]
) -> None:
    export = _qualtrics_with_preview(tmp_path, status, finished)
    res = import_export("qualtrics", export, WAVE, tmp_path / "out", codebook_dir=tmp_path)
    assert _read(res.wave_file).respondent_id.tolist() == ["R_0", "R_1"]
    assert res.dropped == {
        "survey preview (Status)": 1,
        "unfinished response (Finished = 0)": 1,
        "survey test response (Status)": 1,
    }
    report = (tmp_path / "out/import_report.md").read_text(encoding="utf-8")
    assert "survey preview (Status): 1 — R_2" in report
    assert "unfinished response (Finished = 0): 1 — R_3" in report
    assert _read(tmp_path / "out/codebook_questions.csv").question_code.tolist() == ["Q1", "Q2"]

    kept = import_export("qualtrics", export, WAVE, tmp_path / "kp", codebook_dir=tmp_path, keep_partial=True)
    assert _read(kept.wave_file).respondent_id.tolist() == ["R_0", "R_1", "R_3"]  # previews never kept
    assert kept.kept_partial == 1 and "unfinished response (Finished = 0)" not in kept.dropped


QUALTRICS_SAV_META = {
    "StartDate": "Start Date",
    "EndDate": "End Date",
    "Status": "Response Type",
    "IPAddress": "IP Address",
    "Progress": "Progress",
    "Duration__in_seconds_": "Duration (in seconds)",
    "Finished": "Finished",
    "RecordedDate": "Recorded Date",
    "ResponseId": "Response ID",
    "RecipientLastName": "Recipient Last Name",
    "LocationLatitude": "Location Latitude",
    "DistributionChannel": "Distribution Channel",
    "UserLanguage": "User Language",
}


@pytest.mark.parametrize(
    "status_labels",
    [
        {0: "IP Address", 1: "Survey Preview", 2: "Survey Test"},
        {
            0: "IP アドレス",
            1: "アンケートのプレビュー",
            2: "アンケートのテスト",
        },  # a Japanese-language export
    ],
)
def test_sav_with_qualtrics_metadata(tmp_path: Path, status_labels: dict[int, str]) -> None:
    import pyreadstat

    when = pd.to_datetime(["2027-03-01 10:00:00"] * 4)
    df = pd.DataFrame(
        {
            "StartDate": when,
            "EndDate": when,
            "Status": [0.0, 1.0, 0.0, 0.0],
            "IPAddress": ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.0.0.4"],
            "Progress": [100.0, 100.0, 40.0, 100.0],
            "Duration__in_seconds_": [600.0, 30.0, 200.0, 500.0],
            "Finished": [1.0, 1.0, 0.0, 1.0],
            "RecordedDate": when,
            "ResponseId": ["R_a", "R_preview", "R_partial", "R_d"],
            "RecipientLastName": ["", "", "", ""],
            "LocationLatitude": ["35.68", "35.68", "35.68", "35.68"],
            "DistributionChannel": ["anonymous", "preview", "anonymous", "anonymous"],
            "UserLanguage": ["JA", "JA", "JA", "JA"],
            "Q1": [1.0, 2.0, 1.0, 2.0],
        }
    )
    pyreadstat.write_sav(
        df,
        tmp_path / "x.sav",
        column_labels=[*QUALTRICS_SAV_META.values(), "Uses AI"],
        variable_value_labels={
            "Status": status_labels,
            "Finished": {0: "False", 1: "True"},
            "Q1": {1: "Yes", 2: "No"},
        },
    )
    res = import_export("sav", tmp_path / "x.sav", WAVE, tmp_path / "out", codebook_dir=tmp_path)
    got = _read(res.wave_file)
    assert got.respondent_id.tolist() == ["R_a", "R_d"]
    assert got.submitted_at.tolist() == ["2027-03-01T10:00:00"] * 2
    assert list(got.columns) == ["respondent_id", "submitted_at", "Q1"]
    assert res.dropped == {"survey preview (Status)": 1, "unfinished response (Finished = 0)": 1}
    assert {c.name for c in res.excluded if c.reason == "metadata"} == set(QUALTRICS_SAV_META) - {
        "ResponseId",
        "RecordedDate",
    }
    assert _read(tmp_path / "out/codebook_questions.csv").question_code.tolist() == ["Q1"]
    kept = import_export(
        "sav", tmp_path / "x.sav", WAVE, tmp_path / "kp", codebook_dir=tmp_path, keep_partial=True
    )
    assert _read(kept.wave_file).respondent_id.tolist() == ["R_a", "R_partial", "R_d"]


# --------------------------------------------------------------------------------------------------
# 5 + 6. matched questions keep the existing row: required flag, routing, labels
# --------------------------------------------------------------------------------------------------

KEEP = [c for c in ("question_id", "question_group", "item_id", "question_type", "label_ja", "label_en",
                    "report_chart", "is_required", "base_condition", "max_selections")]  # fmt: skip


def _shipped_2025() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    q = _read(REPO_ROOT / "seeds/codebook/codebook_questions.csv")
    o = _read(REPO_ROOT / "seeds/codebook/codebook_options.csv")
    q = q[q.wave_id == "2025"].assign(_k=lambda d: d.question_order.astype(int)).sort_values("_k")
    o = o[o.wave_id == "2025"].assign(_k=lambda d: d.option_order.astype(int)).sort_values("_k")
    return _read(SHIPPED), q, o


def shipped_as_japanese_qualtrics(path: Path, partial_from: str | None = None) -> Path:
    """The 2025 wave as a numeric Qualtrics export whose question text is Japanese (label_ja).

    With `partial_from`, a 236th response is added that stopped before that question (Finished = 0)."""
    wave, q, o = _shipped_2025()
    ids, when = wave.respondent_id.tolist(), wave.submitted_at.str.replace("T", " ").tolist()
    cols: list[tuple[str, str, dict[str, str], list[str]]] = []
    blank = False
    for qid, r in enumerate(q.itertuples(), start=1):
        blank = blank or r.question_code == partial_from
        if r.question_type == "multi":
            for opt in o[o.question_code == r.question_code].itertuples():
                c = f"{r.question_code}_{opt.option_code}"
                vals = wave[c].replace("0", "").tolist() + (["" if blank else "1"] if partial_from else [])
                cols.append(
                    (
                        c,
                        f"{r.label_ja} - {opt.label_ja}",
                        {"ImportId": f"QID{qid}", "choiceId": opt.option_code},
                        vals,
                    )
                )
        else:
            first = o[o.question_code == r.question_code].option_code.iloc[0]
            vals = wave[r.question_code].tolist() + (["" if blank else first] if partial_from else [])
            cols.append((r.question_code, r.label_ja, {"ImportId": f"QID{qid}"}, vals))
    extra = 1 if partial_from else 0
    meta = [
        _meta("Finished", "Finished", "finished", ["1"] * len(ids) + ["0"] * extra),
        _meta("RecordedDate", "Recorded Date", "recordedDate", when + ["2025-03-01 10:00:00"] * extra),
        _meta("ResponseId", "Response ID", "_recordId", ids + ["R_partial"] * extra),
    ]
    return write_qualtrics(path, meta + cols)


@needs_seeds
def test_partial_response_does_not_rewrite_required_or_routing(tmp_path: Path) -> None:
    _, q, _ = _shipped_2025()
    export = shipped_as_japanese_qualtrics(tmp_path / "q.csv", partial_from="Q9_1")
    res = import_export("qualtrics", export, "2025b", tmp_path / "out", keep_partial=True)
    assert (res.respondents, res.kept_partial) == (len(_read(SHIPPED)) + 1, 1)
    dq = _read(tmp_path / "out/codebook_questions.csv")
    assert dq.is_required.tolist() == q.is_required.tolist()
    assert dq.base_condition.tolist() == q.base_condition.tolist()
    assert dq.max_selections.tolist() == q.max_selections.tolist()


@needs_seeds
def test_matched_questions_keep_their_labels_and_row(tmp_path: Path) -> None:
    _, q, o = _shipped_2025()
    export = shipped_as_japanese_qualtrics(tmp_path / "q.csv")
    import_export("qualtrics", export, "2025b", tmp_path / "out")
    dq, do = _draft(tmp_path / "out")
    pd.testing.assert_frame_equal(dq[KEEP].reset_index(drop=True), q[KEEP].reset_index(drop=True))
    assert not dq.label_en.map(lambda s: bool(re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", s))).any()
    key = ["question_code", "option_code"]
    cols = [
        "option_id",
        "trend_option_id",
        "value_domain",
        "label_ja",
        "label_en",
        "score_value",
        "is_exclusive",
    ]
    merged = do.merge(o, on=key, suffixes=("", "_2025"))
    assert len(merged) == len(do)
    for c in cols:
        assert merged[c].tolist() == merged[f"{c}_2025"].tolist(), c


# --------------------------------------------------------------------------------------------------
# 7. SPSS multiple-response sets ($MRSETS) read from a file that has them
# --------------------------------------------------------------------------------------------------


def _mr_sav(path: Path) -> Path:
    import pyreadstat

    df = pd.DataFrame(
        {
            "respondent_id": ["a", "b", "c", "d"],
            # dichotomy set coded 1 = no, 2 = yes (counted value 2), names not <q>_<opt>
            "CHPHONE": [2.0, 1.0, 2.0, np.nan],
            "CHMAIL": [1.0, 2.0, 2.0, np.nan],
            "CHCHAT": [1.0, 1.0, 2.0, np.nan],
            # category set: up to two mentions, each variable holds a chosen code
            "TOP1": [3.0, 1.0, 2.0, np.nan],
            "TOP2": [1.0, np.nan, 99.0, np.nan],
        }
    )
    pyreadstat.write_sav(
        df,
        path,
        column_labels=["id", "電話", "メール", "チャット", "First mention", "Second mention"],
        variable_value_labels={
            **{v: {1: "いいえ", 2: "はい"} for v in ("CHPHONE", "CHMAIL", "CHCHAT")},
            **{v: {1: "Price", 2: "Speed", 3: "Quality", 99: "No answer"} for v in ("TOP1", "TOP2")},
        },
        missing_ranges={"TOP1": [99], "TOP2": [99]},
    )
    return add_mr_sets(
        path,
        [
            MrSet("Q15", "利用しているチャネル", ("CHPHONE", "CHMAIL", "CHCHAT"), counted_value="2"),
            MrSet("Q21", "What customers value most (up to two)", ("TOP1", "TOP2"), counted_value=None),
        ],
    )


def test_mr_set_fixture_is_read_back_by_pyreadstat(tmp_path: Path) -> None:
    import pyreadstat

    path = _mr_sav(tmp_path / "mr.sav")
    df, meta = pyreadstat.read_sav(str(path))
    assert meta.mr_sets == {
        "Q15": {
            "type": "D",
            "is_dichotomy": True,
            "counted_value": 2,
            "label": "利用しているチャネル",
            "variable_list": ["CHPHONE", "CHMAIL", "CHCHAT"],
        },
        "Q21": {
            "type": "C",
            "is_dichotomy": False,
            "counted_value": None,
            "label": "What customers value most (up to two)",
            "variable_list": ["TOP1", "TOP2"],
        },
    }
    assert df.CHPHONE.tolist()[:3] == [2.0, 1.0, 2.0]  # the data after the inserted record are intact
    assert termination_offset(path.read_bytes()) > 176


def test_sav_multiple_response_sets_are_multi_select_questions(tmp_path: Path) -> None:
    res = import_export("sav", _mr_sav(tmp_path / "mr.sav"), WAVE, tmp_path / "out", codebook_dir=tmp_path)
    got = _read(res.wave_file)
    assert got.to_dict("list") == {
        "respondent_id": ["a", "b", "c", "d"],
        "submitted_at": ["", "", "", ""],
        "Q15_CHPHONE": ["1", "0", "1", ""],
        "Q15_CHMAIL": ["0", "1", "1", ""],
        "Q15_CHCHAT": ["0", "0", "1", ""],
        "Q21_1": ["1", "1", "0", ""],
        "Q21_2": ["0", "0", "1", ""],
        "Q21_3": ["1", "0", "0", ""],
    }
    dq, do = _draft(tmp_path / "out")
    assert dq[["question_code", "question_type", "label_ja", "label_en"]].values.tolist() == [
        ["Q15", "multi", "利用しているチャネル", ""],
        ["Q21", "multi", "", "What customers value most (up to two)"],
    ]
    assert do[do.question_code == "Q15"].label_ja.tolist() == ["電話", "メール", "チャット"]
    assert do[do.question_code == "Q21"].label_en.tolist() == ["Price", "Speed", "Quality"]
    assert "99 'No answer' in 1 cell(s)" in dq.notes.iloc[1]
    assert _codebook_problems(tmp_path / "out") == []


def test_cli_keep_partial_and_summary(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from csx.cli import app

    export = _qualtrics_with_preview(tmp_path, ["0", "1", "0"], ["1", "1", "0"])
    base = ["wave", "import", "--from", "qualtrics", str(export), "--wave-id", WAVE]
    res = CliRunner().invoke(app, [*base, "--out", str(tmp_path / "a")])
    assert res.exit_code == 0, res.output
    assert "not loaded: 1 survey preview (Status)" in res.output
    assert "not loaded: 1 unfinished response (Finished = 0)" in res.output
    assert (
        "survey-tool metadata, not questions: StartDate, Status, Progress, Finished, UserLanguage"
        in res.output
    )
    res = CliRunner().invoke(app, [*base, "--out", str(tmp_path / "b"), "--keep-partial"])
    assert res.exit_code == 0, res.output
    assert "kept 1 unfinished response(s) (--keep-partial)" in res.output
    assert _read(tmp_path / "b" / f"wave_{WAVE}.csv").respondent_id.tolist() == ["R_0", "R_2"]
