"""Great Expectations suites: GE's SQL path on DuckDB computes real metrics, every suite fails on deliberately
broken data, and failures name table (or file), row, column and rule."""

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
    """Checkpoint (fold any WAL into the file), then copy the single file (same file name: views resolve)."""
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


def test_gx_sql_path_returns_real_metrics(tmp_path: Path) -> None:
    """GE's own SQL engine on DuckDB (csx.quality.gx_duckdb): observed values, counts and examples are real,
    for clean and for bad data (stock GE returns empty metrics on DuckDB and fails every expectation)."""
    import great_expectations.expectations as gxe

    from csx.quality.runner import run_validations
    from csx.quality.validation import Validation, unexpected_rows

    db = tmp_path / "t.duckdb"
    _sql(db, "create table t as select range as id, 1 + range % 5 as score from range(1000)")
    _sql(db, "update t set score = 9 where id in (7, 700)")
    checks = [
        gxe.ExpectTableRowCountToBeBetween(min_value=1000, max_value=1000, meta={"rule": "rows"}),
        gxe.ExpectColumnValuesToBeUnique(column="id", meta={"rule": "id_unique"}),
        gxe.ExpectColumnValuesToBeBetween(
            column="score", min_value=1, max_value=5, meta={"rule": "score_1_5"}
        ),
    ]
    rows = [
        unexpected_rows(
            "select id as source_row, score as value from {batch} where score > 5", "t", "score", "score_rows"
        )
    ]
    run = run_validations(
        [
            (
                db,
                [
                    Validation("t", "t", "select * from t", checks),
                    Validation("t.rows", "t", "select * from t", rows, rows_query=True),
                ],
            )
        ]
    )
    by_rule = {r["details"].split('"rule": "')[1].split('"')[0]: r for r in run.rows}
    assert by_rule["rows"]["success"] and by_rule["rows"]["observed"] == "1000"
    assert by_rule["id_unique"]["success"]
    assert not by_rule["score_1_5"]["success"] and by_rule["score_1_5"]["observed"] == "2 of 1000 unexpected"
    messages = [str(p) for p in run.problems]
    assert any(m.startswith("t:column score: score_1_5:") and "(e.g. 9, 9)" in m for m in messages), messages
    assert any(m.startswith("t:row 7:column score: score_rows: 2 unexpected row(s)") for m in messages), (
        messages
    )


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
    assert n == run.expectations and ok and suites >= 30
    con.close()


