"""Build the Evidence site once from a freshly built warehouse and open every page in headless Chromium.

Each page, at 1440 and 390 px, must render without an Evidence error block and draw every chart; every
category axis labels every category (read from ECharts: the labels it lays out), no legend paginates, no
raw snake_case id shows, no Japanese character is drawn as a missing glyph, nothing scrolls sideways.
Screenshots (whole pages and the グラフ4 / 7 / 12 and wave-comparison sections) go to
build/test-output/screenshots/. Needs Node.js + npm and Debian Chromium (/usr/bin/chromium) with
fonts-noto-cjk.
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
    "quality": ("No failed expectation", "No validation run recorded"),
    "ratings": ("No 0–10 question",),  # the shipped waves ask no 0..10 (NPS) question
}
EMPTIES_JS = "[...document.querySelectorAll('.border-dashed')].map((e) => e.innerText.trim()).filter(Boolean)"


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

    def __init__(self, profile: Path, env: dict[str, str] | None = None) -> None:
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
            env=env,
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
  const sections = [...document.querySelectorAll('section.csx-question')];
  return {
    charts: document.querySelectorAll('[_echarts_instance_]').length,
    sections: sections.length,
    undrawn: sections.filter((s) => !s.querySelector('.border-dashed') && !s.querySelector('table')
      && !s.querySelector('[_echarts_instance_]')).length,
    loading: (text.match(/Loading\\.\\.\\./g) || []).length,
    ready: document.readyState,
    page: !!document.querySelector('#evidence-main-article h1'),
    href: location.href,
  };
})()"""

# Every ECharts instance on the page (Evidence's chart registry): per category axis, how many categories
# and how many labels ECharts lays out (interval 0 = all), the label overflow mode, the categories
# themselves; the type of every visible legend ('scroll' legends paginate).
CHARTS_JS = """(() => {
  const reg = window[Symbol.for('__evidence-chart-window-debug__')] || {};
  return Object.values(reg).filter((c) => !c.isDisposed()).map((chart) => {
    const opt = chart.getOption();
    const model = chart.getModel();
    const axes = [];
    for (const kind of ['xAxis', 'yAxis']) {
      (opt[kind] || []).forEach((ax, i) => {
        if (ax.type !== 'category') return;
        const axis = model.getComponent(kind, i).axis;
        const data = (ax.data || []).map((d) => (d && typeof d === 'object' ? d.value : d));
        axes.push({
          kind, categories: data, labels: axis.getViewLabels().length,
          show: ax.axisLabel?.show !== false, overflow: ax.axisLabel?.overflow || 'none',
        });
      });
    }
    const legends = (opt.legend || []).filter((l) => l.show !== false).map((l) => l.type || 'plain');
    return { title: chart.getDom().getAttribute('aria-label') || chart.getDom().id, axes, legends };
  });
})()"""

# Missing glyphs ("tofu") are all drawn as the same box: a character whose canvas rendering equals that
# of an unassigned private-use code point has no font. Checks every CJK character on the page (text and
# chart categories) in the page's font stack.
TOFU_JS = """((extra) => {
  const c = document.createElement('canvas'); c.width = 48; c.height = 48;
  const ctx = c.getContext('2d', { willReadFrequently: true });
  const font = getComputedStyle(document.body).fontFamily;
  const sig = (ch) => {
    ctx.clearRect(0, 0, 48, 48); ctx.font = '32px ' + font; ctx.fillStyle = '#000';
    ctx.textBaseline = 'top'; ctx.fillText(ch, 4, 4);
    const d = ctx.getImageData(0, 0, 48, 48).data; let h = 0;
    for (let i = 3; i < d.length; i += 4) h = (h * 31 + d[i]) >>> 0;
    return h + ':' + ctx.measureText(ch).width.toFixed(2);
  };
  const box = sig('\\u{10FFFD}');
  const text = document.body.innerText + extra;
  const chars = [...new Set(text.match(/[\\u3040-\\u30ff\\u3400-\\u9fff\\uff01-\\uff60]/gu) || [])];
  return {
    checked: chars.length,
    missing: chars.filter((ch) => sig(ch) === box),
    selfCheck: sig('\\u{10FFFC}') === box && sig('A') !== box,
  };
})"""

SNAKE_CASE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
WIDTHS = (1440, 390)
# Sections (data-chart-title prefix) also saved on their own, per width
SECTION_SHOTS = {"respondents": ("グラフ4",), "ai": ("グラフ7",), "channels": ("グラフ12",), "waves": ("",)}


# csx components (dashboards/components/) and the chart sections each draws
COMPONENT_SECTIONS = {"QuestionChart": 1, "WaveScores": 1, "WaveComparison": 3, "Explorer": 1}


def declared_sections(page: str) -> int:
    source = (PAGES_DIR / PAGES[page]).read_text(encoding="utf-8")
    return sum(n * len(re.findall(rf"<{name}\b", source)) for name, n in COMPONENT_SECTIONS.items())


