"""dbt-project-evaluator's rules, evaluated on dbt's manifest (the package itself cannot be installed here).

Each `check_*` returns the violations of one evaluator rule (same names as the package's `fct_*` models),
with the evaluator's default variables except `marts_prefixes`, which adds `mart_` for the analysis marts
(configured the way the evaluator allows, see docs/models.md). Violations listed in
tests/dbt_project_evaluator_exceptions.csv (the evaluator's exceptions seed format) are allowed, each with
its reason. csx adds two rules of its own: every singular test has parents, and only staging reads seeds.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

MODELS_FANOUT_THRESHOLD = 3
TOO_MANY_JOINS_THRESHOLD = 7
CHAINED_VIEWS_THRESHOLD = 5
PREFIXES = {"staging": ("stg_",), "intermediate": ("int_",), "marts": ("fct_", "dim_", "mart_")}
PRIMARY_KEY_TESTS = ({"unique", "not_null"}, {"unique_combination_of_columns"})


class Project:
    def __init__(self, manifest: dict[str, Any]) -> None:
        self.manifest = manifest
        nodes = manifest["nodes"]
        self.models = {
            k: n for k, n in nodes.items() if n["resource_type"] == "model" and n["package_name"] == "csx"
        }
        self.tests = {k: n for k, n in nodes.items() if n["resource_type"] == "test"}
        self.exposures = manifest.get("exposures", {})
        self.parents: dict[str, list[str]] = {
            k: sorted(set(n["depends_on"]["nodes"])) for k, n in self.models.items()
        }
        self.children: dict[str, list[str]] = defaultdict(list)
        for child, parents in self.parents.items():
            for parent in parents:
                self.children[parent].append(child)

    def name(self, unique_id: str) -> str:
        return unique_id.split(".")[-1]

    def model_type(self, unique_id: str) -> str:
        node = self.models[unique_id]
        folder = node["fqn"][1] if len(node["fqn"]) > 2 else ""
        return folder

    def model_children(self, unique_id: str) -> list[str]:
        return [c for c in self.children.get(unique_id, []) if c in self.models]


def check_staging_dependent_on_staging(p: Project) -> list[str]:
    return [
        f"{p.name(c)} -> {p.name(x)}"
        for c in p.models
        if p.model_type(c) == "staging"
        for x in p.parents[c]
        if x in p.models and p.model_type(x) == "staging"
    ]


def check_staging_dependent_on_marts_or_intermediate(p: Project) -> list[str]:
    return [
        f"{p.name(c)} -> {p.name(x)}"
        for c in p.models
        if p.model_type(c) == "staging"
        for x in p.parents[c]
        if x in p.models and p.model_type(x) in ("intermediate", "marts")
    ]


def check_model_fanout(p: Project) -> list[str]:
    """Parents with MODELS_FANOUT_THRESHOLD or more direct children that are models without children."""
    out = []
    for parent in list(p.models) + [k for k in p.manifest["nodes"] if k.startswith("seed.")]:
        leaves = [c for c in p.model_children(parent) if not p.model_children(c)]
        if len(leaves) >= MODELS_FANOUT_THRESHOLD:
            out.append(f"{p.name(parent)}: {', '.join(sorted(p.name(c) for c in leaves))}")
    return out


def check_rejoining_of_upstream_concepts(p: Project) -> list[str]:
    """parent -> child directly and through `middle`, where `middle` has no other child."""
    out = []
    for child, parents in p.parents.items():
        for parent in parents:
            for middle in parents:
                if middle == parent or middle not in p.models:
                    continue
                if parent in p.parents.get(middle, []) and p.model_children(middle) == [child]:
                    out.append(f"{p.name(parent)} -> {p.name(middle)} -> {p.name(child)}")
    return sorted(set(out))


def check_root_models(p: Project) -> list[str]:
    return [p.name(m) for m, parents in p.parents.items() if not parents]


def check_too_many_joins(p: Project) -> list[str]:
    return [
        f"{p.name(m)}: {len(parents)} parents"
        for m, parents in p.parents.items()
        if len(parents) >= TOO_MANY_JOINS_THRESHOLD
    ]


def check_model_naming_conventions(p: Project) -> list[str]:
    return [
        p.name(m)
        for m in p.models
        if not p.name(m).startswith(PREFIXES.get(p.model_type(m), ("<no prefix allowed>",)))
    ]


def check_model_directories(p: Project) -> list[str]:
    """Models in the folder of their prefix's type; staging models in staging/<source>/ named after it."""
    out = []
    for m, node in p.models.items():
        name, path = p.name(m), node["original_file_path"]
        folder = p.model_type(m)
        expected = next((f for f, prefixes in PREFIXES.items() if name.startswith(prefixes)), None)
        if expected != folder:
            out.append(f"{name}: in {folder}/, its prefix belongs in {expected}/")
        if folder == "staging":
            source = Path(path).parent.name
            if not name.startswith(f"stg_{source}__"):
                out.append(f"{name}: in staging/{source}/ but not named stg_{source}__<entity>")
    return out


