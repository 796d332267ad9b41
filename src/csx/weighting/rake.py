"""Raking (iterative proportional fitting) of one wave to one scheme's margins, with weightipy.

weightipy (RIM weighting, the quantipy algorithm; docs/weighting.md "Why weightipy") rakes the respondents
to each margin in turn until the weights stop changing, trimming them to [trim_min, trim_max] and
re-raking after each trim. It reports non-convergence only by printing, so csx checks the result itself:
every weighted margin within the scheme's tolerance of its target, weights positive, within the bounds and
averaging 1. Anything else is a CsxError naming the scheme, the wave and the margin.
"""

from __future__ import annotations

import contextlib
import io
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from csx.errors import CsxError, Problem

TARGETS_FILE = "seeds/reference/weighting_targets.csv"
BOUND_SLACK = 1e-9


@dataclass(frozen=True)
class RakeResult:
    weights: np.ndarray  # one per respondent, in the frame's order
    iterations: int
    max_margin_error: float
    raked_n: int
    missing_margin_n: int


def _fail(scheme: str, wave_id: str, margin: str, message: str) -> CsxError:
    return CsxError(
        [Problem(TARGETS_FILE, "weighting", f"scheme {scheme}, wave {wave_id}, margin {margin}: {message}")]
    )


def margin_errors(frame: pd.DataFrame, weights: np.ndarray, targets: dict[str, dict[str, float]]) -> dict[str, float]:
    """|weighted share - target| for every `question=option` margin (targets as shares summing to 1)."""
    total = float(weights.sum())
    errors: dict[str, float] = {}
    for question, shares in targets.items():
        column = frame[question].to_numpy()
        for option, target in shares.items():
            share = float(weights[column == option].sum()) / total if total else math.nan
            errors[f"{question}={option}"] = abs(share - target)
    return errors


def _check_support(frame: pd.DataFrame, targets: dict[str, dict[str, float]], scheme: str, wave_id: str) -> None:
    for question, shares in targets.items():
        present = set(frame[question].dropna())
        for option in sorted(present - set(shares)):
            raise _fail(scheme, wave_id, f"{question}={option}", "respondents chose an option with no target")
        for option, share in shares.items():
            if share > 0 and option not in present:
                raise _fail(scheme, wave_id, f"{question}={option}", "a target with no respondent to carry it")


def _run_weightipy(
    frame: pd.DataFrame,
    targets: dict[str, dict[str, float]],
    trim: tuple[float | None, float | None],
    max_iterations: int,
) -> tuple[np.ndarray, int]:
    """weightipy's raking core (`Rake`, the class `weightipy.weight` runs for each group).

    Called directly because weightipy 0.4.2's public path rejects a (min, max) cap while checking it
    (`cap <= 1` on a tuple); `Rake.start` itself trims to both bounds and re-rakes. Pinned; the trimming
    test (tests/python/test_weighting.py) fails if an upgrade changes this.
    """
    from weightipy.internal.rim import Rake

    data = frame[list(targets)].astype(str).reset_index(drop=True)
    percent = [{q: {o: s * 100 for o, s in shares.items() if s > 0}} for q, shares in targets.items()]
    trim_min, trim_max = trim
    use_cap = trim_min is not None or trim_max is not None
    quiet = io.StringIO()  # weightipy prints its convergence notes
    with contextlib.redirect_stdout(quiet):
        rake = Rake(
        data,
        percent,
        weight_column_name="weight",
        max_iterations=max_iterations,
        convcrit=1e-6,
        _use_cap=use_cap,
        cap=trim_max if trim_max is not None else 1e12,
        anesrake_cap_correction=False,  # the bounds are the bounds, not bounds + 0.0001
        )
        if trim_min is not None:
            rake.cap = (trim_min, trim_max if trim_max is not None else 1e12)
        iterations = int(rake.start())
    return rake.dataframe["weight"].to_numpy(dtype=float), iterations


def rake_wave(
    frame: pd.DataFrame,
    targets: dict[str, dict[str, float]],
    *,
    scheme: str,
    wave_id: str,
    trim_min: float | None,
    trim_max: float | None,
    tolerance: float,
    max_iterations: int,
) -> RakeResult:
    """Weights for the wave's respondents (frame: one column per margin question, option ids or None).

    Respondents missing any margin answer keep weight 1 and are not raked; the others are raked to the
    targets, so their weights, and therefore the wave's, average 1.
    """
    weights = np.ones(len(frame))
    if not targets:
        return RakeResult(weights, 0, 0.0, len(frame), 0)
    complete = frame[list(targets)].notna().all(axis=1).to_numpy()
    raked = frame[complete]
    if raked.empty:
        raise _fail(scheme, wave_id, ", ".join(targets), "no respondent answered every margin question")
    _check_support(raked, targets, scheme, wave_id)
    raked_weights, iterations = _run_weightipy(raked, targets, (trim_min, trim_max), max_iterations)
    raked_weights = raked_weights / raked_weights.mean()
    errors = margin_errors(raked, raked_weights, targets)
    worst = max(errors, key=lambda k: errors[k])
    if not np.isfinite(raked_weights).all() or errors[worst] > tolerance:
        raise _fail(
            scheme,
            wave_id,
            worst,
            f"raking did not converge: weighted share off target by {errors[worst]:.3g} (tolerance {tolerance:g}) "
            f"after {iterations} of at most {max_iterations} iterations, trim bounds "
            f"[{trim_min if trim_min is not None else '-'}, {trim_max if trim_max is not None else '-'}]",
        )
    low, high = float(raked_weights.min()), float(raked_weights.max())
    if low <= 0 or (trim_min is not None and low < trim_min - BOUND_SLACK):
        raise _fail(scheme, wave_id, worst, f"smallest weight {low:.6g} is below the trim bound")
    if trim_max is not None and high > trim_max + BOUND_SLACK:
        raise _fail(scheme, wave_id, worst, f"largest weight {high:.6g} is above the trim bound")
    weights[complete] = raked_weights
    return RakeResult(weights, iterations, errors[worst], int(complete.sum()), int((~complete).sum()))
