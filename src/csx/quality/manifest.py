"""What the marts promise, read from dbt's manifest (target/manifest.json) instead of restated in Python.

For every public model of the `marts` group: its contract columns, and the rules its dbt tests declare
(primary keys, not-null columns, relationships, accepted ranges and values). The Great Expectations suites
(csx.quality.marts) are generated from this, so a column or test added in _marts__models.yml reaches the
publishing gate with no Python change.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csx.errors import CsxError


@dataclass
class Relationship:
    column: str
    to_model: str
    to_column: str


@dataclass
class MartRules:
    name: str
    schema: str
    materialized: str
    columns: list[str] = field(default_factory=list)
    primary_key: list[str] = field(default_factory=list)
    unique: list[str] = field(default_factory=list)
    not_null: list[str] = field(default_factory=list)
    relationships: list[Relationship] = field(default_factory=list)
    ranges: list[tuple[str, float | None, float | None]] = field(default_factory=list)
    accepted_values: list[tuple[str, list[Any]]] = field(default_factory=list)

    @property
    def relation(self) -> str:
        return f"{self.schema}.{self.name}"


_REF = re.compile(r"ref\(\s*['\"]([^'\"]+)['\"]\s*\)")


def load_manifest(path: Path) -> dict[str, Any]:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CsxError.single(str(path), "manifest", f"cannot read dbt's manifest ({exc})") from None


def mart_rules(manifest: dict[str, Any], group: str = "marts") -> dict[str, MartRules]:
    """Rules of every public model of `group`, by model name."""
    rules: dict[str, MartRules] = {}
    for node in manifest.get("nodes", {}).values():
        if node.get("resource_type") != "model" or node.get("group") != group:
            continue
        if node.get("access") != "public":
            continue
        rules[node["name"]] = MartRules(
            name=node["name"],
            schema=node["schema"],
            materialized=node["config"].get("materialized", "table"),
            columns=list(node.get("columns", {})),
        )
    by_id = {f"model.{n['package_name']}.{n['name']}": n["name"] for n in manifest["nodes"].values()}
    for node in manifest.get("nodes", {}).values():
        if node.get("resource_type") != "test" or not node.get("test_metadata"):
            continue
        model = by_id.get(node.get("attached_node") or "")
        if model in rules:
            _add_test(rules[model], node)
    return rules


def _add_test(rule: MartRules, node: dict[str, Any]) -> None:
    meta = node["test_metadata"]
    name, kwargs = meta["name"], meta.get("kwargs", {})
    column = node.get("column_name") or kwargs.get("column_name")
    if name == "unique_combination_of_columns" and not rule.primary_key:
        rule.primary_key = list(kwargs.get("combination_of_columns") or [])
    elif name == "unique" and column:
        rule.unique.append(column)
    elif name == "not_null" and column:
        rule.not_null.append(column)
    elif name == "not_null_columns":
        rule.not_null += list(kwargs.get("columns") or [])
    elif name == "relationships" and column:
        target = _REF.search(str(kwargs.get("to", "")))
        if target:
            rule.relationships.append(Relationship(column, target.group(1), str(kwargs.get("field"))))
    elif name == "accepted_range" and column:
        rule.ranges.append((column, kwargs.get("min_value"), kwargs.get("max_value")))
    elif name == "accepted_ranges":
        rule.ranges += [(c, bounds[0], bounds[1]) for c, bounds in (kwargs.get("ranges") or {}).items()]
    elif name == "accepted_values" and column:
        rule.accepted_values.append((column, list(kwargs.get("values") or [])))


def default_manifest_path() -> Path:
    """target/manifest.json, or under `$DBT_TARGET_PATH` (relative to the project) where dbt writes it."""
    import os

    from csx import paths

    return paths.REPO_ROOT / os.environ.get("DBT_TARGET_PATH", "target") / "manifest.json"


def current_manifest() -> dict[str, Any]:
    """The project's manifest, parsed by dbt when it is missing or older than the project's yml files."""
    from csx import paths

    path = default_manifest_path()
    newest = max(
        (p.stat().st_mtime for p in (paths.REPO_ROOT / "models").rglob("*.yml")),
        default=0.0,
    )
    if not path.exists() or path.stat().st_mtime < newest:
        from csx.dbt import run_dbt

        run_dbt(["parse"], quiet=True)
    return load_manifest(path)
