"""SPSS .sav exports (pyreadstat).

Mapping: each variable is a question code; its value labels are the option codes (the stored value)
and labels. Values the file declares **user-missing** (discrete codes or ranges, e.g. 99 = "No
answer") are loaded as empty and never become options; they are recorded per question.
Multi-select questions arrive as dichotomies `<q>_<opt>` (1 = selected, 0 = not selected,
system-missing = not asked): recognised from the file's multiple-response sets when it has them
(dichotomy sets: the counted value = selected; category sets: each variable holds one chosen code),
else from the name pattern plus 0/1-only values and 0/1-only value labels, for two or more variables
sharing the prefix. The dichotomy's variable label is `<question text> - <option label>`.
`respondent_id` and `submitted_at` are taken by name (SPSS datetimes become ISO 8601). Qualtrics'
metadata variables (StartDate, Status, Finished, Progress, ...) are never questions; Status and
Finished drop previews and unfinished responses. String variables without value labels are free
text: left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from csx.errors import CsxError
from csx.importers.common import (
    STATUS_DROPPED,
    ExcludedColumn,
    ImportedOption,
    ImportedQuestion,
    ImportedWave,
    MissingCode,
    code_str,
    is_qualtrics_metadata,
    metadata_key,
    normalise_multi,
    select_rows,
)

ID_NAMES = ("respondent_id", "responseid", "respid", "id")
TIME_NAMES = ("submitted_at", "recordeddate", "enddate", "end_time")


@dataclass
class _Column:
    """One variable's values as option codes (declared missing codes emptied) and its missing codes."""

    values: list[str]
    missing: list[MissingCode]
    missing_keys: set[str]


@dataclass
class _Sav:
    df: Any
    names: list[str]
    labels: dict[str, str]
    vlabels: dict[str, dict[Any, str]]
    types: dict[str, str]
    ranges: dict[str, list[dict[str, Any]]]
    mr_sets: dict[str, dict[str, Any]]

    def value_label(self, var: str, value: Any) -> str:
        labels = self.vlabels.get(var, {})
        return str(labels.get(value, labels.get(code_str(value), "")))


def _open(path: Path) -> _Sav:
    import pyreadstat

    try:
        df, meta = pyreadstat.read_sav(str(path), user_missing=True)
    except Exception as exc:  # pyreadstat raises its own error types for unreadable files
        raise CsxError.single(str(path), "unreadable", f"not a readable SPSS file ({exc})") from None
    names: list[str] = list(meta.column_names)
    return _Sav(
        df=df,
        names=names,
        labels={
            n: lab or "" for n, lab in zip(names, meta.column_labels or [None] * len(names), strict=False)
        },
        vlabels=dict(meta.variable_value_labels or {}),
        types=dict(meta.readstat_variable_types or {}),
        ranges=dict(meta.missing_ranges or {}),
        mr_sets=dict(getattr(meta, "mr_sets", None) or {}),
    )


def _find(names: list[str], wanted: tuple[str, ...]) -> str | None:
    low = {n.lower(): n for n in names}
    return next((low[w] for w in wanted if w in low), None)


def _iso(v: Any) -> str:
    if v is None:
        return ""
    if hasattr(v, "strftime"):
        try:
            return v.strftime("%Y-%m-%dT%H:%M:%S")
        except ValueError:
            return ""
    s = code_str(v)
    return s.replace(" ", "T", 1) if re.match(r"^\d{4}-\d\d-\d\d \d", s) else s


def _split_label(label: str) -> tuple[str, str]:
    for sep in (" - ", ": "):
        if sep in label:
            head, _, tail = label.rpartition(sep)
            return head.strip(), tail.strip()
    return "", label.strip()


def _in_range(value: Any, rng: dict[str, Any]) -> bool:
    lo, hi = rng.get("lo"), rng.get("hi")
    if isinstance(value, str) or isinstance(lo, str):
        return code_str(value) in (code_str(lo), code_str(hi))
    try:
        return bool(lo <= value <= hi)
    except TypeError:
        return False


