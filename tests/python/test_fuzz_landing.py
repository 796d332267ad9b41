"""Issue 8 item 10: property-based fuzzing of `csx landing check` with mutated exports and codebooks.

Hypothesis mutates a valid export and codebook (cell contents, quotes, delimiters, line ends, encodings,
raw bytes) and runs the real CLI entry point in-process. For every case:

* no traceback: the only way out of `csx.cli.main` is SystemExit with code 0 or 1;
* every error line is `file[:row N][:column C]: rule: message` with a documented rule name
  (docs/data_quality.md), and every quarantined row names its row;
* the summary reconciles: read = loaded + quarantined (+ rejected), and `read` equals an oracle computed
  here: the file's non-empty lines minus the header.

Profiles (tests/python/conftest.py): `fast` in `make test` (about a minute), `fuzz` in `make fuzz`
(CSX_HYPOTHESIS_PROFILE=fuzz, thousands of cases).
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from csx.paths import REPO_ROOT
from fixtures.landing import factory as f

LINE_RE = re.compile(
    r"^(?P<file>[^:]+?)(?::row (?P<row>\d+))?(?::column (?P<column>[^:]+))?"
    r": (?P<rule>[a-z0-9_]+): (?P<msg>.+)$"
)
SUMMARY_RE = re.compile(
    r"^(?P<file>.+?): (?P<state>ok|REJECTED): read (?P<read>\d+) = loaded (?P<loaded>\d+) \+ quarantined "
    r"(?P<quarantined>\d+)(?: \+ rejected (?P<rejected>\d+))?$"
)
ENCODINGS = ["utf-8", "utf-8", "utf-8-sig", "utf-16", "cp932", "latin-1"]
NASTY = [
    '"', '""', ",", ";", "\t", "|", "\r", "\n", "\r\n", "\x00", "\x1b", "\x85", "\u00a0", "\u3000", "=1+1",
    "@x", "-1", " ", "Ü", "ﾜ", "回答", "\ufeff", "\\", "'",
]  # fmt: skip


def documented_rules() -> set[str]:
    """Rule names in docs/data_quality.md's landing rule table (first column, backticked)."""
    text = (REPO_ROOT / "docs" / "data_quality.md").read_text(encoding="utf-8")
    section = text.split("## Landing rules", 1)[1].split("\n## ", 1)[0]
    return {
        m
        for line in section.splitlines()
        if line.startswith("| `")
        for m in re.findall(r"`([a-z0-9_]+)`", line.split("|")[1])
    }


RULES = documented_rules()


@dataclass
class Case:
    wave: bytes
    questions: bytes
    options: bytes
    encoding_option: str | None


def _csv(rows: list[list[str]], delimiter: str, eol: str) -> str:
    buf = io.StringIO()
    csv.writer(buf, delimiter=delimiter, lineterminator=eol).writerows(rows)
    return buf.getvalue()


cell_text = st.one_of(
    st.sampled_from(["", "1", "2", "9", "0", "R1", "2030-01-01T09:00:00", *NASTY]),
    st.text(min_size=0, max_size=12),
    st.builds(lambda s, k: s * k, st.sampled_from(["x", "9", '"', "回"]), st.integers(1, 5000)),
)


@st.composite
def text_mutation(draw: st.DrawFn, text: str) -> str:
    """Insert, delete or duplicate at a random place, or change every line end."""
    kind = draw(st.sampled_from(["insert", "delete", "duplicate_line", "line_ends", "none"]))
    if not text or kind == "none":
        return text
    i = draw(st.integers(0, len(text)))
    if kind == "insert":
        return text[:i] + draw(st.sampled_from(NASTY)) + text[i:]
    if kind == "delete":
        return text[:i] + text[i + draw(st.integers(1, 20)) :]
    if kind == "duplicate_line":
        lines = text.splitlines(keepends=True)
        k = draw(st.integers(0, len(lines) - 1))
        return "".join([*lines[: k + 1], lines[k], *lines[k + 1 :]])
    return re.sub(r"\r\n|\r|\n", draw(st.sampled_from(["\n", "\r\n", "\r"])), text)


@st.composite
def byte_mutation(draw: st.DrawFn, data: bytes) -> bytes:
    if not data or draw(st.integers(0, 3)) > 0:  # a quarter of the files get a damaged byte
        return data
    i = draw(st.integers(0, len(data) - 1))
    b = bytes([draw(st.integers(0, 255))])
    return draw(
        st.sampled_from([data[:i] + b + data[i + 1 :], data[:i] + b + data[i:], data[:i] + data[i + 1 :]])
    )


