"""Build the Evidence site once from a freshly built warehouse and open every page in headless Chromium.

Each page must render without an Evidence error block and draw every chart it declares (one ECharts
instance per chart component in the page's markdown); a screenshot per page goes to
build/test-output/screenshots/. Needs Node.js + npm and Debian Chromium (/usr/bin/chromium).
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from csx.paths import BUILD_DIR, DASHBOARDS_DIR

pytestmark = pytest.mark.slow

CHROMIUM = os.environ.get("CSX_CHROMIUM", "/usr/bin/chromium")
SCREENSHOT_DIR = BUILD_DIR / "test-output" / "screenshots"
PAGES_DIR = DASHBOARDS_DIR / "pages"
# page path in the site -> markdown file
PAGES = {
    "": "index.md",
    "respondents": "respondents.md",
    "ai": "ai.md",
    "channels": "channels.md",
    "sales": "sales.md",
    "measurement": "measurement.md",
    "waves": "waves.md",
    "explorer": "explorer.md",
    "quality": "quality.md",
}
CHART_TAGS = re.compile(r"<(BarChart|BoxPlot|LineChart|ScatterPlot|AreaChart)\b")
# Evidence renders query/component errors in a red box; SQL errors carry DuckDB's error class names.
ERROR_MARKERS = re.compile(
    r"bg-red-50|(Catalog|Binder|Parser|Conversion|Invalid Input|SQL) Error|Dataset is empty"
)
ECHARTS_INSTANCE = re.compile(r"_echarts_instance_=\"ec_")
# Empty-state messages that are legitimate on a warehouse without a `csx validate` run.
ALLOWED_EMPTY = {"quality": ("No validation run recorded",)}
EMPTY_BLOCK = re.compile(r"border-dashed[^>]*>\s*([^<]+)<")


def _skip_reason() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} not installed (apt-get install chromium)"
    if shutil.which("node") is None or shutil.which("npm") is None:
        return "Node.js/npm not on PATH"
    return None


@pytest.fixture(scope="session")
def site(built_warehouse: Path) -> Path:
    reason = _skip_reason()
    if reason:
        pytest.skip(reason)
    from csx.dashboards import build_site

    return build_site(built_warehouse, quiet=True)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _chromium(url: str, profile: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    cmd = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        "--window-size=1280,2400",
        "--virtual-time-budget=20000",
        *extra,
        url,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)


@pytest.mark.parametrize("page", list(PAGES), ids=lambda p: p or "index")
def test_page_renders(page: str, server: str, tmp_path: Path) -> None:
    url = f"{server}/{page}"
    source = (PAGES_DIR / PAGES[page]).read_text(encoding="utf-8")
    charts_declared = len(CHART_TAGS.findall(source))

    dom = _chromium(url, tmp_path / "profile-dom", "--dump-dom")
    assert dom.returncode == 0, f"chromium failed on {url}: {dom.stderr[-2000:]}"
    html = dom.stdout
    assert "</html>" in html, f"{url}: no DOM dumped"

    errors = sorted({m.group(0) for m in ERROR_MARKERS.finditer(html)})
    assert not errors, f"{url}: Evidence error block(s) on the page: {errors}"

    empties = [m.group(1).strip() for m in EMPTY_BLOCK.finditer(html)]
    allowed = ALLOWED_EMPTY.get(page, ())
    unexpected = [e for e in empties if not e.startswith(allowed or ("\0",))]
    assert not unexpected, f"{url}: empty chart(s)/table(s) for the default selection: {unexpected}"

    drawn = len(ECHARTS_INSTANCE.findall(html))
    expected = charts_declared - sum(1 for e in empties if e.startswith(allowed or ("\0",)))
    assert drawn >= expected, f"{url}: {drawn} charts drawn, {expected} declared with data"

    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOT_DIR / f"{page or 'index'}.png"
    res = _chromium(url, tmp_path / "profile-shot", f"--screenshot={shot}")
    assert res.returncode == 0 and shot.is_file() and shot.stat().st_size > 10_000, (
        f"{url}: screenshot failed: {res.stderr[-2000:]}"
    )


def test_build_without_node_is_one_clear_line(tmp_path: Path) -> None:
    """`csx dashboards build` with no Node.js on PATH: one line on stderr, exit non-zero, no traceback."""
    bindir = tmp_path / "bin"
    bindir.mkdir()
    env = dict(os.environ, PATH=str(bindir))
    res = subprocess.run(
        [sys.executable, "-c", "from csx.cli import main; main()", "dashboards", "build"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert res.returncode != 0
    lines = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, res.stderr
    assert "node" in lines[0].lower() and "Traceback" not in res.stderr