def _column(sav: _Sav, var: str) -> _Column:
    """The variable's codes with its declared missing values emptied, and those codes recorded."""
    raw = sav.df[var].tolist()
    ranges = sav.ranges.get(var, [])
    if not ranges:
        return _Column([code_str(x) for x in raw], [], set())
    hits = [next((i for i, r in enumerate(ranges) if _in_range(x, r)), None) for x in raw]
    values = [code_str(x) if h is None else "" for x, h in zip(raw, hits, strict=True)]
    missing: list[MissingCode] = []
    for i, r in enumerate(ranges):
        lo, hi = code_str(r.get("lo")), code_str(r.get("hi"))
        code = lo if lo == hi else f"{lo}..{hi}"
        label = sav.value_label(var, r.get("lo")) if lo == hi else ""
        missing.append(MissingCode(code, label, sum(h == i for h in hits)))
    keys = {code_str(k) for k in sav.vlabels.get(var, {}) if any(_in_range(k, r) for r in ranges)}
    return _Column(values, missing, keys | {m.code for m in missing})


def _status_text(sav: _Sav, var: str | None) -> list[str] | None:
    """Status as Qualtrics' preview/test code where it is one, else its value label, else the code."""
    if var is None:
        return None
    codes = [code_str(x) for x in sav.df[var].tolist()]
    labels = [sav.value_label(var, x) for x in sav.df[var].tolist()]
    return [c if c in STATUS_DROPPED else (lab or c) for c, lab in zip(codes, labels, strict=True)]


def read_sav_export(path: Path, wave_id: str, keep_partial: bool = False) -> ImportedWave:
    sav = _open(path)
    id_col, time_col = _find(sav.names, ID_NAMES), _find(sav.names, TIME_NAMES)
    n = len(sav.df)
    all_ids = (
        [code_str(v) for v in sav.df[id_col].tolist()]
        if id_col
        else [f"R{wave_id}-{i:06d}" for i in range(1, n + 1)]
    )
    by_key = {metadata_key(v): v for v in sav.names}
    sel = select_rows(
        n,
        _status_text(sav, by_key.get("status")),
        [code_str(x) for x in sav.df[by_key["finished"]].tolist()] if "finished" in by_key else None,
        keep_partial,
    )
    sav.df = sav.df.iloc[sel.keep].reset_index(drop=True)
    ids = [all_ids[i] for i in sel.keep]
    times = [_iso(v) for v in sav.df[time_col].tolist()] if time_col else [""] * len(ids)
    excluded, question_vars = _classify(sav, {id_col, time_col})
    columns = {v: _column(sav, v) for v in question_vars}
    questions = _questions(sav, question_vars, columns)
    return ImportedWave(
        source=path,
        respondent_ids=ids,
        submitted_at=times,
        questions=questions,
        excluded=excluded,
        dropped={reason: [all_ids[i] for i in rows] for reason, rows in sel.dropped.items()},
        kept_partial=sel.kept_partial,
    )


def _classify(sav: _Sav, taken: set[str | None]) -> tuple[list[ExcludedColumn], list[str]]:
    """Variables that are questions, and those left out (metadata, free text) with the reason."""
    excluded: list[ExcludedColumn] = []
    questions: list[str] = []
    for v in sav.names:
        if v in taken:
            continue
        if is_qualtrics_metadata(v):
            excluded.append(ExcludedColumn(v, "metadata", "Qualtrics response metadata"))
        elif sav.types.get(v) == "string" and not sav.vlabels.get(v):
            excluded.append(ExcludedColumn(v, "free text", "string variable without value labels"))
        else:
            questions.append(v)
    return excluded, questions


def _declared_sets(sav: _Sav, question_vars: list[str]) -> dict[str, tuple[str, dict[str, Any]]]:
    """variable -> (set name, set) for the file's multiple-response sets (names matched ignoring case)."""
    lower = {v.lower(): v for v in question_vars}
    out: dict[str, tuple[str, dict[str, Any]]] = {}
    for name, mr in sav.mr_sets.items():
        variables = [lower[v.lower()] for v in mr.get("variable_list") or [] if v.lower() in lower]
        for v in variables:
            out[v] = (name.lstrip("$"), {**mr, "variable_list": variables})
    return out


def _dichotomy_groups(
    sav: _Sav, question_vars: list[str], columns: dict[str, _Column], skip: set[str]
) -> dict[str, str]:
    """variable -> question code for undeclared dichotomies `<q>_<opt>` (two or more, 0/1 only)."""

    def is_dichotomy(v: str) -> bool:
        keys = {code_str(k) for k in sav.vlabels.get(v, {})} - columns[v].missing_keys
        return set(columns[v].values) - {""} <= {"0", "1"} and keys <= {"0", "1"}

    groups: dict[str, list[str]] = {}
    for v in question_vars:
        m = re.match(r"^(.+)_([^_]+)$", v)
        if v not in skip and m and m.group(1) not in sav.names and is_dichotomy(v):
            groups.setdefault(m.group(1), []).append(v)
    return {v: q for q, vs in groups.items() if len(vs) >= 2 for v in vs}


