"""Rating scales as data: a rating question's scale is the set of its options' `score_value`s.

Any run of consecutive integers is a scale (0..10 for NPS, 1..7 for customer effort, 1..5, 1..10...).
The codebook check rejects a score that is not an integer, a scale point given twice and a gap; the
landing rules then check answers against the declared scale (docs/ratings.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

#: what `score_value` of a rating option must look like: an integer in SCORE_RANGE
_INTEGER = re.compile(r"^[+-]?[0-9]{1,3}$")
SCORE_RANGE = (-100, 100)
#: a scale with more points than this is a data-entry error, not a rating question
MAX_POINTS = 101
#: declared in codebook_questions.rating_rescaling when a question's scale changes between waves
RESCALINGS = frozenset({"linear"})


@dataclass(frozen=True)
class RatingScale:
    low: int
    high: int

    @property
    def points(self) -> int:
        return self.high - self.low + 1

    def __str__(self) -> str:
        return f"{self.low}..{self.high}"


@dataclass(frozen=True)
class ScaleIssue:
    """A problem with one option of a rating question (`index` into the options given)."""

    index: int
    rule: str
    message: str


def parse_score(text: str) -> int | None:
    """The integer a `score_value` cell declares, or None (empty, decimal, text, outside SCORE_RANGE)."""
    value = str(text).strip()
    if not _INTEGER.match(value):
        return None
    number = int(value)
    return number if SCORE_RANGE[0] <= number <= SCORE_RANGE[1] else None


def check_scale(question: str, scores: Iterable[str]) -> tuple[RatingScale | None, list[ScaleIssue]]:
    """The scale declared by a rating question's options' `score_value`s, in codebook order.

    Rules: `rating_score_value` (not an integer), `rating_scale_duplicate` (a point given twice; the later
    option is named), `rating_scale_gap` (a point between the lowest and highest is missing; the option
    after the gap is named), `rating_scale_points` (fewer than 2 or more than MAX_POINTS points).
    The scale is returned only when there is no issue.
    """
    issues: list[ScaleIssue] = []
    seen: dict[int, int] = {}
    for i, text in enumerate(scores):
        value = parse_score(text)
        if value is None:
            issues.append(
                ScaleIssue(
                    i,
                    "rating_score_value",
                    f"rating question {question}: score_value {text!r} is not an integer",
                )
            )
        elif value in seen:
            issues.append(
                ScaleIssue(
                    i,
                    "rating_scale_duplicate",
                    f"rating question {question}: scale point {value} is given twice "
                    f"(options {seen[value] + 1} and {i + 1})",
                )
            )
        else:
            seen[value] = i
    if issues or not seen:
        return None, issues or [ScaleIssue(0, "rating_scale_points", f"rating question {question}: no scale")]
    low, high = min(seen), max(seen)
    if len(seen) < 2 or high - low + 1 > MAX_POINTS:
        what = "one point" if len(seen) < 2 else f"{high - low + 1} points (at most {MAX_POINTS})"
        return None, [
            ScaleIssue(seen[low], "rating_scale_points", f"rating question {question}: scale has {what}")
        ]
    missing = [v for v in range(low, high + 1) if v not in seen]
    if missing:
        after = min(v for v in seen if v > missing[0])
        shown = ", ".join(str(v) for v in missing[:10]) + (" ..." if len(missing) > 10 else "")
        return None, [
            ScaleIssue(
                seen[after],
                "rating_scale_gap",
                f"rating question {question}: scale {low}..{high} has no point {shown}",
            )
        ]
    return RatingScale(low, high), []
