"""Issue 8 item 7: CSV formula injection neutralised in the CSVs people open, not in the data that loads."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from csx import waves
from csx.paths import REPO_ROOT
from fixtures.landing import shipped

ATTACK = "=cmd|' /C calc'!A0"  # OWASP's DDE example: no comma or quote, so the raw record starts with it


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("  =1", "'  =1"),  # spreadsheets skip leading spaces
        ("R2027-1", "R2027-1"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise(value: str, expected: str) -> None:
    from csx.csvsafe import neutralise

    assert neutralise(value) == expected


def test_quarantine_file_is_neutralised_and_wave_data_is_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from csx.waves import add as waves_add

    monkeypatch.setattr(waves_add, "_landing_suite", lambda: None)  # GE is not what this test is about
    root = shipped.project_copy(REPO_ROOT, tmp_path / "repo")
    cb = shipped.codebook_as(REPO_ROOT, "2027", tmp_path / "cb")
    lines = shipped.wave_lines(REPO_ROOT)
    header = lines[0].rstrip("\n").split(",")
    bad = next(csv.reader([lines[4]]))
    bad[0], bad[2] = ATTACK, "99"  # a formula id on a row quarantined for an unknown code
    good = next(csv.reader([lines[5]]))
    good[0] = "@R2027-5"  # a formula-like id on a clean row: loads unchanged
    rows = [next(csv.reader([line])) for line in lines[1:]]
    rows[3], rows[4] = bad, good
    export = tmp_path / "export.csv"
    with export.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
    waves.add_wave("2027", export, cb, layout=waves.Layout(root))

    with (root / "seeds/landing/quarantined_rows.csv").open(encoding="utf-8", newline="") as fh:
        (q,) = list(csv.DictReader(fh))
    assert q["respondent_id"] == "'" + ATTACK
    assert q["raw_record"].startswith("'" + ATTACK + ",")
    assert not any(v.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r")) for v in q.values())
    with (root / "seeds/waves/wave_2027.csv").open(encoding="utf-8", newline="") as fh:
        ids = [r["respondent_id"] for r in csv.DictReader(fh)]
    assert "@R2027-5" in ids and ATTACK not in ids
