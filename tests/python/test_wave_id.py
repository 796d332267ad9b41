"""Issue 8 item 4: one wave-id rule (csx.wave_id), the same answer from every command that takes an id."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from csx import waves
from csx.errors import CsxError
from csx.landing import check_wave, load_codebook
from csx.paths import REPO_ROOT
from fixtures.landing import factory as f
from fixtures.landing import shipped

MAX = 32
VALID = ["2027", "2027_b", "a", "A9", "x" * MAX, "2027Q1"]
INVALID = [
    "2027\n",  # `re.match(...$)` let the trailing newline through
    "2027-a",  # landing check used to allow `-`, wave add did not
    "x" * (MAX + 1),  # wave add used to allow 40
    "２０２７",  # full-width digits (\\d matches them)
    "٢٠٢٧",  # Arabic-Indic digits
    "",
    "_2027",
    "2027 ",
    " 2027",
    "../x",
    "20'27",
    "wave\x00",
]


@pytest.mark.parametrize("wave_id", VALID)
def test_valid_ids(wave_id: str) -> None:
    from csx.wave_id import WAVE_ID_MAX_LENGTH, is_valid_wave_id

    assert is_valid_wave_id(wave_id) and WAVE_ID_MAX_LENGTH == MAX


@pytest.mark.parametrize("wave_id", INVALID, ids=repr)
def test_landing_check_rejects(tmp_path: Path, wave_id: str) -> None:
    path = f.write_wave(tmp_path / "wave.csv", f.rows(10))
    r = check_wave(path, wave_id, load_codebook(f.write_codebook(tmp_path / "cb"), wave_id))
    assert r.rejected and r.problems[0].rule == "wave_id"
    assert "\n" not in str(r.problems[0])


@pytest.mark.parametrize("wave_id", INVALID, ids=repr)
def test_wave_add_remove_and_import_reject_and_write_nothing(tmp_path: Path, wave_id: str) -> None:
    from csx.importers import import_export

    root = shipped.project_copy(REPO_ROOT, tmp_path / "repo")
    before = shipped.snapshot(root)
    layout = waves.Layout(root)
    cb = shipped.codebook_as(REPO_ROOT, "2027", tmp_path / "cb")
    export = tmp_path / "export.csv"
    export.write_text("".join(shipped.wave_lines(REPO_ROOT)), encoding="utf-8")
    for call in (
        lambda: waves.add_wave(wave_id, export, cb, layout=layout),
        lambda: waves.remove_wave(wave_id, layout=layout),
        lambda: import_export("qualtrics", export, wave_id, tmp_path / "out"),
    ):
        with pytest.raises(CsxError) as exc:
            call()
        assert [p.rule for p in exc.value.problems] == ["wave_id"]
    assert shipped.snapshot(root) == before
    assert not (tmp_path / "out").exists()


def test_cli_prints_the_rule_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from csx.cli import main

    monkeypatch.setattr(sys, "argv", ["csx", "wave", "remove", "2027\n"])
    with pytest.raises(SystemExit) as exc:
        main()
    err = capsys.readouterr().err
    assert exc.value.code == 1
    assert err.splitlines()[-1] == (
        "wave_id: wave_id: '2027\\n': a wave id is 1-32 ASCII letters, digits or _, starting with a letter "
        "or digit (e.g. 2027)"
    )
