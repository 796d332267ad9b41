"""Issue 8 items 1, 2, 5, 6 on the landing layer: rows counted without the parser, oversized cells,
encodings, control characters, CR-only files. Each test failed on the code before the fix."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pandas as pd
import pytest

from csx.errors import CsxError
from csx.landing import check_wave, load_codebook
from csx.paths import REPO_ROOT
from fixtures.landing import factory as f
from fixtures.landing import shipped

NEW = "2027"


def _cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    from csx.cli import main

    monkeypatch.setattr(sys, "argv", ["csx", *args])
    with pytest.raises(SystemExit) as exc:
        main()
    out = capsys.readouterr()
    return int(exc.value.code or 0), out.out, out.err


@pytest.fixture
def cb2027(tmp_path: Path) -> Path:
    return shipped.codebook_as(REPO_ROOT, NEW, tmp_path / "cb")


def _write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("".join(lines), encoding="utf-8")
    return path


# ------------------------------------------------------------------ 1. rows counted without the parser
def test_stray_quote_rejects_the_file_naming_its_row(
    tmp_path: Path, cb2027: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = shipped.wave_lines(REPO_ROOT)
    assert len(lines) == 236  # header + 235 respondents
    lines[11] = '"' + lines[11]  # a stray quote at the start of data row 11
    export = _write_lines(tmp_path / "export.csv", lines)
    r = check_wave(export, NEW, load_codebook(cb2027, NEW))
    assert r.rejected and r.rows_loaded == 0 and r.rows_quarantined == 0
    assert r.rows_read == 235 and r.rows_rejected == 235
    (p,) = [p for p in r.problems if p.rule == "unclosed_quote"]
    assert p.row == 11 and p.column == "respondent_id"
    code, _out, err = _cli(
        monkeypatch,
        capsys,
        "landing",
        "check",
        "--responses",
        str(export),
        "--codebook",
        str(cb2027),
        "--wave-id",
        NEW,
    )
    assert code == 1
    assert "export.csv:row 11:column respondent_id: unclosed_quote:" in err
    assert "read 235 = loaded 0 + quarantined 0 + rejected 235" in err


def test_stray_quote_makes_wave_add_write_nothing(tmp_path: Path, cb2027: Path) -> None:
    from csx import waves

    root = shipped.project_copy(REPO_ROOT, tmp_path / "repo")
    before = shipped.snapshot(root)
    lines = shipped.wave_lines(REPO_ROOT)
    lines[11] = '"' + lines[11]
    export = _write_lines(tmp_path / "export.csv", lines)
    with pytest.raises(CsxError) as exc:
        waves.add_wave(NEW, export, cb2027, layout=waves.Layout(root))
    assert "export.csv:row 11:column respondent_id: unclosed_quote:" in str(exc.value)
    assert shipped.snapshot(root) == before


def test_two_stray_quotes_that_pair_up_are_rejected(tmp_path: Path) -> None:
    rows = f.rows(40)
    rows[9][0] = '"R9'  # opens at row 10 ...
    rows[19][0] = 'R19"'  # ... closes 10 lines later: the parser would merge rows 10-20 into one
    text = ",".join(f.HEADER) + "\n" + "\n".join(",".join(r) for r in rows) + "\n"
    path = tmp_path / "wave.csv"
    path.write_text(text, encoding="utf-8")
    r = check_wave(path, f.WAVE, load_codebook(f.write_codebook(tmp_path / "cb"), f.WAVE))
    assert r.rejected and r.rows_read == 40
    (p,) = [p for p in r.problems if p.rule == "unclosed_quote"]
    assert p.row == 10


def test_codebook_labels_may_hold_quoted_line_breaks_but_not_an_unclosed_quote(tmp_path: Path) -> None:
    d = f.write_codebook(tmp_path / "cb")
    qfile = d / "codebook_questions.csv"
    text = qfile.read_text(encoding="utf-8")
    qfile.write_text(
        text.replace("質問Q1,company_size,", '質問Q1,"company_size\nsecond line",'), encoding="utf-8"
    )
    assert load_codebook(d, f.WAVE).ok  # the label_en of Q1 spans two lines
    qfile.write_text(text.replace("質問Q3", '"質問Q3'), encoding="utf-8")
    cb = load_codebook(d, f.WAVE)
    assert [p.rule for p in cb.problems] == ["unclosed_quote"] and cb.problems[0].row == 3


# ------------------------------------------------------------------ 2. oversized cells
def test_oversized_cell_is_quarantined_with_a_capped_raw_record(tmp_path: Path) -> None:
    from csx.landing import MAX_FIELD_CHARS

    rows = f.rows(20)
    rows[4][1] = "2030-01-05T09:00:00" + "x" * 200_000  # over Python's csv field limit (131 072)
    path = f.write_wave(tmp_path / "wave.csv", rows)
    r = check_wave(path, f.WAVE, load_codebook(f.write_codebook(tmp_path / "cb"), f.WAVE))
    assert not r.problems and r.rows_loaded == 19 and r.rows_quarantined == 1
    q = r.quarantined.iloc[0]
    assert (q["source_row"], q["rule"], q["column_name"]) == (5, "field_too_long", "submitted_at")
    raw = path.read_text(encoding="utf-8").splitlines()[5]
    assert q["raw_record_length"] == len(raw) and len(q["raw_record"]) == MAX_FIELD_CHARS
    assert q["raw_record_sha256"] == __import__("hashlib").sha256(raw.encode()).hexdigest()
    assert max(len(str(v)) for v in q) <= MAX_FIELD_CHARS


def test_oversized_cell_leaves_seeds_readable_by_dbt_and_by_wave_remove(tmp_path: Path) -> None:
    """The quarantine seed is read by agate (dbt seed) with the csv module's default field limit."""
    import agate

    from csx import waves

    root = shipped.project_copy(REPO_ROOT, tmp_path / "repo")
    cb = shipped.codebook_as(REPO_ROOT, NEW, tmp_path / "cb")
    lines = shipped.wave_lines(REPO_ROOT)
    cells = lines[3].rstrip("\n").split(",")
    cells[2] = "9" * 200_000  # an answer cell of 200 000 characters
    lines[3] = ",".join(cells) + "\n"
    export = _write_lines(tmp_path / "export.csv", lines)
    res = waves.add_wave(NEW, export, cb, layout=waves.Layout(root))
    assert res.rows_quarantined == 1 and res.rows_loaded == 234
    assert csv.field_size_limit() >= 131072
    table = agate.Table.from_csv(str(root / "seeds/landing/quarantined_rows.csv"))  # what dbt seed does
    assert [r["rule"] for r in table.rows] == ["field_too_long"]
    waves.remove_wave(NEW, layout=waves.Layout(root))
    assert shipped.snapshot(root) == shipped.snapshot(shipped.project_copy(REPO_ROOT, tmp_path / "fresh"))


