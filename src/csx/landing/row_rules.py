"""Row-level landing rules (quarantine), vectorised over whole columns (pandas on Arrow strings).

Cell limits (`field_too_long`, `control_character`) are checked only on the rows the byte scan flagged
(`csx.landing.records`), so a clean million-row file pays one comparison pass for them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from csx.landing.cells import MAX_FIELD_CHARS, first_control, has_control
from csx.landing.codebook import CodebookLoad, parse_base_condition, parse_bool
from csx.landing.quarantine import Hits
from csx.landing.reader import RawTable
from csx.landing.records import Flags, long_rows
from csx.landing.scale import parse_score

MULTI_ALLOWED = ("0", "1", "")


@dataclass
class _Ctx:
    data: pd.DataFrame  # stripped values
    cb: CodebookLoad
    hits: Hits
    answered: dict[str, np.ndarray]

    def codes(self, question_code: str) -> list[str]:
        o = self.cb.options
        return list(o.loc[o["question_code"] == question_code, "option_code"])


def row_checks(
    data: pd.DataFrame, original: pd.DataFrame, raw: RawTable, cb: CodebookLoad, flags: Flags
) -> Hits:
    """Every row-level rule; `original` = the values as read, `data` = stripped."""
    ctx = _Ctx(data=data, cb=cb, hits=Hits(), answered={})
    _cell_checks(ctx.hits, original, raw, flags)
    _id_and_time_checks(ctx)
    questions = cb.questions.sort_values("_order", kind="stable")
    for r in questions.itertuples():
        if str(r.question_type) == "multi":
            _multi_checks(ctx, str(r.question_code), r.max_selections)
        else:
            _single_checks(ctx, str(r.question_code), str(r.question_type))
    for r in questions.itertuples():
        _required_and_routing(ctx, r)
    return ctx.hits


def data_positions(raw: RawTable, records: np.ndarray) -> np.ndarray:
    """Positions in raw.data of record indices (header and ragged rows have none)."""
    pos = np.searchsorted(raw.source_rows, records)
    ok = pos < len(raw.source_rows)
    ok[ok] = raw.source_rows[pos[ok]] == records[ok]
    return pos[ok]


def _cell_checks(hits: Hits, original: pd.DataFrame, raw: RawTable, flags: Flags) -> None:
    if raw.records is None:
        return
    flagged = np.union1d(flags.control, long_rows(raw.records, MAX_FIELD_CHARS))
    found: dict[tuple[str, str], tuple[list[int], list[str]]] = {}
    for p in data_positions(raw, flagged):
        for col, value in zip(original.columns, original.iloc[int(p)], strict=True):
            text = str(value)
            if len(text) > MAX_FIELD_CHARS:
                key, msg = (
                    (col, "field_too_long"),
                    f"{col}: {len(text):,} characters (at most {MAX_FIELD_CHARS:,})",
                )
            elif has_control(text):
                key, msg = (col, "control_character"), f"{col}: control character {first_control(text)}"
            else:
                continue
            rows, msgs = found.setdefault(key, ([], []))
            rows.append(int(p))
            msgs.append(msg)
    for (col, rule), (rows, msgs) in found.items():
        hits.add_messages(np.asarray(rows, dtype=np.int64), col, rule, msgs)


def _id_and_time_checks(ctx: _Ctx) -> None:
    hits, data = ctx.hits, ctx.data
    rid = data["respondent_id"]
    hits.add(rid == "", "respondent_id", "missing_respondent_id", "respondent_id is empty")
    dup = rid.duplicated(keep=False) & (rid != "")
    if dup.any():
        hits.add(
            dup, "respondent_id", "duplicate_respondent_id", "respondent_id ", rid, " appears more than once"
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


def _multi_checks(ctx: _Ctx, qc: str, max_selections: object) -> None:
    hits, data = ctx.hits, ctx.data
    codes = ctx.codes(qc)
    cols = [f"{qc}_{c}" for c in codes]
    block = data[cols]
    for c in cols:
        bad = ~block[c].isin(MULTI_ALLOWED)
        hits.add(bad, c, "multi_select_value", "multi-select cell ", block[c], " is not 0, 1 or empty")
    filled = (block != "").to_numpy()
    n_sel = (block == "1").to_numpy().sum(axis=1)
    asked = filled.any(axis=1)
    ctx.answered[qc] = asked
    partial = asked & ~filled.all(axis=1)
    hits.add(
        partial,
        qc,
        "multi_select_partial",
        f"{qc}: some option cells are empty for a respondent who was asked",
    )
    hits.add(asked & (n_sel == 0), qc, "multi_select_none", f"{qc}: asked but no option selected")
    o = ctx.cb.options
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
    ms = pd.to_numeric(pd.Series([max_selections]), errors="coerce").iloc[0]
    if not (isinstance(ms, float) and math.isnan(ms)):
        hits.add(
            n_sel > ms,
            qc,
            "multi_max_selections",
            f"{qc}: ",
            pd.Series(n_sel),
            f" options selected, at most {int(ms)} allowed",
        )


def _single_checks(ctx: _Ctx, qc: str, qt: str) -> None:
    hits = ctx.hits
    codes = ctx.codes(qc)
    s = ctx.data[qc]
    filled = (s != "").to_numpy()
    ctx.answered[qc] = filled
    bad = filled & ~s.isin(codes).to_numpy()
    if qt != "rating":
        hits.add(
            bad, qc, "unknown_option_code", f"{qc}: ", s, f" is not an option code ({', '.join(codes[:12])})"
        )
        return
    non_num = np.zeros(len(s), dtype=bool)
    if bad.any():
        idx = np.flatnonzero(bad)
        num = pd.to_numeric(pd.Series(s.iloc[idx].to_numpy(dtype=object)), errors="coerce")
        non_num[idx[num.isna().to_numpy()]] = True
    scale = _scale_text(ctx, qc, codes)
    hits.add(non_num, qc, "rating_not_numeric", f"{qc}: rating ", s, f" is not a number on its scale {scale}")
    hits.add(bad & ~non_num, qc, "rating_out_of_range", f"{qc}: rating ", s, f" is outside its scale {scale}")


def _scale_text(ctx: _Ctx, qc: str, codes: list[str]) -> str:
    """The question's declared scale (score values) and, when they differ from it, its answer codes."""
    o = ctx.cb.options
    scores = [parse_score(v) for v in o.loc[o["question_code"] == qc, "score_value"]]
    values = sorted(v for v in scores if v is not None)
    scale = f"{values[0]}..{values[-1]}" if values else "(none declared)"
    if [str(v) for v in values] != sorted(codes, key=lambda c: parse_score(c) or 0):
        scale += f" (codes {', '.join(codes[:12])})"
    return scale


