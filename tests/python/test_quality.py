"""Great Expectations suites: every suite fails on deliberately broken data and names table, column, rule."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import duckdb
import pytest

from csx.quality import validate_warehouse

pytestmark = pytest.mark.slow


@pytest.fixture
def wh(built_warehouse: Path, tmp_path: Path) -> Path:
    return copy_warehouse(built_warehouse, tmp_path / "warehouse.duckdb")


def copy_warehouse(src: Path, dst: Path) -> Path:
    """Checkpoint (fold any WAL into the file), then copy the single file."""
    con = duckdb.connect(str(src))
    con.execute("checkpoint")
    con.close()
    shutil.copyfile(src, dst)
    return dst


def _sql(path: Path, *statements: str) -> None:
    con = duckdb.connect(str(path))
    try:
        for s in statements:
            con.execute(s)
    finally:
        con.close()


def test_clean_build_passes_every_suite_and_stores_results(wh: Path, tmp_path: Path) -> None:
    run = validate_warehouse(wh, landing=True, data_docs=tmp_path / "docs")
    assert run.problems == [], [str(p) for p in run.problems]
    assert (tmp_path / "docs" / "index.html").exists()
    con = duckdb.connect(str(wh), read_only=True)
    cols = [r[0] for r in con.execute("describe marts.data_quality_results").fetchall()]
    assert cols == [
        "run_id",
        "run_at",
        "suite",
        "table",
        "column",
        "expectation",
        "success",
        "observed",
        "details",
    ]
    n, ok, suites = con.execute(
        "select count(*), bool_and(success), count(distinct suite) from marts.data_quality_results"
    ).fetchone()
    assert n == run.expectations and ok and suites >= 20


T = "marts.mart_option_scores"
BREAKS = [
    # suite, statements, table, column, rule
    (
        "marts.fct_respondent_scores",
        ["update marts.fct_respondent_scores set cx_score = 9 where rowid = 0"],
        "marts.fct_respondent_scores",
        "cx_score",
        "score_in_1_5",
    ),
    (
        "marts.fct_respondent_scores",
        ["update marts.fct_respondent_scores set industry_id = 'martians' where rowid = 1"],
        "marts.fct_respondent_scores",
        "industry_id",
        "foreign_key_in_dim_industry",
    ),
    (
        "marts.fct_survey_responses",
        ["update marts.fct_survey_responses set answer_option_key = 'x__y' where rowid = 3"],
        "marts.fct_survey_responses",
        "answer_option_key",
        "foreign_key_in_dim_answer_option",
    ),
    (
        "marts.fct_survey_responses",
        ["alter table marts.fct_survey_responses drop column option_code"],
        "marts.fct_survey_responses",
        "option_code",
        "contract_columns",
    ),
    (
        T,
        [f"update {T} set share = 1.5 where rowid = (select min(rowid) from {T} where share is not null)"],
        T,
        "share",
        "share_in_0_1",
    ),
    (
        T,
        [f"update {T} set avg_ex = 7 where rowid = (select min(rowid) from {T} where avg_ex is not null)"],
        T,
        "avg_ex",
        "average_in_1_5",
    ),
    (
        T,
        [
            f"update {T} set share_ci_low = share + 0.01 where rowid = "
            f"(select min(rowid) from {T} where share < 0.9)"
        ],
        T,
        "share_ci_low",
        "ci_low_le_point",
    ),
    (
        T,
        [
            f"update {T} set avg_cx_ci_high = avg_cx - 0.5 where rowid = "
            f"(select min(rowid) from {T} where avg_cx > 2)"
        ],
        T,
        "avg_cx_ci_high",
        "ci_high_ge_point",
    ),
    (
        "marts.mart_option_scores.share_sums",
        [
            f"update {T} set share = share * 0.5 where rowid = (select min(rowid) from {T} "
            "where segment_question_id = 'total' "
            "and question_type = 'single' and share > 0.2)"
        ],
        T,
        "share",
        "single_choice_shares_sum_to_1",
    ),
    (
        "marts.mart_option_scores.min_cell_size",
        [
            f"update {T} set respondents_n = 2 where rowid = "
            f"(select min(rowid) from {T} where share is not null)"
        ],
        T,
        "respondents_n",
        "min_cell_size_k5",
    ),
    (
        "marts.mart_option_scores.suppressed_null",
        [f"update {T} set share = 0.5 where rowid = (select min(rowid) from {T} where suppressed)"],
        T,
        "share",
        "suppressed_metric_is_null",
    ),
    (
        "marts.mart_wave_summary",
        ["update marts.mart_wave_summary set avg_ox = 0.5 where rowid = 0"],
        "marts.mart_wave_summary",
        "avg_ox",
        "average_in_1_5",
    ),
    (
        "marts.mart_wave_summary.min_cell_size",
        ["update marts.mart_wave_summary set respondents_n = 3 where rowid = 0"],
        "marts.mart_wave_summary",
        "respondents_n",
        "min_cell_size_k5",
    ),
    (
        "marts.mart_wave_trends",
        ["update marts.mart_wave_trends set previous_share = -0.2 where rowid = 0"],
        "marts.mart_wave_trends",
        "previous_share",
        "share_in_0_1",
    ),
    (
        "marts.mart_wave_trends.min_cell_size",
        [
            "update marts.mart_wave_trends set respondents_n = 1 where rowid = "
            "(select min(rowid) from marts.mart_wave_trends where share is not null)"
        ],
        "marts.mart_wave_trends",
        "respondents_n",
        "min_cell_size_k5",
    ),
    (
        "marts.mart_report_reconciliation.misses_explained",
        [
            "update marts.mart_report_reconciliation set within_printed_precision = false, "
            "contradiction = null where rowid = (select min(rowid) "
            "from marts.mart_report_reconciliation where within_printed_precision)"
        ],
        "marts.mart_report_reconciliation",
        "contradiction",
        "miss_only_with_contradiction",
    ),
    (
        "marts.mart_question_coverage",
        ["update marts.mart_question_coverage set question_id = 'ghost' where rowid = 0"],
        "marts.mart_question_coverage",
        "question_id",
        "foreign_key_in_dim_question",
    ),
    (
        "marts.dim_wave",
        ["insert into marts.dim_wave select * from marts.dim_wave limit 1"],
        "marts.dim_wave",
        "wave_id",
        "primary_key_unique",
    ),
    (
        "marts.dim_question",
        ["update marts.dim_question set question_id = null where rowid = 0"],
        "marts.dim_question",
        "question_id",
        "primary_key_not_null",
    ),
    (
        "marts.dim_answer_option",
        ["alter table marts.dim_answer_option drop column label_ja"],
        "marts.dim_answer_option",
        "label_ja",
        "contract_columns",
    ),
]
BREAKS.append(
    (
        "marts.mart_report_reconciliation",
        ["alter table marts.mart_report_reconciliation drop column tolerance"],
        "marts.mart_report_reconciliation",
        "tolerance",
        "contract_columns",
    )
)
BREAKS += [
    (
        f"marts.{d}",
        [f"insert into marts.{d} select * from marts.{d} limit 1"],
        f"marts.{d}",
        k,
        "primary_key_unique",
    )
    for d, k in [
        ("dim_industry", "industry_id"),
        ("dim_company_size", "company_size_id"),
        ("dim_cs_team_size", "cs_team_size_id"),
        ("dim_customer_segment", "customer_segment_id"),
        ("dim_channel", "channel_id"),
        ("dim_ai_capability", "ai_capability_id"),
    ]
]


@pytest.mark.parametrize(
    ("suite", "statements", "table", "column", "rule"), BREAKS, ids=[f"{b[0]}-{b[4]}" for b in BREAKS]
)
def test_every_marts_suite_fails_on_broken_data(
    wh: Path, tmp_path: Path, suite: str, statements: list[str], table: str, column: str, rule: str
) -> None:
    # the clean warehouse passes every suite: test_clean_build_passes_every_suite_and_stores_results
    _sql(wh, *statements)
    run = validate_warehouse(wh, write=False, data_docs=tmp_path / "d1", only=[suite])
    assert not run.success
    lines = [str(p) for p in run.problems]
    hit = [x for x in lines if x.startswith(table) and f": {rule}: " in x and column in x]
    assert hit, lines
    assert all("\n" not in x for x in lines)


def test_every_marts_suite_is_covered_by_a_break(wh: Path) -> None:
    import duckdb as d

    from csx.quality.suites import marts_validations

    con = d.connect(str(wh), read_only=True)
    suites = {v.suite for v in marts_validations(con, 5)}
    con.close()
    assert suites <= {b[0] for b in BREAKS}, suites - {b[0] for b in BREAKS}


def test_cli_validate_names_table_column_rule(
    wh: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from csx.cli import main

    _sql(wh, "update marts.fct_respondent_scores set cx_score = 9 where rowid = 0")
    monkeypatch.setattr(
        sys, "argv", ["csx", "validate", "--warehouse", str(wh), "--data-docs", str(tmp_path / "dd")]
    )
    with pytest.raises(SystemExit) as exc:
        main()
    assert exc.value.code == 1
    err = capsys.readouterr().err
    line = next(x for x in err.splitlines() if "marts.fct_respondent_scores" in x)
    assert "cx_score" in line and "score_in_1_5" in line and "(e.g. 9)" in line
    assert "Traceback" not in err
    con = duckdb.connect(str(wh), read_only=True)
    failed = con.execute(
        'select "table", "column", expectation from marts.data_quality_results where not success'
    ).fetchall()
    assert ("marts.fct_respondent_scores", "cx_score", "expect_column_values_to_be_in_set") in failed


# ------------------------------------------------------------------ landing suite
@pytest.fixture
def landing_case(tmp_path: Path) -> tuple[Path, object]:
    from csx.landing import load_codebook
    from fixtures.landing import factory as f

    return tmp_path, load_codebook(f.write_codebook(tmp_path / "cb"), f.WAVE)


def _landing_problems(
    tmp_path: Path,
    cb: object,
    rows: list[list[str]],
    header: list[str] | None = None,
    bounds: tuple[int, int] | None = (5, 1000),
) -> list[str]:
    from csx.quality.runner import run_validations
    from csx.quality.suites import landing_frame, landing_validation
    from fixtures.landing import factory as f

    path = f.write_wave(tmp_path / "wave_T1.csv", rows, header)
    frame, _ = landing_frame(path, cb.expected_columns())  # type: ignore[attr-defined]
    run = run_validations(landing_validation(frame, str(path), cb, "T1", bounds))
    return [str(p) for p in run.problems]


def test_landing_suite_passes_clean_file(landing_case: tuple[Path, object]) -> None:
    from fixtures.landing import factory as f

    assert _landing_problems(*landing_case, f.rows(30)) == []


LANDING_BREAKS = [
    ("known_option_code", lambda r: r[4].__setitem__(2, "7"), "row 5:column Q1"),
    ("rating_in_1_5", lambda r: r[2].__setitem__(3, "9"), "row 3:column Q2"),
    ("multi_select_form", lambda r: r[1].__setitem__(6, "2"), "row 2:column Q4_2"),
    ("required_answered", lambda r: r[6].__setitem__(4, ""), "row 7:column Q3"),
    ("respondent_id_unique", lambda r: r[3].__setitem__(0, r[2][0]), "column respondent_id"),
    ("respondent_id_present", lambda r: r[3].__setitem__(0, ""), "row 4:column respondent_id"),
]


@pytest.mark.parametrize(("rule", "mutate", "where"), LANDING_BREAKS, ids=[b[0] for b in LANDING_BREAKS])
def test_landing_suite_fails_on_broken_file(
    landing_case: tuple[Path, object], rule: str, mutate, where: str
) -> None:  # type: ignore[no-untyped-def]
    from fixtures.landing import factory as f

    rows = f.rows(30)
    mutate(rows)
    lines = _landing_problems(*landing_case, rows)
    assert any("wave_T1.csv" in x and where in x and f": {rule}: " in x for x in lines), lines


def test_landing_suite_missing_column_and_row_count(landing_case: tuple[Path, object]) -> None:
    from fixtures.landing import factory as f

    rows = [r[:9] for r in f.rows(3)]
    lines = _landing_problems(*landing_case, rows, f.HEADER[:9], bounds=(5, 100))
    assert any(": expected_columns: " in x and "missing column(s) Q5" in x for x in lines), lines
    assert any(": row_count_in_bounds: " in x and "3 rows" in x for x in lines), lines
