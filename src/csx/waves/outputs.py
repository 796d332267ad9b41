"""What `csx wave add` writes besides the codebook rows: the wave file, its registry row, its quarantine."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from csx.csvsafe import neutralise
from csx.errors import CsxError, Problem
from csx.landing.cells import MAX_FIELD_CHARS, has_control


def registry_given(codebook_dir: Path, wave_id: str, encoding: str | None) -> dict[str, str]:
    """The wave's row of an optional handed-over DIR/waves.csv (read by the landing reader), else {}."""
    from csx.landing import read_codebook_table

    reg = codebook_dir / "waves.csv"
    if not reg.exists():
        return {}
    df, problems = read_codebook_table(reg, encoding)
    if df is None:
        raise CsxError(problems, summary=f"wave {wave_id} rejected: nothing was written")
    if "wave_id" not in df.columns:
        return {}
    hits = df[df["wave_id"] == wave_id].drop(columns="_row").to_dict("records")
    return {str(k): str(v) for k, v in hits[-1].items()} if hits else {}


def _year(wave_id: str, year: int | None, given: dict[str, str]) -> int:
    if year is not None:
        return year
    text = given.get("wave_year", "")
    if text:
        if not re.fullmatch(r"[0-9]{4}", text):
            raise CsxError.single("waves.csv", "wave_year", f"wave_year {text!r} is not a 4-digit year")
        return int(text)
    m = re.match(r"[0-9]{4}", wave_id)
    if not m:
        raise CsxError.single("--year", "wave_year", f"cannot derive a year from wave id {wave_id!r}")
    return int(m.group(0))


def _fieldwork(clean: Any, rows_loaded: int) -> tuple[str, str]:
    if "submitted_at" not in getattr(clean, "columns", []) or not rows_loaded:
        return "", ""
    ts = clean["submitted_at"]
    ts = ts[ts != ""]
    return (str(ts.min())[:10], str(ts.max())[:10]) if len(ts) else ("", "")


def _check_label(option: str, value: str | None) -> None:
    if value is not None and (len(value) > MAX_FIELD_CHARS or has_control(value, allow_breaks=True)):
        raise CsxError.single(
            option, "label", f"at most {MAX_FIELD_CHARS:,} characters and no control characters"
        )


def wave_meta(
    wave_id: str,
    given: dict[str, str],
    clean: Any,
    rows_loaded: int,
    year: int | None,
    labels: tuple[str | None, str | None],
    synthetic: bool,
) -> dict[str, str]:
    """The waves.csv row: from the handed-over waves.csv if present, else derived from the data."""
    label_en, label_ja = labels
    _check_label("--label-en", label_en)
    _check_label("--label-ja", label_ja)
    y = _year(wave_id, year, given)
    start, end = _fieldwork(clean, rows_loaded)
    return {
        "wave_id": wave_id,
        "wave_year": str(y),
        "label_en": label_en or given.get("label_en") or f"Customer Service Excellence {y}",
        "label_ja": label_ja or given.get("label_ja") or f"カスタマーサービス・エクセレンス {y}",
        "fieldwork_start": given.get("fieldwork_start") or start,
        "fieldwork_end": given.get("fieldwork_end") or end,
        "respondents_expected": given.get("respondents_expected") or str(rows_loaded),
        "is_synthetic": given.get("is_synthetic") or ("true" if synthetic else "false"),
        "notes": given.get("notes") or f"added by `csx wave add {wave_id}`",
    }


def quarantine_records(quarantined: Any, wave_id: str) -> list[dict[str, str]]:
    """Rows for seeds/landing/quarantined_rows.csv: every field formula-neutralised (people open it)."""
    if quarantined is None or len(quarantined) == 0:
        return []
    recs = []
    for r in quarantined.to_dict("records"):
        row = {k: "" if v is None or (isinstance(v, float) and v != v) else str(v) for k, v in r.items()}
        if row.get("source_file"):
            row["source_file"] = Path(row["source_file"]).name
        row["wave_id"] = wave_id
        recs.append({k: neutralise(v) for k, v in row.items()})
    return recs


def quarantine_header_problem(header: list[str], required: list[str], file: str) -> Problem | None:
    missing = [c for c in required if c not in header]
    if not missing:
        return None
    return Problem(
        file=file,
        row=0,
        column=missing[0],
        rule="columns",
        message=f"missing column(s) {', '.join(missing)} (docs/architecture.md): cannot record the "
        "quarantine",
    )


def write_seed_csv(clean: Any, path: Path) -> None:
    """UTF-8 CSV, header row, minimal quoting, `\\n` line ends; values as landed (all text)."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(list(clean.columns))
        w.writerows(clean.fillna("").astype(str).itertuples(index=False, name=None))


def _qi(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def qs(s: str) -> str:
    """A string for a single-quoted SQL literal."""
    return s.replace("'", "''")


def write_parquet(clean: Any, path: Path) -> None:
    """Parquet written by DuckDB; every column VARCHAR (as landed), empty strings stored as NULL."""
    import duckdb
    import pyarrow as pa

    con = duckdb.connect()
    try:
        con.register("clean_wave", pa.Table.from_pandas(clean, preserve_index=False))
        cols = ", ".join(f"nullif(cast({_qi(c)} as varchar), '') as {_qi(c)}" for c in clean.columns)
        con.execute(
            f"copy (select {cols} from clean_wave) to '{qs(str(path))}' "
            "(format parquet, compression zstd, row_group_size 122880)"
        )
    finally:
        con.close()
