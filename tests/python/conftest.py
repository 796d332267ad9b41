"""Shared fixtures. One warehouse is built per test session from the shipped seeds and reused."""

from __future__ import annotations

from pathlib import Path

import pytest

from csx.paths import REPO_ROOT


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A DuckDB warehouse built by `dbt build` (seeds, models, dbt tests) from the shipped seeds."""
    from csx.dbt import run_dbt

    path = tmp_path_factory.mktemp("warehouse") / "warehouse.duckdb"
    run_dbt(["build"], warehouse=path, quiet=True)  # releases the file: no WAL, copies are complete
    return path
