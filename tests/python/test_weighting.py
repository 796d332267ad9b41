"""Survey weighting (docs/weighting.md): raking, trimming, failure messages, the weighted marts by hand,
and the quality gate failing on broken weights."""

from __future__ import annotations

import math
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from csx.errors import CsxError
from csx.paths import REPO_ROOT
from csx.weighting.answers import Wave, read_margin_answers
from csx.weighting.compute import compute_weights, targets_for, write_weights
from csx.weighting.rake import margin_errors, rake_wave
from csx.weighting.schemes import read_schemes

SEGMENTS = ["company_size", "cs_team_size", "customer_segment", "industry", "ai_use"]
Z = 1.959964


# ------------------------------------------------------------------------------------------ raking step
@pytest.fixture(scope="module")
def computed() -> tuple[pd.DataFrame, pd.DataFrame]:
    return compute_weights(REPO_ROOT)


def _answers(wave_id: str) -> pd.DataFrame:
    wave = Wave(wave_id, REPO_ROOT / "seeds" / "waves" / f"wave_{wave_id}.csv", f"wave_{wave_id}.csv")
    return read_margin_answers(REPO_ROOT, wave, ["company_size", "industry"])


def test_every_wave_and_scheme_hits_its_targets_with_positive_bounded_mean_one_weights(
    computed: tuple[pd.DataFrame, pd.DataFrame],
) -> None:
    weights, runs = computed
    assert set(runs["weighting_scheme"]) == {"unweighted", "composition_2025"}
    source = _answers("2025")
    targets = {q: source[q].value_counts(normalize=True).to_dict() for q in ("company_size", "industry")}
    for (scheme, wave_id), group in weights.groupby(["weighting_scheme", "wave_id"]):
        w = group["weight"].to_numpy()
        assert (w > 0).all()
        assert abs(w.mean() - 1) < 1e-12, (scheme, wave_id)
        if scheme == "unweighted":
            assert (w == 1.0).all()
            continue
        assert w.min() >= 0.25 - 1e-9 and w.max() <= 4 + 1e-9
        frame = _answers(str(wave_id)).set_index("respondent_id").loc[group["respondent_id"]]
        for question, shares in targets.items():  # recomputed here, not taken from the step
            for option, target in shares.items():
                got = w[(frame[question] == option).to_numpy()].sum() / w.sum()
                assert abs(got - target) <= 1e-6, (scheme, wave_id, question, option)
    # the 2023 sample differs from 2025's mix, so raking does move its weights
    moved = weights.query("weighting_scheme == 'composition_2025' and wave_id == '2023'")["weight"]
    assert moved.max() - moved.min() > 0.05


def _skewed() -> tuple[pd.DataFrame, dict[str, dict[str, float]]]:
    frame = pd.DataFrame(
        {
            "size": ["s"] * 80 + ["l"] * 20,
            "sector": (["a"] * 60 + ["b"] * 20) + (["a"] * 2 + ["b"] * 18),
        }
    )
    return frame, {"size": {"s": 0.5, "l": 0.5}, "sector": {"a": 0.5, "b": 0.5}}


def test_trimming_caps_weights_and_re_rakes_to_the_targets() -> None:
    frame, targets = _skewed()
    free = rake_wave(
        frame,
        targets,
        scheme="t",
        wave_id="w",
        trim_min=None,
        trim_max=None,
        tolerance=1e-9,
        max_iterations=2000,
    )
    assert free.weights.max() > 3.0  # untrimmed raking needs large weights here
    trimmed = rake_wave(
        frame,
        targets,
        scheme="t",
        wave_id="w",
        trim_min=0.3,
        trim_max=3.0,
        tolerance=1e-9,
        max_iterations=2000,
    )
    assert trimmed.weights.max() <= 3.0 + 1e-9 and trimmed.weights.min() >= 0.3 - 1e-9
    assert max(margin_errors(frame, trimmed.weights, targets).values()) <= 1e-9
    assert abs(trimmed.weights.mean() - 1) < 1e-12


def test_non_converging_scheme_fails_naming_scheme_wave_and_margin() -> None:
    frame, targets = _skewed()
    with pytest.raises(CsxError) as exc:
        rake_wave(
            frame, targets, scheme="tight", wave_id="2031", trim_min=0.9, trim_max=1.1, tolerance=1e-9,
            max_iterations=200,
        )  # fmt: skip
    message = str(exc.value)
    assert "scheme tight, wave 2031, margin " in message and "did not converge" in message
    assert any(f"margin {m}" in message for m in ("size=s", "size=l", "sector=a", "sector=b"))