def _required_and_routing(ctx: _Ctx, r: object) -> None:
    q, o, data = ctx.cb.questions, ctx.cb.options, ctx.data
    qc = str(r.question_code)  # type: ignore[attr-defined]
    if parse_bool(r.is_required) is True:  # type: ignore[attr-defined]
        ctx.hits.add(~ctx.answered[qc], qc, "required_missing", f"{qc}: required question not answered")
    condition = r.base_condition  # type: ignore[attr-defined]
    parsed = parse_base_condition(condition) if condition else None
    if not parsed:
        return
    base_qc = dict(zip(q["question_id"], q["question_code"], strict=False))[parsed[0]]
    by_id = dict(
        zip(*(o.loc[o["question_code"] == base_qc, c] for c in ("option_id", "option_code")), strict=False)
    )
    wanted = [by_id.get(x) for x in parsed[1]]
    base_type = dict(zip(q["question_code"], q["question_type"], strict=False))[base_qc]
    if base_type == "multi":
        cond = (data[[f"{base_qc}_{c}" for c in wanted]] == "1").to_numpy().any(axis=1)
    else:
        cond = data[base_qc].isin(wanted).to_numpy()
    ctx.hits.add(
        ~cond & ctx.answered[qc],
        qc,
        "routing_violation",
        f"{qc}: answered although its routing condition {condition} is not met",
    )