def _load(browser: Browser, url: str, width: int, sections: int = 0) -> dict[str, Any]:
    browser.call(
        "Emulation.setDeviceMetricsOverride",
        session=True,
        width=width,
        height=1200,
        deviceScaleFactor=1,
        mobile=width < 600,
    )
    browser.call("Page.navigate", session=True, url="about:blank")
    time.sleep(0.2)
    browser.exceptions.clear()
    browser.call("Page.navigate", session=True, url=url)
    deadline = time.monotonic() + PAGE_TIMEOUT_S
    state: dict[str, Any] = {}
    stable = 0
    while time.monotonic() < deadline:
        time.sleep(0.5)
        state = browser.evaluate(READY_JS) or {}
        done = (
            state.get("ready") == "complete"
            and state.get("page")
            and str(state.get("href", "")).startswith(url.split("?")[0])
            and not state.get("loading")
            and not state.get("undrawn")
            and state.get("sections", 0) >= sections
        )
        stable = stable + 1 if done else 0
        if stable >= 3:
            break
    time.sleep(1.0)  # let the last chart settle before the screenshot
    return state


def _screenshot(browser: Browser, path: Path, width: int, y: float = 0, height: float | None = None) -> None:
    if height is None:
        height = float(browser.evaluate("document.documentElement.scrollHeight") or 1200)
    png = browser.call(
        "Page.captureScreenshot",
        session=True,
        format="png",
        captureBeyondViewport=True,
        clip={"x": 0, "y": max(0.0, y), "width": width, "height": min(height, 16000), "scale": 1},
    )
    path.write_bytes(base64.b64decode(png["data"]))


def _section_shots(browser: Browser, page: str, width: int) -> list[Path]:
    shots = []
    for prefix in SECTION_SHOTS.get(page, ()):
        box = browser.evaluate(
            "(() => { const s = [...document.querySelectorAll('section.csx-question, section.csx-waves')]"
            f".find((e) => (e.dataset.chartTitle || '').startsWith({json.dumps(prefix)}) || "
            f"({json.dumps(prefix)} === '' && e.classList.contains('csx-waves')));"
            " if (!s) return null; const r = s.getBoundingClientRect();"
            " return { y: r.top + scrollY, h: r.height }; })()"
        )
        assert box, f"{page}: no section titled {prefix!r} to screenshot"
        name = (prefix or "wave-comparison").replace("グラフ", "grafu")
        shot = SCREENSHOT_DIR / f"{page}-{name}-{width}.png"
        _screenshot(browser, shot, width, box["y"] - 8, box["h"] + 16)
        shots.append(shot)
    return shots


def chart_label_problems(charts: list[dict[str, Any]]) -> list[str]:
    """Category axes that do not label every category, clip labels, show snake_case; paginated legends."""
    problems = []
    for chart in charts:
        for axis in chart["axes"]:
            n = len(axis["categories"])
            if not axis["show"] or axis["labels"] < n:
                problems.append(f"{chart['title']}: {axis['labels']} of {n} categories labelled")
            if axis["overflow"] in ("truncate", "ellipsis"):
                problems.append(f"{chart['title']}: category labels clipped ({axis['overflow']})")
            ids = [c for c in axis["categories"] if SNAKE_CASE.search(str(c))]
            if ids:
                problems.append(f"{chart['title']}: raw ids as categories: {ids[:3]}")
        if "scroll" in chart["legends"]:
            problems.append(f"{chart['title']}: paginated (scroll) legend")
    return problems


def test_chart_label_check_catches_problems() -> None:
    hidden = {
        "title": "t",
        "legends": ["scroll"],
        "axes": [
            {"categories": ["a", "b", "c"], "labels": 2, "show": True, "overflow": "truncate"},
            {"categories": ["company_size"], "labels": 1, "show": True, "overflow": "break"},
        ],
    }
    assert len(chart_label_problems([hidden])) == 4
    fine = {
        "title": "t",
        "legends": ["plain"],
        "axes": [{"categories": ["Telecom"], "labels": 1, "show": True, "overflow": "break"}],
    }
    assert chart_label_problems([fine]) == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", list(PAGES), ids=lambda p: p or "index")
