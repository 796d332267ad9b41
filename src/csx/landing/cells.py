"""Cell-level limits shared by wave files, codebooks and the quarantine (docs/data_quality.md).

* `MAX_FIELD_CHARS`: no cell csx loads, and no field csx writes, is longer. Wave cells are ids, codes
  and timestamps; the longest codebook note shipped is 690 characters. Python's `csv` module (and so
  dbt's seed reader) refuses fields over 131 072 characters, so a longer value in a seed would break
  `csx build` and `csx wave remove`; a row holding one is quarantined (`field_too_long`) and the
  quarantine keeps at most this much of its raw record (plus its full length and SHA-256).
* Control characters (C0 except tab, DEL, C1; tab only inside a value) have no place in an id or a
  code: they are invisible, break one-line error messages and can smuggle distinct ids that print
  alike. A cell holding one is quarantined (`control_character`).
"""

from __future__ import annotations

import hashlib
import re

MAX_FIELD_CHARS = 4096
SHOW_CHARS = 40

CONTROL_RE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


CONTROL_BUT_BREAKS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def has_control(value: str, allow_breaks: bool = False) -> bool:
    """True if `value` holds a control character (a tab counts only inside the trimmed value).

    allow_breaks: line breaks and tabs are text (codebook labels and notes), other controls are not.
    """
    if allow_breaks:
        return CONTROL_BUT_BREAKS_RE.search(value) is not None
    return CONTROL_RE.search(value) is not None or "\t" in value.strip(" \t")


def first_control(value: str) -> str:
    """`U+XXXX` of the first control character in value (for messages)."""
    m = CONTROL_RE.search(value)
    ch = m.group(0) if m else "\t"
    return f"U+{ord(ch):04X}"


def printable(value: str) -> str:
    """`value` with control characters (not tab) written as `\\xNN` (quarantine fields people read)."""
    return CONTROL_RE.sub(lambda m: f"\\x{ord(m.group(0)):02x}", value)


def show(value: object, limit: int = SHOW_CHARS) -> str:
    """A value for a one-line message: control characters escaped, long values cut with `…`."""
    text = str(value)
    cut = len(text) > limit
    text = text[:limit]
    text = printable(text).replace("\t", "\\t")
    return text + ("…" if cut else "")


def cap(value: str, limit: int = MAX_FIELD_CHARS) -> str:
    """At most `limit` characters: longer values keep their start and end with `…` in between."""
    if len(value) <= limit:
        return value
    head = limit - 1 - limit // 4
    return value[:head] + "…" + value[len(value) - (limit - 1 - head) :]


def sha256(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8", errors="surrogatepass")).hexdigest()
