"""The documentation stays true and short: the lineage diagram matches the dbt project (regenerate with
`make docs`), the README is a front door (two commands, synthetic notice, at most 250 lines, nothing
repeated from docs/), and every relative link in README.md and docs/ resolves."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from csx.dbt import run_dbt
from csx.paths import REPO_ROOT

README = REPO_ROOT / "README.md"
DOCS = sorted((REPO_ROOT / "docs").glob("*.md"))
LINK = re.compile(r"\]\(([^)#\s]+)(#[^)\s]*)?\)")


def _lineage_module() -> object:
    spec = importlib.util.spec_from_file_location("lineage", REPO_ROOT / "scripts/lineage.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_lineage_diagram_is_current(tmp_path: Path) -> None:
    run_dbt(["parse", "--target-path", str(tmp_path / "target")], quiet=True)
    manifest = json.loads((tmp_path / "target/manifest.json").read_text(encoding="utf-8"))
    lineage = _lineage_module()
    doc = (REPO_ROOT / "docs/models.md").read_text(encoding="utf-8")
    expected = lineage.replace_block(doc, lineage.render(manifest))  # type: ignore[attr-defined]
    assert doc == expected, "docs/models.md lineage diagram is stale: run `make docs`"


def test_readme_is_the_front_door() -> None:
    readme = README.read_text(encoding="utf-8")
    assert "make build" in readme and "make test" in readme
    assert "synthetic" in readme.lower()
    assert len(readme.splitlines()) <= 250, "README.md over 250 lines: details belong in docs/"
    ci = (REPO_ROOT / ".ci/run").read_text(encoding="utf-8")
    assert "make test" in ci


def _paragraphs(text: str) -> list[str]:
    """Blocks of prose or code separated by blank lines, whitespace-normalised."""
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text) if block.strip()]


def repeated_paragraphs(readme: str, docs: dict[str, str], min_chars: int = 160) -> list[str]:
    """README paragraphs (of at least min_chars) that also stand in a document of docs/."""
    in_docs = {p: name for name, text in docs.items() for p in _paragraphs(text)}
    return [f"{in_docs[p]}: {p[:80]}" for p in _paragraphs(readme) if len(p) >= min_chars and p in in_docs]


def test_readme_repeats_nothing_from_docs() -> None:
    docs = {d.name: d.read_text(encoding="utf-8") for d in DOCS}
    assert repeated_paragraphs(README.read_text(encoding="utf-8"), docs) == []


def test_repeated_paragraph_is_found() -> None:
    """The duplication check can fail: a paragraph copied into a document is reported."""
    para = "A paragraph long enough to count as a section of prose, " * 4
    found = repeated_paragraphs(f"# t\n\n{para}\n", {"x.md": f"intro\n\n{para}\n"})
    assert found == [f"x.md: {para.strip()[:80]}"]


@pytest.mark.parametrize("doc", [README, *DOCS], ids=lambda p: p.name)
def test_relative_links_resolve(doc: Path) -> None:
    broken = [
        target
        for target, _ in LINK.findall(doc.read_text(encoding="utf-8"))
        if "://" not in target and not target.startswith("mailto:") and not (doc.parent / target).exists()
    ]
    assert broken == [], f"{doc.name}: links to missing files"
