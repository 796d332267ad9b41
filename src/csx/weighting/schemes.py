"""Weighting schemes as data (docs/weighting.md): the registry `seeds/reference/weighting_schemes.csv`
and the target margins `seeds/reference/weighting_targets.csv`, read and checked.

A scheme without target rows weighs every respondent 1 (`unweighted`). A target row either gives an
option's share (`option_id`, `target_share`) or takes every option's share from a wave's respondents
(`option_id = *`, `source_wave_id`). `wave_id` is the wave the row applies to, `*` for every wave.
"""

from __future__ import annotations

import csv
import math
from dataclasses import dataclass, field
from pathlib import Path

from csx.errors import CsxError, Problem

SCHEMES_FILE = "seeds/reference/weighting_schemes.csv"
TARGETS_FILE = "seeds/reference/weighting_targets.csv"
SCHEME_COLUMNS = ("weighting_scheme", "trim_min", "trim_max", "tolerance", "max_iterations")
TARGET_COLUMNS = ("weighting_scheme", "wave_id", "question_id", "option_id", "target_share", "source_wave_id")
ALL = "*"


@dataclass(frozen=True)
class TargetRow:
    row: int  # 1-based data row of weighting_targets.csv
    wave_id: str
    question_id: str
    option_id: str
    target_share: float | None
    source_wave_id: str | None


@dataclass
class Scheme:
    name: str
    row: int
    trim_min: float | None = None
    trim_max: float | None = None
    tolerance: float = 1e-9
    max_iterations: int = 1000
    targets: list[TargetRow] = field(default_factory=list)

    def rows_for(self, wave_id: str) -> list[TargetRow]:
        """The target rows for a wave: its own rows for a question replace the `*` rows of that question."""
        own = {t.question_id for t in self.targets if t.wave_id == wave_id}
        return [t for t in self.targets if t.wave_id == wave_id or (t.wave_id == ALL and t.question_id not in own)]

    def questions_for(self, wave_id: str) -> list[str]:
        return list(dict.fromkeys(t.question_id for t in self.rows_for(wave_id)))


def _read(path: Path, rel: str, required: tuple[str, ...]) -> list[dict[str, str]]:
    if not path.exists():
        raise CsxError.single(rel, "missing_file", "weighting seed not found")
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise CsxError.single(rel, "header", f"missing column(s): {', '.join(missing)}")
        return [{k: (v or "").strip() for k, v in r.items() if k is not None} for r in reader]


def _number(value: str, problems: list[Problem], rel: str, row: int, column: str) -> float | None:
    if value == "":
        return None
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        problems.append(Problem(rel, "number", f"{value!r} is not a number", row=row, column=column))
        return None
    return number


def _scheme(record: dict[str, str], row: int, problems: list[Problem]) -> Scheme:
    rel = SCHEMES_FILE
    scheme = Scheme(record["weighting_scheme"], row)
    scheme.trim_min = _number(record["trim_min"], problems, rel, row, "trim_min")
    scheme.trim_max = _number(record["trim_max"], problems, rel, row, "trim_max")
    tolerance = _number(record["tolerance"], problems, rel, row, "tolerance")
    iterations = _number(record["max_iterations"], problems, rel, row, "max_iterations")
    scheme.tolerance = 1e-9 if tolerance is None else tolerance
    scheme.max_iterations = 1000 if iterations is None else int(iterations)
    if not scheme.name:
        problems.append(Problem(rel, "required", "weighting_scheme is empty", row=row, column="weighting_scheme"))
    if not 0 < scheme.tolerance <= 1e-6:
        problems.append(Problem(rel, "range", "tolerance must be in (0, 1e-6]", row=row, column="tolerance"))
    if scheme.max_iterations < 1:
        problems.append(Problem(rel, "range", "max_iterations must be >= 1", row=row, column="max_iterations"))
    if scheme.trim_min is not None and not 0 < scheme.trim_min < 1:
        problems.append(Problem(rel, "range", "trim_min must be in (0, 1)", row=row, column="trim_min"))
    if scheme.trim_max is not None and scheme.trim_max <= 1:
        problems.append(Problem(rel, "range", "trim_max must be > 1", row=row, column="trim_max"))
    return scheme


def _target(record: dict[str, str], row: int, problems: list[Problem]) -> TargetRow:
    rel = TARGETS_FILE
    share = _number(record["target_share"], problems, rel, row, "target_share")
    target = TargetRow(
        row=row,
        wave_id=record["wave_id"] or ALL,
        question_id=record["question_id"],
        option_id=record["option_id"],
        target_share=share,
        source_wave_id=record["source_wave_id"] or None,
    )
    if not target.question_id or not target.option_id:
        problems.append(Problem(rel, "required", "question_id and option_id are required", row=row))
    if target.option_id == ALL:
        if target.source_wave_id is None or share is not None:
            problems.append(
                Problem(rel, "target_source", "option_id * takes its shares from source_wave_id", row=row)
            )
    elif target.source_wave_id is not None or share is None or not 0 < share < 1:
        problems.append(
            Problem(
                rel,
                "target_source",
                "an option's row needs target_share in (0, 1) and no source_wave_id",
                row=row,
                column="target_share",
            )
        )
    return target


def read_schemes(root: Path, segment_questions: list[str], wave_ids: list[str]) -> list[Scheme]:
    """Every scheme with its target rows; CsxError (file, row, column, rule) for anything malformed."""
    problems: list[Problem] = []
    schemes: dict[str, Scheme] = {}
    for i, record in enumerate(_read(root / SCHEMES_FILE, SCHEMES_FILE, SCHEME_COLUMNS), start=1):
        scheme = _scheme(record, i, problems)
        if scheme.name in schemes:
            problems.append(Problem(SCHEMES_FILE, "unique", f"scheme {scheme.name!r} listed twice", row=i))
        schemes[scheme.name] = scheme
    if "unweighted" not in schemes:
        problems.append(Problem(SCHEMES_FILE, "unweighted", "the scheme `unweighted` must be listed"))
    seen: set[tuple[str, str, str, str]] = set()
    for i, record in enumerate(_read(root / TARGETS_FILE, TARGETS_FILE, TARGET_COLUMNS), start=1):
        target = _target(record, i, problems)
        name = record["weighting_scheme"]
        key = (name, target.wave_id, target.question_id, target.option_id)
        if name not in schemes:
            problems.append(
                Problem(TARGETS_FILE, "scheme", f"unknown scheme {name!r}", row=i, column="weighting_scheme")
            )
        elif name == "unweighted":
            problems.append(Problem(TARGETS_FILE, "unweighted", "`unweighted` has no targets", row=i))
        elif key in seen:
            problems.append(Problem(TARGETS_FILE, "unique", f"duplicate target {key}", row=i))
        else:
            schemes[name].targets.append(target)
        seen.add(key)
        if target.question_id and target.question_id not in segment_questions:
            problems.append(
                Problem(
                    TARGETS_FILE,
                    "margin_question",
                    f"{target.question_id!r} is not a segment question (vars.csx_segment_questions): "
                    "weights must be constant within a respondent profile (docs/weighting.md)",
                    row=i,
                    column="question_id",
                )
            )
        for column, wave in (("wave_id", target.wave_id), ("source_wave_id", target.source_wave_id)):
            if wave not in (None, ALL) and wave not in wave_ids:
                problems.append(
                    Problem(TARGETS_FILE, "wave", f"wave {wave!r} is not in vars.csx_waves", row=i, column=column)
                )
    if problems:
        raise CsxError(problems)
    return list(schemes.values())
