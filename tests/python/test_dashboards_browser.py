"""Build the Evidence site once from a freshly built warehouse and open every page in headless Chromium.

Each page must render without an Evidence error block and draw every chart it declares (one ECharts
instance per chart component in the page's markdown); a screenshot per page goes to
build/test-output/screenshots/. Needs Node.js + npm and Debian Chromium (/usr/bin/chromium).
"""

from __future__ import annotations

import base64
import contextlib
import functools
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from csx.paths import BUILD_DIR, DASHBOARDS_DIR

pytestmark = pytest.mark.slow

CHROMIUM = os.environ.get("CSX_CHROMIUM", "/usr/bin/chromium")
PAGE_TIMEOUT_S = 90
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
    "ratings": "ratings.md",
}
CHART_TAGS = re.compile(r"<(BarChart|BoxPlot|LineChart|ScatterPlot|AreaChart)\b")
# Evidence renders query/component errors in a red box; SQL errors carry DuckDB's error class names.
ERROR_MARKERS = re.compile(
    r"bg-red-50|(Catalog|Binder|Parser|Conversion|Invalid Input|SQL) Error|Dataset is empty"
)
ECHARTS_INSTANCE = re.compile(r"_echarts_instance_=\"ec_")
# Empty-state messages that are legitimate on a warehouse without a `csx validate` run.
ALLOWED_EMPTY = {
    "quality": ("No validation run recorded",),
    "ratings": ("No 0–10 question",),  # the shipped waves ask no 0..10 (NPS) question
}
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


class Browser:
    """Minimal Chrome DevTools Protocol client over --remote-debugging-pipe (no extra dependencies)."""

    def __init__(self, profile: Path) -> None:
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def _fds() -> None:  # chromium reads commands on fd 3 and writes replies on fd 4
            read_end, write_end = os.dup(to_chrome_r), os.dup(from_chrome_w)  # never 3/4 themselves
            os.dup2(read_end, 3)  # dup2 makes the target inheritable across exec
            os.dup2(write_end, 4)

        self.proc = subprocess.Popen(
            [
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
                "--remote-debugging-pipe",
                f"--user-data-dir={profile}",
                "--window-size=1280,2400",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,
            preexec_fn=_fds,
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buf = b""
        self._id = 0
        self.exceptions: list[str] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Runtime.enable", session=True)
        self.call("Page.enable", session=True)
        self.call(
            "Emulation.setDeviceMetricsOverride",
            session=True,
            width=1280,
            height=2400,
            deviceScaleFactor=1,
            mobile=False,
        )

    def _read(self) -> dict[str, Any]:
        while b"\0" not in self._buf:
            chunk = os.read(self._from_chrome, 1 << 20)
            if not chunk:
                raise RuntimeError("chromium closed the DevTools pipe")
            self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, session: bool = False, **params: Any) -> dict[str, Any]:
        self._id += 1
        msg: dict[str, Any] = {"id": self._id, "method": method, "params": params}
        if session:
            msg["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(msg).encode() + b"\0")
        while True:
            reply = self._read()
            if reply.get("method") == "Runtime.exceptionThrown":
                details = reply["params"]["exceptionDetails"]
                self.exceptions.append(str(details.get("exception", {}).get("description", details))[:500])
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def evaluate(self, expression: str) -> Any:
        res = self.call("Runtime.evaluate", session=True, expression=expression, returnByValue=True)
        return res.get("result", {}).get("value")

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.call("Browser.close")
        with contextlib.suppress(Exception):
            self.proc.wait(timeout=10)
        if self.proc.poll() is None:
            self.proc.kill()
        for fd in (self._to_chrome, self._from_chrome):
            with contextlib.suppress(OSError):
                os.close(fd)


@pytest.fixture(scope="session")
def browser(server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    b = Browser(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield b
    finally:
        b.close()


READY_JS = """(() => {
  const text = document.body ? document.body.innerText : '';
  return {
    charts: document.querySelectorAll('[_echarts_instance_]').length,
    loading: (text.match(/Loading\\.\\.\\./g) || []).length,
    ready: document.readyState,
  };
})()"""


@pytest.mark.parametrize("page", list(PAGES), ids=lambda p: p or "index")
def test_page_renders(page: str, server: str, browser: Browser) -> None:
    url = f"{server}/{page}"
    source = (PAGES_DIR / PAGES[page]).read_text(encoding="utf-8")
    charts_declared = len(CHART_TAGS.findall(source))
    browser.exceptions.clear()
    browser.call("Page.navigate", session=True, url=url)

    # Wait until every declared chart is drawn and nothing is loading (charts draw after load).
    deadline = time.monotonic() + PAGE_TIMEOUT_S
    state: dict[str, Any] = {}
    stable = 0
    while time.monotonic() < deadline:
        time.sleep(0.5)
        state = browser.evaluate(READY_JS) or {}
        done = state.get("ready") == "complete" and not state.get("loading")
        html = browser.evaluate("document.documentElement.outerHTML") or ""
        empties = [m.group(1).strip() for m in EMPTY_BLOCK.finditer(html)]
        if done and state.get("charts", 0) + len(empties) >= charts_declared:
            stable += 1
            if stable >= 3:
                break
        else:
            stable = 0
    time.sleep(1.0)  # let the last chart animation settle before the screenshot
    html = browser.evaluate("document.documentElement.outerHTML") or ""

    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOT_DIR / f"{page or 'index'}.png"
    height = int(browser.evaluate("document.documentElement.scrollHeight") or 2400)
    png = browser.call(
        "Page.captureScreenshot",
        session=True,
        format="png",
        captureBeyondViewport=True,
        clip={"x": 0, "y": 0, "width": 1280, "height": min(height, 16000), "scale": 1},
    )
    shot.write_bytes(base64.b64decode(png["data"]))

    errors = sorted({m.group(0) for m in ERROR_MARKERS.finditer(html)})
    assert not errors, f"{url}: Evidence error block(s) on the page: {errors}"
    assert not browser.exceptions, f"{url}: uncaught exceptions: {browser.exceptions}"

    empties = [m.group(1).strip() for m in EMPTY_BLOCK.finditer(html)]
    allowed = ALLOWED_EMPTY.get(page, ())
    unexpected = [e for e in empties if not (allowed and e.startswith(allowed))]
    assert not unexpected, f"{url}: empty chart(s)/table(s) for the default selection: {unexpected}"

    drawn = len(ECHARTS_INSTANCE.findall(html))
    expected = charts_declared - (len(empties) - len(unexpected))
    assert drawn >= expected, f"{url}: {drawn} charts drawn, {expected} declared with data ({state})"
    assert shot.stat().st_size > 10_000


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
    lines = [ln for ln in res.stderr.splitlines() if ln.strip() and not ln.startswith("csx: project ")]
    assert len(lines) == 1, res.stderr
    assert "node" in lines[0].lower() and "Traceback" not in res.stderr
