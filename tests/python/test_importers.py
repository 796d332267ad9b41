"""Importers: SPSS .sav and Qualtrics CSV exports -> landing wave CSV + draft codebook.

Round trip: the shipped 2025 wave and codebook are written as a .sav (pyreadstat.write_sav, value labels,
multi-select as 0/1 dichotomies) and as a Qualtrics three-header CSV (multi-select split into one column
per option, unselected left empty as Qualtrics' numeric export does); importing either must give back
the shipped wave (same respondents, same answers) and propose the shipped harmonized ids.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from csx.errors import CsxError
from csx.importers import import_export
from csx.paths import REPO_ROOT

WAVE = "2025"
SHIPPED = REPO_ROOT / "seeds" / "waves" / f"wave_{WAVE}.csv"
needs_seeds = pytest.mark.skipif(not SHIPPED.exists(), reason="shipped 2025 wave not generated yet")


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def shipped_codebook() -> tuple[pd.DataFrame, pd.DataFrame]:
    q = _read(REPO_ROOT / "seeds/codebook/codebook_questions.csv")
    o = _read(REPO_ROOT / "seeds/codebook/codebook_options.csv")
    q = q[q.wave_id == WAVE].assign(_k=lambda d: d.question_order.astype(int)).sort_values("_k")
    o = o[o.wave_id == WAVE].assign(_k=lambda d: d.option_order.astype(int)).sort_values("_k")
    return q, o


def write_sav(wave: pd.DataFrame, q: pd.DataFrame, o: pd.DataFrame, path: Path) -> Path:
    import pyreadstat

    data: dict[str, object] = {
        "respondent_id": wave.respondent_id,
        "submitted_at": pd.to_datetime(wave.submitted_at),
    }
    labels: dict[str, str] = {"respondent_id": "Respondent", "submitted_at": "Submitted at"}
    value_labels: dict[str, dict[int | float, str]] = {}
    for r in q.itertuples():
        opts = o[o.question_code == r.question_code]
        if r.question_type == "multi":
            for opt in opts.itertuples():
                col = f"{r.question_code}_{opt.option_code}"
                data[col] = pd.to_numeric(wave[col].replace("", np.nan))
                labels[col] = f"{r.label_en} - {opt.label_en}"
                value_labels[col] = {0: "Not selected", 1: "Selected"}
        elif all(c.isdigit() for c in opts.option_code):
            data[r.question_code] = pd.to_numeric(wave[r.question_code].replace("", np.nan))
            labels[r.question_code] = r.label_en
            value_labels[r.question_code] = {
                int(c): lab for c, lab in zip(opts.option_code, opts.label_en, strict=True)
            }
        else:  # non-numeric codes travel as string variables
            data[r.question_code] = wave[r.question_code]
            labels[r.question_code] = r.label_en
    df = pd.DataFrame(data)
    pyreadstat.write_sav(
        df, path, column_labels=[labels[c] for c in df.columns], variable_value_labels=value_labels
    )
    return path


QUALTRICS_META = [
    ("StartDate", "Start Date", {"ImportId": "startDate", "timeZone": "Europe/Berlin"}),
    ("EndDate", "End Date", {"ImportId": "endDate", "timeZone": "Europe/Berlin"}),
    ("Status", "Response Type", {"ImportId": "status"}),
    ("Progress", "Progress", {"ImportId": "progress"}),
    ("Duration (in seconds)", "Duration (in seconds)", {"ImportId": "duration"}),
    ("Finished", "Finished", {"ImportId": "finished"}),
    ("RecordedDate", "Recorded Date", {"ImportId": "recordedDate", "timeZone": "Europe/Berlin"}),
    ("ResponseId", "Response ID", {"ImportId": "_recordId"}),
    ("UserLanguage", "User Language", {"ImportId": "userLanguage"}),
]


def write_qualtrics(wave: pd.DataFrame, q: pd.DataFrame, o: pd.DataFrame, path: Path) -> Path:
    names = [m[0] for m in QUALTRICS_META]
    texts = [m[1] for m in QUALTRICS_META]
    imports = [json.dumps(m[2]) for m in QUALTRICS_META]
    when = wave.submitted_at.str.replace("T", " ")
    cols: list[list[str]] = [
        when.tolist(),
        when.tolist(),
        ["0"] * len(wave),
        ["100"] * len(wave),
        ["600"] * len(wave),
        ["1"] * len(wave),
        when.tolist(),
        wave.respondent_id.tolist(),
        ["EN"] * len(wave),
    ]
    for qid, r in enumerate(q.itertuples(), start=1):
        if r.question_type == "multi":
            for opt in o[o.question_code == r.question_code].itertuples():
                col = f"{r.question_code}_{opt.option_code}"
                names.append(col)
                texts.append(f"{r.label_en} - {opt.label_en}")
                imports.append(json.dumps({"ImportId": f"QID{qid}", "choiceId": opt.option_code}))
                cols.append(wave[col].replace("0", "").tolist())  # numeric export: unselected = empty
        else:
            names.append(r.question_code)
            texts.append(r.label_en)
            imports.append(json.dumps({"ImportId": f"QID{qid}"}))
            cols.append(wave[r.question_code].tolist())
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerows([names, texts, imports])
        w.writerows(zip(*cols, strict=True))
    return path


@needs_seeds
@pytest.mark.parametrize("fmt", ["sav", "qualtrics"])
def test_round_trip_reproduces_shipped_wave(fmt: str, tmp_path: Path) -> None:
    wave = _read(SHIPPED)
    q, o = shipped_codebook()
    writer = write_sav if fmt == "sav" else write_qualtrics
    export = writer(wave, q, o, tmp_path / ("export.sav" if fmt == "sav" else "export.csv"))

    res = import_export(fmt, export, WAVE, tmp_path / "out")
    got = _read(res.wave_file)
    assert list(got.columns) == list(wave.columns)
    pd.testing.assert_frame_equal(got, wave)

    draft_q = _read(tmp_path / "out/codebook_questions.csv")
    draft_o = _read(tmp_path / "out/codebook_options.csv")
    assert draft_q.question_id.tolist() == q.question_id.tolist()
    assert draft_q.question_type.tolist() == q.question_type.tolist()
    assert draft_q.notes.str.startswith("REVIEW:").all()
    key = ["question_code", "option_code"]
    merged = draft_o.merge(o, on=key, how="outer", suffixes=("", "_shipped"), indicator=True)
    # every shipped option observed in the data (or labelled) comes back with its harmonized ids
    assert (
        merged[merged._merge == "both"].option_id == merged[merged._merge == "both"].option_id_shipped
    ).all()
    assert (merged._merge != "left_only").all()

    landing = pytest.importorskip("csx.landing")
    if hasattr(landing, "check_wave"):
        cb_shipped = tmp_path / "cb"
        cb_shipped.mkdir()
        q.drop(columns="_k").to_csv(cb_shipped / "codebook_questions.csv", index=False)
        o.drop(columns="_k").to_csv(cb_shipped / "codebook_options.csv", index=False)
        cb = landing.load_codebook(cb_shipped, WAVE)
        a = landing.check_wave(res.wave_file, WAVE, cb)
        b = landing.check_wave(SHIPPED, WAVE, cb)
        assert not a.problems and a.rows_loaded == b.rows_loaded == len(wave)
        pd.testing.assert_frame_equal(a.clean.reset_index(drop=True), b.clean.reset_index(drop=True))


def test_sav_small_multi_select_and_labels(tmp_path: Path) -> None:
    import pyreadstat

    df = pd.DataFrame(
        {
            "respondent_id": ["a", "b", "c"],
            "Q1": [1.0, 2.0, np.nan],
            "Q2_1": [1.0, 0.0, np.nan],
            "Q2_2": [0.0, 1.0, np.nan],
            "Q3_1": [3.0, 1.0, 2.0],  # a grid row with labels 1..3: not a dichotomy
        }
    )
    pyreadstat.write_sav(
        df,
        tmp_path / "x.sav",
        column_labels=["id", "Uses AI", "Channels - Phone", "Channels - Email", "Grid - row 1"],
        variable_value_labels={
            "Q1": {1: "Yes", 2: "No"},
            "Q2_1": {0: "Not selected", 1: "Selected"},
            "Q2_2": {0: "Not selected", 1: "Selected"},
            "Q3_1": {1: "Low", 2: "Mid", 3: "High"},
        },
    )
    res = import_export("sav", tmp_path / "x.sav", "2031", tmp_path / "out", codebook_dir=tmp_path)
    got = _read(res.wave_file)
    assert got.to_dict("list") == {
        "respondent_id": ["a", "b", "c"],
        "submitted_at": ["", "", ""],
        "Q1": ["1", "2", ""],
        "Q2_1": ["1", "0", ""],
        "Q2_2": ["0", "1", ""],
        "Q3_1": ["3", "1", "2"],
    }
    dq = _read(tmp_path / "out/codebook_questions.csv")
    assert dq[["question_code", "question_type", "label_en"]].values.tolist() == [
        ["Q1", "single", "Uses AI"],
        ["Q2", "multi", "Channels"],
        ["Q3_1", "single", "Grid - row 1"],
    ]
    do = _read(tmp_path / "out/codebook_options.csv")
    assert do[do.question_code == "Q2"].label_en.tolist() == ["Phone", "Email"]
    # unmatched options get ids from their codes, never from label text (docs/adding_a_wave.md)
    assert do[do.question_code == "Q1"].option_id.tolist() == ["opt_1", "opt_2"]
    assert do[do.question_code == "Q1"].label_en.tolist() == ["Yes", "No"]
    assert do.notes.str.startswith("REVIEW:").all()


def test_qualtrics_legacy_import_ids_and_errors(tmp_path: Path) -> None:
    p = tmp_path / "q.csv"
    rows = [
        ["ResponseId", "RecordedDate", "Q5", "Q6_1", "Q6_2"],
        ["Response ID", "Recorded Date", "Sat?", "Channels - Phone", "Channels - Email"],
        ['{"ImportId":"_recordId"}', '{"ImportId":"recordedDate"}', '{"ImportId":"QID5"}',
         '{"ImportId":"QID6_1"}', '{"ImportId":"QID6_2"}'],
        ["R_1", "2027-03-01 10:00:00", "4", "1", ""],
        ["R_2", "2027-03-02 11:00:00", "", "", ""],
    ]  # fmt: skip
    with p.open("w", newline="") as fh:
        csv.writer(fh).writerows(rows)
    res = import_export("qualtrics", p, "2027", tmp_path / "out", codebook_dir=tmp_path)
    got = _read(res.wave_file)
    assert got.to_dict("list") == {
        "respondent_id": ["R_1", "R_2"],
        "submitted_at": ["2027-03-01T10:00:00", "2027-03-02T11:00:00"],
        "Q5": ["4", ""],
        "Q6_1": ["1", ""],
        "Q6_2": ["0", ""],
    }
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n")
    with pytest.raises(CsxError, match="qualtrics_header"):
        import_export("qualtrics", bad, "2027", tmp_path / "o2")
    with pytest.raises(CsxError, match="unreadable"):
        import_export("sav", bad, "2027", tmp_path / "o3")
    with pytest.raises(CsxError, match="format"):
        import_export("xlsx", bad, "2027", tmp_path / "o4")
