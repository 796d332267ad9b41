"""Landing layer: one test per malformed-input case (file rejected or row quarantined), reconciliation."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from csx.landing import LandingResult, check_wave, load_codebook
from fixtures.landing import factory as f


@pytest.fixture
def cb_dir(tmp_path: Path) -> Path:
    return f.write_codebook(tmp_path / "codebook")


def _land(
    tmp_path: Path, rows: list[list[str]], header: list[str] | None = None, **kw: object
) -> LandingResult:
    path = f.write_wave(tmp_path / "wave.csv", rows, header)
    cb = load_codebook(f.write_codebook(tmp_path / "cb"), f.WAVE)
    return check_wave(path, f.WAVE, cb, **kw)  # type: ignore[arg-type]


def _reconciles(r: LandingResult) -> None:
    assert r.reconciles
    if not r.rejected:
        assert r.rows_read == r.rows_loaded + r.rows_quarantined
        assert len(r.clean) == r.rows_loaded and len(r.quarantined) == r.rows_quarantined


def test_valid_file_loads_every_row(tmp_path: Path) -> None:
    r = _land(tmp_path, f.rows(40))
    assert not r.problems and r.rows_read == r.rows_loaded == 40 and r.rows_quarantined == 0
    assert list(r.clean.columns) == f.HEADER
    assert all(isinstance(v, str) for v in r.clean.iloc[0])


# ------------------------------------------------------------------ row-level: quarantine
def _set(row: int, col: str, value: str) -> Callable[[list[list[str]]], None]:
    def mut(rows: list[list[str]]) -> None:
        rows[row - 1][f.HEADER.index(col)] = value

    return mut


def _multi(row: int, values: list[str]) -> Callable[[list[list[str]]], None]:
    def mut(rows: list[list[str]]) -> None:
        rows[row - 1][5:9] = values

    return mut


def _ai_no_with_q5(rows: list[list[str]]) -> None:
    rows[3][4], rows[3][9] = "2", "1"


def _dup(rows: list[list[str]]) -> None:
    rows[6][0] = rows[5][0]


QUARANTINE_CASES = [
    ("unknown_option_code", _set(4, "Q1", "7"), 4, "Q1"),
    ("rating_out_of_range", _set(5, "Q2", "9"), 5, "Q2"),
    ("rating_not_numeric", _set(5, "Q2", "good"), 5, "Q2"),
    ("multi_select_value", _multi(6, ["1", "x", "0", "0"]), 6, "Q4_2"),
    ("multi_select_partial", _multi(6, ["1", "", "0", "0"]), 6, "Q4"),
    ("multi_select_none", _multi(6, ["0", "0", "0", "0"]), 6, "Q4"),
    ("multi_exclusive_conflict", _multi(6, ["1", "0", "0", "1"]), 6, "Q4"),
    ("multi_max_selections", _multi(6, ["1", "1", "1", "0"]), 6, "Q4"),
    ("required_missing", _set(7, "Q3", ""), 7, "Q3"),
    ("routing_violation", _ai_no_with_q5, 4, "Q5"),
    ("missing_respondent_id", _set(8, "respondent_id", ""), 8, "respondent_id"),
    ("invalid_timestamp", _set(8, "submitted_at", "yesterday"), 8, "submitted_at"),
]


@pytest.mark.parametrize(
    ("rule", "mutate", "row", "column"), QUARANTINE_CASES, ids=[c[0] for c in QUARANTINE_CASES]
)
def test_row_is_quarantined(
    tmp_path: Path, rule: str, mutate: Callable[[list[list[str]]], None], row: int, column: str
) -> None:
    rows = f.rows(30)
    mutate(rows)
    r = _land(tmp_path, rows)
    assert not r.problems, r.problems
    hit = r.quarantined[r.quarantined["rule"] == rule]
    assert len(hit) == 1, r.quarantined.to_dict("records")
    q = hit.iloc[0]
    assert (q["source_row"], q["column_name"]) == (row, column)
    assert q["source_file"].endswith("wave.csv") and q["message"] and q["raw_record"]
    assert r.rows_quarantined == 1 and r.rows_loaded == 29
    _reconciles(r)


def test_duplicate_respondent_ids_quarantine_every_occurrence(tmp_path: Path) -> None:
    rows = f.rows(30)
    _dup(rows)
    r = _land(tmp_path, rows)
    hit = r.quarantined[r.quarantined["rule"] == "duplicate_respondent_id"]
    assert list(hit["source_row"]) == [6, 7]
    assert set(hit["column_name"]) == {"respondent_id"}
    assert r.rows_loaded == 28
    _reconciles(r)


@pytest.mark.parametrize("fields", [5, 12], ids=["short", "long"])
def test_ragged_row_is_quarantined_with_its_text(tmp_path: Path, fields: int) -> None:
    rows = f.rows(20)
    rows[9] = (rows[9] + ["1", "1"])[:fields]
    r = _land(tmp_path, rows)
    q = r.quarantined[r.quarantined["rule"] == "ragged_row"].iloc[0]
    assert q["source_row"] == 10 and q["respondent_id"] == rows[9][0]
    assert q["raw_record"].count(",") == fields - 1
    assert f"{fields} fields where the header has 10" in q["message"]
    _reconciles(r)


def test_several_problems_on_one_row_quarantine_it_once(tmp_path: Path) -> None:
    rows = f.rows(10)
    rows[2][2], rows[2][3] = "9", "x"
    r = _land(tmp_path, rows)
    assert r.rows_quarantined == 1
    q = r.quarantined.iloc[0]
    assert q["rule"] == "unknown_option_code" and "rating_not_numeric" in q["message"]
    _reconciles(r)


# ------------------------------------------------------------------ file-level: reject
def _write_bytes(tmp_path: Path, data: bytes) -> LandingResult:
    p = tmp_path / "wave.csv"
    p.write_bytes(data)
    return check_wave(p, f.WAVE, load_codebook(f.write_codebook(tmp_path / "cb"), f.WAVE))


def _assert_rejected(r: LandingResult, rule: str, column: str | None = None, row: int | None = None) -> None:
    assert r.rejected and r.rows_loaded == 0 and r.rows_quarantined == 0 and r.clean.empty
    p = next((p for p in r.problems if p.rule == rule), None)
    assert p is not None, [str(x) for x in r.problems]
    line = str(p)
    assert "\n" not in line and line.startswith(r.source_file) and f": {rule}: " in line
    if column:
        assert p.column == column and f"column {column}" in line
    if row is not None:
        assert p.row == row
    _reconciles(r)


def test_empty_file_is_rejected(tmp_path: Path) -> None:
    _assert_rejected(_write_bytes(tmp_path, b""), "empty_file")


def test_header_only_is_rejected(tmp_path: Path) -> None:
    _assert_rejected(_write_bytes(tmp_path, (",".join(f.HEADER) + "\n").encode()), "no_data_rows")


def test_undecodable_bytes_are_rejected(tmp_path: Path) -> None:
    data = (",".join(f.HEADER) + "\n").encode() + b"R1,\x80\x81\xff,1\n"
    _assert_rejected(_write_bytes(tmp_path, data), "encoding", row=1)


def test_single_column_header_is_a_delimiter_problem(tmp_path: Path) -> None:
    data = (" ".join(f.HEADER) + "\n" + "x y\n").encode()
    _assert_rejected(_write_bytes(tmp_path, data), "delimiter", row=0)


def test_missing_column_is_rejected(tmp_path: Path) -> None:
    rows = [r[:3] + r[4:] for r in f.rows(10)]
    header = [h for h in f.HEADER if h != "Q3"]
    _assert_rejected(_land(tmp_path, rows, header), "missing_column", column="Q3", row=0)


def test_extra_column_is_rejected(tmp_path: Path) -> None:
    rows = [[*r, "x"] for r in f.rows(10)]
    _assert_rejected(_land(tmp_path, rows, [*f.HEADER, "Q99"]), "unexpected_column", column="Q99")


def test_duplicate_header_column_is_rejected(tmp_path: Path) -> None:
    rows = [[*r, "1"] for r in f.rows(10)]
    _assert_rejected(_land(tmp_path, rows, [*f.HEADER, "Q1"]), "duplicate_column", column="Q1")


def test_existing_wave_id_is_rejected(tmp_path: Path) -> None:
    _assert_rejected(_land(tmp_path, f.rows(10), existing_wave_ids={f.WAVE}), "wave_exists")


def test_invalid_wave_id_is_rejected(tmp_path: Path) -> None:
    path = f.write_wave(tmp_path / "wave.csv", f.rows(10))
    cb = load_codebook(f.write_codebook(tmp_path / "cb"), f.WAVE)
    _assert_rejected(check_wave(path, "../x", cb), "wave_id")


def test_row_count_outside_bounds_is_rejected(tmp_path: Path) -> None:
    r = _land(tmp_path, f.rows(10), min_rows=50)
    _assert_rejected(r, "row_count")
    assert r.rows_read == 10 and r.rows_rejected == 10


def test_row_count_bounds_come_from_waves_csv(tmp_path: Path) -> None:
    path = f.write_wave(tmp_path / "wave.csv", f.rows(10))
    cb = load_codebook(f.write_codebook(tmp_path / "cb", expected_rows=100), f.WAVE)
    assert cb.expected_rows == 100
    _assert_rejected(check_wave(path, f.WAVE, cb), "row_count")


# ------------------------------------------------------------------ encodings and delimiters accepted
@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp932", "shift_jis", "utf-16"])
def test_encodings_are_decoded(tmp_path: Path, encoding: str) -> None:
    rows = f.rows(10)
    rows[0][0] = "回答者ー１"
    path = f.write_wave(tmp_path / "wave.csv", rows, encoding=encoding)
    r = check_wave(path, f.WAVE, load_codebook(f.write_codebook(tmp_path / "cb"), f.WAVE))
    assert not r.problems and r.rows_loaded == 10
    assert r.clean.loc[0, "respondent_id"] == "回答者ー１"
    assert list(r.clean.columns) == f.HEADER


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_semicolon_and_tab_exports_are_detected(tmp_path: Path, delimiter: str) -> None:
    path = f.write_wave(tmp_path / "wave.csv", f.rows(10), delimiter=delimiter)
    r = check_wave(path, f.WAVE, load_codebook(f.write_codebook(tmp_path / "cb"), f.WAVE))
    assert not r.problems and r.rows_loaded == 10 and r.delimiter == delimiter and r.notes


def test_crlf_quoted_newlines_and_blank_lines(tmp_path: Path) -> None:
    text = ",".join(f.HEADER) + "\r\n" + "\r\n".join(",".join(r) for r in f.rows(5)) + "\r\n\r\n"
    r = _write_bytes(tmp_path, text.encode())
    assert not r.problems and r.rows_loaded == 5


# ------------------------------------------------------------------ codebook rules
def _cb_problem(tmp_path: Path, edit: Callable[[Path], None]) -> list[str]:
    d = f.write_codebook(tmp_path / "cb")
    edit(d)
    cb = load_codebook(d, f.WAVE)
    path = f.write_wave(tmp_path / "wave.csv", f.rows(5))
    r = check_wave(path, f.WAVE, cb)
    assert r.rejected and r.rows_loaded == 0
    return [str(p) for p in r.problems]


def _append(name: str, line: str) -> Callable[[Path], None]:
    def edit(d: Path) -> None:
        with (d / name).open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")

    return edit


def test_codebook_duplicate_code(tmp_path: Path) -> None:
    lines = _cb_problem(tmp_path, _append("codebook_options.csv", "T1,Q1,1,dup,dup,,9,x,x,,false,"))
    assert any("codebook_options.csv:row" in x and ": duplicate_code: " in x for x in lines), lines


def test_codebook_dangling_option(tmp_path: Path) -> None:
    lines = _cb_problem(tmp_path, _append("codebook_options.csv", "T1,Q42,1,a,a,,1,x,x,,false,"))
    assert any(": dangling_option: " in x and "Q42" in x for x in lines), lines


def test_codebook_unknown_question_type(tmp_path: Path) -> None:
    def edit(d: Path) -> None:
        p = d / "codebook_questions.csv"
        p.write_text(p.read_text(encoding="utf-8").replace(",single,1,", ",ranking,1,"), encoding="utf-8")

    lines = _cb_problem(tmp_path, edit)
    assert any(": unknown_question_type: " in x and "'ranking'" in x and "row 1" in x for x in lines), lines


def test_codebook_without_wave_id_column(tmp_path: Path) -> None:
    cb = load_codebook(f.write_codebook(tmp_path / "cb", with_wave_id=False), "NEW")
    assert cb.ok and cb.expected_columns() == f.HEADER


# ------------------------------------------------------------------ CLI and speed
def test_cli_landing_check(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from csx.cli import main

    rows = f.rows(20)
    rows[2][2] = "7"
    path = f.write_wave(tmp_path / "wave.csv", rows)
    cb = f.write_codebook(tmp_path / "cb")
    monkeypatch.setattr(
        sys,
        "argv",
        ["csx", "landing", "check", "--responses", str(path), "--codebook", str(cb), "--wave-id", "T1"],
    )
    with pytest.raises(SystemExit) as ok:
        main()
    assert ok.value.code == 0  # quarantine is not a rejection
    out = capsys.readouterr().out
    assert "row 3:column Q1: unknown_option_code" in out and "read 20 = loaded 19 + quarantined 1" in out
    (tmp_path / "empty.csv").write_bytes(b"")
    monkeypatch.setattr(
        sys,
        "argv",
        [
            "csx",
            "landing",
            "check",
            "--responses",
            str(tmp_path / "empty.csv"),
            "--codebook",
            str(cb),
            "--wave-id",
            "T1",
        ],
    )
    with pytest.raises(SystemExit) as exc:
        main()
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert "empty.csv: empty_file:" in err and "Traceback" not in err


@pytest.mark.slow
def test_throughput_200k_rows(tmp_path: Path) -> None:
    path = f.write_big_wave(tmp_path / "big.csv", 200_000)
    cb = load_codebook(f.write_codebook(tmp_path / "cb"), f.WAVE)
    t = time.perf_counter()
    r = check_wave(path, f.WAVE, cb)
    seconds = time.perf_counter() - t
    assert r.rows_loaded == 200_000 and r.reconciles
    assert seconds < 20, f"{seconds:.1f}s"
