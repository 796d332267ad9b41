"""Robust raw CSV reading: encoding and delimiter detection, rows counted twice, ragged rows kept apart.

Decisions (see docs/data_quality.md):
- Encodings: `csx.landing.encoding` (exact for UTF-8/BOM files, detected with a confidence margin or
  rejected as ambiguous otherwise; `encoding=` says which).
- Line ends: `\\n`, `\\r\\n` and classic-Mac `\\r`-only files are read alike.
- Delimiters: `,` is the landing format; `;`, tab and `|` exports are detected from the header and
  accepted (the clean output is always comma-separated UTF-8). A header that splits into a single column
  with none of them is rejected (`delimiter`).
- Rows are counted by the CSV parser (pyarrow) *and* independently from the bytes
  (`csx.landing.records`); a file where the two disagree is rejected (`unclosed_quote`,
  `record_count`), because the parser then merged lines into one record.
- Rows whose field count differs from the header are *ragged*: returned separately with their record
  number and text so that the caller quarantines them.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from csx.errors import Problem
from csx.landing.encoding import decode
from csx.landing.records import RecordScan, find_open_quote, scan, split_fields

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
    notes: list[str] = field(default_factory=list)
    records: RecordScan | None = None  # the independent count (header = record 0)

    @property
    def rows_read(self) -> int:
        """Data rows counted from the bytes (independent of the CSV parser)."""
        if self.records is not None:
            return max(len(self.records) - 1, 0)
        return len(self.data) + len(self.ragged)

    @property
    def ok(self) -> bool:
        return not self.problems

    def record_text(self, source_row: int) -> str:
        """The raw text of data row `source_row` (1-based), as read (decoded, line end removed)."""
        return self.records.text(source_row) if self.records is not None else ""


def detect_delimiter(header_line: str, expected: set[str] | None = None) -> str | None:
    """Choose the delimiter that splits the header best (most expected columns, then most fields)."""
    best: tuple[int, int, int] | None = None
    best_delim: str | None = None
    for rank, d in enumerate(CANDIDATE_DELIMITERS):
        fields = split_fields(header_line, d)
        known = len(expected.intersection(f.strip() for f in fields)) if expected else 0
        score = (known, len(fields), -rank)
        if len(fields) > 1 and (best is None or score > best):
            best, best_delim = score, d
    return best_delim


def _header_problem(file: str, header: list[str]) -> Problem | None:
    seen: set[str] = set()
    dups = [h for h in header if h in seen or seen.add(h)]  # type: ignore[func-returns-value]
    if dups:
        return Problem(
            file=file,
            row=0,
            column=dups[0],
            rule="duplicate_column",
            message=f"column(s) {', '.join(sorted(set(dups)))} appear more than once in the header",
        )
    empty = [i for i, h in enumerate(header) if not h]
    if empty:
        return Problem(
            file=file, row=0, rule="empty_column_name", message=f"header field {empty[0] + 1} is empty"
        )
    return None


def _delimiter_problem(file: str, header_line: str) -> Problem:
    return Problem(
        file=file,
        row=0,
        rule="delimiter",
        message=(
            "the header has a single column; expected a comma-separated file (';', tab and '|' "
            f"are also detected), got {header_line[:60]!r}"
        ),
    )


def read_raw(
    path: Path,
    expected_columns: list[str] | None = None,
    display_name: str | None = None,
    *,
    encoding: str | None = None,
    multiline: bool = False,
) -> RawTable:
    """Read a CSV into text columns. File-level problems are returned, never raised.

    multiline=False (wave files): a record is one line; True (codebooks): quoted line breaks allowed.
    """
    file = display_name or str(path)
    out = RawTable(file=file)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        out.problems.append(Problem(file=file, rule="file_unreadable", message=exc.strerror or str(exc)))
        return out
    decoded = decode(raw, file, encoding)
    out.encoding = decoded.encoding
    if decoded.problem is not None or decoded.body is None:
        out.problems.append(decoded.problem or Problem(file=file, rule="encoding", message="cannot decode"))
        return out
    if decoded.note:
        out.notes.append(f"{decoded.note}; written back as UTF-8")
    _parse(out, decoded.body, expected_columns, multiline)
    return out


def _parse(out: RawTable, body: bytes, expected: list[str] | None, multiline: bool) -> None:
    file = out.file
    rs = scan(body, multiline)
    if not len(rs) or not body.strip():
        out.problems.append(
            Problem(file=file, rule="empty_file", message="the file is empty (no header, no rows)")
        )
        return
    out.records = rs
    if rs.cr_only:
        out.notes.append("classic Mac (CR-only) line ends read")
    header_line = rs.text(0)
    delim = detect_delimiter(header_line, set(expected) if expected else None)
    if delim is None:
        out.problems.append(_delimiter_problem(file, header_line))
        return
    out.delimiter = delim
    header = [h.strip() for h in split_fields(header_line, delim)]
    header[0] = header[0].lstrip("\ufeff")
    problem = _header_problem(file, header)
    if problem is not None:
        out.problems.append(problem)
        return
    out.header = header
    _read_table(out, body[int(rs.starts[0]) :], rs, delim, multiline)


def _read_table(out: RawTable, body: bytes, rs: RecordScan, delim: str, multiline: bool) -> None:
    header = out.header
    ragged: list[tuple[int | None, int, int]] = []

    def on_invalid(row: pacsv.InvalidRow) -> str:
        ragged.append((row.number, row.expected_columns, row.actual_columns))
        return "skip"

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
        out.problems.append(Problem(file=out.file, rule="csv_parse", message=f"not a readable CSV: {msg}"))
        return
    parsed = table.num_rows + len(ragged)
    if parsed != out.rows_read or rs.unbalanced or any(r[0] is None for r in ragged):
        out.problems.append(_count_problem(out, rs, delim, parsed, multiline))
        return
    # pyarrow numbers records from 1 counting the skipped header as record 1 (blank lines ignored),
    # which is the data row number once the two counts agree
    bad_rows = np.array([int(r[0]) - 1 for r in ragged if r[0] is not None], dtype=np.int64)
    all_rows = np.arange(1, parsed + 1, dtype=np.int64)
    out.source_rows = np.setdiff1d(all_rows, bad_rows, assume_unique=True) if len(bad_rows) else all_rows
    out.ragged = [
        RaggedRow(source_row=int(b), expected=e, actual=a, text=rs.text(int(b)))
        for b, (_, e, a) in zip(bad_rows, ragged, strict=True)
    ]
    df = table.to_pandas()
    df.index = pd.RangeIndex(len(df))
    out.data = df


def _count_problem(out: RawTable, rs: RecordScan, delim: str, parsed: int, multiline: bool) -> Problem:
    """The parser and the byte count disagree: name the row where a quote opens and never closes."""
    where = find_open_quote(rs, delim)
    counted = out.rows_read
    unit, scope = ("records", "before the end of the file") if multiline else ("lines", "on its line")
    if where is None:
        return Problem(
            file=out.file,
            rule="record_count",
            message=f"the CSV parser read {parsed} rows but the file has {counted} {unit}; "
            "the file is malformed (check quotes and line ends)",
        )
    column = out.header[where.column] if where.column is not None and where.column < len(out.header) else None
    return Problem(
        file=out.file,
        row=where.record,
        column=column,
        rule="unclosed_quote",
        message=f'a quoted value opens with `"` here and is not closed {scope}: the CSV parser '
        f"merged lines into one row ({parsed} rows parsed, {counted} in the file); fix or remove the quote",
    )


def delimiter_name(d: str) -> str:
    return _DELIM_NAMES.get(d, repr(d))
