"""Where things live. Every path is absolute and derived from the repository root."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(os.environ.get("CSX_REPO_ROOT", Path(__file__).resolve().parents[2])).resolve()

SEEDS_DIR = REPO_ROOT / "seeds"
WAVES_DIR = SEEDS_DIR / "waves"
CODEBOOK_DIR = SEEDS_DIR / "codebook"
REFERENCE_DIR = SEEDS_DIR / "reference"
LANDING_DIR = SEEDS_DIR / "landing"
MODELS_DIR = REPO_ROOT / "models"
DASHBOARDS_DIR = REPO_ROOT / "dashboards"
BUILD_DIR = REPO_ROOT / "build"
DBT_PROJECT_FILE = REPO_ROOT / "dbt_project.yml"

CODEBOOK_QUESTIONS = CODEBOOK_DIR / "codebook_questions.csv"
CODEBOOK_OPTIONS = CODEBOOK_DIR / "codebook_options.csv"
WAVES_REGISTRY = CODEBOOK_DIR / "waves.csv"
PUBLISHED_FIGURES = REFERENCE_DIR / "published_figures.csv"
PUBLISHED_FIGURE_OPTIONS = REFERENCE_DIR / "published_figure_options.csv"


def wave_file(wave_id: str) -> Path:
    return WAVES_DIR / f"wave_{wave_id}.csv"


def warehouse_path() -> Path:
    """The published warehouse: $CSX_WAREHOUSE or warehouse.duckdb at the repo root."""
    p = Path(os.environ.get("CSX_WAREHOUSE", REPO_ROOT / "warehouse.duckdb"))
    return p if p.is_absolute() else (REPO_ROOT / p).resolve()
