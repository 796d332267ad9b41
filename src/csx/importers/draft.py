"""The draft codebook of an imported wave, proposed by matching it against the repository's codebook.

A question whose code (or English or Japanese text) matches a question of an earlier wave keeps every
column of that question's latest row — question_id, group, item, type, labels, report_chart,
is_required, base_condition, max_selections — and takes only its own code and order from the export.
Its options are matched by code, then by label, and keep their rows the same way. Everything else is
new: ids come from the codes (`opt_<code>`, never from label text), unique within the question;
Japanese text goes to label_ja and leaves label_en empty for review. Every row says `REVIEW:` in notes.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from csx.importers.common import (
    REVIEW,
    ImportedOption,
    ImportedQuestion,
    ImportedWave,
    identifier,
    is_japanese,
    unique_id,
)
from csx.seed_layout import OPTION_COLUMNS, QUESTION_COLUMNS

Row = dict[str, str]


def _read_rows(path: Path) -> list[Row]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [{k: (v or "") for k, v in r.items()} for r in csv.DictReader(fh)]


def _text_key(text: str) -> str:
    return " ".join(text.split()).lower()


@dataclass
class Existing:
    """The repository's codebook, indexed for matching (latest wave wins for a code or a text)."""

    questions: list[Row] = field(default_factory=list)
    options: list[Row] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.questions = sorted(self.questions, key=lambda r: r.get("wave_id", ""))
        self.by_code: dict[str, Row] = {}
        self.by_text: dict[str, Row] = {}
        for r in self.questions:
            self.by_code[r["question_code"]] = r
            for col in ("label_en", "label_ja"):
                if r.get(col, "").strip():
                    self.by_text[_text_key(r[col])] = r
        self.question_ids = {r["question_id"] for r in self.questions}
        qid_of = {(r.get("wave_id", ""), r["question_code"]): r["question_id"] for r in self.questions}
        self.options_by_q: dict[tuple[str, str], list[Row]] = {}
        self.option_ids_by_qid: dict[str, set[str]] = {}
        for o in self.options:
            key = (o.get("wave_id", ""), o["question_code"])
            self.options_by_q.setdefault(key, []).append(o)
            qid = qid_of.get(key)
            if qid:
                self.option_ids_by_qid.setdefault(qid, set()).add(o["option_id"])

    @classmethod
    def load(cls, codebook_dir: Path | None) -> Existing:
        if codebook_dir is None:
            from csx import paths

            codebook_dir = paths.CODEBOOK_DIR
        q, o = codebook_dir / "codebook_questions.csv", codebook_dir / "codebook_options.csv"
        if not (q.exists() and o.exists()):
            return cls()
        return cls(_read_rows(q), _read_rows(o))

    def match(self, q: ImportedQuestion) -> tuple[Row, str] | None:
        if q.code in self.by_code:
            return self.by_code[q.code], "code"
        hit = self.by_text.get(_text_key(q.label)) if q.label.strip() else None
        return (hit, "question text") if hit else None

    def options_of(self, row: Row) -> list[Row]:
        return self.options_by_q.get((row.get("wave_id", ""), row["question_code"]), [])


@dataclass
class Draft:
    questions: list[Row] = field(default_factory=list)
    options: list[Row] = field(default_factory=list)
    matched: int = 0


def draft_codebook(wave: ImportedWave, wave_id: str, existing: Existing) -> Draft:
    draft = Draft()
    qids_taken: set[str] = set()
    for order, q in enumerate(wave.questions, start=1):
        match, why_not = _usable_match(q, existing, qids_taken)
        if match is not None:
            row, how = match
            qrow = _matched_question(q, row, how, wave_id, order)
            qids_taken.add(qrow["question_id"])
            draft.matched += 1
        else:
            qrow = _new_question(q, wave_id, order, qids_taken | existing.question_ids, why_not)
            qids_taken.add(qrow["question_id"])
        qrow["notes"] += _missing_note(q)
        draft.questions.append(qrow)
        draft.options.extend(_option_rows(q, qrow, match[0] if match else None, existing, wave_id))
    return draft


def _usable_match(
    q: ImportedQuestion, existing: Existing, qids_taken: set[str]
) -> tuple[tuple[Row, str] | None, str]:
    """The existing question to copy, or None and why a match was not used."""
    match = existing.match(q)
    if match is None:
        return None, ""
    row, how = match
    where = f"{how} matches {row['question_code']} of wave {row.get('wave_id', '')}"
    if (row.get("question_type") == "multi") != (q.kind == "multi"):
        kind = "multi-select" if q.kind == "multi" else "single-column"
        return None, f"; {where}, but the export has it as {kind}: not matched"
    if row["question_id"] in qids_taken:
        return None, f"; {where}, whose question_id {row['question_id']} an earlier question took"
    return match, ""


def _matched_question(q: ImportedQuestion, row: Row, how: str, wave_id: str, order: int) -> Row:
    out = {c: row.get(c, "") for c in QUESTION_COLUMNS}
    out.update(
        wave_id=wave_id,
        question_code=q.code,
        question_order=str(order),
        notes=f"{REVIEW} matched by {how} to {row['question_code']} of wave {row.get('wave_id', '')}: "
        "question_id, labels, type, routing and required flag copied from it",
    )
    return out


