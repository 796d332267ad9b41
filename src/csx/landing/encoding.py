"""Decode a raw file to UTF-8: exact for UTF-8 and BOM files, detected (or rejected) otherwise.

Decisions (docs/data_quality.md "Encodings"):
- UTF-8, UTF-8 with BOM and UTF-16 with BOM are decoded exactly (no guessing).
- `encoding=` (the `--encoding` option) decodes with that codec, strictly.
- Anything else is *detected* with charset-normalizer among the encodings survey tools and Excel write
  (`DETECTED_ENCODINGS`), on the lines that hold non-ASCII bytes (the only evidence there is). The best
  candidate is accepted only if its mess ratio is at most `MAX_CHAOS` and every candidate that decodes
  the file to *different* text is at least `MIN_MARGIN` messier; otherwise the file is rejected as
  ambiguous, naming the candidates and how each reads the first differing value, so the user can
  say which with `--encoding`. A wrong guess would silently change ids and codes (`MÜLLER` read as
  CP932 becomes `MﾜLLER`), so ambiguity is an error, never a coin toss.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

import numpy as np

from csx.errors import Problem

#: Candidates for detection, most specific first: Japanese Excel (CP932 = Windows Shift_JIS), EUC-JP,
#: Western Windows/Latin-1. Any other codec can be named with --encoding.
DETECTED_ENCODINGS = ("cp932", "euc_jp", "cp1252", "latin_1")
MAX_CHAOS = 0.10
MIN_MARGIN = 0.05
SAMPLE_BYTES = 256 * 1024  # of lines holding non-ASCII bytes, handed to the detector
HEAD_BYTES = 16 * 1024 * 1024  # detection and the ambiguity message look at the file's first 16 MB
_DISPLAY = {"cp932": "cp932 (Shift_JIS)", "cp1252": "cp1252 (Windows Western)", "latin_1": "latin-1"}


@dataclass
class Decoded:
    """`body`: the text as UTF-8 bytes (no BOM); `encoding`: what was read."""

    body: bytes | None
    encoding: str
    problem: Problem | None = None
    note: str = ""


def decode(raw: bytes, file: str, encoding: str | None = None) -> Decoded:
    """The file's text as UTF-8 bytes, or a file-level `encoding` problem."""
    if encoding:
        return _explicit(raw, file, encoding)
    if raw.startswith(b"\xef\xbb\xbf"):
        return _strict(raw[3:], file, "utf-8", offset=3)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(raw, file, "utf-16")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return _detect(raw, file, exc)
    if _looks_like_utf16_without_bom(raw):
        return Decoded(
            None,
            "",
            Problem(
                file=file,
                rule="encoding",
                message="the file looks like UTF-16 without a byte-order mark (every other byte is 0); "
                "re-run with --encoding utf-16-le (or utf-16-be)",
            ),
        )
    return Decoded(raw, "utf-8")


def _explicit(raw: bytes, file: str, encoding: str) -> Decoded:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return Decoded(
            None, "", Problem(file=file, rule="encoding", message=f"unknown encoding {encoding!r}")
        )
    body, offset = raw, 0
    if name in ("utf-8", "utf-8-sig") and raw.startswith(b"\xef\xbb\xbf"):
        body, offset, name = raw[3:], 3, "utf-8"
    return _strict(body, file, name, offset=offset, hint=f"it is not {name} (as --encoding says)")


def _strict(body: bytes, file: str, codec: str, offset: int = 0, hint: str = "") -> Decoded:
    """Decode `body` with `codec` (no replacement characters, ever)."""
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as exc:
        hint = hint or f"it starts with a {codec} byte-order mark but is not {codec}"
        return Decoded(None, codec, _decode_problem(file, body, exc, offset, hint))
    label = "utf-8-sig" if codec == "utf-8" and offset == 3 else codec
    if codec == "utf-8":
        return Decoded(body, label)
    return Decoded(text.lstrip("\ufeff").encode("utf-8"), label, note=f"decoded from {label}")


def _decode_problem(file: str, body: bytes, exc: UnicodeDecodeError, offset: int, hint: str) -> Problem:
    row = body[: exc.start].count(b"\n")  # header = line 0 = row 0
    return Problem(
        file=file,
        rule="encoding",
        row=row,
        message=f"cannot decode byte 0x{body[exc.start]:02x} at offset {exc.start + offset}: {hint}; "
        "re-export it as UTF-8 CSV or name its encoding with --encoding",
    )


def _looks_like_utf16_without_bom(raw: bytes) -> bool:
    head = raw[:4096]
    return len(head) >= 8 and head.count(0) >= len(head) // 3


