"""SPSS .sav exports (pyreadstat).

Mapping: each variable is a question code; its value labels are the option codes (the stored value)
and labels. Multi-select questions arrive as dichotomies `<q>_<opt>` (1 = selected, 0 = not
selected, system-missing = not asked): recognised from the file's multiple-response sets when it has
them, else from the name pattern plus 0/1-only values and 0/1-only value labels, for two or more
variables sharing the prefix. The dichotomy's variable label is `<question text> - <option label>`.
`respondent_id` and `submitted_at` are taken by name (SPSS datetimes become ISO 8601).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from csx.errors import CsxError
from csx.importers.common import ImportedOption, ImportedQuestion, ImportedWave, code_str, normalise_multi

ID_NAMES = ("respondent_id", "responseid", "respid", "id")
TIME_NAMES = ("submitted_at", "recordeddate", "enddate", "end_time")


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


def read_sav_export(path: Path, wave_id: str) -> ImportedWave:
    import pyreadstat

    try:
        df, meta = pyreadstat.read_sav(str(path), user_missing=False)
    except Exception as exc:  # pyreadstat raises its own error types for unreadable files
        raise CsxError.single(str(path), "unreadable", f"not a readable SPSS file ({exc})") from None
    names: list[str] = list(meta.column_names)
    labels: dict[str, str] = dict(zip(names, meta.column_labels or [None] * len(names), strict=False))
    vlabels: dict[str, dict[Any, str]] = dict(meta.variable_value_labels or {})
    n = len(df)

    id_col = _find(names, ID_NAMES)
    time_col = _find(names, TIME_NAMES)
    ids = (
        [code_str(v) for v in df[id_col].tolist()]
        if id_col
        else [f"R{wave_id}-{i:06d}" for i in range(1, n + 1)]
    )
    times = [_iso(v) for v in df[time_col].tolist()] if time_col else [""] * n

    # multi-select groups: declared multiple-response sets first, then the dichotomy name pattern
    multi_of: dict[str, tuple[str, str]] = {}  # variable -> (question code, option code)
    for set_name, mr in (getattr(meta, "mr_sets", None) or {}).items():
        variables = list(mr.get("variable_list") or [])
        if not variables:
            continue
        q = set_name.lstrip("$")
        for v in variables:
            opt = v[len(q) + 1 :] if v.startswith(q + "_") else v
            multi_of[v] = (q, opt)

    def is_dichotomy(v: str) -> bool:
        vals = {code_str(x) for x in df[v].tolist()} - {""}
        keys = {code_str(k) for k in vlabels.get(v, {})}
        return vals <= {"0", "1"} and keys <= {"0", "1"}

    groups: dict[str, list[str]] = {}
    for v in names:
        if v in (id_col, time_col) or v in multi_of:
            continue
        m = re.match(r"^(.+)_([^_]+)$", v)
        if m and m.group(1) not in names and is_dichotomy(v):
            groups.setdefault(m.group(1), []).append(v)
    for q, vs in groups.items():
        if len(vs) >= 2:
            for v in vs:
                multi_of[v] = (q, v[len(q) + 1 :])

    questions: list[ImportedQuestion] = []
    by_code: dict[str, ImportedQuestion] = {}
    for v in names:
        if v in (id_col, time_col):
            continue
        raw = df[v].tolist()
        if v in multi_of:
            qcode, ocode = multi_of[v]
            head, opt_label = _split_label(labels.get(v) or "")
            q = by_code.get(qcode)
            if q is None:
                q = ImportedQuestion(qcode, head, "multi")
                by_code[qcode] = q
                questions.append(q)
            q.options.append(ImportedOption(ocode, opt_label, [code_str(x) for x in raw]))
            continue
        opts = [
            ImportedOption(code_str(k), str(lab)) for k, lab in sorted(vlabels.get(v, {}).items(), key=_key)
        ]
        q = ImportedQuestion(v, labels.get(v) or "", "single", [code_str(x) for x in raw], opts)
        by_code[v] = q
        questions.append(q)
    for q in questions:
        if q.kind == "multi":
            normalise_multi(q)
    return ImportedWave(path, ids, times, questions)


def _key(item: tuple[Any, str]) -> tuple[int, float, str]:
    k = item[0]
    try:
        return (0, float(k), "")
    except (TypeError, ValueError):
        return (1, 0.0, str(k))
