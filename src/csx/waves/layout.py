"""Where a wave's files live in a project (derived from a root, so tests and trials can use a copy)."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Layout:
    root: Path

    @property
    def dbt_project(self) -> Path:
        return self.root / "dbt_project.yml"

    @property
    def codebook_dir(self) -> Path:
        return self.root / "seeds" / "codebook"

    @property
    def questions(self) -> Path:
        return self.codebook_dir / "codebook_questions.csv"

    @property
    def options(self) -> Path:
        return self.codebook_dir / "codebook_options.csv"

    @property
    def registry(self) -> Path:
        return self.codebook_dir / "waves.csv"

    @property
    def quarantine(self) -> Path:
        return self.root / "seeds" / "landing" / "quarantined_rows.csv"

    def seed_wave(self, wave_id: str) -> Path:
        return self.root / "seeds" / "waves" / f"wave_{wave_id}.csv"

    def external_rel(self, wave_id: str) -> str:
        return f"data/waves/wave_{wave_id}.parquet"

    def rel(self, p: Path) -> str:
        try:
            return str(p.relative_to(self.root))
        except ValueError:
            return str(p)


def default_layout() -> Layout:
    """The layout of the project the running command uses (csx.paths)."""
    from csx import paths

    return Layout(paths.project_root())


COPY_IGNORE = (
    ".venv",
    "target",
    "build",
    "node_modules",
    "logs",
    ".git",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    "dbt_packages",
    "*.duckdb",
    "*.duckdb.wal",
    ".evidence",
    "*.csx-staged",
    "*.csx-backup",
    ".csx-journal.json",
)


def copy_repo(src: Path, dst: Path) -> Path:
    """Copy the project tree (minus environments, build output and warehouses) to dst, for trials.

    An interrupted `csx wave add/remove` in `src` is finished first (its journal is not copied).
    """
    from csx.waves.journal import recover

    recover(Path(src))
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns(*COPY_IGNORE), symlinks=True)
    return dst
