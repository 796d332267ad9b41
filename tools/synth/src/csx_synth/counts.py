"""Exact integer counts: which counts round to a printed share, and a small MILP that picks them."""

from __future__ import annotations

import itertools
import math

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from csx.errors import CsxError
from csx_synth.calibration import PRIORS_REL

EPS = 1e-9


def share_range(p: float, n: int, tol: float = 0.005) -> tuple[int, int]:
    """Integer counts k with |k/n - p| <= tol."""
    lo = math.ceil((p - tol) * n - EPS)
    hi = math.floor((p + tol) * n + EPS)
    return max(lo, 0), min(hi, n)


def gumbel(rng: np.random.Generator, n: int) -> np.ndarray:
    return -np.log(-np.log(rng.uniform(1e-12, 1.0, n)))


def top_k(keys: np.ndarray, eligible: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k largest keys among eligible rows (stable, deterministic)."""
    idx = np.flatnonzero(eligible)
    if k > len(idx):
        raise CsxError.single(PRIORS_REL, "infeasible", f"need {k} of {len(idx)} eligible respondents")
    order = np.argsort(-keys[idx], kind="stable")
    return idx[order[:k]]


class Rows:
    """The rows of a linear constraint lo <= A x <= hi, added one sparse row at a time."""

    def __init__(self, n_vars: int) -> None:
        self.n_vars = n_vars
        self.rows: list[np.ndarray] = []
        self.lo: list[float] = []
        self.hi: list[float] = []

    def add(self, coefs: dict[int, float], lo: float, hi: float) -> None:
        r = np.zeros(self.n_vars)
        for k, v in coefs.items():
            r[k] = v
        self.rows.append(r)
        self.lo.append(lo)
        self.hi.append(hi)

    def constraint(self) -> LinearConstraint:
        return LinearConstraint(
            np.array(self.rows), np.array(self.lo, dtype=float), np.array(self.hi, dtype=float)
        )


def _order_rows(rows: Rows, pos: dict[str, int], options: list[str], strict_order: list[str]) -> None:
    """strict_order's options strictly decrease, and its last beats every other option but `none`."""
    for a, b in itertools.pairwise(strict_order):
        rows.add({pos[a]: 1, pos[b]: -1}, 1, np.inf)
    last = strict_order[-1]
    for o in options:
        if o not in strict_order and o != "none":
            rows.add({pos[last]: 1, pos[o]: -1}, 1, np.inf)


def solve_counts(
    options: list[str],
    base: int,
    prior: dict[str, float],
    constraints: list[tuple[tuple[str, ...], int, int]],
    single: bool,
    strict_order: list[str] | None = None,
    what: str = "",
) -> dict[str, int]:
    """Integer counts per option meeting every (options, lo, hi) constraint, closest (L1) to prior*base.

    single: the counts add up to `base` (one answer per respondent).
    """
    k = len(options)
    pos = {o: i for i, o in enumerate(options)}
    rows = Rows(3 * k)  # variables: counts c (k), d+ (k), d- (k)
    for i, o in enumerate(options):
        t = prior.get(o, 0.0) * base
        rows.add({i: 1, k + i: -1, 2 * k + i: 1}, t, t)  # c - d+ + d- = target
    if single:
        rows.add(dict.fromkeys(range(k), 1), base, base)
    for opts, a, b in constraints:
        rows.add({pos[o]: 1 for o in opts}, a, b)
    if strict_order:
        _order_rows(rows, pos, options, strict_order)
    res = milp(
        np.concatenate([np.zeros(k), np.ones(k), np.ones(k)]),
        constraints=rows.constraint(),
        integrality=np.concatenate([np.ones(k), np.zeros(2 * k)]),
        bounds=Bounds(np.zeros(3 * k), np.concatenate([np.full(k, base), np.full(2 * k, np.inf)])),
    )
    if res.x is None:
        raise CsxError.single(PRIORS_REL, "infeasible_counts", f"{what}: {res.message}")
    return {o: round(res.x[pos[o]]) for o in options}
