"""Issue 8 item 8: which project csx acts on (--project-dir, CSX_REPO_ROOT, current directory upward)."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from csx import paths, waves
from csx.errors import CsxError
from csx.paths import REPO_ROOT
from fixtures.landing import shipped

CSX = str(Path(sys.executable).parent / "csx")


def _project(d: Path, name: str = "csx") -> Path:
    d.mkdir(parents=True, exist_ok=True)
    (d / "dbt_project.yml").write_text(f"name: {name}\n", encoding="utf-8")
    return d


@pytest.fixture
def outside() -> Iterator[Path]:
    """A directory in no csx project (the system temp dir: `make test` puts tmp_path inside the checkout)."""
    with tempfile.TemporaryDirectory(prefix="csx-outside-") as d:
        path = Path(d).resolve()
        if paths.find_project(path) is not None:
            pytest.skip(f"{path} is inside a csx project")
        yield path


def _env(**extra: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("CSX_REPO_ROOT", "CSX_FAULT_AT", "CSX_FAULT_TRACE")
    }
    return {**env, **extra}


def test_resolution_order(tmp_path: Path, outside: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outer = _project(tmp_path / "outer")
    inner = _project(outer / "sub" / "other_dbt", name="not_csx")  # a dbt project that is not csx
    elsewhere = _project(tmp_path / "elsewhere")
    monkeypatch.delenv("CSX_REPO_ROOT", raising=False)
    monkeypatch.chdir(inner)
    assert paths.project_root() == outer.resolve() and paths.how_resolved() == "current directory"
    assert outer.resolve() / "seeds" / "waves" == paths.WAVES_DIR  # lazy: follows the resolution
    monkeypatch.setenv("CSX_REPO_ROOT", str(elsewhere))
    assert elsewhere.resolve() / "dbt_project.yml" == paths.DBT_PROJECT_FILE
    try:
        paths.set_project_dir(outer)
        assert paths.project_root() == outer.resolve() and paths.how_resolved() == "--project-dir"
        paths.set_project_dir(inner)
        with pytest.raises(CsxError, match="not a csx project"):
            paths.project_root()
    finally:
        paths.set_project_dir(None)
    monkeypatch.delenv("CSX_REPO_ROOT")
    monkeypatch.chdir(outside)
    with pytest.raises(CsxError, match="no csx project here or above"):
        paths.project_root()


def test_no_project_needed_to_start(outside: Path) -> None:
    """No module resolves the project at import time: `csx --help` works anywhere."""
    out = subprocess.run([CSX, "--help"], cwd=outside, env=_env(), capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    out = subprocess.run([CSX, "wave", "list"], cwd=outside, env=_env(), capture_output=True, text=True)
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert "project: no csx project here or above" in out.stderr


def test_a_copy_of_the_checkout_writes_into_the_copy(tmp_path: Path) -> None:
    """Run with this checkout's venv (editable install) from a copy: the copy changes, the original not."""
    copy = waves.copy_repo(REPO_ROOT, tmp_path / "copy")
    watched = ["dbt_project.yml", "seeds/codebook/waves.csv", "seeds/codebook/codebook_questions.csv",
               "seeds/codebook/codebook_options.csv", "seeds/waves/wave_2023.csv"]  # fmt: skip
    saved = {rel: (REPO_ROOT / rel).read_bytes() for rel in watched}
    try:
        out = subprocess.run(
            [CSX, "wave", "remove", "2023"], cwd=copy, env=_env(), capture_output=True, text=True
        )
        assert out.returncode == 0, out.stderr
        assert {rel: (REPO_ROOT / rel).read_bytes() for rel in watched} == saved  # the original is untouched
        assert not (copy / "seeds/waves/wave_2023.csv").exists()  # the copy changed
        assert f"csx: project {copy.resolve()} (from current directory)" in out.stderr.splitlines()
        out = subprocess.run(
            [CSX, "--project-dir", str(REPO_ROOT), "wave", "list"],
            cwd=copy,
            env=_env(CSX_REPO_ROOT=str(copy)),  # the option wins over the variable and the directory
            capture_output=True,
            text=True,
        )
        assert out.returncode == 0 and "2023" in out.stdout, out.stderr
        assert f"csx: project {REPO_ROOT} (from --project-dir)" in out.stderr
    finally:  # on the old code the remove hit the original checkout: put it back
        for rel, data in saved.items():
            if not (REPO_ROOT / rel).exists() or (REPO_ROOT / rel).read_bytes() != data:
                (REPO_ROOT / rel).write_bytes(data)


def test_dbt_runs_in_the_resolved_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from csx import dbt

    seen: list[list[str]] = []

    class Runner:
        def invoke(self, args: list[str]) -> object:
            seen.append(args)
            return type("R", (), {"success": True})()

    monkeypatch.setattr("dbt.cli.main.dbtRunner", Runner)
    root = shipped.project_copy(REPO_ROOT, tmp_path / "copy")
    monkeypatch.setenv("CSX_REPO_ROOT", str(root))
    dbt.run_dbt(["parse"])
    assert seen[0][-4:] == ["--project-dir", str(root.resolve()), "--profiles-dir", str(root.resolve())]
