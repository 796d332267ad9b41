"""The questionnaires the generator fills, read from the codebook seeds (the source of truth).

`seeds/codebook/codebook_questions.csv`, `codebook_options.csv` and `waves.csv` say which questions each
wave asked under which codes, which options (in which order, under which codes) and how many respondents
over which fieldwork window. The generator reads only the waves it reconstructs; rows of any other wave
(e.g. one added by `csx wave add`) are left alone.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from csx.errors import CsxError, Problem
from csx.seed_layout import OPTION_COLUMNS, QUESTION_COLUMNS, WAVES_REGISTRY_COLUMNS

CODEBOOK_DIR = Path("seeds") / "codebook"
CODEBOOK_FILES = [
    str(CODEBOOK_DIR / name) for name in ("codebook_questions.csv", "codebook_options.csv", "waves.csv")
]


@dataclass(frozen=True)
class Option:
    id: str
    code: str


@dataclass(frozen=True)
class Question:
    id: str
    code: str
    type: str  # single | multi | rating | coded_text
    group: str
    item: str
    base: str  # base_condition, e.g. "ai_use=yes" or "genai_purpose=a|b"
    options: tuple[Option, ...]

    @property
    def option_ids(self) -> list[str]:
        return [o.id for o in self.options]

    def column_names(self) -> list[str]:
        """The wave-file columns of this question (multi-selects: one per option)."""
        if self.type == "multi":
            return [f"{self.code}_{o.code}" for o in self.options]
        return [self.code]

    def base_options(self) -> list[str]:
        """The option ids of the routing question that make a respondent eligible."""
        return self.base.split("=", 1)[1].split("|") if self.base else []


@dataclass(frozen=True)
class Wave:
    """One wave's questionnaire and registry row."""

    wave_id: str
    n: int
    fieldwork: tuple[str, str]
    questions: tuple[Question, ...]

    def question(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise CsxError.single(
            str(CODEBOOK_DIR / "codebook_questions.csv"),
            "missing_question",
            f"wave {self.wave_id} has no question {qid!r}, which the generator fills",
        )

    def items(self, group: str) -> list[str]:
        """Item ids of a grid (question_group), in questionnaire order."""
        return [q.item for q in self.questions if q.group == group]


def _int(value: str, rel: str, row: int, column: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise CsxError.single(rel, "not_an_integer", repr(value), row=row, column=column) from None


def _read(path: Path, columns: list[str], root: Path) -> list[tuple[int, dict[str, str]]]:
    rel = str(path.relative_to(root))
    if not path.is_file():
        raise CsxError.single(rel, "missing_file", "the generator reads the codebook from this seed")
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise CsxError.single(rel, "missing_columns", ", ".join(missing))
        return list(enumerate(reader, start=1))


def _options(root: Path, wave_ids: set[str]) -> dict[tuple[str, str], list[Option]]:
    out: dict[tuple[str, str], list[tuple[int, Option]]] = {}
    rel = str(CODEBOOK_DIR / "codebook_options.csv")
    for row, r in _read(root / rel, OPTION_COLUMNS, root):
        if r["wave_id"] in wave_ids:
            order = _int(r["option_order"], rel, row, "option_order")
            out.setdefault((r["wave_id"], r["question_code"]), []).append(
                (order, Option(r["option_id"], r["option_code"]))
            )
    return {k: [o for _, o in sorted(v, key=lambda x: x[0])] for k, v in out.items()}


def _questions(root: Path, wave_ids: set[str]) -> dict[str, list[Question]]:
    rel = str(CODEBOOK_DIR / "codebook_questions.csv")
    options = _options(root, wave_ids)
    out: dict[str, list[tuple[int, Question]]] = {w: [] for w in wave_ids}
    problems = []
    for row, r in _read(root / rel, QUESTION_COLUMNS, root):
        if r["wave_id"] not in wave_ids:
            continue
        opts = options.get((r["wave_id"], r["question_code"]), [])
        if not opts:
            problems.append(Problem(rel, "no_options", f"{r['question_code']} has no options", row=row))
        q = Question(
            r["question_id"],
            r["question_code"],
            r["question_type"],
            r["question_group"],
            r["item_id"],
            r["base_condition"],
            tuple(opts),
        )
        out[r["wave_id"]].append((_int(r["question_order"], rel, row, "question_order"), q))
    if problems:
        raise CsxError(problems)
    return {w: [q for _, q in sorted(v, key=lambda x: x[0])] for w, v in out.items()}


def _registry(root: Path, wave_ids: tuple[str, ...]) -> dict[str, tuple[int, tuple[str, str]]]:
    """wave_id -> (respondents_expected, (fieldwork_start, fieldwork_end))."""
    rel = str(CODEBOOK_DIR / "waves.csv")
    out = {}
    for row, r in _read(root / rel, WAVES_REGISTRY_COLUMNS, root):
        if r["wave_id"] in wave_ids:
            n = _int(r["respondents_expected"], rel, row, "respondents_expected")
            out[r["wave_id"]] = (n, (r["fieldwork_start"], r["fieldwork_end"]))
    missing = [Problem(rel, "missing_wave", f"wave {w} is not registered") for w in wave_ids if w not in out]
    if missing:
        raise CsxError(missing)
    return out


def load_waves(root: Path, wave_ids: tuple[str, ...]) -> dict[str, Wave]:
    """The questionnaires and registry rows of `wave_ids`, from the codebook seeds under `root`."""
    registry = _registry(root, wave_ids)
    questions = _questions(root, set(wave_ids))
    empty = [w for w in wave_ids if not questions[w]]
    if empty:
        rel = str(CODEBOOK_DIR / "codebook_questions.csv")
        raise CsxError([Problem(rel, "missing_wave", f"wave {w} has no questions") for w in empty])
    return {w: Wave(w, *registry[w], tuple(questions[w])) for w in wave_ids}


def codebook_texts(root: Path) -> dict[str, str]:
    """The codebook seeds' text by repo-relative path (input of the figure checks)."""
    return {rel: (root / rel).read_text(encoding="utf-8") for rel in CODEBOOK_FILES}
