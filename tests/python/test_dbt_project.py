"""Conventions of the dbt project, checked from the manifest of `dbt parse` (no warehouse needed),
plus a few facts about the built warehouse (shared `built_warehouse` fixture)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from csx.paths import REPO_ROOT

MARTS_WITH_RESPONDENT_IDS = {"fct_survey_responses", "fct_respondent_scores", "fct_respondent_weights"}
PREFIX_BY_FOLDER = {
    "staging": re.compile(r"^stg_[a-z0-9]+__[a-z0-9_]+$"),
    "intermediate": re.compile(r"^int_[a-z0-9_]+$"),
    "marts": re.compile(r"^(dim|fct|mart)_[a-z0-9_]+$"),
}
MATERIALIZATION_BY_FOLDER = {
    "staging": {"view"},
    "intermediate": {"view", "table", "incremental"},
    "marts": {"table", "incremental", "view"},
}
CONTRACT_MARTS = {
    "dim_wave", "dim_question", "dim_answer_option", "dim_industry", "dim_company_size",
    "dim_cs_team_size", "dim_customer_segment", "dim_ai_use", "dim_segment", "dim_channel",
    "dim_ai_capability",
    "fct_survey_responses", "fct_respondent_scores", "mart_option_scores", "mart_wave_summary",
    "mart_report_reconciliation", "mart_wave_trends", "mart_question_coverage",
}  # fmt: skip


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> dict:
    from dbt.cli.main import dbtRunner

    target = tmp_path_factory.mktemp("dbt_target")
    res = dbtRunner().invoke(
        [
            "parse",
            "--project-dir", str(REPO_ROOT),
            "--profiles-dir", str(REPO_ROOT),
            "--target-path", str(target),
            "--log-path", str(target),
            "--no-partial-parse",
        ]
    )  # fmt: skip
    assert res.success, res.exception
    return json.loads((target / "manifest.json").read_text())


def _models(manifest: dict) -> list[dict]:
    return [
        n for n in manifest["nodes"].values() if n["resource_type"] == "model" and n["package_name"] == "csx"
    ]


def _folder(node: dict) -> str:
    return node["fqn"][1]


def _tests_on(manifest: dict, unique_id: str) -> list[dict]:
    return [
        n
        for n in manifest["nodes"].values()
        if n["resource_type"] == "test" and n.get("attached_node") == unique_id
    ]


RULE_IDS = list(__import__("project_rules").RULES)


@pytest.mark.parametrize("rule", RULE_IDS)
def test_dbt_project_evaluator_rule(manifest: dict, rule: str) -> None:
    """dbt-project-evaluator's rules (and csx's own two) report no violation beyond the listed exceptions."""
    import project_rules

    found = project_rules.violations(manifest, REPO_ROOT / "tests" / "dbt_project_evaluator_exceptions.csv")
    assert rule not in found, found[rule]


def test_evaluator_rules_catch_violations(manifest: dict) -> None:
    """The checks can fail: a manifest edited to break each rule is caught."""
    import copy

    import project_rules

    broken = copy.deepcopy(manifest)
    nodes = broken["nodes"]
    options = nodes["model.csx.stg_survey__options"]
    options["depends_on"]["nodes"].append("model.csx.stg_survey__questions")  # staging -> staging
    test = next(n for n in nodes.values() if n["resource_type"] == "test" and not n.get("test_metadata"))
    test["depends_on"]["nodes"] = []  # a singular test without parents
    nodes["model.csx.dim_wave"]["access"] = "protected"  # exposure on a private model
    found = project_rules.violations(broken, REPO_ROOT / "tests" / "dbt_project_evaluator_exceptions.csv")
    assert "fct_staging_dependent_on_staging" in found
    assert "csx_singular_tests_have_parents" in found
    assert "fct_exposures_dependent_on_private_models" in found


def test_naming_and_materialization_follow_the_folder(manifest: dict) -> None:
    problems = []
    for model in _models(manifest):
        folder = _folder(model)
        assert folder in PREFIX_BY_FOLDER, f"{model['name']}: unexpected folder {folder}"
        if not PREFIX_BY_FOLDER[folder].match(model["name"]):
            problems.append(f"{model['name']}: name does not match {folder} convention")
        if model["config"]["materialized"] not in MATERIALIZATION_BY_FOLDER[folder]:
            problems.append(f"{model['name']}: materialized {model['config']['materialized']}")
        if model["schema"] != folder:
            problems.append(f"{model['name']}: schema {model['schema']} (expected {folder})")
        # one _<dir>__models.yml per folder, next to the model
        directory = Path(model["original_file_path"]).parent
        expected_yml = directory / f"_{directory.name}__models.yml"
        if model["patch_path"] is None or not model["patch_path"].endswith(str(expected_yml)):
            problems.append(f"{model['name']}: documented in {model['patch_path']}, expected {expected_yml}")
    assert not problems, "\n".join(problems)


def test_staging_models_are_named_after_their_source_folder(manifest: dict) -> None:
    for model in _models(manifest):
        if _folder(model) == "staging":
            source = Path(model["original_file_path"]).parent.name
            assert model["name"].startswith(f"stg_{source}__"), model["name"]


def test_marts_contracts_are_enforced_with_types(manifest: dict) -> None:
    marts = {m["name"]: m for m in _models(manifest) if _folder(m) == "marts"}
    assert set(marts) >= CONTRACT_MARTS, f"missing marts: {CONTRACT_MARTS - set(marts)}"
    for name, model in marts.items():
        assert model["config"]["contract"]["enforced"], f"{name}: contract not enforced"
        untyped = [c for c, col in model["columns"].items() if not col.get("data_type")]
        assert not untyped, f"{name}: columns without data_type: {untyped}"


def test_respondent_ids_only_in_the_fact_tables(manifest: dict) -> None:
    offenders = [
        m["name"]
        for m in _models(manifest)
        if _folder(m) == "marts"
        and "respondent_id" in m["columns"]
        and m["name"] not in MARTS_WITH_RESPONDENT_IDS
    ]
    assert not offenders


def test_unit_tests_cover_recode_ci_and_trend_tests(manifest: dict) -> None:
    tested_models = {u["model"] for u in manifest["unit_tests"].values()}
    assert {
        "stg_survey__responses", "int_option_scores_aggregated", "mart_option_scores", "mart_wave_trends"
    } <= tested_models  # fmt: skip


def test_singular_test_on_respondent_ids_depends_on_every_mart(manifest: dict) -> None:
    """assert_no_respondent_ids_outside_facts must run after every marts model other than the facts."""
    test = next(
        n for n in manifest["nodes"].values() if n["name"] == "assert_no_respondent_ids_outside_facts"
    )
    marts = {
        m["unique_id"]
        for m in _models(manifest)
        if _folder(m) == "marts" and not m["name"].startswith("fct_")
    }
    assert marts <= set(test["depends_on"]["nodes"]), marts - set(test["depends_on"]["nodes"])


def test_models_use_no_duckdb_only_syntax() -> None:
    """Portability: the patterns stack.md lists as failing on Spark must not appear in models."""
    forbidden = {
        "::": re.compile(r"::"),
        "exclude": re.compile(r"\*\s*exclude\b", re.I),
        "double precision": re.compile(r"double precision", re.I),
        "string_agg": re.compile(r"\bstring_agg\b", re.I),
        "list()": re.compile(r"\blist\(", re.I),
        "unnest": re.compile(r"\bunnest\b", re.I),
        "strftime": re.compile(r"\bstrftime\b", re.I),
        "dbt.type_float": re.compile(r"type_float", re.I),
    }
    hits = []
    for path in sorted((REPO_ROOT / "models").rglob("*.sql")):
        text = path.read_text()
        hits += [
            f"{path.relative_to(REPO_ROOT)}: {name}" for name, rx in forbidden.items() if rx.search(text)
        ]
    assert not hits, hits


@pytest.mark.slow
def test_built_warehouse_reconciles_and_has_every_mart(built_warehouse: Path) -> None:
    import duckdb

    con = duckdb.connect(str(built_warehouse), read_only=True)
    try:
        tables = {
            r[0]
            for r in con.execute(
                "select table_name from information_schema.tables where table_schema = 'marts'"
            ).fetchall()
        }
        assert tables >= CONTRACT_MARTS
        unexplained = con.execute(
            "select count(*) from marts.mart_report_reconciliation "
            "where not within_printed_precision and contradiction is null"
        ).fetchone()[0]
        assert unexplained == 0
        graph_6 = con.execute(
            "select count(*) from marts.mart_option_scores where wave_id = '2025' "
            "and segment_question_id = 'industry' and question_id = 'ai_use' and option_id = 'yes'"
        ).fetchone()[0]
        assert graph_6 >= 8
    finally:
        con.close()
