"""The respondents' answers to the margin questions, read from the landing wave files with DuckDB.

The weights are computed before dbt runs (docs/weighting.md "Where the weights are computed"), so the
answers come from the same files and codebook the staging models recode: the wave's question code of each
margin question (`codebook_questions.csv`) and its option codes (`codebook_options.csv`). An empty cell
is a missing answer; a code the codebook does not list is an error (the landing checks reject it too).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from csx.errors import CsxError, Problem

QUESTIONS = "seeds/codebook/codebook_questions.csv"
OPTIONS = "seeds/codebook/codebook_options.csv"


@dataclass(frozen=True)
class Wave:
    wave_id: str
    file: Path  # the landing file (seed CSV or external CSV / Parquet)
    rel: str  # as shown in messages


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _reader(file: Path) -> str:
    if file.suffix.lower() == ".parquet":
        return f"read_parquet({_sql_text(str(file))})"
    return f"read_csv({_sql_text(str(file))}, header = true, all_varchar = true)"


def read_margin_answers(root: Path, wave: Wave, questions: list[str]) -> pd.DataFrame:
    """One row per respondent of the wave: `respondent_id` and one column per question (option id or None).

    A question the wave did not ask is all None (its respondents are not raked on that margin).
    """
    import duckdb

    codes = {r["question_id"]: r["question_code"] for r in _rows(root / QUESTIONS) if r["wave_id"] == wave.wave_id}
    options: dict[str, dict[str, str]] = {}
    for r in _rows(root / OPTIONS):
        if r["wave_id"] == wave.wave_id:
            options.setdefault(r["question_code"], {})[r["option_code"]] = r["option_id"]
    asked = [q for q in questions if q in codes]
    select = ", ".join(['cast("respondent_id" as varchar) as respondent_id'] + [f'"{codes[q]}" as "{q}"' for q in asked])
    con = duckdb.connect()
    try:
        frame = con.sql(f"select {select} from {_reader(wave.file)}").df()
    except duckdb.Error as exc:
        raise CsxError.single(wave.rel, "read", str(exc).splitlines()[0]) from None
    finally:
        con.close()
    problems: list[Problem] = []
    for question in questions:
        if question not in asked:
            frame[question] = None
            continue
        code, mapping = codes[question], options.get(codes[question], {})
        raw = frame[question].astype("string").str.strip()
        mapped = raw.map(mapping, na_action="ignore")
        unknown = raw.notna() & (raw != "") & mapped.isna()
        for position in list(frame.index[unknown])[:5]:
            problems.append(
                Problem(
                    wave.rel,
                    "codebook",
                    f"{question}: code {raw[position]!r} is not in {OPTIONS} for wave {wave.wave_id}",
                    row=int(position) + 1,
                    column=code,
                )
            )
        frame[question] = mapped.astype(object).where(mapped.notna(), None)
    if problems:
        raise CsxError(problems)
    return frame
