"""Neutral in-memory form of an imported export, and writing it as landing file + draft codebook."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from csx.errors import CsxError
from csx.seed_layout import OPTION_COLUMNS, QUESTION_COLUMNS

REVIEW = "REVIEW:"


@dataclass
class ImportedOption:
    code: str
    label: str = ""
    values: list[str] = field(default_factory=list)  # multi-select only: "1" / "0" / "" per respondent


@dataclass
class ImportedQuestion:
    code: str
    label: str
    kind: str  # "single" (one column of option codes) or "multi" (one 0/1 column per option)
    values: list[str] = field(default_factory=list)  # single: option code per respondent, "" = empty
    options: list[ImportedOption] = field(default_factory=list)  # multi: in column order; single: labels

    def columns(self) -> list[str]:
        return [f"{self.code}_{o.code}" for o in self.options] if self.kind == "multi" else [self.code]


@dataclass
class ImportedWave:
    source: Path
    respondent_ids: list[str]
    submitted_at: list[str]
    questions: list[ImportedQuestion]


@dataclass
class ImportResult:
    out_dir: Path
    wave_file: Path
    respondents: int
    questions: int
    review_notes: int


def code_str(v: object) -> str:
    """A cell as an option code: '' for missing, integral floats without '.0'."""
    if v is None:
        return ""
    if isinstance(v, float):
        if v != v:
            return ""
        if v.is_integer():
            return str(int(v))
        return repr(v)
    s = str(v).strip()
    return "" if s.lower() == "nan" else s


def slug(s: str) -> str:
    s = re.sub(r"[^0-9A-Za-z]+", "_", s).strip("_").lower()
    return s or "x"


def normalise_multi(q: ImportedQuestion) -> None:
    """Shown-but-not-selected = 0; a respondent with no 1 in any column was not asked (all empty)."""
    n = len(q.options[0].values) if q.options else 0
    for i in range(n):
        asked = any(o.values[i] == "1" for o in q.options) or any(o.values[i] == "0" for o in q.options)
        for o in q.options:
            v = o.values[i]
            o.values[i] = ("1" if v == "1" else "0") if asked else ""


def _read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _existing_codebook(codebook_dir: Path | None) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    if codebook_dir is None:
        from csx import paths

        codebook_dir = paths.CODEBOOK_DIR
    q, o = codebook_dir / "codebook_questions.csv", codebook_dir / "codebook_options.csv"
    if not (q.exists() and o.exists()):
        return [], []
    return _read_rows(q), _read_rows(o)


def _sort_key_wave(r: dict[str, str]) -> str:
    return r.get("wave_id", "")


def write_import(
    wave: ImportedWave, wave_id: str, out_dir: Path, codebook_dir: Path | None = None
) -> ImportResult:
    n = len(wave.respondent_ids)
    if n == 0:
        raise CsxError.single(str(wave.source), "no_rows", "the export holds no respondents")
    if len(set(wave.respondent_ids)) != n:
        raise CsxError.single(str(wave.source), "duplicate_respondent", "respondent ids are not unique")

    ex_q, ex_o = _existing_codebook(codebook_dir)
    # latest wave first: proposals follow the most recent use of a code
    q_by_code: dict[str, dict[str, str]] = {}
    q_by_label: dict[str, dict[str, str]] = {}
    for r in sorted(ex_q, key=_sort_key_wave):
        q_by_code[r["question_code"]] = r
        if r.get("label_en"):
            q_by_label[r["label_en"].strip().lower()] = r
    o_by_key: dict[tuple[str, str, str], dict[str, str]] = {}
    for r in ex_o:
        o_by_key[(r["wave_id"], r["question_code"], r["option_code"])] = r

    q_rows: list[dict[str, str]] = []
    o_rows: list[dict[str, str]] = []
    reviews = 0
    for order, q in enumerate(wave.questions, start=1):
        match = q_by_code.get(q.code) or q_by_label.get(q.label.strip().lower())
        if match is not None:
            how = "code" if match["question_code"] == q.code else "label"
            note = (
                f"{REVIEW} harmonized ids proposed from matching {how} "
                f"{match['question_code']} of wave {match['wave_id']}"
            )
            qtype = match.get("question_type") or q.kind
            if (qtype == "multi") != (q.kind == "multi"):
                qtype = q.kind
                note += f"; type differs from wave {match['wave_id']}"
        else:
            note = f"{REVIEW} new question; harmonized id proposed from the code, type from the export"
            qtype = "multi" if q.kind == "multi" else ("rating" if _is_rating(q) else "single")
        reviews += 1
        values_present = (
            [any(o.values[i] != "" for o in q.options) for i in range(n)]
            if q.kind == "multi"
            else [v != "" for v in q.values]
        )
        q_rows.append(
            {
                "wave_id": wave_id,
                "question_code": q.code,
                "question_id": match["question_id"] if match else slug(q.code),
                "question_group": match.get("question_group", "") if match else "",
                "item_id": match.get("item_id", "") if match else "",
                "question_type": qtype,
                "question_order": str(order),
                "label_ja": match.get("label_ja", "") if match else "",
                "label_en": q.label or (match.get("label_en", "") if match else ""),
                "report_chart": match.get("report_chart", "") if match else "",
                "is_required": "true" if all(values_present) else "false",
                "base_condition": match.get("base_condition", "") if match else "",
                "max_selections": match.get("max_selections", "") if match else "",
                "notes": note,
            }
        )
        opts = q.options
        if q.kind != "multi":
            seen = {o.code for o in opts}
            extra = sorted({v for v in q.values if v and v not in seen}, key=_num_first)
            opts = [*opts, *(ImportedOption(c, "") for c in extra)]
        for o_order, o in enumerate(opts, start=1):
            om = o_by_key.get((match["wave_id"], match["question_code"], o.code)) if match else None
            if om is None and match is not None and o.label:
                om = next(
                    (
                        r
                        for r in ex_o
                        if r["wave_id"] == match["wave_id"]
                        and r["question_code"] == match["question_code"]
                        and r.get("label_en", "").strip().lower() == o.label.strip().lower()
                    ),
                    None,
                )
            oid = (
                om["option_id"]
                if om
                else slug(o.label)
                if o.label and not o.label.isdigit()
                else f"opt_{slug(o.code)}"
            )
            o_rows.append(
                {
                    "wave_id": wave_id,
                    "question_code": q.code,
                    "option_code": o.code,
                    "option_id": oid,
                    "trend_option_id": om.get("trend_option_id", oid) if om else oid,
                    "value_domain": om.get("value_domain", "") if om else "",
                    "option_order": str(o_order),
                    "label_ja": om.get("label_ja", "") if om else "",
                    "label_en": o.label or (om.get("label_en", "") if om else o.code),
                    "score_value": om.get("score_value", "") if om else (o.code if qtype == "rating" else ""),
                    "is_exclusive": om.get("is_exclusive", "false") if om else "false",
                    "notes": f"{REVIEW} proposed from "
                    + ("matching option code" if om else "the export's value label"),
                }
            )

    out_dir.mkdir(parents=True, exist_ok=True)
    wave_file = out_dir / f"wave_{wave_id}.csv"
    header = ["respondent_id", "submitted_at", *[c for q in wave.questions for c in q.columns()]]
    cols: list[list[str]] = [wave.respondent_ids, wave.submitted_at]
    for q in wave.questions:
        cols.extend([o.values for o in q.options] if q.kind == "multi" else [q.values])
    with wave_file.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(zip(*cols, strict=True))
    for name, columns, rows in (
        ("codebook_questions.csv", QUESTION_COLUMNS, q_rows),
        ("codebook_options.csv", OPTION_COLUMNS, o_rows),
    ):
        with (out_dir / name).open("w", encoding="utf-8", newline="") as fh:
            dw = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
            dw.writeheader()
            dw.writerows(rows)
    return ImportResult(out_dir, wave_file, n, len(wave.questions), reviews)


def _is_rating(q: ImportedQuestion) -> bool:
    codes = {o.code for o in q.options} | {v for v in q.values if v}
    return codes <= {"1", "2", "3", "4", "5"} and len(codes) >= 4


def _num_first(s: str) -> tuple[int, float, str]:
    try:
        return (0, float(s), s)
    except ValueError:
        return (1, 0.0, s)
