"""Qualtrics CSV exports (legacy three-header layout).

Row 1: column names (export tags, e.g. `Q15_3`), row 2: question text (`<question> - <choice>` for
split multi-select columns), row 3: `{"ImportId":"QID15","choiceId":"3"}`-style JSON. Columns whose
ImportId does not start with `QID` are metadata (`ResponseId` -> respondent_id, `RecordedDate`
-> submitted_at; embedded data named `respondent_id` / `submitted_at` win). Multi-select questions
come split into one column per option (1 = selected; 0 or empty = not selected): the columns of one
ImportId with a `choiceId`, or, in older exports, `QIDn_k` columns of 0/1 values with `<question> -
<choice>` text. A respondent with no selection in any column of the question was not asked.
Single-choice values (numeric recodes or choice text) are kept verbatim as option codes.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

from csx.errors import CsxError
from csx.importers.common import ImportedOption, ImportedQuestion, ImportedWave, normalise_multi

ID_NAMES = ("respondent_id", "ResponseId", "ResponseID", "_recordId")
TIME_NAMES = ("submitted_at", "RecordedDate", "EndDate")


def _import_id(cell: str) -> dict[str, str]:
    try:
        obj = json.loads(cell)
    except (json.JSONDecodeError, TypeError):
        return {}
    return {k: str(v) for k, v in obj.items()} if isinstance(obj, dict) else {}


def _iso(s: str) -> str:
    s = s.strip()
    return s.replace(" ", "T", 1) if re.match(r"^\d{4}-\d\d-\d\d \d", s) else s


def read_qualtrics_export(path: Path, wave_id: str) -> ImportedWave:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
    except UnicodeDecodeError as exc:
        raise CsxError.single(str(path), "encoding", f"not UTF-8 ({exc.reason})") from None
    if len(rows) < 3:
        raise CsxError.single(
            str(path), "qualtrics_header", "expected three header rows (code, text, ImportId)"
        )
    names, texts, ids_row = rows[0], rows[1], rows[2]
    imports = [_import_id(c) for c in ids_row]
    if not any(i.get("ImportId") for i in imports):
        raise CsxError.single(str(path), "qualtrics_header", "row 3 holds no ImportId JSON", row=3)
    data = [r + [""] * (len(names) - len(r)) for r in rows[3:] if any(c.strip() for c in r)]
    n = len(data)
    col = {name: j for j, name in enumerate(names)}

    def column(j: int) -> list[str]:
        return [r[j].strip() for r in data]

    def find(cands: tuple[str, ...]) -> int | None:
        for c in cands:
            if c in col:
                return col[c]
        for j, imp in enumerate(imports):
            if imp.get("ImportId") in cands:
                return j
        return None

    id_j, time_j = find(ID_NAMES), find(TIME_NAMES)
    resp_ids = column(id_j) if id_j is not None else [f"R{wave_id}-{i:06d}" for i in range(1, n + 1)]
    times = [_iso(v) for v in column(time_j)] if time_j is not None else [""] * n

    q_cols = [
        j
        for j, imp in enumerate(imports)
        if imp.get("ImportId", "").startswith("QID") and j not in (id_j, time_j)
    ]
    # group split multi-select columns
    group_of: dict[int, tuple[str, str]] = {}
    by_qid: dict[str, list[int]] = {}
    for j in q_cols:
        imp = imports[j]
        if "choiceId" in imp:
            by_qid.setdefault(imp["ImportId"], []).append(j)
    for js in by_qid.values():
        stem = _common_stem([names[j] for j in js], [imports[j]["choiceId"] for j in js])
        for j in js:
            group_of[j] = (
                stem,
                names[j][len(stem) + 1 :] if names[j].startswith(stem + "_") else imports[j]["choiceId"],
            )
    legacy: dict[str, list[int]] = {}
    for j in q_cols:
        if j in group_of:
            continue
        m = re.match(r"^(QID\d+)_(\w+)$", imports[j]["ImportId"])
        if m and " - " in texts[j] and set(column(j)) <= {"", "0", "1"}:
            legacy.setdefault(m.group(1), []).append(j)
    for js in legacy.values():
        if len(js) < 2:
            continue
        stem = _common_stem([names[j] for j in js], None)
        for j in js:
            group_of[j] = (stem, names[j][len(stem) + 1 :])

    questions: list[ImportedQuestion] = []
    by_code: dict[str, ImportedQuestion] = {}
    for j in q_cols:
        if j in group_of:
            qcode, ocode = group_of[j]
            head, _, opt_label = texts[j].rpartition(" - ")
            q = by_code.get(qcode)
            if q is None:
                q = ImportedQuestion(qcode, head.strip(), "multi")
                by_code[qcode] = q
                questions.append(q)
            q.options.append(ImportedOption(ocode, opt_label.strip(), column(j)))
        else:
            q = ImportedQuestion(names[j], texts[j].strip(), "single", column(j))
            by_code[names[j]] = q
            questions.append(q)
    for q in questions:
        if q.kind == "multi":
            normalise_multi(q)
    return ImportedWave(path, resp_ids, times, questions)


def _common_stem(names: list[str], suffixes: list[str] | None) -> str:
    """The question code shared by option columns `<code>_<suffix>`."""
    if suffixes:
        stems = {nm[: -len(s) - 1] for nm, s in zip(names, suffixes, strict=True) if nm.endswith("_" + s)}
        if len(stems) == 1:
            return stems.pop()
    stems = {nm.rsplit("_", 1)[0] for nm in names}
    if len(stems) == 1:
        return stems.pop()
    prefix = names[0]
    for nm in names[1:]:
        while not nm.startswith(prefix):
            prefix = prefix[:-1]
    return prefix.rstrip("_") or names[0]