def test_a_missing_margin_answer_keeps_weight_one_and_is_not_raked() -> None:
    frame, targets = _skewed()
    frame.loc[3, "sector"] = None
    result = rake_wave(
        frame,
        targets,
        scheme="t",
        wave_id="w",
        trim_min=None,
        trim_max=None,
        tolerance=1e-9,
        max_iterations=2000,
    )
    assert result.weights[3] == 1.0 and result.missing_margin_n == 1 and result.raked_n == 99
    assert abs(result.weights.mean() - 1) < 1e-12
    raked = np.ones(len(frame), dtype=bool)
    raked[3] = False
    errors = margin_errors(frame[raked], result.weights[raked], targets)
    assert max(errors.values()) <= 1e-9


def test_an_answer_without_target_and_a_target_without_answers_are_errors() -> None:
    frame, _ = _skewed()
    with pytest.raises(CsxError, match="margin size=l: respondents chose an option with no target"):
        rake_wave(
            frame, {"size": {"s": 1.0}}, scheme="t", wave_id="w", trim_min=None, trim_max=None,
            tolerance=1e-9, max_iterations=10,
        )  # fmt: skip
    with pytest.raises(CsxError, match="margin size=m: a target with no respondent"):
        rake_wave(
            frame, {"size": {"s": 0.4, "l": 0.4, "m": 0.2}}, scheme="t", wave_id="w", trim_min=None,
            trim_max=None, tolerance=1e-9, max_iterations=10,
        )  # fmt: skip