def check_test_directories(p: Project) -> list[str]:
    """Generic tests are declared in the yml of their model's folder."""
    out = []
    for t in p.tests.values():
        attached = t.get("attached_node")
        if not t.get("test_metadata") or attached not in p.models:
            continue
        model_dir = Path(p.models[attached]["original_file_path"]).parent
        test_dir = Path(t["original_file_path"]).parent
        if model_dir != test_dir:
            out.append(f"{t['name']}: declared in {test_dir}, model in {model_dir}")
    return out


def check_missing_primary_key_tests(p: Project) -> list[str]:
    by_model: dict[str, dict[str | None, set[str]]] = defaultdict(lambda: defaultdict(set))
    for t in p.tests.values():
        meta = t.get("test_metadata")
        if meta and t.get("attached_node") in p.models:
            by_model[t["attached_node"]][t.get("column_name")].add(meta["name"])
    out = []
    for m in p.models:
        tests = by_model.get(m, {})
        ok = any({"unique", "not_null"} <= names for col, names in tests.items() if col) or any(
            "unique_combination_of_columns" in names for names in tests.values()
        )
        if not ok:
            out.append(p.name(m))
    return out


def check_test_coverage(p: Project) -> list[str]:
    tested = {t.get("attached_node") for t in p.tests.values()} | {
        parent for t in p.tests.values() for parent in t["depends_on"]["nodes"]
    }
    return [p.name(m) for m in p.models if m not in tested]


def check_undocumented_models(p: Project) -> list[str]:
    return [p.name(m) for m, n in p.models.items() if not n.get("description", "").strip()]


def check_undocumented_columns(p: Project) -> list[str]:
    """Every column of every model described (the evaluator checks public models; csx checks all)."""
    return [
        f"{p.name(m)}.{c}"
        for m, n in p.models.items()
        for c, col in n.get("columns", {}).items()
        if not col.get("description", "").strip()
    ]


def check_chained_views_dependencies(p: Project) -> list[str]:
    def view_depth(m: str, seen: tuple[str, ...] = ()) -> int:
        if m not in p.models or p.models[m]["config"]["materialized"] not in ("view", "ephemeral"):
            return 0
        return 1 + max((view_depth(x, (*seen, m)) for x in p.parents[m] if x not in seen), default=0)

    return [
        f"{p.name(m)}: {depth} chained views"
        for m in p.models
        if (depth := max((view_depth(x) for x in p.parents[m]), default=0)) > CHAINED_VIEWS_THRESHOLD
    ]


def check_exposure_parents_materializations(p: Project) -> list[str]:
    return [
        f"{e['name']} -> {p.name(x)} ({p.models[x]['config']['materialized']})"
        for e in p.exposures.values()
        for x in e["depends_on"]["nodes"]
        if x in p.models and p.models[x]["config"]["materialized"] in ("view", "ephemeral")
    ]


