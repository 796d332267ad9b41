"""Landing layer: read raw survey exports robustly, reject bad files, quarantine bad rows.

API (docs/architecture.md "Landing API"): `load_codebook`, `check_wave`, `LandingResult`.
Invariant: rows_read (counted from the bytes, independently of the CSV parser) == rows_loaded +
rows_quarantined for every accepted file; a rejected file loads nothing (`rows_rejected == rows_read`).
"""

from __future__ import annotations

from csx.landing.cells import MAX_FIELD_CHARS
from csx.landing.codebook import QUESTION_TYPES, CodebookLoad, load_codebook, read_codebook_table
from csx.landing.reader import RawTable, read_raw
from csx.landing.rules import QUARANTINE_COLUMNS, LandingResult, check_wave, land_wave

__all__ = [
    "MAX_FIELD_CHARS",
    "QUARANTINE_COLUMNS",
    "QUESTION_TYPES",
    "CodebookLoad",
    "LandingResult",
    "RawTable",
    "check_wave",
    "land_wave",
    "load_codebook",
    "read_codebook_table",
    "read_raw",
]
