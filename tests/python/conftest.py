"""Shared fixtures. One warehouse is built per test session from the shipped seeds and reused."""

from __future__ import annotations

from pathlib import Path

import pytest

from csx.paths import REPO_ROOT

# Hypothesis profiles (tests/python/test_fuzz_landing.py): `fast` in `make test`, `fuzz` in `make fuzz`
# (CSX_HYPOTHESIS_PROFILE=fuzz). Examples are kept under build/ (gitignored) to replay failures.
try:
    import os

    from hypothesis import HealthCheck, settings
    from hypothesis.database import DirectoryBasedExampleDatabase

    _db = DirectoryBasedExampleDatabase(str(REPO_ROOT / "build" / "hypothesis"))
    _slow_ok = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
    settings.register_profile(
        "fast", max_examples=120, deadline=None, database=_db, suppress_health_check=_slow_ok
    )
    settings.register_profile(
        "fuzz", max_examples=3000, deadline=None, database=_db, suppress_health_check=_slow_ok
    )
    settings.load_profile(os.environ.get("CSX_HYPOTHESIS_PROFILE", "fast"))
except ModuleNotFoundError:  # pragma: no cover - hypothesis is in requirements.lock
    pass


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
