"""Rating scales as data (issue 15): the scale parser/validator, the codebook and landing rules built on it,
and the cross-wave rule that a question's scale does not change without a declared rescaling."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csx.landing import check_wave, load_codebook
from csx.landing.scale import MAX_POINTS, SCORE_RANGE, RatingScale, check_scale, parse_score
from csx.paths import REPO_ROOT
from csx.waves.harmonization import harmonization_problems
from csx.waves.layout import Layout
from fixtures.landing import factory as f

# ------------------------------------------------------------------------------------- scale validator

scores = st.integers(min_value=SCORE_RANGE[0], max_value=SCORE_RANGE[1])


@st.composite
def runs(draw: st.DrawFn) -> list[int]:
    """A valid scale: consecutive integers (2..20 points), in any order."""
    low = draw(st.integers(min_value=-10, max_value=90))
    points = draw(st.integers(min_value=2, max_value=min(20, SCORE_RANGE[1] - low + 1)))
    return draw(st.permutations(list(range(low, low + points))))


@given(runs())
def test_any_consecutive_run_is_a_scale_in_any_order(values: list[int]) -> None:
    scale, issues = check_scale("Q", [str(v) for v in values])
    assert issues == [] and scale == RatingScale(min(values), max(values))
    assert scale.points == len(values) and str(scale) == f"{min(values)}..{max(values)}"


@given(runs(), st.data())
def test_a_missing_interior_point_is_a_gap_naming_the_option_after_it(
    values: list[int], data: st.DataObject
) -> None:
    low, high = min(values), max(values)
    if high - low < 2:
        return
    missing = data.draw(st.integers(min_value=low + 1, max_value=high - 1))
    given_values = [v for v in values if v != missing]
    scale, issues = check_scale("Q", [str(v) for v in given_values])
    assert scale is None and [i.rule for i in issues] == ["rating_scale_gap"]
    named = given_values[issues[0].index]
    assert named == min(v for v in given_values if v > missing)
    assert f"no point {missing}" in issues[0].message


@given(runs(), st.data())
def test_a_point_given_twice_is_a_duplicate_naming_the_second(values: list[int], data: st.DataObject) -> None:
    dup = data.draw(st.sampled_from(values))
    at = data.draw(st.integers(min_value=values.index(dup) + 1, max_value=len(values)))
    with_dup = [*values[:at], dup, *values[at:]]
    scale, issues = check_scale("Q", [str(v) for v in with_dup])
    assert scale is None and [i.rule for i in issues] == ["rating_scale_duplicate"]
    assert issues[0].index == at


@given(st.lists(st.one_of(scores.map(str), st.text(max_size=6)), max_size=15))
def test_validator_accepts_exactly_the_consecutive_distinct_integer_sets(cells: list[str]) -> None:
    """Against an independent definition: accepted iff every cell is an integer in range, no value twice,
    2..MAX_POINTS points with no gap."""
    parsed = [parse_score(c) for c in cells]
    ok = (
        len(cells) >= 2
        and all(p is not None for p in parsed)
        and len(set(parsed)) == len(parsed)
        and max(parsed) - min(parsed) + 1 == len(parsed) <= MAX_POINTS  # type: ignore[type-var,operator]
    )
    scale, issues = check_scale("Q", cells)
    assert (scale is not None) == ok and (issues == []) == ok
    if ok:
        assert scale == RatingScale(min(parsed), max(parsed))  # type: ignore[type-var]


@pytest.mark.parametrize("cell", ["", "3.5", "x", "1e1", "101", "-101", "1 0", "٣"])
def test_score_value_must_be_a_plain_integer_in_range(cell: str) -> None:
    assert parse_score(cell) is None
    assert [i.rule for i in check_scale("Q", ["1", cell, "2"])[1]] == ["rating_score_value"]


def test_single_point_is_not_a_scale() -> None:
    assert [i.rule for i in check_scale("Q", ["4"])[1]] == ["rating_scale_points"]


# --------------------------------------------------------------------------- codebook and landing rules


def _rewrite_options(cb: Path, question: str, scores_by_code: dict[str, str]) -> None:
    path = cb / "codebook_options.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    header = list(rows[0])
    kept = [r for r in rows if r["question_code"] != question]
    template = next(r for r in rows if r["question_code"] == question)
    new = [
        template
        | {
            "option_code": c,
            "option_id": f"c{c}",
            "trend_option_id": f"c{c}",
            "option_order": str(i),
            "score_value": s,
        }
        for i, (c, s) in enumerate(scores_by_code.items(), start=1)
    ]
    out = io.StringIO()
    w = csv.DictWriter(out, header, lineterminator="\n")
    w.writeheader()
    w.writerows(kept + new)
    path.write_text(out.getvalue(), encoding="utf-8")


def test_codebook_accepts_a_0_to_10_scale_scored_apart_from_its_codes(tmp_path: Path) -> None:
    cb = f.write_codebook(tmp_path / "cb")
    _rewrite_options(cb, "Q2", {str(s + 1): str(s) for s in range(11)})  # codes 1..11, scores 0..10
    assert load_codebook(cb, f.WAVE).problems == []


@pytest.mark.parametrize(
    ("scores", "rule", "row"),
    [
        ({"1": "1", "2": "2", "3": "4", "4": "5"}, "rating_scale_gap", 3),
        ({"1": "1", "2": "2", "3": "2", "4": "3"}, "rating_scale_duplicate", 3),
        ({"1": "1", "2": "", "3": "3"}, "rating_score_value", 2),
    ],
)
def test_codebook_rejects_gaps_and_duplicates_naming_file_row_column(
    tmp_path: Path, scores: dict[str, str], rule: str, row: int
) -> None:
    cb = f.write_codebook(tmp_path / "cb")
    _rewrite_options(cb, "Q2", scores)
    problems = load_codebook(cb, f.WAVE).problems
    first_q2_row = len([r for q, opts in f.OPTIONS.items() if q != "Q2" for r in opts])
    assert [(p.rule, p.column, p.row) for p in problems] == [(rule, "score_value", first_q2_row + row)]
    assert str(problems[0]).startswith(
        f"{cb / 'codebook_options.csv'}:row {first_q2_row + row}:column score_value: {rule}:"
    )


def test_answers_are_checked_against_the_declared_scale(tmp_path: Path) -> None:
    cb_dir = f.write_codebook(tmp_path / "cb")
    _rewrite_options(cb_dir, "Q2", {str(s): str(s) for s in range(0, 11)})
    data = f.rows(10)
    col = f.HEADER.index("Q2")
    data[0][col], data[1][col], data[2][col] = "0", "10", "11"
    r = check_wave(f.write_wave(tmp_path / "w.csv", data), f.WAVE, load_codebook(cb_dir, f.WAVE))
    assert r.rows_loaded == 9 and r.rows_quarantined == 1
    reasons = " ".join(r.quarantined.astype(str).agg(" ".join, axis=1))
    assert "rating_out_of_range" in reasons and "0..10" in reasons


def test_rescaling_is_only_declared_on_rating_questions(tmp_path: Path) -> None:
    cb = f.write_codebook(tmp_path / "cb")
    path = cb / "codebook_questions.csv"
    q = pd.read_csv(path, dtype=str, keep_default_na=False)
    q.loc[q.question_code == "Q1", "rating_rescaling"] = "linear"
    q.loc[q.question_code == "Q2", "rating_rescaling"] = "stretch"
    q.to_csv(path, index=False)
    problems = load_codebook(cb, f.WAVE).problems
    assert [(p.rule, p.row, p.column) for p in problems] == [
        ("invalid_rescaling", 1, "rating_rescaling"),
        ("invalid_rescaling", 2, "rating_rescaling"),
    ]


# ------------------------------------------------------------------------------- across waves

needs_seeds = pytest.mark.skipif(
    not (REPO_ROOT / "seeds/waves/wave_2025.csv").exists(), reason="no shipped 2025 wave"
)


def _next_wave_rows(
    cx_scores: range, rescaling: str = ""
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The 2025 codebook as a 2027 wave, with CX asked on `cx_scores`."""
    q = pd.read_csv(REPO_ROOT / "seeds/codebook/codebook_questions.csv", dtype=str, keep_default_na=False)
    o = pd.read_csv(REPO_ROOT / "seeds/codebook/codebook_options.csv", dtype=str, keep_default_na=False)
    q, o = q[q.wave_id == "2025"].assign(wave_id="2027"), o[o.wave_id == "2025"].assign(wave_id="2027")
    cx = q.loc[q.question_id == "cx_score", "question_code"].iloc[0]
    q.loc[q.question_id == "cx_score", "rating_rescaling"] = rescaling
    template = o[o.question_code == cx].iloc[0]
    cx_rows = pd.DataFrame(
        [
            template.to_dict()
            | {
                "option_code": str(s),
                "option_id": str(s),
                "trend_option_id": str(s),
                "option_order": str(i),
                "score_value": str(s),
            }
            for i, s in enumerate(cx_scores, start=1)
        ]
    )
    o = pd.concat([o[o.question_code != cx], cx_rows])
    return q.to_dict("records"), o.to_dict("records")


@needs_seeds
def test_a_changed_scale_needs_a_new_question_id_or_a_declared_rescaling() -> None:
    layout = Layout(REPO_ROOT)
    same = harmonization_problems(layout, "2027", *_next_wave_rows(range(1, 6)), "cb")
    assert same == []
    changed = harmonization_problems(layout, "2027", *_next_wave_rows(range(1, 8)), "cb")
    assert [(p.rule, p.column) for p in changed] == [("rating_scale_changed", "rating_rescaling")]
    assert "rating scale 1..7 differs from wave 2025's 1..5" in changed[0].message
    assert harmonization_problems(layout, "2027", *_next_wave_rows(range(1, 8), "linear"), "cb") == []
