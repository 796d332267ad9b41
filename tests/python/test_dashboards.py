"""Fast checks of the dashboards wrapper and project (no Node, no browser)."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import duckdb
import pytest
import yaml

from csx import dashboards
from csx.dashboards_serve import make_server
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


def page_marts(page: str) -> set[str]:
    """Marts a page reads: in its inline queries and in the shared queries its front matter names."""
    text = (DASHBOARDS_DIR / "pages" / f"{page}.md").read_text(encoding="utf-8")
    front = text.split("---", 2)[1] if text.startswith("---") else ""
    for _name, file in re.findall(r"^\s*-\s*(\w+):\s*([\w/]+\.sql)\s*$", front, flags=re.M):
        text += (DASHBOARDS_DIR / "queries" / file).read_text(encoding="utf-8")
    return set(re.findall(r"\bcsx\.(\w+)", text))


def test_one_exposure_per_page_with_the_marts_it_reads() -> None:
    doc = yaml.safe_load((MODELS_DIR / "marts" / "_marts__exposures.yml").read_text(encoding="utf-8"))
    exposures = doc["exposures"]
    urls = {e["url"].strip("/") or "index": e for e in exposures}
    assert sorted(urls) == PAGES
    for page, exp in urls.items():
        read = page_marts(page) - {"data_quality_results"}
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


# ------------------------------------------------------------------ shared queries: no copies on pages
QUERIES_DIR = DASHBOARDS_DIR / "queries"
SQL_BLOCK = re.compile(r"^```sql\s+(\w+)\s*\n(.*?)^```", re.M | re.S)
FRONT_QUERY = re.compile(r"^\s*-\s*(\w+):\s*([\w/]+\.sql)\s*$", re.M)


def _normalise_sql(sql: str) -> list[str]:
    """SQL lines without comments, case, spacing or literal values (a copy with another id is a copy)."""
    sql = re.sub(r"--[^\n]*", "", sql)
    sql = re.sub(r"'[^']*'", "?", sql)
    sql = re.sub(r"\$\{[^}]*\}", "${}", sql)
    lines = [re.sub(r"\s+", " ", ln).strip().lower() for ln in sql.splitlines()]
    return [ln for ln in lines if ln]


def _query_blocks() -> dict[str, str]:
    blocks = {}
    for page in PAGES:
        text = (DASHBOARDS_DIR / "pages" / f"{page}.md").read_text(encoding="utf-8")
        for name, sql in SQL_BLOCK.findall(text):
            blocks[f"pages/{page}.md#{name}"] = sql
    for sql_file in QUERIES_DIR.glob("*.sql"):
        blocks[f"queries/{sql_file.name}"] = sql_file.read_text(encoding="utf-8")
    return blocks


def repeated_sql(blocks: dict[str, str], window: int = 4) -> list[str]:
    """Blocks that repeat another block, or share `window` consecutive non-trivial lines with one."""
    seen_blocks: dict[tuple[str, ...], str] = {}
    seen_runs: dict[tuple[str, ...], str] = {}
    problems = []
    for where, sql in sorted(blocks.items()):
        lines = tuple(_normalise_sql(sql))
        if lines in seen_blocks:
            problems.append(f"{where} repeats {seen_blocks[lines]}")
            continue
        seen_blocks[lines] = where
        runs = {lines[i : i + window] for i in range(len(lines) - window + 1)}
        for run in runs:
            if sum(len(ln) > 12 for ln in run) < window:  # runs of `)`, `select`, `from x` are not copies
                continue
            other = seen_runs.setdefault(run, where)
            if other != where:
                problems.append(f"{where} repeats {window} lines of {other}: {' / '.join(run)}")
                break
    return problems


def test_repeated_sql_detector_finds_copies() -> None:
    page = "select a_long_column_name,\n another_long_column,\n third_long_column,\n fourth_column_yy\nfrom t"
    copy = page.replace("from t", "from u where x = 'other'")
    assert repeated_sql({"a": page, "b": page})
    assert repeated_sql({"a": page, "b": copy})
    assert not repeated_sql({"a": page, "b": "select 1"})


def test_no_repeated_query_blocks() -> None:
    blocks = _query_blocks()
    assert len(blocks) >= 5
    assert not repeated_sql(blocks), repeated_sql(blocks)


def test_pages_use_shared_queries_and_stay_short() -> None:
    for page in PAGES:
        text = (DASHBOARDS_DIR / "pages" / f"{page}.md").read_text(encoding="utf-8")
        for name, file in FRONT_QUERY.findall(text.split("---", 2)[1]):
            assert (QUERIES_DIR / file).is_file(), f"{page}: front matter query {name} -> {file} missing"
        assert len(SQL_BLOCK.findall(text)) <= 3, f"{page}: more than 3 inline queries; use queries/*.sql"
        assert len(text.splitlines()) <= 80, f"{page}: {len(text.splitlines())} lines"


def test_shared_queries_read_declared_marts() -> None:
    sources = {p.stem for p in (DASHBOARDS_DIR / "sources" / "csx").glob("*.sql")}
    for sql in QUERIES_DIR.glob("*.sql"):
        for table in re.findall(r"\bcsx\.(\w+)", sql.read_text(encoding="utf-8")):
            assert table in sources, f"{sql.name} reads csx.{table}, which has no source query"


# ------------------------------------------------------------------ csx dashboards preview
def _project(tmp_path: Path, built: bool) -> Path:
    (tmp_path / "dbt_project.yml").write_text("name: csx\n", encoding="utf-8")
    site = tmp_path / "dashboards" / "build"
    site.mkdir(parents=True)
    if built:
        (site / "index.html").write_text("<html>csx site</html>", encoding="utf-8")
        (site / "respondents").mkdir()
        (site / "respondents" / "index.html").write_text("<html>respondents</html>", encoding="utf-8")
        (site / "a.wasm").write_bytes(b"\0asm")
    return tmp_path


def _preview(project: Path, *args: str) -> subprocess.Popen[str]:
    env = dict(os.environ, CSX_REPO_ROOT=str(project))
    return subprocess.Popen(
        [sys.executable, "-c", "from csx.cli import main; main()", "dashboards", "preview", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_preview_prints_a_url_that_serves_the_site(tmp_path: Path) -> None:
    proc = _preview(_project(tmp_path, built=True), "--port", "0")
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        url = re.search(r"http://[\d.]+:\d+/", line)
        assert url, f"no URL printed: {line!r} {proc.stderr.read() if proc.poll() is not None else ''}"
        with urllib.request.urlopen(url.group(0), timeout=10) as resp:
            assert resp.status == 200
            assert b"csx site" in resp.read()
        with urllib.request.urlopen(url.group(0) + "respondents/", timeout=10) as resp:
            assert resp.status == 200
        with urllib.request.urlopen(url.group(0) + "a.wasm", timeout=10) as resp:
            assert resp.headers["Content-Type"] == "application/wasm"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_preview_without_a_build_exits_non_zero(tmp_path: Path) -> None:
    proc = _preview(_project(tmp_path, built=False), "--port", "0")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert "site-missing" in err and "csx dashboards build" in err and "Traceback" not in err
    assert "http://" not in out


def test_preview_on_a_busy_port_exits_non_zero(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = _preview(_project(tmp_path, built=True), "--port", str(port))
        out, err = proc.communicate(timeout=60)
    assert proc.returncode == 1
    assert "port-unavailable" in err and str(port) in err and "Traceback" not in err
    assert "http://" not in out


def test_make_server_errors_are_one_problem(tmp_path: Path) -> None:
    with pytest.raises(CsxError) as exc:
        make_server(tmp_path / "nothing", port=0)
    assert len(str(exc.value).splitlines()) == 1


def test_ci_installs_a_cjk_font() -> None:
    ci = (DASHBOARDS_DIR.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "fonts-noto-cjk" in ci
