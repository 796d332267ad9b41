"""`csx wave add/remove/list` mechanics on a tiny repo copy, with a stand-in landing layer.

The stand-in implements the documented Landing API (docs/architecture.md) just enough to exercise the
staging, append and undo logic; the real landing layer is exercised by test_e2e_new_wave.py.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from csx import waves
from csx.errors import CsxError, Problem
from csx.seed_layout import QUARANTINE_SEED_COLUMNS
from csx.waves import add as waves_add
from csx.waves import journal

DBT_PROJECT = """name: csx
vars:
  # Confidentiality comment that must survive.
  csx_min_cell_size: 5
  # Survey waves carried through the warehouse. Managed by `csx wave add/remove`.
  csx_waves:
    - {wave_id: "2023", storage: seed}
    - {wave_id: "2025", storage: seed}

seeds:
  csx:
    +schema: raw
"""
QUESTIONS = (
    "wave_id,question_code,question_id,question_group,item_id,question_type,question_order,label_ja,label_en,"
    "report_chart,is_required,base_condition,max_selections,notes\n"
    '2025,Q1,ai_use,,,single,1,AI,"Uses AI, at all",G5,true,,,\n'
    "2025,Q2,channels_used,,,multi,2,チャネル,Channels,G12,true,,,\n"
)
OPTIONS = (
    "wave_id,question_code,option_code,option_id,trend_option_id,value_domain,option_order,label_ja,label_en,"
    "score_value,is_exclusive,notes\n"
    "2025,Q1,1,yes,yes,,1,はい,Yes,,false,\n"
    "2025,Q1,2,no,no,,2,いいえ,No,,false,\n"
    "2025,Q2,1,phone,phone,channel,1,電話,Phone,,false,\n"
    "2025,Q2,2,email,email,channel,2,メール,Email,,false,\n"
)
REGISTRY = (
    "wave_id,wave_year,label_en,label_ja,fieldwork_start,fieldwork_end,respondents_expected,is_synthetic,notes\n"
    "2025,2025,CSE 2025,CSE 2025,2025-01-10,2025-02-28,3,true,\n"
)
QUARANTINE = ",".join(QUARANTINE_SEED_COLUMNS) + "\n"
WAVE_2025 = "respondent_id,submitted_at,Q1,Q2_1,Q2_2\nR1,2025-02-01T10:00:00,1,1,0\n"


class FakeLanding:
    """Documented Landing API; quarantines rows without respondent_id, rejects unknown columns."""

    @staticmethod
    def load_codebook(codebook_dir: Path, wave_id: str | None, **_kw: object) -> SimpleNamespace:
        rd = lambda n: pd.read_csv(codebook_dir / n, dtype=str, keep_default_na=False)  # noqa: E731
        return SimpleNamespace(
            problems=[], questions=rd("codebook_questions.csv"), options=rd("codebook_options.csv")
        )

    @staticmethod
    def check_wave(
        responses: Path,
        wave_id: str,
        codebook: SimpleNamespace,
        existing_wave_ids: frozenset[str] = frozenset(),
        **_kw: object,
    ) -> SimpleNamespace:
        df = pd.read_csv(responses, dtype=str, keep_default_na=False)
        known = {"respondent_id", "submitted_at", "Q1", "Q2_1", "Q2_2"}
        problems = [
            Problem(str(responses), "unknown_column", f"column {c} not in the codebook", row=0, column=c)
            for c in df.columns
            if c not in known
        ]
        bad = df["respondent_id"] == ""
        quarantined = pd.DataFrame(
            {
                "source_file": str(responses),
                "source_row": [str(i + 1) for i in df.index[bad]],
                "respondent_id": "",
                "column_name": "respondent_id",
                "rule": "not_null",
                "message": "respondent_id is empty",
                "raw_record": [",".join(r) for r in df[bad].itertuples(index=False)],
            }
        )
        return SimpleNamespace(
            clean=df[~bad].reset_index(drop=True),
            quarantined=quarantined,
            problems=problems,
            rows_read=len(df),
            rows_loaded=int((~bad).sum()),
            rows_quarantined=int(bad.sum()),
        )


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> waves.Layout:
    root = tmp_path / "repo"
    files = {
        "dbt_project.yml": DBT_PROJECT,
        "seeds/codebook/codebook_questions.csv": QUESTIONS,
        "seeds/codebook/codebook_options.csv": OPTIONS,
        "seeds/codebook/waves.csv": REGISTRY,
        "seeds/landing/quarantined_rows.csv": QUARANTINE,
        "seeds/waves/wave_2025.csv": WAVE_2025,
        "models/staging/stg.sql": "select 1\n",
    }
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(text.encode())
    monkeypatch.setattr(waves_add, "_landing", lambda: FakeLanding)
    monkeypatch.setattr(waves_add, "_landing_suite", lambda: None)
    return waves.Layout(root)


@pytest.fixture
def new_wave(tmp_path: Path) -> tuple[Path, Path]:
    cb = tmp_path / "cb2027"
    cb.mkdir()
    # codebook handed over without the wave_id column (allowed by the contract)
    (cb / "codebook_questions.csv").write_text(
        "\n".join(",".join(line.split(",")[1:]) for line in QUESTIONS.splitlines()) + "\n", encoding="utf-8"
    )
    (cb / "codebook_options.csv").write_text(
        "\n".join(",".join(line.split(",")[1:]) for line in OPTIONS.splitlines()) + "\n", encoding="utf-8"
    )
    resp = tmp_path / "wave_2027_export.csv"
    resp.write_text(
        "respondent_id,submitted_at,Q1,Q2_1,Q2_2\n"
        "R2027-1,2027-02-01T10:00:00,1,1,0\n"
        "R2027-2,2027-02-03T11:00:00,2,0,1\n"
        ",2027-02-04T11:00:00,2,0,1\n",
        encoding="utf-8",
    )
    return resp, cb


def snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_add_then_remove_is_byte_identical(repo: waves.Layout, new_wave: tuple[Path, Path]) -> None:
    before = snapshot(repo.root)
    res = waves.add_wave("2027", *new_wave, layout=repo)
    assert res.storage == "seed" and res.rows_loaded == 2 and res.rows_quarantined == 1
    text = repo.dbt_project.read_text()
    assert '    - {wave_id: "2027", storage: seed}\n' in text
    assert "# Confidentiality comment that must survive." in text
    assert [e.wave_id for e in waves.read_wave_entries(repo)] == ["2023", "2025", "2027"]
    assert repo.seed_wave("2027").read_text().splitlines()[0] == "respondent_id,submitted_at,Q1,Q2_1,Q2_2"
    q = pd.read_csv(repo.questions, dtype=str, keep_default_na=False)
    assert q[q.wave_id == "2027"].label_en.tolist() == ["Uses AI, at all", "Channels"]
    quarantined = pd.read_csv(repo.quarantine, dtype=str, keep_default_na=False)
    assert quarantined.wave_id.tolist() == ["2027"]
    assert quarantined.source_file.tolist() == ["wave_2027_export.csv"]
    reg = pd.read_csv(repo.registry, dtype=str, keep_default_na=False)
    row = reg[reg.wave_id == "2027"].iloc[0]
    assert (row.wave_year, row.fieldwork_start, row.fieldwork_end, row.respondents_expected) == (
        "2027",
        "2027-02-01",
        "2027-02-03",
        "2",
    )
    assert not list(repo.root.rglob("*" + waves.STAGE_SUFFIX))
    assert not list(repo.root.rglob("*" + waves.BACKUP_SUFFIX))

    waves.remove_wave("2027", layout=repo)
    assert snapshot(repo.root) == before


def test_external_storage_writes_parquet_and_path(repo: waves.Layout, new_wave: tuple[Path, Path]) -> None:
    import duckdb

    before = snapshot(repo.root)
    res = waves.add_wave("2027", *new_wave, layout=repo, storage="external")
    assert res.wave_path == repo.root / "data/waves/wave_2027.parquet"
    assert '- {wave_id: "2027", storage: external, path: "data/waves/wave_2027.parquet"}' in (
        repo.dbt_project.read_text()
    )
    rows = duckdb.sql(f"select respondent_id, Q1 from read_parquet('{res.wave_path}') order by 1").fetchall()
    assert rows == [("R2027-1", "1"), ("R2027-2", "2")]
    listed = {w.wave_id: w for w in waves.list_waves(repo)}
    assert listed["2027"].respondents == 2 and listed["2027"].storage == "external"
    assert listed["2025"].respondents == 1
    waves.remove_wave("2027", layout=repo)
    assert snapshot(repo.root) == before
    assert not (repo.root / "data").exists()


def test_auto_storage_uses_threshold(repo: waves.Layout, new_wave: tuple[Path, Path]) -> None:
    res = waves.add_wave("2027", *new_wave, layout=repo, threshold=1)
    assert res.storage == "external"


def test_rejection_writes_nothing(repo: waves.Layout, new_wave: tuple[Path, Path], tmp_path: Path) -> None:
    before = snapshot(repo.root)
    resp, cb = new_wave
    bad = tmp_path / "bad.csv"
    bad.write_text(resp.read_text().replace("Q2_2\n", "Q2_9\n", 1))
    with pytest.raises(CsxError) as exc:
        waves.add_wave("2027", bad, cb, layout=repo)
    assert "bad.csv:row 0:column Q2_9: unknown_column" in str(exc.value)
    for wave_id in ("2025", "20 27"):  # existing wave, invalid id
        with pytest.raises(CsxError):
            waves.add_wave(wave_id, resp, cb, layout=repo)
    with pytest.raises(CsxError, match="file_missing"):
        waves.add_wave("2027", tmp_path / "nope.csv", cb, layout=repo)
    assert snapshot(repo.root) == before


@pytest.mark.parametrize("failing_rename", [1, 3, 6])
def test_failure_during_commit_rolls_back(
    repo: waves.Layout, new_wave: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, failing_rename: int
) -> None:
    """An error inside the process after the commit point (e.g. a refused rename) restores every file."""
    before = snapshot(repo.root)
    real_replace = journal.os.replace
    calls = {"n": 0}

    def flaky_replace(a: object, b: object) -> None:
        if str(a).endswith(waves.STAGE_SUFFIX):  # a staged file moving onto its target
            calls["n"] += 1
            if calls["n"] == failing_rename:
                raise OSError("disk full")
        real_replace(a, b)

    monkeypatch.setattr(journal.os, "replace", flaky_replace)
    with pytest.raises(OSError):
        waves.add_wave("2027", *new_wave, layout=repo)
    assert calls["n"] == failing_rename
    assert snapshot(repo.root) == before


def test_remove_unknown_wave(repo: waves.Layout) -> None:
    with pytest.raises(CsxError, match="wave_unknown"):
        waves.remove_wave("2031", layout=repo)


def test_csv_records_survive_quoted_newlines(tmp_path: Path) -> None:
    p = tmp_path / "x.csv"
    original = 'wave_id,label\n2025,"two\nlines"\n2025,plain\n'
    p.write_bytes(original.encode())
    text, header = waves.appended_csv(p, [], [{"wave_id": "2027", "label": 'say "hi"'}])
    assert header == ["wave_id", "label"]
    p.write_text(text)
    assert waves.csv_without_wave(p, "2027") == (original, 1)


def test_cli_prints_problems_without_traceback(tmp_path: Path) -> None:
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-m", "csx.cli", "wave", "add", "bad id", "--responses", "x.csv", "--codebook", "."],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert out.returncode == 1
    assert "Traceback" not in out.stderr
    assert "wave_id" in out.stderr


def test_harmonization_rules_reject_inconsistent_crosswalk(
    repo: waves.Layout, new_wave: tuple[Path, Path]
) -> None:
    before = snapshot(repo.root)
    resp, cb = new_wave
    qfile, ofile = cb / "codebook_questions.csv", cb / "codebook_options.csv"
    q_text, o_text = qfile.read_text(), ofile.read_text()

    qfile.write_text(q_text.replace("channels_used,,,multi", "channels_used,,,single"))
    with pytest.raises(CsxError, match="harmonization: question_id channels_used: question_type"):
        waves.add_wave("2027", resp, cb, layout=repo)

    qfile.write_text(q_text)
    ofile.write_text(o_text.replace("Q2,2,email,email,", "Q2,2,email,mail_and_post,"))
    with pytest.raises(CsxError, match="trend_option_id 'mail_and_post' differs"):
        waves.add_wave("2027", resp, cb, layout=repo)

    # a split: new option ids sharing an earlier option's id as trend_option_id are accepted
    ofile.write_text(o_text.replace("Q2,2,email,email,", "Q2,2,email_work,email,"))
    waves.add_wave("2027", resp, cb, layout=repo)
    waves.remove_wave("2027", layout=repo)
    assert snapshot(repo.root) == before


# ---- with the real landing layer and the shipped seeds ------------------------------------------------

shipped = pytest.mark.skipif(
    not (waves.default_layout().root / "seeds/waves/wave_2025.csv").exists(), reason="no shipped seeds"
)


@pytest.fixture
def shipped_repo(tmp_path: Path) -> waves.Layout:
    src = waves.default_layout().root
    root = tmp_path / "repo"
    for rel in ("dbt_project.yml", "seeds", "models"):
        p = src / rel
        if p.is_dir():
            shutil.copytree(p, root / rel)
        else:
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(p.read_bytes())
    return waves.Layout(root)


@shipped
def test_real_landing_add_remove_round_trip_and_quarantine(
    shipped_repo: waves.Layout, tmp_path: Path
) -> None:
    from test_waves_harmonization import make_2027_codebook, make_2027_wave

    root = shipped_repo.root
    before = snapshot(root)
    h = make_2027_codebook(tmp_path / "cb", root=root)
    export = make_2027_wave(tmp_path / "cb", h, tmp_path / "export.csv", n=60, root=root)
    lines = export.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    k = header.index(h.split_code)
    bad = lines[5].rstrip("\n").split(",")
    bad[k] = "99"  # not an option code of the question: the row is quarantined, the wave still loads
    lines[5] = ",".join(bad) + "\n"
    export.write_text("".join(lines), encoding="utf-8")

    res = waves.add_wave("2027", export, tmp_path / "cb", layout=shipped_repo)
    assert (res.rows_read, res.rows_loaded, res.rows_quarantined) == (60, 59, 1)
    q = pd.read_csv(shipped_repo.quarantine, dtype=str, keep_default_na=False)
    assert q[q.wave_id == "2027"][["source_file", "source_row", "column_name"]].values.tolist() == [
        ["export.csv", "5", h.split_code]
    ]
    assert [e.wave_id for e in waves.read_wave_entries(shipped_repo)][-1] == "2027"
    models = {p: d for p, d in before.items() if p.startswith("models/")}
    assert {p: d for p, d in snapshot(root).items() if p.startswith("models/")} == models
    waves.remove_wave("2027", layout=shipped_repo)
    assert snapshot(root) == before


@shipped
def test_real_landing_rejection_prints_every_problem(shipped_repo: waves.Layout, tmp_path: Path) -> None:
    from test_waves_harmonization import make_2027_codebook, make_2027_wave

    root = shipped_repo.root
    before = snapshot(root)
    h = make_2027_codebook(tmp_path / "cb", root=root)
    export = make_2027_wave(tmp_path / "cb", h, tmp_path / "export.csv", n=40, root=root)
    df = pd.read_csv(export, dtype=str, keep_default_na=False).drop(columns=[h.new_code])
    df.to_csv(export, index=False)
    with pytest.raises(CsxError) as exc:
        waves.add_wave("2027", export, tmp_path / "cb", layout=shipped_repo)
    text = str(exc.value)
    assert f"export.csv:row 0:column {h.new_code}: missing_column:" in text
    assert text.splitlines()[-1] == "wave 2027 rejected: nothing was written"
    assert snapshot(root) == before


def test_suite_runs_on_a_sample_above_its_row_cap(repo: waves.Layout, new_wave: tuple[Path, Path]) -> None:
    seen: list[int] = []

    def suite(clean: pd.DataFrame, **_kw: object) -> list[Problem]:
        seen.append(len(clean))
        return [Problem("x.csv", "expect_values", "boom", row=1, column="Q1")] if len(seen) == 2 else []

    waves_add._landing_suite = lambda: suite  # type: ignore[assignment]  # restored by monkeypatch fixture
    res = waves.add_wave("2027", *new_wave, layout=repo, suite_max_rows=1)
    assert seen == [1] and res.suite_rows == 1
    waves.remove_wave("2027", layout=repo)
    with pytest.raises(
        CsxError, match=r"boom\nwave 2027 rejected: nothing was written \(suite rows = a 1-row"
    ):
        waves.add_wave("2027", *new_wave, layout=repo, suite_max_rows=1)


# ---- the journal, in-process (tests/python/test_waves_crash.py kills real processes at every step) ----


def _half_done(root: Path, state: str) -> tuple[dict[str, str], dict[str, str]]:
    """Stage two writes and a delete, leave the journal in `state` after one rename; (before, after)."""
    before = snapshot(root)
    tx = journal.Transaction(root, "test")
    tx.write_text(root / "seeds/codebook/waves.csv", "wave_id\nnew\n")
    tx.write_text(root / "seeds/new/file.csv", "x\n")
    tx.delete(root / "seeds/waves/wave_2025.csv")
    after = {k: v for k, v in before.items() if k != "seeds/waves/wave_2025.csv"}
    after["seeds/codebook/waves.csv"] = hashlib.sha256(b"wave_id\nnew\n").hexdigest()
    after["seeds/new/file.csv"] = hashlib.sha256(b"x\n").hexdigest()
    if state != "staging":
        tx._prepare()
        tx.journal.state = state
        tx.journal.save(root)
        journal.os.replace(root / "seeds/codebook/waves.csv.csx-staged", root / "seeds/codebook/waves.csv")
    return before, after


@pytest.mark.parametrize(
    ("state", "expect"), [("staging", "before"), ("commit", "after"), ("rollback", "before")]
)
def test_recover_rolls_each_journal_state_the_right_way(repo: waves.Layout, state: str, expect: str) -> None:
    before, after = _half_done(repo.root, state)
    assert (repo.root / waves.JOURNAL_NAME).exists()
    message = waves.recover(repo.root)
    assert message and ("rolled forward" if expect == "after" else "rolled back") in message
    assert snapshot(repo.root) == (after if expect == "after" else before)
    assert waves.recover(repo.root) is None  # nothing left to do


def test_every_command_recovers_first(repo: waves.Layout) -> None:
    before, _after = _half_done(repo.root, "staging")
    assert [w.wave_id for w in waves.list_waves(repo)] == ["2023", "2025"]
    assert snapshot(repo.root) == before


def test_unreadable_journal_is_a_one_line_error(repo: waves.Layout) -> None:
    (repo.root / waves.JOURNAL_NAME).write_text("{not json", encoding="utf-8")
    with pytest.raises(CsxError) as exc:
        waves.list_waves(repo)
    assert [p.rule for p in exc.value.problems] == ["journal"]
