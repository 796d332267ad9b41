"""Safe CSV text for files people open in spreadsheets, and csx's own CSV reading limits.

Formula injection (OWASP "CSV Injection"): a spreadsheet evaluates a cell whose text starts with
`=`, `+`, `-` or `@` (and, in some programs, a leading tab or carriage return) as a formula, e.g.
`=HYPERLINK("http://evil","click")`. `neutralise` prefixes such a value with a single quote `'`, which
spreadsheets show as text and never evaluate. It is applied to every text field of the CSVs csx writes
*for people to read* (the quarantine seed, docs/data_quality.md "Formula injection"); it is never
applied to the data that loads (wave files, codebook seeds), whose values must stay byte-exact.

Field sizes: Python's `csv` module refuses fields longer than `csv.field_size_limit()` (131 072
characters by default; dbt's seed reader uses the same module). csx never *writes* a field longer than
`csx.landing.MAX_FIELD_CHARS`; `allow_large_fields` lifts the limit where csx *reads* its own CSVs so
that a file written by an older version can still be repaired by `csx wave remove`.
"""

from __future__ import annotations

import csv
import sys

#: Leading characters that make a spreadsheet evaluate a cell (OWASP CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

#: What `neutralise` puts in front of a dangerous value.
NEUTRALISING_PREFIX = "'"


def is_formula_like(value: str) -> bool:
    """True if a spreadsheet could evaluate `value` (leading spaces are skipped, as spreadsheets do)."""
    return value.lstrip(" ").startswith(FORMULA_TRIGGERS)


def neutralise(value: str) -> str:
    """`value`, prefixed with `'` if a spreadsheet would evaluate it as a formula."""
    return NEUTRALISING_PREFIX + value if is_formula_like(value) else value


def neutralise_row(row: dict[str, str], columns: tuple[str, ...] | list[str]) -> dict[str, str]:
    """A copy of `row` with `columns` neutralised (the other values unchanged)."""
    return {k: neutralise(v) if k in columns else v for k, v in row.items()}


def allow_large_fields() -> None:
    """Let the csv module read fields of any size (csx's own CSVs; idempotent)."""
    limit = sys.maxsize
    while True:
        try:
            csv.field_size_limit(limit)
            return
        except OverflowError:  # platforms whose C long is 32 bits
            limit //= 2