def test_wave_remove_reads_a_quarantine_written_before_the_cap(tmp_path: Path) -> None:
    from csx import waves
    from csx.seed_layout import QUARANTINE_SEED_COLUMNS

    root = shipped.project_copy(REPO_ROOT, tmp_path / "repo")
    quarantine = root / "seeds/landing/quarantined_rows.csv"
    old = {c: "" for c in QUARANTINE_SEED_COLUMNS} | {"wave_id": "2025", "raw_record": "y" * 200_000}
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=QUARANTINE_SEED_COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerow(old)
    quarantine.write_text(buf.getvalue(), encoding="utf-8")
    res = waves.remove_wave("2023", layout=waves.Layout(root))
    assert res.removed_records["seeds/landing/quarantined_rows.csv"] == 0
    assert quarantine.read_text(encoding="utf-8") == buf.getvalue()


# ------------------------------------------------------------------ 5. encodings
def _latin1_wave(tmp_path: Path, ids: list[str], encoding: str = "latin-1") -> Path:
    rows = f.rows(20)
    for i, rid in enumerate(ids):
        rows[i][0] = rid
    return f.write_wave(tmp_path / "wave.csv", rows, encoding=encoding)


def test_latin1_muller_never_becomes_half_width_katakana(tmp_path: Path) -> None:
    path = _latin1_wave(tmp_path, ["R2027-MÜLLER"])
    r = check_wave(path, f.WAVE, load_codebook(f.write_codebook(tmp_path / "cb"), f.WAVE))
    ids = set(r.clean["respondent_id"]) if not r.rejected else set()
    assert "R2027-MﾜLLER" not in ids
    assert r.rejected or "R2027-MÜLLER" in ids  # read right, or refused: never a silent wrong guess
    explicit = check_wave(path, f.WAVE, load_codebook(tmp_path / "cb", f.WAVE), encoding="latin-1")
    assert not explicit.problems and explicit.clean.loc[0, "respondent_id"] == "R2027-MÜLLER"


