"""The README's lineage diagram matches the dbt project (regenerate with `make docs`)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from csx.dbt import run_dbt
from csx.paths import REPO_ROOT


def _lineage_module() -> object:
    spec = importlib.util.spec_from_file_location("lineage", REPO_ROOT / "scripts/lineage.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_readme_lineage_is_current(tmp_path: Path) -> None:
    run_dbt(["parse", "--target-path", str(tmp_path / "target")], quiet=True)
    manifest = json.loads((tmp_path / "target/manifest.json").read_text(encoding="utf-8"))
    lineage = _lineage_module()
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    expected = lineage.replace_block(readme, lineage.render(manifest))  # type: ignore[attr-defined]
    assert readme == expected, "README lineage diagram is stale: run `make docs`"


def test_readme_names_the_two_commands() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert "make build" in readme and "make test" in readme
    assert "synthetic" in readme.lower()
    ci = (REPO_ROOT / ".ci/run").read_text(encoding="utf-8")
    assert "make test" in ci
