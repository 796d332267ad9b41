"""Stages 1 and 2: CX/EX/OX scores that meet the most printed G1/G2/overall means at once.

Stage 1 (MILP, scipy.optimize.milp): the company-size x team-size cells have fixed sizes (the calibration's
cross table); per score, the cells' score sums maximise the printed means met (weighted by confidence), then
stay close to an additive prior. Stage 2: integer 1-5 scores per respondent with exactly the cell sums,
correlated through a common latent factor.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, milp

from csx.errors import CsxError
from csx_synth.calibration import PRIORS_REL
from csx_synth.codebook import Wave
from csx_synth.counts import EPS, Rows, share_range
from csx_synth.figures import Figure
from csx_synth.fitter import SCORES

Cell = tuple[str, str]  # (company_size, cs_team_size) option ids
BANDS = ("company_size", "cs_team_size")
#: the overall mean beats one band mean and loses to two: the fewest misses overall
OVERALL_WEIGHT, HIGH_WEIGHT, MEDIUM_WEIGHT = 1500.0, 1000.0, 600.0
CELL_MEAN_RANGE = (1.8, 4.6)  # bounds of a cell's mean score


@dataclass
class ScoreFit:
    cells: list[Cell]
    n: dict[Cell, int]
    sums: dict[tuple[str, str, str], int]  # (company, team, score) -> score sum


def _fig_weight(f: Figure) -> float:
    if f.chart_id == "overall":
        return OVERALL_WEIGHT
    return HIGH_WEIGHT if f.confidence == "high" else MEDIUM_WEIGHT


def _check_band_sizes(f25: list[Figure], n: dict[Cell, int], n_total: int) -> None:
    """The cross table adds up to the sample and its margins meet the printed G1/G2 shares."""
    if sum(n.values()) != n_total:
        raise CsxError.single(PRIORS_REL, "cross_table", f"the cross table does not add up to {n_total}")
    for f in f25:
        if f.metric == "share" and f.question_id in BANDS:
            pos = BANDS.index(f.question_id)
            size = sum(v for cell, v in n.items() if cell[pos] == f.options[0])
            a, b = share_range(f.value_num, n_total)
            if not a <= size <= b:
                raise CsxError.single(
                    PRIORS_REL, "cross_table", f"{f.figure_id}: band size {size} not in {a}..{b}"
                )


def _members(f: Figure, cells: list[Cell]) -> list[int]:
    """Indices of the cells a printed mean covers (all of them for an overall mean)."""
    if f.metric == "overall_avg":
        return list(range(len(cells)))
    pos = BANDS.index(f.question_id)
    return [i for i, cell in enumerate(cells) if cell[pos] == f.options[0]]


def _score_sums(
    cells: list[Cell], n: dict[Cell, int], mean_figs: list[Figure], prior: list[float]
) -> np.ndarray:
    """One score's MILP. Variables: cell sums S (nc), hit binaries h (nf), d+ (nc), d- (nc)."""
    nc, nf = len(cells), len(mean_figs)
    nv = nc + nf + 2 * nc
    rows = Rows(nv)
    for i, cell in enumerate(cells):
        target = prior[i] * n[cell]
        rows.add({i: 1, nc + nf + i: -1, nc + nf + nc + i: 1}, target, target)
    for j, f in enumerate(mean_figs):
        mem = _members(f, cells)
        size = sum(n[cells[i]] for i in mem)
        a = math.ceil((f.value_num - f.tolerance) * size - EPS)
        b = math.floor((f.value_num + f.tolerance) * size + EPS)
        big = 5.0 * size
        # h=1 -> a <= S_g <= b ; h=0 -> free (S_g within [size, 5 size] anyway)
        rows.add({**dict.fromkeys(mem, 1.0), nc + j: -float(a)}, 0.0, np.inf)
        rows.add({**dict.fromkeys(mem, 1.0), nc + j: big - b}, -np.inf, big)
    cost = np.zeros(nv)
    cost[nc : nc + nf] = [-_fig_weight(f) for f in mean_figs]
    cost[nc + nf :] = 1.0
    integrality = np.zeros(nv)
    integrality[: nc + nf] = 1
    lb, ub = np.zeros(nv), np.full(nv, np.inf)
    lb[:nc] = [math.ceil(CELL_MEAN_RANGE[0] * n[cell]) for cell in cells]
    ub[:nc] = [math.floor(CELL_MEAN_RANGE[1] * n[cell]) for cell in cells]
    ub[nc : nc + nf] = 1
    res = milp(cost, constraints=rows.constraint(), integrality=integrality, bounds=Bounds(lb, ub))
    if res.x is None:
        raise CsxError.single(PRIORS_REL, "milp_failed", str(res.message))
    return res.x


