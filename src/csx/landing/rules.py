"""Landing rules for one wave file: reject the file (file-level) or quarantine the row (row-level).

Every check is vectorised over whole columns (pandas on Arrow-backed strings). A row with several
problems is quarantined once; its `rule`/`column_name` are the first problem found, `message` lists all.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from csx.errors import Problem
from csx.landing.codebook import FIXED_COLUMNS, CodebookLoad
from csx.landing.quarantine import build as build_quarantine
from csx.landing.quarantine import empty_quarantine
from csx.landing.reader import RawTable, delimiter_name, read_raw
from csx.landing.records import Flags, flag_rows
from csx.landing.row_rules import data_positions, row_checks
from csx.seed_layout import QUARANTINE_COLUMNS
from csx.wave_id import wave_id_problem

DEFAULT_MIN_ROWS = 5  # a wave smaller than the confidentiality threshold k could publish nothing
DEFAULT_MAX_ROWS = 20_000_000
ROW_BOUND_TOLERANCE = 0.10  # +-10 % around waves.csv respondents_expected when known


@dataclass
class LandingResult:
    """Outcome of landing one file. `problems` non-empty = the file is rejected (nothing loads)."""

    source_file: str
    wave_id: str
    clean: pd.DataFrame = field(default_factory=pd.DataFrame)
    clean_rows: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # their source rows
    quarantined: pd.DataFrame = field(default_factory=empty_quarantine)
    problems: list[Problem] = field(default_factory=list)
    rows_read: int = 0  # counted from the bytes, independently of the CSV parser
    rows_loaded: int = 0
    rows_quarantined: int = 0
    encoding: str = ""
    delimiter: str = ","
    notes: list[str] = field(default_factory=list)

    @property
    def rejected(self) -> bool:
        return bool(self.problems)

    @property
    def rows_rejected(self) -> int:
        """Rows not loaded because the whole file was rejected."""
        return self.rows_read - self.rows_loaded - self.rows_quarantined

    @property
    def reconciles(self) -> bool:
        if self.rejected:
            return self.rows_loaded == 0 and self.rows_quarantined == 0
        return self.rows_read == self.rows_loaded + self.rows_quarantined

    def summary(self) -> str:
        state = "REJECTED" if self.rejected else "ok"
        return (
            f"{self.source_file}: {state}: read {self.rows_read} = loaded {self.rows_loaded} + quarantined "
            f"{self.rows_quarantined}" + (f" + rejected {self.rows_rejected}" if self.rejected else "")
        )


def _id_problems(file: str, wave_id: str, existing: set[str] | frozenset[str]) -> list[Problem]:
    problem = wave_id_problem(wave_id, file)
    if problem is not None:
        return [problem]
    if wave_id in existing:
        return [
            Problem(file=file, rule="wave_exists", message=f"wave {wave_id} already exists; remove it first")
        ]
    return []


def _listed(names: list[str]) -> str:
    return ", ".join(names[:10]) + (" ..." if len(names) > 10 else "")


def _header_problems(file: str, wave_id: str, header: list[str], expected: list[str]) -> list[Problem]:
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in set(expected)]
    out = []
    if missing:
        msg = f"{len(missing)} codebook column(s) missing from the header: {_listed(missing)}"
        out.append(Problem(file=file, row=0, column=missing[0], rule="missing_column", message=msg))
    if extra:
        msg = f"{len(extra)} column(s) not in the codebook for wave {wave_id}: {_listed(extra)}"
        out.append(Problem(file=file, row=0, column=extra[0], rule="unexpected_column", message=msg))
    return out


def _read_notes(raw: RawTable) -> list[str]:
    notes = list(raw.notes)
    if raw.delimiter != ",":
        notes.append(f"{delimiter_name(raw.delimiter)}-separated file read; written back comma-separated")
    return notes


def check_wave(
    responses: Path,
    wave_id: str,
    codebook: CodebookLoad,
    existing_wave_ids: set[str] | frozenset[str] = frozenset(),
    *,
    min_rows: int | None = None,
    max_rows: int | None = None,
    display_name: str | None = None,
    encoding: str | None = None,
) -> LandingResult:
    """Apply every landing rule to one wave file. Never raises for bad input; see LandingResult.

    `encoding` names the file's encoding (`--encoding`); by default it is detected.
    """
    file = display_name or str(responses)
    res = LandingResult(source_file=file, wave_id=wave_id)
    res.problems = _id_problems(file, wave_id, existing_wave_ids) + list(codebook.problems)
    if res.problems:
        return res
    expected = codebook.expected_columns()
    raw = read_raw(Path(responses), expected, display_name=file, encoding=encoding)
    res.encoding, res.delimiter, res.rows_read = raw.encoding, raw.delimiter, raw.rows_read
    if raw.problems:
        res.problems.extend(raw.problems)
        return res
    res.notes = _read_notes(raw)
    if res.rows_read == 0:
        res.problems.append(
            Problem(file=file, rule="no_data_rows", message="the file has a header but no rows")
        )
        return res
    res.problems = _header_problems(file, wave_id, raw.header, expected)
    if res.problems:
        return res
    original = raw.data[expected]
    assert raw.records is not None  # set whenever the file parsed
    flags = flag_rows(raw.records, raw.delimiter)
    data = _stripped(original, raw, flags)
    hits = row_checks(data, original, raw, codebook, flags)
    res.quarantined, keep = build_quarantine(file, raw, data, hits)
    res.clean = data[keep].reset_index(drop=True)
    res.clean_rows = np.asarray(raw.source_rows)[keep]
    res.rows_loaded, res.rows_quarantined = len(res.clean), len(res.quarantined)
    if res.rows_read != res.rows_loaded + res.rows_quarantined:  # never silently: reject instead
        res.problems.append(
            Problem(
                file=file,
                rule="record_count",
                message=f"read {res.rows_read} rows but landed {res.rows_loaded} + quarantined "
                f"{res.rows_quarantined}",
            )
        )
        _clear(res)
        return res
    _check_row_bounds(res, codebook, file, min_rows, max_rows)
    return res


FULL_STRIP_SHARE = 0.05


def _stripped(original: pd.DataFrame, raw: RawTable, flags: Flags) -> pd.DataFrame:
    """Values stripped of surrounding whitespace, touching only the rows that hold any."""
    if len(flags.whitespace) > FULL_STRIP_SHARE * max(len(original), 1):
        return original.apply(lambda s: s.str.strip())
    pos = data_positions(raw, flags.whitespace)
    if not len(pos):
        return original
    data = original.copy()
    data.iloc[pos] = original.iloc[pos].apply(lambda s: s.str.strip())
    return data


def _clear(res: LandingResult) -> None:
    res.clean = res.clean.iloc[0:0]
    res.quarantined = res.quarantined.iloc[0:0]
    res.rows_loaded = res.rows_quarantined = 0


def _check_row_bounds(
    res: LandingResult, cb: CodebookLoad, file: str, min_rows: int | None, max_rows: int | None
) -> None:
    if cb.expected_rows:
        lo = math.floor(cb.expected_rows * (1 - ROW_BOUND_TOLERANCE))
        hi = math.ceil(cb.expected_rows * (1 + ROW_BOUND_TOLERANCE))
        basis = f"respondents_expected {cb.expected_rows} +-{ROW_BOUND_TOLERANCE:.0%}"
    else:
        lo, hi, basis = DEFAULT_MIN_ROWS, DEFAULT_MAX_ROWS, "default bounds"
    lo = min_rows if min_rows is not None else lo
    hi = max_rows if max_rows is not None else hi
    if not lo <= res.rows_loaded <= hi:
        res.problems.append(
            Problem(
                file=file,
                rule="row_count",
                message=f"{res.rows_loaded} clean rows (of {res.rows_read} read) outside the expected "
                f"bounds [{lo}, {hi}] ({basis})",
            )
        )
        _clear(res)


def land_wave(
    responses: Path,
    wave_id: str,
    codebook_dir: Path,
    existing_wave_ids: set[str] | frozenset[str] = frozenset(),
    **kw: object,
) -> LandingResult:
    """Convenience: load the codebook for `wave_id` from `codebook_dir` and check the file."""
    from csx.landing.codebook import load_codebook

    return check_wave(responses, wave_id, load_codebook(codebook_dir, wave_id), existing_wave_ids, **kw)  # type: ignore[arg-type]


__all__ = ["FIXED_COLUMNS", "QUARANTINE_COLUMNS", "LandingResult", "check_wave", "land_wave"]
