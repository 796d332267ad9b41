"""Landing rules for one wave file: reject the file (file-level) or quarantine the row (row-level).

Every check is vectorised over whole columns (pandas on Arrow-backed strings). A row with several
problems is quarantined once; its `rule`/`column_name` are the first problem found, `message` lists all.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from csx.errors import Problem
from csx.landing.codebook import FIXED_COLUMNS, CodebookLoad, parse_base_condition, parse_bool
from csx.landing.reader import RawTable, delimiter_name, read_raw
from csx.seed_layout import QUARANTINE_COLUMNS

WAVE_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_\-]{0,31}$")
DEFAULT_MIN_ROWS = 5  # a wave smaller than the confidentiality threshold k could publish nothing
DEFAULT_MAX_ROWS = 20_000_000
ROW_BOUND_TOLERANCE = 0.10  # +-10 % around waves.csv respondents_expected when known
MULTI_ALLOWED = ("0", "1", "")


@dataclass
class LandingResult:
    """Outcome of landing one file. `problems` non-empty = the file is rejected (nothing loads)."""

    source_file: str
    wave_id: str
    clean: pd.DataFrame = field(default_factory=pd.DataFrame)
    quarantined: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=QUARANTINE_COLUMNS))
    problems: list[Problem] = field(default_factory=list)
    rows_read: int = 0
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


@dataclass
class _Hits:
    """Row-level problems collected column by column: positional row index arrays plus messages."""

    rows: list[np.ndarray] = field(default_factory=list)
    order: list[np.ndarray] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    messages: list[pd.Series] = field(default_factory=list)

    def add(
        self,
        mask: np.ndarray | pd.Series,
        column: str,
        rule: str,
        message: str,
        values: pd.Series | None = None,
        suffix: str = "",
    ) -> None:
        """Record rows where `mask` is true; with `values`: message = f"{message}'{value}'{suffix}"."""
        m = np.asarray(mask, dtype=bool)
        idx = np.flatnonzero(m)
        if not len(idx):
            return
        self.rows.append(idx)
        self.order.append(np.full(len(idx), len(self.columns), dtype=np.int64))
        self.columns.append(column)
        self.rules.append(rule)
        if values is None:
            self.messages.append(pd.Series([message] * len(idx), dtype=object))
        else:
            vals = np.asarray(values.iloc[idx], dtype=object)
            self.messages.append(pd.Series([f"{message}'{v}'{suffix}" for v in vals], dtype=object))

    def frame(self) -> pd.DataFrame:
        if not self.rows:
            return pd.DataFrame(columns=["pos", "k", "column_name", "rule", "message"])
        k = np.concatenate(self.order)
        return pd.DataFrame(
            {
                "pos": np.concatenate(self.rows),
                "k": k,
                "column_name": np.asarray(self.columns, dtype=object)[k],
                "rule": np.asarray(self.rules, dtype=object)[k],
                "message": pd.concat(self.messages, ignore_index=True).to_numpy(),
            }
        )


def _codes(options: pd.DataFrame, question_code: str) -> list[str]:
    return list(options.loc[options["question_code"] == question_code, "option_code"])


def _record_text(values: list[str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(values)
    return buf.getvalue()


def check_wave(
    responses: Path,
    wave_id: str,
    codebook: CodebookLoad,
    existing_wave_ids: set[str] | frozenset[str] = frozenset(),
    *,
    min_rows: int | None = None,
    max_rows: int | None = None,
    display_name: str | None = None,
) -> LandingResult:
    """Apply every landing rule to one wave file. Never raises for bad input; see LandingResult."""
    file = display_name or str(responses)
    res = LandingResult(source_file=file, wave_id=wave_id)
    if not WAVE_ID_RE.match(wave_id or ""):
        res.problems.append(
            Problem(
                file=file, rule="wave_id", message=f"wave id {wave_id!r} must be 1-32 letters, digits, _ or -"
            )
        )
    elif wave_id in existing_wave_ids:
        res.problems.append(
            Problem(file=file, rule="wave_exists", message=f"wave {wave_id} already exists; remove it first")
        )
    if codebook.problems:
        res.problems.extend(codebook.problems)
    if res.problems:
        return res
    expected = codebook.expected_columns()
    raw = read_raw(Path(responses), expected, display_name=file)
    res.encoding, res.delimiter = raw.encoding, raw.delimiter
    res.rows_read = raw.rows_read
    if raw.problems:
        res.problems.extend(raw.problems)
        return res
    if raw.delimiter != ",":
        res.notes.append(f"{delimiter_name(raw.delimiter)}-separated file read; written back comma-separated")
    if raw.encoding not in ("utf-8",):
        res.notes.append(f"decoded from {raw.encoding}; written back as UTF-8")
    if res.rows_read == 0:
        res.problems.append(
            Problem(file=file, rule="no_data_rows", message="the file has a header but no rows")
        )
        return res
    missing = [c for c in expected if c not in raw.header]
    extra = [c for c in raw.header if c not in set(expected)]
    if missing:
        res.problems.append(
            Problem(
                file=file,
                row=0,
                column=missing[0],
                rule="missing_column",
                message=f"{len(missing)} codebook column(s) missing from the header: "
                + ", ".join(missing[:10])
                + (" ..." if len(missing) > 10 else ""),
            )
        )
    if extra:
        res.problems.append(
            Problem(
                file=file,
                row=0,
                column=extra[0],
                rule="unexpected_column",
                message=f"{len(extra)} column(s) not in the codebook for wave {wave_id}: "
                + ", ".join(extra[:10])
                + (" ..." if len(extra) > 10 else ""),
            )
        )
    if res.problems:
        return res

    original = raw.data[expected]
    data = original.apply(lambda s: s.str.strip())
    hits = _row_checks(data, codebook)
    _finish(res, raw, original, data, hits)
    _check_row_bounds(res, codebook, file, min_rows, max_rows)
    return res


def _row_checks(data: pd.DataFrame, cb: CodebookLoad) -> _Hits:
    hits = _Hits()
    q, o = cb.questions, cb.options
    rid = data["respondent_id"]
    hits.add(rid == "", "respondent_id", "missing_respondent_id", "respondent_id is empty")
    dup = rid.duplicated(keep=False) & (rid != "")
    if dup.any():
        hits.add(
            dup,
            "respondent_id",
            "duplicate_respondent_id",
            "respondent_id ",
            rid,
            " appears more than once",
        )
    ts = pd.to_datetime(data["submitted_at"], format="ISO8601", errors="coerce")
    hits.add(
        ts.isna().to_numpy(),
        "submitted_at",
        "invalid_timestamp",
        "submitted_at ",
        data["submitted_at"],
        " is not an ISO 8601 timestamp",
    )
    answered: dict[str, np.ndarray] = {}
    opt_code_by_id = {
        qc: dict(zip(g["option_id"], g["option_code"], strict=False)) for qc, g in o.groupby("question_code")
    }
    qs = q.sort_values("_order", kind="stable")
    # value checks
    for r in qs.itertuples():
        qc, qt = str(r.question_code), str(r.question_type)
        codes = _codes(o, qc)
        if qt == "multi":
            cols = [f"{qc}_{c}" for c in codes]
            block = data[cols]
            for c in cols:
                bad = ~block[c].isin(MULTI_ALLOWED)
                hits.add(
                    bad,
                    c,
                    "multi_select_value",
                    "multi-select cell ",
                    block[c],
                    " is not 0, 1 or empty",
                )
            filled = (block != "").to_numpy()
            ones = (block == "1").to_numpy()
            asked = filled.any(axis=1)
            answered[qc] = asked
            partial = asked & ~filled.all(axis=1)
            hits.add(
                partial,
                qc,
                "multi_select_partial",
                f"{qc}: some option cells are empty for a respondent who was asked",
            )
            n_sel = ones.sum(axis=1)
            hits.add(asked & (n_sel == 0), qc, "multi_select_none", f"{qc}: asked but no option selected")
            excl = o[(o["question_code"] == qc) & o["is_exclusive"].map(lambda v: parse_bool(v) is True)]
            if len(excl):
                ex_cols = [cols[codes.index(c)] for c in excl["option_code"]]
                ex_sel = (data[ex_cols] == "1").to_numpy().sum(axis=1)
                hits.add(
                    (ex_sel > 0) & (n_sel > 1),
                    qc,
                    "multi_exclusive_conflict",
                    f"{qc}: an exclusive option (none/don't know) is selected together with another option",
                )
            ms = pd.to_numeric(pd.Series([r.max_selections]), errors="coerce").iloc[0]
            if not (isinstance(ms, float) and math.isnan(ms)):
                hits.add(
                    n_sel > ms,
                    qc,
                    "multi_max_selections",
                    f"{qc}: ",
                    pd.Series(n_sel),
                    f" options selected, at most {int(ms)} allowed",
                )
        else:
            s = data[qc]
            filled = (s != "").to_numpy()
            answered[qc] = filled
            bad = filled & ~s.isin(codes).to_numpy()
            if qt == "rating":
                non_num = np.zeros(len(s), dtype=bool)
                if bad.any():
                    idx = np.flatnonzero(bad)
                    num = pd.to_numeric(pd.Series(s.iloc[idx].to_numpy(dtype=object)), errors="coerce")
                    non_num[idx[num.isna().to_numpy()]] = True
                hits.add(non_num, qc, "rating_not_numeric", f"{qc}: rating ", s, " is not a number 1..5")
                hits.add(bad & ~non_num, qc, "rating_out_of_range", f"{qc}: rating ", s, " is outside 1..5")
            else:
                hits.add(
                    bad,
                    qc,
                    "unknown_option_code",
                    f"{qc}: ",
                    s,
                    f" is not an option code ({', '.join(codes[:12])})",
                )
    # required and routing
    qid_to_code = dict(zip(q["question_id"], q["question_code"], strict=False))
    qtype = dict(zip(q["question_code"], q["question_type"], strict=False))
    for r in qs.itertuples():
        qc = str(r.question_code)
        if parse_bool(r.is_required) is True:
            hits.add(~answered[qc], qc, "required_missing", f"{qc}: required question not answered")
        parsed = parse_base_condition(r.base_condition) if r.base_condition else None
        if parsed:
            base_qc = qid_to_code[parsed[0]]
            wanted = [opt_code_by_id.get(base_qc, {}).get(x) for x in parsed[1]]
            if qtype[base_qc] == "multi":
                cond = (data[[f"{base_qc}_{c}" for c in wanted]] == "1").to_numpy().any(axis=1)
            else:
                cond = data[base_qc].isin(wanted).to_numpy()
            hits.add(
                ~cond & answered[qc],
                qc,
                "routing_violation",
                f"{qc}: answered although its routing condition {r.base_condition} is not met",
            )
    return hits


def _finish(
    res: LandingResult, raw: RawTable, original: pd.DataFrame, data: pd.DataFrame, hits: _Hits
) -> None:
    probs = hits.frame()
    file = res.source_file
    q_parts: list[pd.DataFrame] = []
    if len(probs):
        probs = probs.sort_values(["pos", "k"], kind="stable")
        probs["full"] = probs["column_name"] + ": " + probs["rule"] + ": " + probs["message"]
        grouped = probs.groupby("pos", sort=True)
        first = grouped.first()
        n_per = grouped.size()
        msgs = first["message"].where(n_per == 1, grouped["full"].agg("; ".join))
        pos = first.index.to_numpy()
        raw_rec = [_record_text(list(v)) for v in original.iloc[pos].itertuples(index=False, name=None)]
        q_parts.append(
            pd.DataFrame(
                {
                    "source_file": file,
                    "source_row": raw.source_rows[pos],
                    "respondent_id": data["respondent_id"].to_numpy()[pos],
                    "column_name": first["column_name"].to_numpy(),
                    "rule": first["rule"].to_numpy(),
                    "message": msgs.to_numpy(),
                    "raw_record": raw_rec,
                }
            )
        )
        keep = np.ones(len(data), dtype=bool)
        keep[pos] = False
    else:
        keep = np.ones(len(data), dtype=bool)
    if raw.ragged:
        q_parts.append(
            pd.DataFrame(
                {
                    "source_file": file,
                    "source_row": [r.source_row for r in raw.ragged],
                    "respondent_id": [_first_field(r.text, raw.delimiter) for r in raw.ragged],
                    "column_name": "",
                    "rule": "ragged_row",
                    "message": [f"{r.actual} fields where the header has {r.expected}" for r in raw.ragged],
                    "raw_record": [r.text for r in raw.ragged],
                }
            )
        )
    if q_parts:
        quarantined = pd.concat(q_parts, ignore_index=True).sort_values("source_row", kind="stable")
        quarantined["source_row"] = quarantined["source_row"].astype("int64")
        res.quarantined = quarantined.reset_index(drop=True)[QUARANTINE_COLUMNS]
    res.clean = data[keep].reset_index(drop=True)
    res.rows_loaded = len(res.clean)
    res.rows_quarantined = len(res.quarantined)
    assert res.rows_read == res.rows_loaded + res.rows_quarantined, "landing lost rows"


def _first_field(text: str, delim: str) -> str:
    try:
        return next(csv.reader([text], delimiter=delim))[0].strip()
    except (StopIteration, csv.Error, IndexError):
        return ""


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
        res.clean = res.clean.iloc[0:0]
        res.quarantined = res.quarantined.iloc[0:0]
        res.rows_loaded = res.rows_quarantined = 0


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