def test_ambiguous_encoding_is_rejected_naming_the_candidates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _latin1_wave(tmp_path, ["Rｱｲｳ"], encoding="cp932")  # bytes B1 B2 B3: ｱｲｳ in CP932, ±²³ in Latin-1
    cb = f.write_codebook(tmp_path / "cb")
    r = check_wave(path, f.WAVE, load_codebook(cb, f.WAVE))
    (p,) = r.problems
    assert p.rule == "encoding" and p.row == 1
    assert "cp932" in p.message and "cp1252" in p.message and "--encoding" in p.message
    args = ["landing", "check", "--responses", str(path), "--codebook", str(cb), "--wave-id", f.WAVE]
    code, out, err = _cli(monkeypatch, capsys, *args, "--encoding", "cp932")
    assert code == 0, err
    assert "decoded from cp932" in out and "read 20 = loaded 20" in out


def test_shift_jis_codebook_goes_through_the_landing_reader_in_wave_add(tmp_path: Path) -> None:
    from csx import waves

    root = shipped.project_copy(REPO_ROOT, tmp_path / "repo")
    cb = shipped.codebook_as(REPO_ROOT, NEW, tmp_path / "cb", encoding="shift_jis")
    lines = shipped.wave_lines(REPO_ROOT)
    export = _write_lines(tmp_path / "export.csv", lines)
    res = waves.add_wave(NEW, export, cb, layout=waves.Layout(root))
    assert res.rows_loaded == 235
    q = pd.read_csv(root / "seeds/codebook/codebook_questions.csv", dtype=str, keep_default_na=False)
    utf8 = pd.read_csv(
        shipped.codebook_as(REPO_ROOT, NEW, tmp_path / "u") / "codebook_questions.csv", dtype=str
    )
    assert q[q.wave_id == NEW]["label_ja"].tolist() == utf8["label_ja"].tolist()  # Japanese kept exactly


# ------------------------------------------------------------------ 6. control characters, CR-only files
@pytest.mark.parametrize(
    ("column", "value"), [("respondent_id", "R\x0012"), ("Q1", "1\x1b"), ("respondent_id", "R\t9")]
)
def test_control_characters_are_quarantined(tmp_path: Path, column: str, value: str) -> None:
    rows = f.rows(20)
    rows[6][f.HEADER.index(column)] = value
    path = f.write_wave(tmp_path / "wave.csv", rows)
    r = check_wave(path, f.WAVE, load_codebook(f.write_codebook(tmp_path / "cb"), f.WAVE))
    assert not r.problems and r.rows_loaded == 19
    q = r.quarantined.iloc[0]
    assert (q["source_row"], q["column_name"], q["rule"]) == (7, column, "control_character")
    assert not any(c in str(v) for v in q for c in "\x00\x1b")  # shown escaped, e.g. \x00
    assert value not in set(r.clean[column])


def test_control_characters_in_codebook_codes_are_rejected(tmp_path: Path) -> None:
    d = f.write_codebook(tmp_path / "cb")
    p = d / "codebook_options.csv"
    p.write_text(p.read_text(encoding="utf-8").replace("T1,Q3,1,yes", "T1,Q3,1,y\x00es"), encoding="utf-8")
    cb = load_codebook(d, f.WAVE)
    assert [(x.rule, x.column) for x in cb.problems] == [("control_character", "option_id")]


def test_cr_only_file_is_read(tmp_path: Path) -> None:
    text = ",".join(f.HEADER) + "\r" + "\r".join(",".join(r) for r in f.rows(12)) + "\r"
    path = tmp_path / "wave.csv"
    path.write_bytes(text.encode())
    r = check_wave(path, f.WAVE, load_codebook(f.write_codebook(tmp_path / "cb"), f.WAVE))
    assert not r.problems and r.rows_read == r.rows_loaded == 12
    assert any("CR-only" in n for n in r.notes)