def test_page_renders(page: str, width: int, server: str, browser: Browser) -> None:
    url = f"{server}/{page}"
    source = (PAGES_DIR / PAGES[page]).read_text(encoding="utf-8")
    evidence_charts = len(CHART_TAGS.findall(source))
    state = _load(browser, url, width, declared_sections(page))

    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOT_DIR / f"{page or 'index'}-{width}.png"
    _screenshot(browser, shot, width)
    shots = _section_shots(browser, page, width)

    # error boxes and DuckDB error texts actually on the page (the class name also occurs in inline CSS)
    visible = browser.evaluate(
        "[...document.querySelectorAll('.bg-red-50')].map((e) => e.innerText).join(' ') + ' '"
        " + document.body.innerText"
    )
    errors = sorted({m.group(0) for m in ERROR_MARKERS.finditer(visible or "")})
    if browser.evaluate("document.querySelectorAll('.bg-red-50').length"):
        errors.append("error box")
    assert not errors, f"{url}: Evidence error block(s) on the page: {errors}"
    assert not browser.exceptions, f"{url}: uncaught exceptions: {browser.exceptions}"
    assert not state.get("loading") and not state.get("undrawn"), f"{url}: not drawn: {state}"

    empties = browser.evaluate(EMPTIES_JS) or []
    allowed = ALLOWED_EMPTY.get(page, ())
    unexpected = [e for e in empties if not (allowed and e.startswith(allowed))]
    assert not unexpected, f"{url}: empty chart(s)/table(s) for the default selection: {unexpected}"
    assert state.get("sections", 0) >= declared_sections(page), f"{url}: sections missing: {state}"
    # an allowed empty state (e.g. no 0-10 question for the NPS chart) stands where its chart would be
    assert state.get("charts", 0) + len(empties) - len(unexpected) >= evidence_charts, state

    charts = browser.evaluate(CHARTS_JS) or []
    assert len(charts) == state.get("charts"), f"{url}: chart registry {len(charts)} vs DOM {state}"
    problems = chart_label_problems(charts)
    assert not problems, f"{url} at {width}px: {problems}"

    text = browser.evaluate("document.body.innerText") or ""
    ids = sorted(set(SNAKE_CASE.findall(text)))
    assert not ids, f"{url}: raw snake_case ids on the page: {ids[:10]}"

    categories = "".join(str(c) for chart in charts for axis in chart["axes"] for c in axis["categories"])
    tofu = browser.evaluate(f"{TOFU_JS}({json.dumps(categories)})") or {}
    assert tofu.get("selfCheck"), f"{url}: the missing-glyph check cannot tell glyphs apart: {tofu}"
    assert tofu.get("checked", 0) > 0, f"{url}: no Japanese text found to check"
    assert not tofu.get("missing"), (
        f"{url}: Japanese drawn as missing glyphs (install fonts-noto-cjk): {tofu}"
    )

    overflow = browser.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert (overflow or 0) <= 1, f"{url} at {width}px: the page scrolls sideways by {overflow}px"
    for path in (shot, *shots):
        assert path.stat().st_size > 5_000, path


def test_explorer_opens_on_the_latest_wave_with_its_state_in_the_url(server: str, browser: Browser) -> None:
    _load(browser, f"{server}/explorer", 1440, 1)
    browser.evaluate("sessionStorage.clear()")
    _load(browser, f"{server}/explorer", 1440, 1)
    options = browser.evaluate(
        "[...document.querySelectorAll('[data-testid=wave-picker] option')].map(o => o.value)"
    )
    assert options, "no wave picker"
    query = ""
    for _ in range(40):  # the explorer writes its state once its queries have loaded
        query = browser.evaluate("location.search") or ""
        if "question=" in query:
            break
        time.sleep(0.5)
    assert f"wave={options[0]}" in query and "question=" in query, query
    assert browser.evaluate("document.querySelector('[data-testid=wave-picker]').value") == options[0]

    other = options[-1]
    _load(browser, f"{server}/explorer?wave={other}&question=industry&segment=company_size%7Clt100", 1440, 1)
    assert browser.evaluate("document.querySelector('[data-testid=wave-picker]').value") == other
    assert (
        browser.evaluate("document.querySelector('[data-testid=segment-picker]').value")
        == "company_size|lt100"
    )
    title = browser.evaluate("document.querySelector('section.csx-question h3')?.innerText") or ""
    assert "Industry" in title, title
    # the wave travels to the next page
    _load(browser, f"{server}/respondents", 1440, 4)
    assert browser.evaluate("document.querySelector('[data-testid=wave-picker]').value") == other
    assert f"wave={other}" in (browser.evaluate("location.search") or "")


def test_missing_cjk_font_is_detected(server: str, tmp_path: Path) -> None:
    """Chromium with a font configuration without CJK fonts: the glyph check must flag the page."""
    dejavu = Path("/usr/share/fonts/truetype/dejavu")
    if not dejavu.is_dir():
        pytest.skip("no DejaVu fonts to build a font configuration without CJK")
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        f'<?xml version="1.0"?><fontconfig><dir>{dejavu}</dir><cachedir>{tmp_path / "cache"}</cachedir>'
        "</fontconfig>",
        encoding="utf-8",
    )
    b = Browser(tmp_path / "profile", env=dict(os.environ, FONTCONFIG_FILE=str(conf)))
    try:
        _load(b, f"{server}/respondents", 1440, 4)
        tofu = b.evaluate(f"{TOFU_JS}('')") or {}
    finally:
        b.close()
    assert tofu.get("selfCheck") and tofu.get("checked", 0) > 0, tofu
    assert tofu.get("missing"), f"no missing glyph reported without a CJK font: {tofu}"


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