@st.composite
def wave_file(draw: st.DrawFn) -> tuple[bytes, str]:
    rows = f.rows(draw(st.integers(1, 30)), seed=draw(st.integers(0, 10_000)))
    for _ in range(draw(st.integers(0, 4))):
        r, c = draw(st.integers(0, len(rows) - 1)), draw(st.integers(0, len(f.HEADER) - 1))
        rows[r][c] = draw(cell_text)
    text = _csv(
        [f.HEADER, *rows],
        draw(st.sampled_from([",", ",", ";", "\t", "|"])),
        draw(st.sampled_from(["\n", "\r\n", "\r"])),
    )
    for _ in range(draw(st.sampled_from([0, 0, 1, 1, 2, 3]))):
        text = draw(text_mutation(text))
    encoding = draw(st.sampled_from(ENCODINGS))
    return draw(byte_mutation(text.encode(encoding, errors="replace"))), encoding


@st.composite
def codebook_file(draw: st.DrawFn, text: str) -> bytes:
    if draw(st.integers(0, 5)) == 0:  # most cases keep the codebook valid, so the rows get checked
        text = draw(text_mutation(text))
    return text.encode(draw(st.sampled_from(["utf-8", "utf-8", "cp932", "utf-16"])), errors="replace")


@st.composite
def cases(draw: st.DrawFn) -> Case:
    with tempfile.TemporaryDirectory() as d:
        cb = f.write_codebook(Path(d))
        q_text = (cb / "codebook_questions.csv").read_text(encoding="utf-8")
        o_text = (cb / "codebook_options.csv").read_text(encoding="utf-8")
    wave, encoding = draw(wave_file())
    options = [None, None, None, encoding, encoding, "cp932", "latin-1", "no-such-codec"]
    option = draw(st.sampled_from(options))
    return Case(wave, draw(codebook_file(q_text)), draw(codebook_file(o_text)), option)


def _oracle_rows(data: bytes, encoding: str | None) -> int | None:
    """Non-empty lines minus the header, counted here without any CSV parsing."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or encoding in ("utf-16", "utf_16"):
        try:
            text = data.decode(encoding or "utf-16")
        except UnicodeDecodeError:
            return None
        lines = [x for x in re.split(r"\r\n|\r|\n", text) if x]
    else:
        lines = [x for x in re.split(rb"\r\n|\r|\n", data) if x]
    return max(len(lines) - 1, 0)


def _run(case: Case, d: Path) -> tuple[int, list[str], list[str]]:
    from csx.cli import main

    (d / "cb").mkdir()
    (d / "wave.csv").write_bytes(case.wave)
    (d / "cb" / "codebook_questions.csv").write_bytes(case.questions)
    (d / "cb" / "codebook_options.csv").write_bytes(case.options)
    argv = [
        "csx",
        "landing",
        "check",
        "--responses",
        str(d / "wave.csv"),
        "--codebook",
        str(d / "cb"),
        "--wave-id",
        f.WAVE,
    ]
    argv += ["--encoding", case.encoding_option] if case.encoding_option else []
    out, err = io.StringIO(), io.StringIO()
    old_argv = sys.argv
    sys.argv = argv
    try:
        with (
            contextlib.redirect_stdout(out),
            contextlib.redirect_stderr(err),
            pytest.raises(SystemExit) as exc,
        ):
            main()  # any other exception is a traceback: the test fails with it
    finally:
        sys.argv = old_argv
    return int(exc.value.code or 0), out.getvalue().splitlines(), err.getvalue().splitlines()


def _check_problem_line(line: str) -> re.Match[str]:
    m = LINE_RE.match(line)
    assert m, f"not `file:row:column: rule: message`: {line!r}"
    assert m["rule"] in RULES, f"undocumented rule {m['rule']!r} in {line!r}"
    return m


@given(case=cases())
def test_landing_check_never_loses_rows_or_crashes(case: Case) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        code, out, err = _run(case, Path(tmp))
    assert code in (0, 1)
    event(f"exit {code}")
    summaries = [SUMMARY_RE.match(line) for line in [*out, *err]]
    summary = next((m for m in summaries if m), None)
    for line in err:
        if line.startswith("csx: ") or (summary and line == summary.string):
            continue
        event(f"rejected: {_check_problem_line(line)['rule']}")
    if code == 1:
        assert err, "exit 1 without a reason"
        if summary:  # rejected after reading: everything read is rejected, nothing loaded
            assert summary["state"] == "REJECTED" and summary["loaded"] == summary["quarantined"] == "0"
            assert summary["rejected"] == summary["read"]
        return
    assert summary and summary["state"] == "ok", out
    read, loaded, quarantined = int(summary["read"]), int(summary["loaded"]), int(summary["quarantined"])
    assert read == loaded + quarantined
    oracle = _oracle_rows(case.wave, case.encoding_option)
    assert oracle is None or read == oracle, f"read {read}, the file has {oracle} data lines"
    for line in out:
        if line.startswith("note: ") or line == summary.string:
            continue
        m = _check_problem_line(line)
        event(f"quarantined: {m['rule']}")
        assert m["row"] is not None and 1 <= int(m["row"]) <= read and m["msg"].startswith("quarantined: ")