T = "marts.mart_option_scores"
FIRST = "rowid = (select min(rowid) from {t} where {condition})"
BREAKS = [
    # suite, statements, table, column, rule
    (
        "marts.fct_respondent_scores.rows",
        ["update marts.fct_respondent_scores set cx_score = 9 where rowid = 0"],
        "marts.fct_respondent_scores",
        "cx_score",
        "accepted_range",
    ),
    (
        "marts.fct_respondent_scores.rows",
        ["update marts.fct_respondent_scores set industry_id = 'martians' where rowid = 1"],
        "marts.fct_respondent_scores",
        "industry_id",
        "foreign_key_in_dim_industry",
    ),
    (
        "marts.fct_respondent_scores",
        ["insert into marts.fct_respondent_scores select * from marts.fct_respondent_scores limit 1"],
        "marts.fct_respondent_scores",
        "respondent_key",
        "primary_key_unique",
    ),
    (
        "marts.fct_survey_responses",
        [
            "create or replace view marts.fct_survey_responses as "
            "select wave_id from marts.fct_respondent_scores"
        ],
        "marts.fct_survey_responses",
        "option_code",
        "contract_columns",
    ),
    (
        f"{T}.rows",
        [f"update {T} set share = 1.5 where " + FIRST.format(t=T, condition="share is not null")],
        T,
        "share",
        "accepted_range",
    ),
    (
        f"{T}.rows",
        [f"update {T} set avg_ex = 7 where " + FIRST.format(t=T, condition="avg_ex is not null")],
        T,
        "avg_ex",
        "accepted_range",
    ),
    (
        f"{T}.rows",
        [f"update {T} set share_ci_low = share + 0.01 where " + FIRST.format(t=T, condition="share < 0.9")],
        T,
        "share_ci_low",
        "interval_contains_point",
    ),
    (
        f"{T}.rows",
        [f"update {T} set question_type = 'essay' where rowid = 0"],
        T,
        "question_type",
        "accepted_values",
    ),
    (f"{T}.rows", [f"update {T} set option_id = null where rowid = 0"], T, "option_id", "not_null"),
    (
        f"{T}.rows",
        [f"update {T} set wave_id = '1999' where rowid = 0"],
        T,
        "wave_id",
        "foreign_key_in_dim_wave",
    ),
    (T, [f"insert into {T} select * from {T} limit 1"], T, "option_score_key", "primary_key_unique"),
    (
        f"{T}.share_sums",
        [
            f"update {T} set share = share * 0.5 where "
            + FIRST.format(
                t=T, condition="segment_question_id = 'total' and question_type = 'single' and share > 0.2"
            )
        ],
        T,
        "share",
        "single_choice_shares_sum_to_1",
    ),
    (
        f"{T}.min_cell_size",
        [f"update {T} set respondents_n = 2 where " + FIRST.format(t=T, condition="share is not null")],
        T,
        "respondents_n",
        "min_cell_size_k5",
    ),
    (
        f"{T}.disclosure",
        [
            f"update {T} set suppressed = false, respondents_n = 7, base_n = 9 where "
            + FIRST.format(
                t=T, condition="suppressed and question_type = 'single' and segment_option_id = 'all'"
            )
        ],
        T,
        "options,segments,bases",
        "suppressed_cell_derivable",
    ),
    (
        f"{T}.suppressed_null",
        [f"update {T} set share = 0.5 where " + FIRST.format(t=T, condition="suppressed")],
        T,
        "share",
        "suppressed_metric_is_null",
    ),
    (
        "marts.mart_wave_summary.rows",
        ["update marts.mart_wave_summary set avg_ox = 0.5 where rowid = 0"],
        "marts.mart_wave_summary",
        "avg_ox",
        "accepted_range",
    ),
    (
        "marts.mart_wave_summary",
        ["insert into marts.mart_wave_summary select * from marts.mart_wave_summary limit 1"],
        "marts.mart_wave_summary",
        "wave_id",
        "primary_key_unique",
    ),
    (
        "marts.mart_wave_summary.min_cell_size",
        ["update marts.mart_wave_summary set respondents_n = 3 where rowid = 0"],
        "marts.mart_wave_summary",
        "respondents_n",
        "min_cell_size_k5",
    ),
    (
        "marts.mart_wave_trends.rows",
        ["update marts.mart_wave_trends set previous_share = -0.2 where rowid = 0"],
        "marts.mart_wave_trends",
        "previous_share",
        "accepted_range",
    ),
    (
        "marts.mart_wave_trends",
        ["update marts.mart_wave_trends set trend_key = null where rowid = 0"],
        "marts.mart_wave_trends",
        "trend_key",
        "primary_key_not_null",
    ),
    (
        "marts.mart_wave_trends.min_cell_size",
        [
            "update marts.mart_wave_trends set respondents_n = 1 where "
            + FIRST.format(t="marts.mart_wave_trends", condition="share is not null")
        ],
        "marts.mart_wave_trends",
        "respondents_n",
        "min_cell_size_k5",
    ),
    (
        "marts.mart_report_reconciliation.misses_explained",
        [
            "update marts.mart_report_reconciliation "
            "set within_printed_precision = false, contradiction = null where "
            + FIRST.format(t="marts.mart_report_reconciliation", condition="within_printed_precision")
        ],
        "marts.mart_report_reconciliation",
        "contradiction",
        "miss_only_with_contradiction",
    ),
    (
        "marts.mart_report_reconciliation",
        ["alter table marts.mart_report_reconciliation drop column tolerance"],
        "marts.mart_report_reconciliation",
        "tolerance",
        "contract_columns",
    ),
    (
        "marts.mart_report_reconciliation.rows",
        ["update marts.mart_report_reconciliation set metric = 'vibes' where rowid = 0"],
        "marts.mart_report_reconciliation",
        "metric",
        "accepted_values",
    ),
    (
        "marts.mart_question_coverage.rows",
        ["update marts.mart_question_coverage set question_id = 'ghost' where rowid = 0"],
        "marts.mart_question_coverage",
        "question_id",
        "foreign_key_in_dim_question",
    ),
    (
        "marts.mart_question_coverage",
        ["update marts.mart_question_coverage set question_id = null where rowid = 0"],
        "marts.mart_question_coverage",
        "question_id",
        "primary_key_not_null",
    ),
    (
        "marts.dim_question",
        ["update marts.dim_question set question_id = null where rowid = 0"],
        "marts.dim_question",
        "question_id",
        "primary_key_not_null",
    ),
    (
        "marts.dim_question.rows",
        ["update marts.dim_question set section = 'misc' where rowid = 0"],
        "marts.dim_question",
        "section",
        "accepted_values",
    ),
    (
        "marts.dim_answer_option",
        ["alter table marts.dim_answer_option drop column label_ja"],
        "marts.dim_answer_option",
        "label_ja",
        "contract_columns",
    ),
    (
        "marts.dim_answer_option.rows",
        ["update marts.dim_answer_option set question_id = 'ghost' where rowid = 0"],
        "marts.dim_answer_option",
        "question_id",
        "foreign_key_in_dim_question",
    ),
]
DIMENSIONS = {
    "dim_wave": "wave_id", "dim_industry": "industry_id", "dim_company_size": "company_size_id",
    "dim_cs_team_size": "cs_team_size_id", "dim_customer_segment": "customer_segment_id",
    "dim_ai_use": "ai_use_id",
    "dim_channel": "channel_id", "dim_ai_capability": "ai_capability_id",
    "dim_weighting_scheme": "weighting_scheme",
}  # fmt: skip
BREAKS += [
    (
        f"marts.{d}",
        [f"insert into marts.{d} select * from marts.{d} limit 1"],
        f"marts.{d}",
        k,
        "primary_key_unique",
    )
    for d, k in DIMENSIONS.items()
]
BREAKS += [
    (
        f"marts.{d}.rows",
        [f"update marts.{d} set label_en = null where rowid = 0"],
        f"marts.{d}",
        "label_en",
        "not_null",
    )
    for d in [*DIMENSIONS, "dim_question", "dim_segment"]
]
BREAKS += [
    ("marts.dim_segment", ["insert into marts.dim_segment select * from marts.dim_segment limit 1"],
     "marts.dim_segment", "segment_question_id,segment_option_id", "primary_key_unique"),
    ("marts.fct_respondent_weights",
     ["insert into marts.fct_respondent_weights select * from marts.fct_respondent_weights limit 1"],
     "marts.fct_respondent_weights", "wave_id,respondent_id,weighting_scheme", "primary_key_unique"),
    ("marts.fct_respondent_weights.rows",
     ["update marts.fct_respondent_weights set weight = null where rowid = 0"],
     "marts.fct_respondent_weights", "weight", "not_null"),
    ("marts.mart_weighting_diagnostics",
     ["update marts.mart_weighting_diagnostics set weighting_diagnostic_key = null where rowid = 0"],
     "marts.mart_weighting_diagnostics", "weighting_diagnostic_key", "primary_key_not_null"),
    ("marts.mart_weighting_diagnostics.rows",
     ["update marts.mart_weighting_diagnostics set design_effect = null where rowid = 0"],
     "marts.mart_weighting_diagnostics", "design_effect", "not_null"),
    ("marts.mart_rating_scores",
     ["update marts.mart_rating_scores set rating_score_key = null where rowid = 0"],
     "marts.mart_rating_scores", "rating_score_key", "primary_key_not_null"),
    ("marts.mart_rating_scores.rows",
     ["update marts.mart_rating_scores set scale_min = null where rowid = 0"],
     "marts.mart_rating_scores", "scale_min", "not_null"),
    ("marts.mart_rating_trends",
     ["update marts.mart_rating_trends set rating_trend_key = null where rowid = 0"],
     "marts.mart_rating_trends", "rating_trend_key", "primary_key_not_null"),
    ("marts.mart_rating_trends.rows",
     ["update marts.mart_rating_trends set comparison = null where rowid = 0"],
     "marts.mart_rating_trends", "comparison", "not_null"),
    ("marts.mart_value_provenance",
     ["update marts.mart_value_provenance set provenance_key = null where rowid = 0"],
     "marts.mart_value_provenance", "provenance_key", "primary_key_not_null"),
    ("marts.mart_value_provenance.rows",
     ["update marts.mart_value_provenance set provenance = null where rowid = 0"],
     "marts.mart_value_provenance", "provenance", "not_null"),
]  # fmt: skip


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
    column_ok = (
        (lambda x: True)
        if "," in column
        else (lambda x: f"column {column}" in x or column in x.split(": ")[-1])
    )
    hit = [x for x in lines if x.startswith(table) and f": {rule}: " in x and column_ok(x)]
    assert hit, lines
    assert all("\n" not in x for x in lines)