def _project_copy(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    skip = shutil.ignore_patterns(".venv", "build", "target", "logs", "node_modules", ".git", "*.duckdb*")
    shutil.copytree(REPO_ROOT, root, ignore=skip)
    return root


def test_malformed_scheme_seeds_are_reported_by_file_row_and_column(tmp_path: Path) -> None:
    root = tmp_path
    (root / "seeds" / "reference").mkdir(parents=True)
    (root / "seeds" / "reference" / "weighting_schemes.csv").write_text(
        "weighting_scheme,trim_min,trim_max,tolerance,max_iterations\nunweighted,,,,\nbad,2,0.5,x,10\n"
    )
    (root / "seeds" / "reference" / "weighting_targets.csv").write_text(
        "weighting_scheme,wave_id,question_id,option_id,target_share,source_wave_id\n"
        "bad,*,cx_score,*,,2025\nbad,1999,industry,retail,1.5,\n"
    )
    with pytest.raises(CsxError) as exc:
        read_schemes(root, SEGMENTS, ["2023", "2025"])
    lines = str(exc.value).splitlines()
    expected = [
        "seeds/reference/weighting_schemes.csv:row 2:column trim_min: range:",
        "seeds/reference/weighting_schemes.csv:row 2:column trim_max: range:",
        "seeds/reference/weighting_schemes.csv:row 2:column tolerance: number:",
        "seeds/reference/weighting_targets.csv:row 1:column question_id: margin_question:",
        "seeds/reference/weighting_targets.csv:row 2:column target_share: target_source:",
        "seeds/reference/weighting_targets.csv:row 2:column wave_id: wave:",
    ]
    for prefix in expected:
        assert any(line.startswith(prefix) for line in lines), (prefix, lines)


def test_a_scheme_is_rows_only_and_wave_rows_override_star_rows(tmp_path: Path) -> None:
    root = _project_copy(tmp_path)
    reference = root / "seeds" / "reference"
    with (reference / "weighting_schemes.csv").open("a", encoding="utf-8") as fh:
        fh.write("ai_half,AI half,AI半々,,,1e-9,100,3,test scheme\n")
    with (reference / "weighting_targets.csv").open("a", encoding="utf-8") as fh:
        fh.write("ai_half,*,ai_use,yes,0.5,,\nai_half,*,ai_use,no,0.5,,\nai_half,2023,ai_use,yes,0.25,,\n")
        fh.write("ai_half,2023,ai_use,no,0.75,,\n")
    schemes = {s.name: s for s in read_schemes(root, SEGMENTS, ["2023", "2025"])}
    assert targets_for(schemes["ai_half"], "2025", {}) == {"ai_use": {"yes": 0.5, "no": 0.5}}
    assert targets_for(schemes["ai_half"], "2023", {}) == {"ai_use": {"yes": 0.25, "no": 0.75}}
    _, runs = compute_weights(root)
    assert set(runs["weighting_scheme"]) == {"unweighted", "composition_2025", "ai_half"}


def _tighten(root: Path) -> None:
    path = root / "seeds" / "reference" / "weighting_schemes.csv"
    text = path.read_text(encoding="utf-8").replace(",0.25,4,1e-9,1000,", ",0.99,1.01,1e-9,50,")
    path.write_text(text, encoding="utf-8")


def test_a_non_converging_scheme_fails_the_build_with_the_named_message(tmp_path: Path) -> None:
    """`csx build` stops at the weights step, before dbt: one line naming scheme, wave and margin, exit 1."""
    root = _project_copy(tmp_path)
    _tighten(root)
    env = {**os.environ, "CSX_REPO_ROOT": str(root)}
    env.pop("CSX_WEIGHTS_DIR", None)
    csx = Path(sys.executable).with_name("csx")
    proc = subprocess.run(
        [str(csx), "build", "--skip-dashboards", "--warehouse", str(tmp_path / "w.duckdb")],
        cwd=root, env=env, capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert "scheme composition_2025, wave 2023, margin " in proc.stderr
    assert "raking did not converge" in proc.stderr
    assert not (tmp_path / "w.duckdb").exists()


def test_plain_dbt_without_the_weights_step_says_what_to_run(tmp_path: Path) -> None:
    from csx.dbt import run_dbt

    os.environ["CSX_WEIGHTS_DIR"] = str(tmp_path / "nothing-here")
    try:
        with pytest.raises(CsxError, match="csx weights compute"):
            run_dbt(
                [
                    "build",
                    "-s",
                    "stg_weighting__respondent_weights",
                    "--target-path",
                    str(tmp_path / "target"),
                ],
                warehouse=tmp_path / "w.duckdb",
                quiet=True,
                weights=False,
            )
    finally:
        del os.environ["CSX_WEIGHTS_DIR"]


# --------------------------------------------------------------------------------------- weighted marts
@pytest.fixture(scope="module")
def warehouse(built_warehouse: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = duckdb.connect(str(built_warehouse), read_only=True)
    yield con
    con.close()


def _t_critical(con: duckdb.DuckDBPyConnection, df: float) -> float:
    row = con.execute(
        "select t_critical from intermediate.int_t_critical_values_ranged where ? >= df_from and ? < df_to",
        [df, df],
    ).fetchone()
    return row[0] if row else Z


def _wilson(p: float, n: float) -> tuple[float, float]:
    centre = p + Z * Z / (2 * n)
    spread = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    return (centre - spread) / (1 + Z * Z / n), (centre + spread) / (1 + Z * Z / n)


HAND = """
with asked as (
    select distinct r.respondent_id
    from marts.fct_survey_responses r join marts.fct_respondent_scores s using (wave_id, respondent_id)
    where r.wave_id = $wave and r.question_id = $question and ($segment = 'total' or {segment_filter})
),
chose as (
    select distinct r.respondent_id
    from marts.fct_survey_responses r join asked using (respondent_id)
    where r.wave_id = $wave and r.question_id = $question and r.option_id = $option
),
base as (
    select w.weight from asked join marts.fct_respondent_weights w using (respondent_id)
    where w.wave_id = $wave and w.weighting_scheme = $scheme
),
choosers as (
    select w.weight, s.cx_score
    from chose
    join marts.fct_respondent_weights w using (respondent_id)
    join marts.fct_respondent_scores s on s.wave_id = w.wave_id and s.respondent_id = w.respondent_id
    where w.wave_id = $wave and w.weighting_scheme = $scheme
)
select
    (select sum(weight) from choosers) / (select sum(weight) from base) as share,
    (select sum(weight) * sum(weight) / sum(weight * weight) from base) as effective_base_n,
    (select sum(weight * cx_score) / sum(weight) from choosers) as avg_cx,
    (select sum(weight) from choosers) as v,
    (select sum(weight * cx_score * cx_score) from choosers) as q,
    (select sum(weight * cx_score) from choosers) as s,
    (select sum(weight) * sum(weight) / sum(weight * weight) from choosers) as effective_n,
    (select count(*) from choosers) as respondents_n
"""


CELLS = [
    ("2023", "total", "all", "ai_use", "yes"),
    ("2023", "industry", "finance", "channels_used", "social_media"),
    ("2023", "company_size", "500_5000", "ai_use", "yes"),
    ("2025", "total", "all", "channels_used", "email"),
]


@pytest.mark.parametrize("cell", CELLS, ids=["/".join(c) for c in CELLS])
def test_weighted_share_mean_and_intervals_by_hand_match_mart_option_scores(
    warehouse: duckdb.DuckDBPyConnection, cell: tuple[str, str, str, str, str]
) -> None:
    wave, segment, segment_option, question, option = cell
    segment_filter = f"s.{segment}_id = $segment_option" if segment != "total" else "true"
    params = {
        "wave": wave, "segment": segment, "segment_option": segment_option, "question": question,
        "option": option, "scheme": "composition_2025",
    }  # fmt: skip
    if segment == "total":
        params.pop("segment_option")
    hand = warehouse.execute(HAND.format(segment_filter=segment_filter), params).fetchone()
    share, effective_base_n, avg_cx, v, q, s, effective_n, respondents_n = hand
    mart = warehouse.execute(
        """select share, share_ci_low, share_ci_high, effective_base_n, avg_cx, avg_cx_ci_low, avg_cx_ci_high,
                  respondents_n, suppressed
           from marts.mart_option_scores
           where weighting_scheme = 'composition_2025' and wave_id = ? and segment_question_id = ?
             and segment_option_id = ? and question_id = ? and option_id = ?""",
        [wave, segment, segment_option, question, option],
    ).fetchone()
    assert mart is not None and not mart[-1], "choose published cells"
    assert respondents_n == mart[7] >= 5
    assert mart[0] == pytest.approx(share, abs=1e-12)
    assert mart[3] == pytest.approx(effective_base_n, abs=1e-9)
    assert mart[4] == pytest.approx(avg_cx, abs=1e-12)
    # the intervals use the Kish effective sizes, not the counts
    low, high = _wilson(share, effective_base_n)
    assert mart[1] == pytest.approx(low, abs=1.5e-6) and mart[2] == pytest.approx(high, abs=1.5e-6)
    sd = math.sqrt((v * q - s * s) / (v * (v - 1)))
    t = _t_critical(warehouse, effective_n - 1)
    half = t * sd / math.sqrt(effective_n)
    assert mart[5] == pytest.approx(avg_cx - half, abs=1.5e-6)
    assert mart[6] == pytest.approx(avg_cx + half, abs=1.5e-6)
    if (
        wave == "2023"
    ):  # raked: the effective base is below the count, and the intervals differ from unweighted
        unweighted = warehouse.execute(
            """select share_ci_high - share_ci_low, base_n from marts.mart_option_scores
               where weighting_scheme = 'unweighted' and wave_id = ? and segment_question_id = ?
                 and segment_option_id = ? and question_id = ? and option_id = ?""",
            [wave, segment, segment_option, question, option],
        ).fetchone()
        assert effective_base_n < unweighted[1]
        assert (high - low) != pytest.approx(unweighted[0], abs=1e-6)


def test_unweighted_rows_are_the_unweighted_statistics(warehouse: duckdb.DuckDBPyConnection) -> None:
    bad = warehouse.execute(
        """select count(*) from marts.mart_option_scores
           where weighting_scheme = 'unweighted' and not suppressed
             and (effective_base_n <> base_n or share <> cast(respondents_n as double) / base_n)"""
    ).fetchone()[0]
    assert bad == 0
    schemes = warehouse.execute(
        "select weighting_scheme, count(*), sum(case when suppressed then 1 else 0 end) "
        "from marts.mart_option_scores group by 1 order by 1"
    ).fetchall()
    assert len(schemes) == 2 and schemes[0][1:] == schemes[1][1:]  # same cells, same suppression


def test_diagnostics_report_each_wave_and_scheme(warehouse: duckdb.DuckDBPyConnection) -> None:
    rows = warehouse.execute(
        """select wave_id, weighting_scheme, design_effect, effective_n, respondents_n, mean_weight,
                  max_margin_error, converged, iterations
           from marts.mart_weighting_diagnostics order by 1, 2"""
    ).fetchall()
    assert [(r[0], r[1]) for r in rows] == [
        ("2023", "composition_2025"),
        ("2023", "unweighted"),
        ("2025", "composition_2025"),
        ("2025", "unweighted"),
    ]
    for _, scheme, deff, n_eff, n, mean, error, converged, iterations in rows:
        assert mean == pytest.approx(1, abs=1e-12) and converged
        assert n_eff == pytest.approx(n / deff, rel=1e-12)
        if scheme == "unweighted":
            assert deff == pytest.approx(1, abs=1e-12) and error is None and iterations == 0
        else:
            assert error <= 1e-6 and iterations >= 1
    deff_2023 = rows[0][2]
    assert 1.0 < deff_2023 < 1.1  # mild raking of the 2023 sample


def test_wave_trends_carry_both_schemes_with_their_own_significance(
    warehouse: duckdb.DuckDBPyConnection,
) -> None:
    rows = warehouse.execute(
        """select u.share_change, c.share_change, u.share_significant, c.share_significant,
                  c.effective_base_n, u.base_n
           from marts.mart_wave_trends u join marts.mart_wave_trends c
             on u.question_id = c.question_id and u.trend_option_id = c.trend_option_id
            and u.wave_id = c.wave_id and u.previous_wave_id = c.previous_wave_id
           where u.weighting_scheme = 'unweighted' and c.weighting_scheme = 'composition_2025'
             and not u.suppressed"""
    ).fetchall()
    assert rows
    assert all(r[4] <= r[5] + 1e-9 for r in rows)
    assert any(abs(r[0] - r[1]) > 1e-4 for r in rows)  # composition adjustment moves changes


# ----------------------------------------------------------------------------------------- quality gate
def test_the_quality_gate_fails_on_broken_weights(built_warehouse: Path, tmp_path: Path) -> None:
    """Weights off target, off mean, outside the trimming bounds and not constant within a profile all fail
    the dbt tests (the same weights file, tampered)."""
    from csx.dbt import run_dbt

    good = tmp_path / "good"
    write_weights(REPO_ROOT, good)
    broken = tmp_path / "broken"
    broken.mkdir()
    weights = pd.read_parquet(good / "respondent_weights.parquet")
    raked_2023 = (weights["weighting_scheme"] == "composition_2025") & (weights["wave_id"] == "2023")
    weights.loc[raked_2023, "weight"] *= 1.0 + 0.2 * (weights.loc[raked_2023].index % 2 == 0)
    first_2025 = weights.index[
        (weights["weighting_scheme"] == "composition_2025") & (weights["wave_id"] == "2025")
    ][0]
    weights.loc[first_2025, "weight"] = 9.0
    con = duckdb.connect()
    con.register("w", weights)
    con.execute(f"copy w to '{broken / 'respondent_weights.parquet'}' (format parquet)")
    con.close()
    shutil.copyfile(good / "weighting_runs.parquet", broken / "weighting_runs.parquet")
    copy = tmp_path / "warehouse.duckdb"
    shutil.copyfile(built_warehouse, copy)
    models = [
        "stg_weighting__respondent_weights", "stg_weighting__runs", "fct_respondent_weights",
        "int_respondent_scores_weighted", "int_profile_weights_aggregated", "int_weighting_margins_compared",
        "mart_weighting_diagnostics",
    ]  # fmt: skip
    os.environ["CSX_WEIGHTS_DIR"] = str(broken)
    try:  # run, then test: `dbt build` would skip the models downstream of the first failing test
        target = ["--target-path", str(tmp_path / "target")]
        run_dbt(["run", "-s", *models, *target], warehouse=copy, quiet=True, weights=False)
        with pytest.raises(CsxError) as exc:
            run_dbt(["test", "-s", *models, *target], warehouse=copy, quiet=True)
    finally:
        del os.environ["CSX_WEIGHTS_DIR"]
    failed = str(exc.value)
    for test in (
        "weighted_margins_reproduce_targets",  # off target
        "weights_average_one_per_wave_and_scheme",  # off mean
        "weights_positive_and_within_trim_bounds",  # 9 > trim_max
        "weights_constant_within_profile",  # one respondent's weight changed alone
    ):
        assert f"test.csx.{test}" in failed, (test, failed)
