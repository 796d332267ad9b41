"""Count a CSV's records without the CSV parser: one vectorised NumPy pass over the UTF-8 bytes.

The parser's idea of a record can be wrong in exactly the case that matters: a stray `"` opens a
quoted value that swallows every following line, and the parser then reports a handful of records
where the file has hundreds (issue 8.1). So `read_raw` counts records a second, independent way and
rejects the file when the two disagree:

* wave files (`multiline=False`): a record is a non-empty physical line. Wave cells are ids, codes
  and timestamps, none of which may hold a line break, so a quoted value spanning lines can only be
  a stray or unclosed quote.
* codebooks (`multiline=True`): labels and notes may hold quoted line breaks, so a line break inside
  quotes (odd number of `"` before it) does not end a record; an odd number of `"` in the whole file
  is an unclosed quote.

Line terminators are `\\n`, `\\r\\n` and a lone `\\r` (classic Mac files), like pyarrow's reader.
Blank lines are not records (pyarrow skips them too).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

import numpy as np

QUOTE, LF, CR, TAB = 0x22, 0x0A, 0x0D, 0x09


@dataclass
class RecordScan:
    """Byte spans of the records (header first), terminators excluded."""

    body: bytes
    starts: np.ndarray
    ends: np.ndarray
    cr_only: bool = False  # no LF at all, lone CRs end the lines (classic Mac)
    unbalanced: bool = False  # an odd number of `"`: a quote opens and never closes

    def __len__(self) -> int:
        return len(self.starts)

    def text(self, k: int) -> str:
        """Record k (0 = header) as text."""
        return self.body[int(self.starts[k]) : int(self.ends[k])].decode("utf-8", errors="replace")

    def lengths(self) -> np.ndarray:
        return self.ends - self.starts


def _terminators(arr: np.ndarray, body: bytes) -> tuple[np.ndarray, np.ndarray, bool]:
    """(position of each terminator's last byte, its length in bytes, CR-only file)."""
    lf = np.flatnonzero(arr == LF)
    if b"\r" not in body:
        return lf, np.ones(len(lf), dtype=np.int64), False
    cr = np.flatnonzero(arr == CR)
    after = cr + 1
    inside = after < len(arr)
    followed_by_lf = np.zeros(len(cr), dtype=bool)
    followed_by_lf[inside] = arr[after[inside]] == LF
    lone = cr[~followed_by_lf]
    last = np.sort(np.concatenate([lf, lone]))
    crlf = np.zeros(len(last), dtype=bool)
    is_lf = arr[last] == LF
    has_prev = last > 0
    crlf[is_lf & has_prev] = arr[last[is_lf & has_prev] - 1] == CR
    return last, np.where(crlf, 2, 1).astype(np.int64), len(lf) == 0 and len(lone) > 0


def _outside_quotes(arr: np.ndarray, body: bytes, last: np.ndarray) -> np.ndarray:
    """Mask of the terminators not inside a quoted value (even number of `"` before them)."""
    if b'"' not in body or not len(last):
        return np.ones(len(last), dtype=bool)
    quotes = np.flatnonzero(arr == QUOTE)
    return np.searchsorted(quotes, last) % 2 == 0


def record_ends(body: bytes) -> np.ndarray:
    """Offsets just after each record's terminator (quoted line breaks stay inside their record)."""
    arr = np.frombuffer(body, dtype=np.uint8)
    last, _size, _cr_only = _terminators(arr, body)
    return last[_outside_quotes(arr, body, last)] + 1


def scan(body: bytes, multiline: bool) -> RecordScan:
    """The records of `body` (UTF-8 CSV text), counted from line terminators and quotes only."""
    arr = np.frombuffer(body, dtype=np.uint8)
    last, size, cr_only = _terminators(arr, body)
    if multiline:
        outside = _outside_quotes(arr, body, last)
        last, size = last[outside], size[outside]
    starts = np.concatenate([[0], last + 1]).astype(np.int64)
    ends = np.concatenate([last - size + 1, [len(body)]]).astype(np.int64)
    keep = ends > starts
    unbalanced = multiline and body.count(b'"') % 2 == 1
    return RecordScan(body=body, starts=starts[keep], ends=ends[keep], cr_only=cr_only, unbalanced=unbalanced)


@dataclass(frozen=True)
class Flags:
    """Record indices (0 = header) a byte pass flagged: what needs a closer, per-cell look."""

    control: np.ndarray  # holds a control byte (C0 but line ends, DEL, C1); a tab unless it delimits
    whitespace: np.ndarray  # holds a byte `str.strip` could remove (ASCII <= 0x20, Unicode spaces)


_EMPTY = np.zeros(0, dtype=np.int64)
# Unicode whitespace (str.isspace) and C1 controls by UTF-8 lead byte: continuation bytes to match
_MULTIBYTE_SPACES = {
    0xE1: [(0x9A, 0x80)],
    0xE2: [(0x80, b) for b in [*range(0x80, 0x8B), 0xA8, 0xA9, 0xAF]] + [(0x81, 0x9F)],
    0xE3: [(0x80, 0x80)],
}


def _lead_positions(arr: np.ndarray, lead: int, width: int) -> np.ndarray:
    pos = np.flatnonzero(arr == lead)
    return pos[pos + width < len(arr)]


def _c2_rows(arr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Positions of C1 controls (C2 80-9F) and of NEL/NBSP (C2 85, C2 A0)."""
    pos = _lead_positions(arr, 0xC2, 1)
    nxt = arr[pos + 1]
    return pos[(nxt >= 0x80) & (nxt <= 0x9F)], pos[(nxt == 0x85) | (nxt == 0xA0)]


def _multibyte_spaces(arr: np.ndarray, body: bytes) -> np.ndarray:
    found = [_EMPTY]
    for lead, tails in _MULTIBYTE_SPACES.items():
        if bytes([lead]) not in body:
            continue
        pos = _lead_positions(arr, lead, 2)
        b1, b2 = arr[pos + 1], arr[pos + 2]
        hit = np.zeros(len(pos), dtype=bool)
        for t1, t2 in tails:
            hit |= (b1 == t1) & (b2 == t2)
        found.append(pos[hit])
    return np.concatenate(found)


def flag_rows(rs: RecordScan, delimiter: str) -> Flags:
    """One comparison pass in the common case (plain ASCII or UTF-8 ids and codes, no spaces)."""
    body = rs.body
    arr = np.frombuffer(body, dtype=np.uint8)
    tab_delimits = delimiter == "\t"
    line_ends = body.count(b"\n") + body.count(b"\r") + (body.count(b"\t") if tab_delimits else 0)
    low = arr <= 0x20
    control, space = [_EMPTY], [_EMPTY]
    if int(np.count_nonzero(low)) > line_ends:
        low &= (arr != LF) & (arr != CR)
        if tab_delimits:
            low &= arr != TAB
        pos = np.flatnonzero(low)
        space.append(pos)
        control.append(pos[arr[pos] != 0x20])
    if b"\x7f" in body:
        control.append(np.flatnonzero(arr == 0x7F))
    if b"\xc2" in body:
        c1, nbsp = _c2_rows(arr)
        control.append(c1)
        space.append(nbsp)
    space.append(_multibyte_spaces(arr, body))
    return Flags(
        control=_rows_of(rs, np.concatenate(control)), whitespace=_rows_of(rs, np.concatenate(space))
    )


def _rows_of(rs: RecordScan, positions: np.ndarray) -> np.ndarray:
    if not len(positions):
        return _EMPTY
    return np.unique(np.searchsorted(rs.starts, positions, side="right") - 1)


def long_rows(rs: RecordScan, max_chars: int) -> np.ndarray:
    """Record indices whose byte length exceeds max_chars (a cell longer than that can only be there)."""
    return np.flatnonzero(rs.lengths() > max_chars)


@dataclass(frozen=True)
class OpenQuote:
    record: int  # record index (0 = header) of the line where the quote opens
    column: int | None  # 0-based field index of the quoted value, if known


def find_open_quote(rs: RecordScan, delimiter: str) -> OpenQuote | None:
    """The first line with a quote that opens a field and is not closed on that line."""
    arr = np.frombuffer(rs.body, dtype=np.uint8)
    quotes = np.flatnonzero(arr == QUOTE)
    if not len(quotes):
        return None
    per_line = np.searchsorted(quotes, rs.ends) - np.searchsorted(quotes, rs.starts)
    for k in np.flatnonzero(per_line % 2 == 1)[:1000]:
        line = rs.text(int(k))
        column = _open_field(line, delimiter)
        if column is not None:
            return OpenQuote(int(k), column)
    odd = np.flatnonzero(per_line % 2 == 1)
    return OpenQuote(int(odd[0]), None) if len(odd) else None


def _open_field(line: str, delimiter: str) -> int | None:
    """Index of the field whose opening quote is still open at the end of `line`, else None."""
    field, in_quotes, at_start, opened = 0, False, True, None
    i = 0
    while i < len(line):
        ch = line[i]
        if in_quotes:
            if ch == '"' and line[i + 1 : i + 2] == '"':
                i += 1
            elif ch == '"':
                in_quotes = False
        elif ch == '"' and at_start:
            in_quotes, opened = True, field
        elif ch == delimiter:
            field += 1
        at_start = ch == delimiter and not in_quotes
        i += 1
    return opened if in_quotes else None


def split_fields(text: str, delimiter: str) -> list[str]:
    """One record's fields (the csv module; for error messages and ragged rows)."""
    try:
        return next(csv.reader([text], delimiter=delimiter))
    except (StopIteration, csv.Error):
        return [text]