def check_exposures_dependent_on_private_models(p: Project) -> list[str]:
    return [
        f"{e['name']} -> {p.name(x)}"
        for e in p.exposures.values()
        for x in e["depends_on"]["nodes"]
        if x in p.models and p.models[x].get("access") != "public"
    ]


def check_public_models_without_contract(p: Project) -> list[str]:
    return [
        p.name(m)
        for m, n in p.models.items()
        if n.get("access") == "public" and not n["config"].get("contract", {}).get("enforced")
    ]


_FROM_TABLE = re.compile(r"\b(from|join)\s+(?!\(|{{|\w+\s+as\b)([a-z_][\w]*\.[a-z_][\w]*)", re.IGNORECASE)


def check_hard_coded_references(p: Project) -> list[str]:
    """`from schema.table` written out instead of ref()/source() (Jinja comments stripped)."""
    out = []
    for m, n in p.models.items():
        code = re.sub(r"{#.*?#}", "", n["raw_code"], flags=re.S)
        for hit in _FROM_TABLE.finditer(code):
            out.append(f"{p.name(m)}: {hit.group(2)}")
    return out


def check_singular_tests_have_parents(p: Project) -> list[str]:
    """csx: a singular test without parents runs before anything it checks exists, and passes vacuously."""
    return [
        t["name"] for t in p.tests.values() if not t.get("test_metadata") and not t["depends_on"]["nodes"]
    ]


def check_only_staging_reads_seeds(p: Project) -> list[str]:
    """csx: seeds are the raw inputs; like sources, only staging models read them."""
    return [
        f"{p.name(m)} -> {p.name(x)}"
        for m in p.models
        if p.model_type(m) != "staging"
        for x in p.parents[m]
        if x.startswith("seed.")
    ]


RULES = {
    "fct_staging_dependent_on_staging": check_staging_dependent_on_staging,
    "fct_staging_dependent_on_marts_or_intermediate": check_staging_dependent_on_marts_or_intermediate,
    "fct_model_fanout": check_model_fanout,
    "fct_rejoining_of_upstream_concepts": check_rejoining_of_upstream_concepts,
    "fct_root_models": check_root_models,
    "fct_too_many_joins": check_too_many_joins,
    "fct_model_naming_conventions": check_model_naming_conventions,
    "fct_model_directories": check_model_directories,
    "fct_test_directories": check_test_directories,
    "fct_missing_primary_key_tests": check_missing_primary_key_tests,
    "fct_test_coverage": check_test_coverage,
    "fct_undocumented_models": check_undocumented_models,
    "csx_undocumented_columns": check_undocumented_columns,
    "fct_chained_views_dependencies": check_chained_views_dependencies,
    "fct_exposure_parents_materializations": check_exposure_parents_materializations,
    "fct_exposures_dependent_on_private_models": check_exposures_dependent_on_private_models,
    "fct_public_models_without_contract": check_public_models_without_contract,
    "fct_hard_coded_references": check_hard_coded_references,
    "csx_singular_tests_have_parents": check_singular_tests_have_parents,
    "csx_only_staging_reads_seeds": check_only_staging_reads_seeds,
}


def exceptions(path: Path) -> dict[str, set[str]]:
    """Allowed violations: rule (`fct_name`) -> model names (`id_to_exclude`), each with a `comment`."""
    allowed: dict[str, set[str]] = defaultdict(set)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if not (row.get("comment") or "").strip():
                raise ValueError(f"{path}: exception {row} has no comment saying why")
            allowed[row["fct_name"]].add(row["id_to_exclude"])
    return allowed


def violations(manifest: dict[str, Any], exceptions_file: Path) -> dict[str, list[str]]:
    project = Project(manifest)
    allowed = exceptions(exceptions_file)
    out = {}
    for rule, check in RULES.items():
        found = [v for v in check(project) if v.split(":")[0].split(" ")[0] not in allowed.get(rule, set())]
        if found:
            out[rule] = found
    return out
