"""Fast checks of the dashboards wrapper and project (no Node, no browser)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import duckdb
import pytest
import yaml

from csx import dashboards
from csx.errors import CsxError
from csx.paths import DASHBOARDS_DIR, MODELS_DIR

PAGES = sorted(p.stem for p in (DASHBOARDS_DIR / "pages").glob("*.md"))


def test_source_filename_is_relative_to_the_source_folder(tmp_path: Path) -> None:
    wh = tmp_path / "w.duckdb"
    env = dashboards.evidence_env(wh)
    rel = env["EVIDENCE_SOURCE__csx__filename"]
    assert not os.path.isabs(rel)
    assert (dashboards.SOURCE_DIR / rel).resolve() == wh.resolve()
    assert env["EVIDENCE_TELEMETRY_DISABLED"] == "1"


def test_telemetry_off_and_versions_pinned() -> None:
    settings = json.loads((DASHBOARDS_DIR / "evidence.settings.json").read_text())
    assert settings["send_anonymous_usage_stats"] == "no"
    pkg = json.loads((DASHBOARDS_DIR / "package.json").read_text())
    for name, version in pkg["dependencies"].items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} not pinned: {version}"
    assert (DASHBOARDS_DIR / "package-lock.json").is_file()


def test_missing_warehouse_is_one_problem(tmp_path: Path) -> None:
    with pytest.raises(CsxError) as exc:
        dashboards.check_warehouse(tmp_path / "absent.duckdb")
    assert len(str(exc.value).splitlines()) == 1
    assert "warehouse-missing" in str(exc.value)


def test_missing_marts_are_named(tmp_path: Path) -> None:
    wh = tmp_path / "w.duckdb"
    con = duckdb.connect(str(wh))
    con.execute("create schema marts; create table marts.dim_wave(wave_id varchar)")
    con.close()
    with pytest.raises(CsxError) as exc:
        dashboards.check_warehouse(wh)
    assert "marts.mart_option_scores" in str(exc.value)


def test_sources_read_marts_only() -> None:
    for sql in (DASHBOARDS_DIR / "sources" / "csx").glob("*.sql"):
        text = re.sub(r"--[^\n]*", "", sql.read_text(encoding="utf-8"))
        tables = re.findall(r"\b(?:from|join)\s+([a-z_][\w.]*)", text, flags=re.I)
        for t in tables:
            assert t.startswith("marts.") or t.startswith("csx_"), f"{sql.name} reads {t}"


def test_one_exposure_per_page_with_the_marts_it_reads() -> None:
    doc = yaml.safe_load((MODELS_DIR / "marts" / "_marts__exposures.yml").read_text(encoding="utf-8"))
    exposures = doc["exposures"]
    urls = {e["url"].strip("/") or "index": e for e in exposures}
    assert sorted(urls) == PAGES
    for page, exp in urls.items():
        text = (DASHBOARDS_DIR / "pages" / f"{page}.md").read_text(encoding="utf-8")
        read = set(re.findall(r"\bcsx\.(\w+)", text)) - {"data_quality_results"}
        declared = {re.sub(r"ref\('(\w+)'\)", r"\1", d) for d in exp["depends_on"]}
        assert read == declared, f"{page}: reads {sorted(read)}, exposure lists {sorted(declared)}"


def test_report_charts_are_all_titled() -> None:
    text = "\n".join((DASHBOARDS_DIR / "pages" / f"{p}.md").read_text(encoding="utf-8") for p in PAGES)
    for n in range(1, 29):
        assert f'title="グラフ{n} — ' in text, f"グラフ{n} has no chart"
    assert 'title="表1 — ' in text


def test_no_hard_coded_wave() -> None:
    for page in PAGES:
        text = (DASHBOARDS_DIR / "pages" / f"{page}.md").read_text(encoding="utf-8")
        assert not re.search(r"wave_id\s*=\s*'20\d\d'", text), page
