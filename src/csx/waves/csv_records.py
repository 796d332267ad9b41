"""csx's own seed CSVs as raw records, so that removing a wave leaves every other byte alone.

Records are split where `csx.landing.records` finds a line end outside quotes (the same count the
landing layer uses), line terminators included. Reading lifts the csv module's field-size limit
(`csx.csvsafe.allow_large_fields`): a file written by an older csx can still be repaired.
"""

from __future__ import annotations

import csv
import io
import itertools
from pathlib import Path

from csx.csvsafe import allow_large_fields
from csx.errors import CsxError
from csx.landing.records import record_ends


def split_records(text: str) -> list[str]:
    """Split CSV text into raw records (line terminators included), honouring quoted newlines."""
    body = text.encode("utf-8", errors="surrogatepass")
    cuts = [0, *(int(e) for e in record_ends(body))]
    if cuts[-1] < len(body):
        cuts.append(len(body))
    return [body[a:b].decode("utf-8", errors="surrogatepass") for a, b in itertools.pairwise(cuts)]


def parse_record(record: str) -> list[str]:
    allow_large_fields()
    return next(csv.reader(io.StringIO(record)), [])


def line_terminator(text: str) -> str:
    return "\r\n" if "\r\n" in text[:10_000] else "\n"


def csv_text(rows: list[list[str]], terminator: str = "\n") -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator=terminator).writerows(rows)
    return buf.getvalue()


def read_header(path: Path) -> list[str]:
    allow_large_fields()
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return next(csv.reader(fh), [])


def csv_rows(path: Path) -> list[dict[str, str]]:
    """A csx seed file's rows (UTF-8, written by csx)."""
    allow_large_fields()
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def appended_csv(path: Path, header_if_new: list[str], rows: list[dict[str, str]]) -> tuple[str, list[str]]:
    """The file's text with `rows` appended in the file's own column order (header written if new)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if text:
        header = parse_record(split_records(text)[0].lstrip("\ufeff"))
    else:
        header = header_if_new
        text = csv_text([header])
    term = line_terminator(text)
    if not text.endswith(("\n", "\r")):
        text += term
    body = csv_text([[r.get(c, "") for c in header] for r in rows], term)
    return text + body, header


def csv_without_wave(path: Path, wave_id: str, column: str = "wave_id") -> tuple[str, int]:
    """The file's text minus the records whose `column` equals wave_id; number of records removed."""
    text = path.read_text(encoding="utf-8")
    records = split_records(text)
    if not records:
        return text, 0
    header = parse_record(records[0].lstrip("\ufeff"))
    if column not in header:
        raise CsxError.single(str(path), "columns", f"no `{column}` column")
    k = header.index(column)
    kept = [records[0]]
    removed = 0
    for rec in records[1:]:
        vals = parse_record(rec)
        if len(vals) > k and vals[k] == wave_id:
            removed += 1
        else:
            kept.append(rec)
    return "".join(kept), removed