def _head(raw: bytes) -> bytes:
    """At most HEAD_BYTES, cut after a line end (a multi-byte character is never split)."""
    if len(raw) <= HEAD_BYTES:
        return raw
    cut = raw.rfind(b"\n", 0, HEAD_BYTES)
    return raw[: cut + 1] if cut > 0 else raw[:HEAD_BYTES]


def _non_ascii_lines(raw: bytes) -> bytes:
    """The lines holding non-ASCII bytes (up to SAMPLE_BYTES): the only evidence of an encoding."""
    raw = _head(raw)
    arr = np.frombuffer(raw, dtype=np.uint8)
    hi = np.flatnonzero(arr >= 0x80)
    if not len(hi):
        return raw[:SAMPLE_BYTES]
    newlines = np.flatnonzero((arr == 0x0A) | (arr == 0x0D))
    line = np.searchsorted(newlines, hi)
    starts = np.concatenate([[0], newlines + 1])
    ends = np.concatenate([newlines, [len(raw)]])
    parts: list[bytes] = []
    size = 0
    for k in np.unique(line):
        part = raw[int(starts[k]) : int(ends[k])]
        parts.append(part)
        size += len(part) + 1
        if size >= SAMPLE_BYTES:
            break
    return b"\n".join(parts)


@dataclass(frozen=True)
class _Candidate:
    encoding: str
    chaos: float
    text: str


def _candidates(sample: bytes) -> list[_Candidate]:
    from charset_normalizer import from_bytes

    matches = from_bytes(
        sample,
        steps=1,
        chunk_size=max(len(sample), 1),
        threshold=0.2,
        cp_isolation=list(DETECTED_ENCODINGS),
        preemptive_behaviour=False,
        enable_fallback=False,
    )
    out: dict[str, _Candidate] = {}
    for m in matches:
        text = str(m)
        best = out.get(text)
        if best is None or m.chaos < best.chaos:
            out[text] = _Candidate(m.encoding, float(m.chaos), text)
    order = {e: i for i, e in enumerate(DETECTED_ENCODINGS)}
    return sorted(out.values(), key=lambda c: (c.chaos, order.get(c.encoding, 99)))


def _detect(raw: bytes, file: str, utf8_error: UnicodeDecodeError) -> Decoded:
    cands = _candidates(_non_ascii_lines(raw))
    if not cands or cands[0].chaos > MAX_CHAOS:
        names = ", ".join(_DISPLAY.get(e, e) for e in DETECTED_ENCODINGS)
        return Decoded(
            None, "", _decode_problem(file, raw, utf8_error, 0, f"it is not UTF-8, nor clearly {names}")
        )
    best, rivals = cands[0], [c for c in cands[1:] if c.chaos < cands[0].chaos + MIN_MARGIN]
    if rivals:
        return Decoded(None, "", _ambiguous(file, raw, [best, *rivals]))
    name = _DISPLAY.get(best.encoding, best.encoding)
    decoded = _strict(raw, file, best.encoding, hint=f"it was detected as {name} but is not")
    if decoded.problem is None:
        decoded.note = f"decoded from {name} (detected)"
    return decoded


def _first_difference(texts: list[str]) -> tuple[int, list[str]]:
    """Line number (0 = header) and each candidate's reading of the first line where they differ."""
    split = [t.splitlines() for t in texts]
    for k, lines in enumerate(zip(*split, strict=False)):
        if len(set(lines)) > 1:
            return k, [line[:60] for line in lines]
    return 0, ["" for _ in texts]


def _ambiguous(file: str, raw: bytes, cands: list[_Candidate]) -> Problem:
    raw = _head(raw)
    readings = []
    for c in cands[:4]:
        try:
            readings.append(raw.decode(c.encoding))
        except UnicodeDecodeError:
            readings.append(c.text)
    _, samples = _first_difference(readings)
    first_hi = int(np.argmax(np.frombuffer(raw, dtype=np.uint8) >= 0x80))
    row = raw[:first_hi].count(b"\n")
    shown = "; ".join(
        f"{_DISPLAY.get(c.encoding, c.encoding)} reads {_clip(s)!r}"
        for c, s in zip(cands[:4], samples, strict=False)
    )
    return Problem(
        file=file,
        rule="encoding",
        row=row,
        message=f"the encoding is ambiguous (not UTF-8): {shown}; say which with --encoding "
        f"(e.g. --encoding {cands[0].encoding}) or re-export the file as UTF-8",
    )


def _clip(line: str) -> str:
    hi = next((i for i, ch in enumerate(line) if ord(ch) > 0x7F), 0)
    start = max(0, hi - 15)
    return line[start : start + 30]