def _questions(sav: _Sav, question_vars: list[str], columns: dict[str, _Column]) -> list[ImportedQuestion]:
    declared = _declared_sets(sav, question_vars)
    pattern = _dichotomy_groups(sav, question_vars, columns, set(declared))
    questions: list[ImportedQuestion] = []
    by_code: dict[str, ImportedQuestion] = {}
    for v in question_vars:
        if v in declared:
            qcode, mr = declared[v]
            if qcode not in by_code:
                by_code[qcode] = _declared_question(sav, qcode, mr, columns)
                questions.append(by_code[qcode])
        elif v in pattern:
            q = by_code.get(pattern[v])
            if q is None:
                q = by_code[pattern[v]] = ImportedQuestion(
                    pattern[v], _split_label(sav.labels[v])[0], "multi"
                )
                questions.append(q)
            q.options.append(
                ImportedOption(v[len(q.code) + 1 :], _split_label(sav.labels[v])[1], columns[v].values)
            )
            q.missing += columns[v].missing
        else:
            by_code[v] = _single_question(sav, v, columns[v])
            questions.append(by_code[v])
    for q in questions:
        if q.kind == "multi":
            normalise_multi(q)
            q.missing = _merge_missing(q.missing)
    return questions


def _single_question(sav: _Sav, v: str, col: _Column) -> ImportedQuestion:
    labelled = sorted(sav.vlabels.get(v, {}).items(), key=_key)
    opts = [
        ImportedOption(code_str(k), str(lab)) for k, lab in labelled if code_str(k) not in col.missing_keys
    ]
    return ImportedQuestion(v, sav.labels.get(v, ""), "single", col.values, opts, list(col.missing))


def _option_label(var_label: str, set_label: str) -> str:
    if set_label and var_label.startswith(set_label):
        rest = var_label[len(set_label) :].lstrip(" -:：")
        if rest:
            return rest.strip()
    return _split_label(var_label)[1]


def _declared_question(
    sav: _Sav, qcode: str, mr: dict[str, Any], columns: dict[str, _Column]
) -> ImportedQuestion:
    variables: list[str] = mr["variable_list"]
    first_label = sav.labels.get(variables[0], "")
    label = mr.get("label") or _split_label(first_label)[0]
    q = ImportedQuestion(qcode, label, "multi")
    q.missing = [m for v in variables for m in columns[v].missing]
    if mr.get("type") == "C":
        return _category_set(sav, q, variables, columns)
    counted = code_str(mr.get("counted_value") if mr.get("counted_value") is not None else 1)
    for v in variables:
        ocode = v[len(qcode) + 1 :] if v.startswith(qcode + "_") else v
        vals = ["" if x == "" else ("1" if x == counted else "0") for x in columns[v].values]
        q.options.append(ImportedOption(ocode, _option_label(sav.labels.get(v, ""), label), vals))
    return q


def _category_set(
    sav: _Sav, q: ImportedQuestion, variables: list[str], columns: dict[str, _Column]
) -> ImportedQuestion:
    """A multiple category set: each variable holds one chosen code; options = the codes."""
    labels: dict[str, str] = {}
    for v in variables:
        for k, lab in sorted(sav.vlabels.get(v, {}).items(), key=_key):
            if code_str(k) not in columns[v].missing_keys:
                labels.setdefault(code_str(k), str(lab))
    n = len(columns[variables[0]].values)
    chosen = [{columns[v].values[i] for v in variables} - {""} for i in range(n)]
    for code in sorted({c for s in chosen for c in s} - set(labels), key=_num_key):
        labels[code] = ""
    for code, lab in labels.items():
        vals = [("1" if code in s else "0") if s else "" for s in chosen]
        q.options.append(ImportedOption(code, lab, vals))
    return q


def _merge_missing(missing: list[MissingCode]) -> list[MissingCode]:
    merged: dict[tuple[str, str], int] = {}
    for m in missing:
        merged[(m.code, m.label)] = merged.get((m.code, m.label), 0) + m.cells
    return [MissingCode(c, lab, n) for (c, lab), n in merged.items()]


def _num_key(s: str) -> tuple[int, float, str]:
    try:
        return (0, float(s), s)
    except ValueError:
        return (1, 0.0, s)


def _key(item: tuple[Any, str]) -> tuple[int, float, str]:
    return _num_key(code_str(item[0]))
