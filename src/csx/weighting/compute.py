"""`csx weights compute`: every scheme x wave raked, written where the dbt sources read them.

Output (directory `$CSX_WEIGHTS_DIR`, default `build/weights/` in the project):
- `respondent_weights.parquet`: wave_id, respondent_id, weighting_scheme, weight
  (source of fct_respondent_weights)
- `weighting_runs.parquet`: wave_id, weighting_scheme, iterations, converged, max_margin_error, raked_n,
  missing_margin_n, trim_min, trim_max, tolerance, library (source of mart_weighting_diagnostics)
Both are written to a temporary name and renamed, so a failed run never leaves half a file.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from csx.errors import CsxError
from csx.weighting.answers import Wave, read_margin_answers
from csx.weighting.rake import rake_wave
from csx.weighting.schemes import ALL, Scheme, read_schemes

ENV_DIR = "CSX_WEIGHTS_DIR"
WEIGHTS_FILE = "respondent_weights.parquet"
RUNS_FILE = "weighting_runs.parquet"


def weights_dir(root: Path) -> Path:
    """Where the weights are written and read: $CSX_WEIGHTS_DIR, else build/weights in the project."""
    configured = os.environ.get(ENV_DIR)
    return Path(configured) if configured else root / "build" / "weights"


def _project_vars(root: Path) -> tuple[list[str], list[Wave]]:
    import yaml

    doc = yaml.safe_load((root / "dbt_project.yml").read_text(encoding="utf-8")) or {}
    variables = doc.get("vars") or {}
    waves = []
    for entry in variables.get("csx_waves") or []:
        wave_id = str(entry["wave_id"])
        if entry.get("storage", "seed") == "external":
            path = str(entry["path"])
            file = Path(path) if path.startswith("/") else root / path
            waves.append(Wave(wave_id, file, path))
        else:
            waves.append(
                Wave(
                    wave_id,
                    root / "seeds" / "waves" / f"wave_{wave_id}.csv",
                    f"seeds/waves/wave_{wave_id}.csv",
                )
            )
    return [str(q) for q in variables.get("csx_segment_questions") or []], waves


def _source_shares(frame: pd.DataFrame, question: str) -> dict[str, float]:
    answered = frame[question].dropna()
    if answered.empty:
        return {}
    return {str(k): float(v) for k, v in answered.value_counts(normalize=True).sort_index().items()}


def targets_for(
    scheme: Scheme, wave_id: str, answers: dict[str, pd.DataFrame]
) -> dict[str, dict[str, float]]:
    """{question: {option: share}} for one wave; shares of a margin normalised to sum to 1."""
    targets: dict[str, dict[str, float]] = {}
    for row in scheme.rows_for(wave_id):
        shares = targets.setdefault(row.question_id, {})
        if row.option_id == ALL and row.source_wave_id is not None:
            shares.update(_source_shares(answers[row.source_wave_id], row.question_id))
        elif row.target_share is not None:
            shares[row.option_id] = row.target_share
    for question, shares in targets.items():
        total = sum(shares.values())
        if total <= 0:
            raise CsxError.single(
                "seeds/reference/weighting_targets.csv",
                "weighting",
                f"scheme {scheme.name}, wave {wave_id}, margin {question}: the targets add up to nothing",
            )
        targets[question] = {o: s / total for o, s in shares.items()}
    return targets


def compute_weights(root: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(respondent weights, one run row per wave x scheme); CsxError naming scheme, wave and margin."""
    import weightipy

    segment_questions, waves = _project_vars(root)
    schemes = read_schemes(root, segment_questions, [w.wave_id for w in waves])
    margin_questions = list(dict.fromkeys(t.question_id for s in schemes for t in s.targets))
    answers = {w.wave_id: read_margin_answers(root, w, margin_questions) for w in waves}
    weight_frames, runs = [], []
    for scheme in schemes:
        for wave in waves:
            frame = answers[wave.wave_id]
            targets = targets_for(scheme, wave.wave_id, answers)
            result = rake_wave(
                frame,
                targets,
                scheme=scheme.name,
                wave_id=wave.wave_id,
                trim_min=scheme.trim_min,
                trim_max=scheme.trim_max,
                tolerance=scheme.tolerance,
                max_iterations=scheme.max_iterations,
            )
            weight_frames.append(
                pd.DataFrame(
                    {
                        "wave_id": wave.wave_id,
                        "respondent_id": frame["respondent_id"].astype(str).to_numpy(),
                        "weighting_scheme": scheme.name,
                        "weight": result.weights.astype(np.float64),
                    }
                )
            )
            runs.append(
                {
                    "wave_id": wave.wave_id,
                    "weighting_scheme": scheme.name,
                    "margins": ",".join(targets) or None,
                    "iterations": result.iterations,
                    "converged": True,
                    "max_margin_error": result.max_margin_error,
                    "raked_n": result.raked_n,
                    "missing_margin_n": result.missing_margin_n,
                    "trim_min": scheme.trim_min,
                    "trim_max": scheme.trim_max,
                    "tolerance": scheme.tolerance if targets else None,
                    "library": f"weightipy {weightipy.__version__}" if targets else None,
                }
            )
    return pd.concat(weight_frames, ignore_index=True), pd.DataFrame(runs)


def _write_parquet(frame: pd.DataFrame, path: Path) -> None:
    import duckdb

    tmp = path.with_name(path.name + ".tmp")
    con = duckdb.connect()
    try:
        con.register("frame", frame)
        escaped = str(tmp).replace("'", "''")
        con.execute(f"copy (select * from frame) to '{escaped}' (format parquet)")
    finally:
        con.close()
    os.replace(tmp, path)


def write_weights(root: Path, out_dir: Path | None = None) -> tuple[Path, pd.DataFrame]:
    """Compute and write both files; returns the directory and the run table."""
    weights, runs = compute_weights(root)
    target = out_dir or weights_dir(root)
    target.mkdir(parents=True, exist_ok=True)
    _write_parquet(weights, target / WEIGHTS_FILE)
    _write_parquet(runs, target / RUNS_FILE)
    return target, runs


def weights_step(root: Path) -> None:
    """The build step before dbt (DuckDB and Spark builds alike): write the weights, or stop the build."""
    from csx.errors import CsxError

    try:
        write_weights(root)
    except CsxError as exc:
        raise CsxError(exc.problems, summary="build stopped at survey weights: nothing published") from None