def _prior_means(
    cells: list[Cell], band_mean: dict[tuple[str, str, str], float], overall: float, s: str
) -> list[float]:
    """Additive prior per cell: overall + company effect + team effect, clipped to CELL_MEAN_RANGE."""
    lo, hi = CELL_MEAN_RANGE
    return [
        min(max(band_mean[(BANDS[0], c, s)] + band_mean[(BANDS[1], t, s)] - overall, lo), hi)
        for c, t in cells
    ]


def fit_cells(figs: list[Figure], wave: Wave, cross_table: dict[str, dict[str, int]]) -> ScoreFit:
    """Per score, a small MILP over the cells' score sums with one hit binary per printed mean.

    The cell sizes are the cross table (ASSUMPTION); its margins are the only band sizes at which the most
    G1/G2 means are reachable (49/44/81/61 and 101/41/42/51), which _check_band_sizes enforces.
    """
    f25 = [f for f in figs if f.wave_id == wave.wave_id]
    company, team = (wave.question(b).option_ids for b in BANDS)
    cells = [(c, t) for c in company for t in team if t in cross_table[c]]
    n = {cell: cross_table[cell[0]][cell[1]] for cell in cells}
    _check_band_sizes(f25, n, wave.n)
    overall = {f.question_id[:2]: f for f in f25 if f.metric == "overall_avg"}
    band_figs = [f for f in f25 if f.metric in ("avg_cx", "avg_ex", "avg_ox") and f.question_id in BANDS]
    band_mean = {(f.question_id, f.options[0], f.metric[-2:]): f.value_num for f in band_figs}
    sums: dict[tuple[str, str, str], int] = {}
    for s in SCORES:
        mean_figs = [f for f in band_figs if f.metric[-2:] == s] + [overall[s]]
        x = _score_sums(cells, n, mean_figs, _prior_means(cells, band_mean, overall[s].value_num, s))
        for i, (c, t) in enumerate(cells):
            sums[(c, t, s)] = round(x[i])
    return ScoreFit(cells, n, sums)


def realise_scores(n: int, target_sum: int, latent: np.ndarray, sd: float = 0.85) -> np.ndarray:
    """n integer scores 1..5 with exactly target_sum, increasing in latent (ties broken by the draw)."""
    if n == 0:
        return np.zeros(0, dtype=int)
    mu = target_sum / n
    cont = mu + sd * latent
    v = np.clip(np.rint(cont), 1, 5).astype(int)
    while v.sum() != target_sum:
        gap = cont - v
        if v.sum() < target_sum:
            cand = np.flatnonzero(v < 5)
            i = cand[np.argmax(gap[cand])]
            v[i] += 1
        else:
            cand = np.flatnonzero(v > 1)
            i = cand[np.argmin(gap[cand])]
            v[i] -= 1
        cont[i] = v[i]  # do not move the same respondent twice before the others
    return v


def correlated_latents(rng: np.random.Generator, n: int, rho: float = 0.65) -> dict[str, np.ndarray]:
    """One standard-normal latent per score sharing a common factor (correlation rho)."""
    common = rng.normal(size=n)
    return {s: math.sqrt(rho) * common + math.sqrt(1 - rho) * rng.normal(size=n) for s in SCORES}