def test_every_marts_suite_is_covered_by_a_break(wh: Path) -> None:
    from csx.quality.manifest import current_manifest, mart_rules
    from csx.quality.marts import marts_validations

    con = duckdb.connect(str(wh), read_only=True)
    existing = {
        f"{s}.{t}"
        for s, t in con.execute("select table_schema, table_name from information_schema.tables").fetchall()
    }
    con.close()
    rules = mart_rules(current_manifest())
    suites = {v.suite for v in marts_validations(rules, lambda m, c: (f"marts.{m}", c), existing, 5)}
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
    line = next(x for x in err.splitlines() if x.startswith("marts.fct_respondent_scores"))
    assert "column cx_score: accepted_range: 1 unexpected row(s): cx_score '9'" in line, line
    assert "Traceback" not in err
    con = duckdb.connect(str(wh), read_only=True)
    failed = con.execute(
        'select "table", expectation from marts.data_quality_results where not success'
    ).fetchall()
    con.close()
    assert ("marts.fct_respondent_scores", "unexpected_rows_expectation") in failed


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
    from csx.landing.reader import read_raw
    from csx.quality.landing import landing_validations, load_frame
    from csx.quality.runner import run_validations
    from fixtures.landing import factory as f

    path = f.write_wave(tmp_path / "wave_T1.csv", rows, header)
    raw = read_raw(path, cb.expected_columns())  # type: ignore[attr-defined]
    db = tmp_path / "landing.duckdb"
    load_frame(db, raw.data, raw.source_rows)
    validations = landing_validations(str(path), cb, "T1", bounds, list(raw.data.columns))
    return [str(p) for p in run_validations([(db, validations)]).problems]


def test_landing_suite_passes_clean_file(landing_case: tuple[Path, object]) -> None:
    from fixtures.landing import factory as f

    assert _landing_problems(*landing_case, f.rows(30)) == []


LANDING_BREAKS = [
    ("known_option_code", lambda r: r[4].__setitem__(2, "7"), "row 5:column Q1"),
    ("rating_in_scale", lambda r: r[2].__setitem__(3, "9"), "row 3:column Q2"),
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
    assert not any("could not run" in x for x in lines), lines
