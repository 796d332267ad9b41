"""Robust raw CSV reading: encoding and delimiter detection, ragged rows kept apart (never lost).

Decisions (see docs/data_quality.md):
- Encodings: UTF-8, UTF-8 with BOM, UTF-16 with BOM, and Shift_JIS (read as CP932, its Windows superset,
  which is what Japanese Excel writes) are decoded; anything else is rejected with the byte offset.
- Delimiters: `,` is the landing format; `;`, tab and `|` exports are detected from the header and
  accepted (the clean output is always comma-separated UTF-8). A header that splits into a single column
  with none of them is rejected (`delimiter`).
- Rows whose field count differs from the header are *ragged*: returned separately with their record
  number and text so that the caller quarantines them.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from csx.errors import Problem

CANDIDATE_DELIMITERS = (",", ";", "\t", "|")
_DELIM_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


@dataclass
class RaggedRow:
    source_row: int  # 1-based data row (header = row 0)
    expected: int
    actual: int
    text: str


@dataclass
class RawTable:
    """A raw CSV read as text: every value a str (empty string = empty cell)."""

    file: str
    header: list[str] = field(default_factory=list)
    data: pd.DataFrame = field(default_factory=pd.DataFrame)  # good rows, columns = header
    source_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    ragged: list[RaggedRow] = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ","
    problems: list[Problem] = field(default_factory=list)

    @property
    def rows_read(self) -> int:
        return len(self.data) + len(self.ragged)

    @property
    def ok(self) -> bool:
        return not self.problems


def decode_bytes(raw: bytes, file: str) -> tuple[str | None, str, Problem | None]:
    """Return (text, encoding name, problem)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        enc, body = "utf-8-sig", raw[3:]
        codec = "utf-8"
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        enc, body, codec = "utf-16", raw, "utf-16"
    else:
        enc, body, codec = "utf-8", raw, "utf-8"
    try:
        return body.decode(codec), enc, None
    except UnicodeDecodeError as exc:
        if codec != "utf-8" or enc == "utf-8-sig":
            return None, enc, _encoding_problem(file, body, exc)
        first_error = exc
    try:
        return raw.decode("cp932"), "cp932", None
    except UnicodeDecodeError:
        return None, "", _encoding_problem(file, body, first_error)


def _encoding_problem(file: str, body: bytes, exc: UnicodeDecodeError) -> Problem:
    line = body[: exc.start].count(b"\n")  # header = line 0 = row 0
    return Problem(
        file=file,
        rule="encoding",
        row=line,
        message=(
            f"cannot decode byte 0x{body[exc.start]:02x} at offset {exc.start}: the file is neither UTF-8 "
            "nor Shift_JIS/CP932; re-export it as UTF-8 CSV"
        ),
    )


def _split_header(line: str, delim: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delim))
    except (StopIteration, csv.Error):
        return [line]


def detect_delimiter(header_line: str, expected: set[str] | None = None) -> str | None:
    """Choose the delimiter that splits the header best (most expected columns, then most fields)."""
    best: tuple[int, int, int] | None = None
    best_delim: str | None = None
    for rank, d in enumerate(CANDIDATE_DELIMITERS):
        fields = _split_header(header_line, d)
        known = len(expected.intersection(f.strip() for f in fields)) if expected else 0
        score = (known, len(fields), -rank)
        if len(fields) > 1 and (best is None or score > best):
            best, best_delim = score, d
    return best_delim


def read_raw(
    path: Path, expected_columns: list[str] | None = None, display_name: str | None = None
) -> RawTable:
    """Read a CSV into text columns. File-level problems are returned, never raised."""
    file = display_name or str(path)
    out = RawTable(file=file)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        out.problems.append(Problem(file=file, rule="file_unreadable", message=exc.strerror or str(exc)))
        return out
    text, out.encoding, problem = decode_bytes(raw, file)
    if problem is not None or text is None:
        out.problems.append(problem or Problem(file=file, rule="encoding", message="cannot decode"))
        return out
    if not text.strip():
        out.problems.append(
            Problem(file=file, rule="empty_file", message="the file is empty (no header, no rows)")
        )
        return out
    first_nl = text.find("\n")
    header_line = (text if first_nl < 0 else text[:first_nl]).rstrip("\r")
    delim = detect_delimiter(header_line, set(expected_columns) if expected_columns else None)
    if delim is None:
        out.problems.append(
            Problem(
                file=file,
                row=0,
                rule="delimiter",
                message=(
                    "the header has a single column; expected a comma-separated file (';', tab and '|' "
                    f"are also detected), got {header_line[:60]!r}"
                ),
            )
        )
        return out
    out.delimiter = delim
    header = [h.strip() for h in _split_header(header_line, delim)]
    if header:
        header[0] = header[0].lstrip("\ufeff")
    seen: set[str] = set()
    dups = [h for h in header if h in seen or seen.add(h)]  # type: ignore[func-returns-value]
    if dups:
        out.problems.append(
            Problem(
                file=file,
                row=0,
                column=dups[0],
                rule="duplicate_column",
                message=f"column(s) {', '.join(sorted(set(dups)))} appear more than once in the header",
            )
        )
        return out
    empty = [i for i, h in enumerate(header) if not h]
    if empty:
        out.problems.append(
            Problem(
                file=file, row=0, rule="empty_column_name", message=f"header field {empty[0] + 1} is empty"
            )
        )
        return out
    out.header = header

    ragged: list[tuple[int, int, int, str]] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        ragged.append(
            (row.number if row.number is not None else -1, row.expected_columns, row.actual_columns, row.text)
        )
        return "skip"

    body = text.encode("utf-8") if out.encoding != "utf-8" else raw
    if out.encoding == "utf-8-sig":
        body = raw[3:]
    try:
        table = pacsv.read_csv(
            io.BytesIO(body),
            read_options=pacsv.ReadOptions(
                column_names=header, skip_rows=1, use_threads=False, block_size=1 << 24
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=delim, newlines_in_values=True, invalid_row_handler=on_invalid
            ),
            convert_options=pacsv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowException) as exc:
        msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        out.problems.append(Problem(file=file, rule="csv_parse", message=f"not a readable CSV: {msg}"))
        return out
    n_good = table.num_rows
    total = n_good + len(ragged)
    # pyarrow numbers records from 1 counting the skipped header line as record 1 (blank lines ignored)
    bad_rows = np.array([r[0] - 1 for r in ragged], dtype=np.int64)
    if len(bad_rows) and (bad_rows < 1).any():  # numbers unknown: fall back to order of appearance
        bad_rows = np.arange(1, len(ragged) + 1, dtype=np.int64)
    all_rows = np.arange(1, total + 1, dtype=np.int64)
    out.source_rows = np.setdiff1d(all_rows, bad_rows, assume_unique=True) if len(bad_rows) else all_rows
    out.ragged = [
        RaggedRow(source_row=int(b), expected=e, actual=a, text=t)
        for b, (_, e, a, t) in zip(bad_rows, ragged, strict=True)
    ]
    df = table.to_pandas()
    df.index = pd.RangeIndex(len(df))
    out.data = df
    return out


def delimiter_name(d: str) -> str:
    return _DELIM_NAMES.get(d, repr(d))
