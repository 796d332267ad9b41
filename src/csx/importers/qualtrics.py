"""Qualtrics CSV exports (legacy three-header layout).

Row 1: column names (export tags, e.g. `Q15_3`), row 2: question text (`<question> - <choice>` for
split multi-select columns), row 3: `{"ImportId":"QID15","choiceId":"3"}`-style JSON. Columns whose
ImportId does not start with `QID` are metadata or embedded data, never questions (`ResponseId` ->
respondent_id, `RecordedDate` -> submitted_at; embedded data named `respondent_id` / `submitted_at`
win). Responses whose `Status` is a survey preview or test are never loaded; unfinished ones
(`Finished` = 0 / False) only with `keep_partial`. Text-entry columns (ImportId or name ending in
`_TEXT`) are free text: left out. `-99` (Qualtrics' "seen but unanswered" recode) is loaded as empty.
Multi-select questions come split into one column per option (1 = selected; 0 or empty = not
selected): the columns of one ImportId with a `choiceId`, or, in older exports, `QIDn_k` columns of 0/1
values with `<question> - <choice>` text. A respondent with no selection in any column of the question
was not asked. Single-choice values (numeric recodes or choice text) are kept verbatim as option codes.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

from csx.errors import CsxError
from csx.importers.common import (
    ExcludedColumn,
    ImportedOption,
    ImportedQuestion,
    ImportedWave,
    MissingCode,
    normalise_multi,
    select_rows,
)

ID_NAMES = ("respondent_id", "ResponseId", "ResponseID", "_recordId")
TIME_NAMES = ("submitted_at", "RecordedDate", "EndDate")
STATUS_NAMES = ("Status", "status")
FINISHED_NAMES = ("Finished", "finished")
SEEN_UNANSWERED = "-99"


def _import_id(cell: str) -> dict[str, str]:
    try:
        obj = json.loads(cell)
    except (json.JSONDecodeError, TypeError):
        return {}
    return {k: str(v) for k, v in obj.items()} if isinstance(obj, dict) else {}


def _iso(s: str) -> str:
    s = s.strip()
    return s.replace(" ", "T", 1) if re.match(r"^\d{4}-\d\d-\d\d \d", s) else s


@dataclass
class _Export:
    names: list[str]
    texts: list[str]
    imports: list[dict[str, str]]
    data: list[list[str]]

    def column(self, j: int) -> list[str]:
        return [r[j].strip() for r in self.data]

    def find(self, cands: tuple[str, ...]) -> int | None:
        for c in cands:
            if c in self.names:
                return self.names.index(c)
        return next((j for j, imp in enumerate(self.imports) if imp.get("ImportId") in cands), None)

    def is_text_entry(self, j: int) -> bool:
        return self.imports[j].get("ImportId", "").upper().endswith("_TEXT") or self.names[
            j
        ].upper().endswith("_TEXT")


def _read(path: Path) -> _Export:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
    except UnicodeDecodeError as exc:
        raise CsxError.single(str(path), "encoding", f"not UTF-8 ({exc.reason})") from None
    if len(rows) < 3:
        raise CsxError.single(
            str(path), "qualtrics_header", "expected three header rows (code, text, ImportId)"
        )
    names, texts = rows[0], rows[1] + [""] * (len(rows[0]) - len(rows[1]))
    imports = [_import_id(c) for c in rows[2]] + [{}] * (len(names) - len(rows[2]))
    if not any(i.get("ImportId") for i in imports):
        raise CsxError.single(str(path), "qualtrics_header", "row 3 holds no ImportId JSON", row=3)
    data = [r + [""] * (len(names) - len(r)) for r in rows[3:] if any(c.strip() for c in r)]
    return _Export(names, texts, imports, data)


def read_qualtrics_export(path: Path, wave_id: str, keep_partial: bool = False) -> ImportedWave:
    ex = _read(path)
    id_j, time_j = ex.find(ID_NAMES), ex.find(TIME_NAMES)
    n = len(ex.data)
    all_ids = ex.column(id_j) if id_j is not None else [f"R{wave_id}-{i:06d}" for i in range(1, n + 1)]
    status_j, finished_j = ex.find(STATUS_NAMES), ex.find(FINISHED_NAMES)
    sel = select_rows(
        n,
        ex.column(status_j) if status_j is not None else None,
        ex.column(finished_j) if finished_j is not None else None,
        keep_partial,
    )
    ex.data = [ex.data[i] for i in sel.keep]
    excluded, q_cols = _classify(ex, {id_j, time_j})
    questions = _questions(ex, q_cols)
    for q in questions:
        _empty_seen_unanswered(q)
        if q.kind == "multi":
            normalise_multi(q)
    return ImportedWave(
        source=path,
        respondent_ids=[all_ids[i] for i in sel.keep],
        submitted_at=[_iso(v) for v in ex.column(time_j)] if time_j is not None else [""] * len(sel.keep),
        questions=questions,
        excluded=excluded,
        dropped={reason: [all_ids[i] for i in rows] for reason, rows in sel.dropped.items()},
        kept_partial=sel.kept_partial,
    )


def _classify(ex: _Export, taken: set[int | None]) -> tuple[list[ExcludedColumn], list[int]]:
    excluded: list[ExcludedColumn] = []
    q_cols: list[int] = []
    for j, imp in enumerate(ex.imports):
        if j in taken:
            continue
        if not imp.get("ImportId", "").startswith("QID"):
            excluded.append(ExcludedColumn(ex.names[j], "metadata", "response metadata or embedded data"))
        elif ex.is_text_entry(j):
            excluded.append(ExcludedColumn(ex.names[j], "free text", "text-entry column"))
        else:
            q_cols.append(j)
    return excluded, q_cols


def _multi_columns(ex: _Export, q_cols: list[int]) -> dict[int, tuple[str, str]]:
    """column -> (question code, option code) for split multi-select columns."""
    group_of: dict[int, tuple[str, str]] = {}
    by_qid: dict[str, list[int]] = {}
    for j in q_cols:
        if "choiceId" in ex.imports[j]:
            by_qid.setdefault(ex.imports[j]["ImportId"], []).append(j)
    for js in by_qid.values():
        stem = _common_stem([ex.names[j] for j in js], [ex.imports[j]["choiceId"] for j in js])
        for j in js:
            name = ex.names[j]
            group_of[j] = (
                stem,
                name[len(stem) + 1 :] if name.startswith(stem + "_") else ex.imports[j]["choiceId"],
            )
    legacy: dict[str, list[int]] = {}
    for j in q_cols:
        m = re.match(r"^(QID\d+)_(\w+)$", ex.imports[j]["ImportId"])
        if (
            j not in group_of
            and m
            and " - " in ex.texts[j]
            and set(ex.column(j)) <= {"", "0", "1", SEEN_UNANSWERED}
        ):
            legacy.setdefault(m.group(1), []).append(j)
    for js in (js for js in legacy.values() if len(js) >= 2):
        stem = _common_stem([ex.names[j] for j in js], None)
        for j in js:
            group_of[j] = (stem, ex.names[j][len(stem) + 1 :])
    return group_of


def _questions(ex: _Export, q_cols: list[int]) -> list[ImportedQuestion]:
    group_of = _multi_columns(ex, q_cols)
    questions: list[ImportedQuestion] = []
    by_code: dict[str, ImportedQuestion] = {}
    for j in q_cols:
        if j in group_of:
            qcode, ocode = group_of[j]
            head, _, opt_label = ex.texts[j].rpartition(" - ")
            q = by_code.get(qcode)
            if q is None:
                q = by_code[qcode] = ImportedQuestion(qcode, head.strip(), "multi")
                questions.append(q)
            q.options.append(ImportedOption(ocode, opt_label.strip(), ex.column(j)))
        else:
            q = by_code[ex.names[j]] = ImportedQuestion(
                ex.names[j], ex.texts[j].strip(), "single", ex.column(j)
            )
            questions.append(q)
    return questions


def _empty_seen_unanswered(q: ImportedQuestion) -> None:
    """Qualtrics' optional "seen but unanswered" recode (-99) is missing, never an option."""
    cells = 0
    for values in [o.values for o in q.options] if q.kind == "multi" else [q.values]:
        for i, v in enumerate(values):
            if v == SEEN_UNANSWERED:
                values[i] = ""
                cells += 1
    if cells:
        q.missing.append(MissingCode(SEEN_UNANSWERED, "seen but unanswered", cells))


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