def _new_question(q: ImportedQuestion, wave_id: str, order: int, taken: set[str], why_not: str) -> Row:
    qtype = "multi" if q.kind == "multi" else ("rating" if _is_rating(q) else "single")
    label_ja, label_en = _labels(q.label)
    note = f"{REVIEW} new question; question_id from its code, type from the export{why_not}"
    if label_ja and not label_en:
        note += "; label_en empty: the export's text is Japanese (label_ja), translate it"
    return {
        "wave_id": wave_id,
        "question_code": q.code,
        "question_id": unique_id(identifier(q.code) or "q", taken),
        "question_group": "",
        "item_id": "",
        "question_type": qtype,
        "question_order": str(order),
        "label_ja": label_ja,
        "label_en": label_en,
        "report_chart": "",
        "is_required": "true" if _always_answered(q) else "false",
        "base_condition": "",
        "max_selections": "",
        "notes": note,
    }


def _labels(text: str) -> tuple[str, str]:
    """(label_ja, label_en) for a text of the export: Japanese text is label_ja, anything else label_en."""
    text = text.strip()
    return (text, "") if is_japanese(text) else ("", text)


def _always_answered(q: ImportedQuestion) -> bool:
    if q.kind == "multi":
        n = len(q.options[0].values) if q.options else 0
        return all(any(o.values[i] != "" for o in q.options) for i in range(n))
    return all(v != "" for v in q.values)


def _is_rating(q: ImportedQuestion) -> bool:
    codes = {o.code for o in q.options} | {v for v in q.values if v}
    return codes <= {"1", "2", "3", "4", "5"} and len(codes) >= 4


def _missing_note(q: ImportedQuestion) -> str:
    if not q.missing:
        return ""
    codes = "; ".join(
        f"{m.code}" + (f" '{m.label}'" if m.label else "") + f" in {m.cells} cell(s)" for m in q.missing
    )
    return f"; codes declared missing in the export, loaded as empty and never options: {codes}"


def _num_first(s: str) -> tuple[int, float, str]:
    try:
        return (0, float(s), s)
    except ValueError:
        return (1, 0.0, s)


def _imported_options(q: ImportedQuestion) -> list[ImportedOption]:
    """The export's options: multi-select columns, or labelled codes plus codes seen in the data."""
    if q.kind == "multi":
        return list(q.options)
    seen = {o.code for o in q.options}
    extra = sorted({v for v in q.values if v and v not in seen}, key=_num_first)
    return [*q.options, *(ImportedOption(c, "") for c in extra)]


def _match_option(o: ImportedOption, old: list[Row]) -> tuple[Row, str] | None:
    for r in old:
        if r["option_code"] == o.code:
            return r, "code"
    key = _text_key(o.label)
    if key:
        for r in old:
            if key in (_text_key(r.get("label_en", "")), _text_key(r.get("label_ja", ""))):
                return r, "label"
    return None


def _option_rows(
    q: ImportedQuestion, qrow: Row, match: Row | None, existing: Existing, wave_id: str
) -> list[Row]:
    old = existing.options_of(match) if match else []
    imported = _imported_options(q)
    pairs: list[tuple[ImportedOption, tuple[Row, str] | None]] = []
    used: set[str] = set()
    for o in imported:
        om = _match_option(o, old)
        if om is not None and om[0]["option_id"] in used:
            om = None  # two codes of this wave matched one earlier option: the second is new
        if om is not None:
            used.add(om[0]["option_id"])
        pairs.append((o, om))
    taken = used | existing.option_ids_by_qid.get(qrow["question_id"], set())
    rows = [
        _matched_option(o, om, qrow, wave_id) if om else _new_option(o, qrow, wave_id, taken)
        for o, om in pairs
    ]
    if match is not None and q.kind != "multi" and not q.options:
        rows += _unobserved_options(old, {o.code for o in imported}, used, qrow, wave_id)
    for order, r in enumerate(rows, start=1):
        r["option_order"] = str(order)
    return rows


def _matched_option(o: ImportedOption, om: tuple[Row, str], qrow: Row, wave_id: str) -> Row:
    row, how = om
    out = {c: row.get(c, "") for c in OPTION_COLUMNS}
    out.update(
        wave_id=wave_id,
        question_code=qrow["question_code"],
        option_code=o.code,
        trend_option_id=row.get("trend_option_id") or row["option_id"],
        notes=f"{REVIEW} matched by {how} to option {row['option_code']} of wave {row.get('wave_id', '')}",
    )
    return out


def _new_option(o: ImportedOption, qrow: Row, wave_id: str, taken: set[str]) -> Row:
    oid = unique_id(f"opt_{identifier(o.code)}".rstrip("_"), taken)
    label_ja, label_en = _labels(o.label)
    if not o.label.strip():
        label_en = o.code
    note = f"{REVIEW} new option; option_id from its code"
    if label_ja and not label_en:
        note += "; label_en empty: the export's label is Japanese (label_ja), translate it"
    return {
        "wave_id": wave_id,
        "question_code": qrow["question_code"],
        "option_code": o.code,
        "option_id": oid,
        "trend_option_id": oid,
        "value_domain": "",
        "option_order": "",
        "label_ja": label_ja,
        "label_en": label_en,
        "score_value": o.code if qrow["question_type"] == "rating" else "",
        "is_exclusive": "false",
        "notes": note,
    }


def _unobserved_options(
    old: list[Row], codes: set[str], used: set[str], qrow: Row, wave_id: str
) -> list[Row]:
    """An export without value labels (Qualtrics CSV) lists only the codes someone chose: a matched
    question keeps the earlier wave's other options (routing conditions may name them)."""
    out = []
    for r in old:
        if r["option_code"] in codes or r["option_id"] in used:
            continue
        row = _matched_option(ImportedOption(r["option_code"]), (r, "code"), qrow, wave_id)
        row["notes"] += "; not chosen by anyone in this export (it has no value labels): check the code"
        out.append(row)
    return out
