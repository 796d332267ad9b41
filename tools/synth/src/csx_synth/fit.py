"""Calibrated respondent-level reconstruction of the 2025 and 2023 waves.

Stage 1 (MILP, scipy.optimize.milp): company-size x team-size cell counts and per-cell CX/EX/OX score sums,
maximising the number of printed G1/G2/overall figures met (weighted by confidence), then staying close to
an additive prior.  Stage 2: integer 1-5 scores per respondent with the cell sums, correlated through a
common latent factor.  Stage 3: every other answer is assigned with exact integer counts (chosen so the
rounded shares equal the printed ones) to respondents drawn with score-dependent propensities, so the
report's qualitative statements hold; conditional figures (G6, T1, G24 CES, G4 ranks) are met by
construction or by deterministic repair.  All randomness comes from one numpy Generator.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from csx.errors import CsxError
from csx_synth.codebook import Wave
from csx_synth.figures import Figure

DEFAULT_SEED = 20250331
EPS = 1e-9


@dataclass
class WaveData:
    wave_id: str
    n: int
    single: dict[str, np.ndarray] = field(default_factory=dict)  # question_id -> option ids ("" = not asked)
    multi: dict[str, dict[str, np.ndarray]] = field(
        default_factory=dict
    )  # qid -> option -> int8 (-1 = not asked)
    submitted_at: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------- helpers


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
        raise CsxError.single("fit", "infeasible", f"need {k} of {len(idx)} eligible respondents")
    order = np.argsort(-keys[idx], kind="stable")
    return idx[order[:k]]


def solve_counts(
    options: list[str],
    base: int,
    prior: dict[str, float],
    constraints: list[tuple[tuple[str, ...], int, int]],
    single: bool,
    strict_order: list[str] | None = None,
    what: str = "",
) -> dict[str, int]:
    """Integer counts per option meeting every (options, lo, hi) constraint, closest (L1) to prior*base."""
    k = len(options)
    pos = {o: i for i, o in enumerate(options)}
    # variables: c (k), dplus (k), dminus (k)
    nv = 3 * k
    cost = np.concatenate([np.zeros(k), np.ones(k), np.ones(k)])
    rows, lo, hi = [], [], []
    for i, o in enumerate(options):
        r = np.zeros(nv)
        r[i], r[k + i], r[2 * k + i] = 1, -1, 1  # c - d+ + d- = target
        rows.append(r)
        t = prior.get(o, 0.0) * base
        lo.append(t)
        hi.append(t)
    if single:
        r = np.zeros(nv)
        r[:k] = 1
        rows.append(r)
        lo.append(base)
        hi.append(base)
    for opts, a, b in constraints:
        r = np.zeros(nv)
        for o in opts:
            r[pos[o]] = 1
        rows.append(r)
        lo.append(a)
        hi.append(b)
    if strict_order:
        for a_opt, b_opt in itertools.pairwise(strict_order):
            r = np.zeros(nv)
            r[pos[a_opt]], r[pos[b_opt]] = 1, -1
            rows.append(r)
            lo.append(1)
            hi.append(np.inf)
        last = strict_order[-1]
        for o in options:
            if o in strict_order or o == "none":
                continue
            r = np.zeros(nv)
            r[pos[last]], r[pos[o]] = 1, -1
            rows.append(r)
            lo.append(1)
            hi.append(np.inf)
    res = milp(
        cost,
        constraints=LinearConstraint(np.array(rows), np.array(lo), np.array(hi)),
        integrality=np.concatenate([np.ones(k), np.zeros(2 * k)]),
        bounds=Bounds(np.zeros(nv), np.concatenate([np.full(k, base), np.full(2 * k, np.inf)])),
    )
    if res.x is None:
        raise CsxError.single("fit", "infeasible_counts", f"{what}: {res.message}")
    return {o: round(res.x[pos[o]]) for o in options}


# ---------------------------------------------------------------------------------------------- context


class Fitter:
    def __init__(self, wave: Wave, figs: list[Figure], rng: np.random.Generator):
        self.wave = wave
        self.n = wave.n
        self.rng = rng
        self.figs = [f for f in figs if f.wave_id == wave.wave_id]
        self.data = WaveData(wave.wave_id, wave.n)
        self.z: dict[str, np.ndarray] = {}

    # ---- targets from the printed figures
    def share_constraints(self, qid: str, base: int) -> list[tuple[tuple[str, ...], int, int]]:
        out = []
        for f in self.figs:
            if f.question_id == qid and f.metric == "share" and not f.filter_question_id:
                a, b = share_range(f.value_num, base)
                out.append((f.options, a, b))
        return out

    def opts(self, qid: str) -> list[str]:
        return self.wave.question(qid).option_ids

    # ---- assignment primitives

    def set_single(self, qid: str, values: np.ndarray) -> None:
        self.data.single[qid] = values

    def assign_single(
        self,
        qid: str,
        eligible: np.ndarray,
        prior: dict[str, float],
        effects: dict[str, np.ndarray] | None = None,
        ordered: np.ndarray | None = None,
        noise: float = 1.0,
        counts: dict[str, int] | None = None,
    ) -> np.ndarray:
        """Exact counts; `ordered` = latent for ordinal options (first option = lowest latent)."""
        opts = self.opts(qid)
        base = int(eligible.sum())
        if counts is None:
            counts = solve_counts(opts, base, prior, self.share_constraints(qid, base), True, what=qid)
        vals = np.full(self.n, "", dtype=object)
        if ordered is not None:
            key = ordered + noise * self.rng.normal(size=self.n)
            idx = np.flatnonzero(eligible)
            idx = idx[np.argsort(key[idx], kind="stable")]
            start = 0
            for o in opts:
                vals[idx[start : start + counts[o]]] = o
                start += counts[o]
        else:
            free = eligible.copy()
            effects = effects or {}
            for o in opts[:-1]:
                key = effects.get(o, np.zeros(self.n)) + noise * gumbel(self.rng, self.n)
                chosen = top_k(key, free, counts[o])
                vals[chosen] = o
                free[chosen] = False
            vals[free] = opts[-1]
        self.set_single(qid, vals)
        return vals

    def assign_multi(
        self,
        qid: str,
        eligible: np.ndarray,
        prior: dict[str, float],
        effects: dict[str, np.ndarray] | None = None,
        none_mask: np.ndarray | None = None,
        strict_order: list[str] | None = None,
        protect: tuple[str, ...] = (),
        counts: dict[str, int] | None = None,
        restrict: dict[str, np.ndarray] | None = None,
    ) -> dict[str, np.ndarray]:
        opts = self.opts(qid)
        has_none = "none" in opts
        base = int(eligible.sum())
        effects = effects or {}
        restrict = restrict or {}
        if counts is None:
            counts = solve_counts(
                opts, base, prior, self.share_constraints(qid, base), False, strict_order, what=qid
            )
        cols = {o: np.where(eligible, 0, -1).astype(np.int8) for o in opts}
        if has_none:
            if none_mask is None:
                none_mask = np.zeros(self.n, dtype=bool)
                key = effects.get("none", np.zeros(self.n)) + gumbel(self.rng, self.n)
                none_mask[top_k(key, eligible, counts["none"])] = True
            cols["none"][none_mask & eligible] = 1
        else:
            none_mask = np.zeros(self.n, dtype=bool)
        active = eligible & ~none_mask
        for o in opts:
            if o == "none":
                continue
            elig = active & restrict.get(o, np.ones(self.n, dtype=bool))
            key = effects.get(o, np.zeros(self.n)) + gumbel(self.rng, self.n)
            cols[o][top_k(key, elig, counts[o])] = 1
        self._fix_min_one(cols, active, [o for o in opts if o != "none" and o not in protect], restrict)
        self.data.multi[qid] = cols
        return cols

    def _fix_min_one(
        self,
        cols: dict[str, np.ndarray],
        active: np.ndarray,
        movable: list[str],
        restrict: dict[str, np.ndarray],
    ) -> None:
        """Every active respondent selects >= 1 option; move selections from multi-selectors (counts kept)."""
        total = sum(np.maximum(cols[o], 0).astype(int) for o in cols)
        for r in np.flatnonzero(active & (total == 0)):
            done = False
            for o in sorted(movable, key=lambda x: -int((cols[x] == 1).sum())):
                if o in restrict and not restrict[o][r]:
                    continue
                donors = np.flatnonzero((cols[o] == 1) & (total >= 2))
                if len(donors) == 0:
                    continue
                d = donors[0]
                cols[o][d], cols[o][r] = 0, 1
                total[d] -= 1
                total[r] += 1
                done = True
                break
            if not done:
                raise CsxError.single("fit", "min_one", f"cannot give respondent {r} a selection")


# ---------------------------------------------------------------------------------------------- stage 1


# prior cross table (company x team); structural zeros where the team cannot exceed the company
CROSS_PRIOR = {
    "lt100": {"le49": 49},
    "100_499": {"le49": 28, "50_99": 12, "100_499": 4},
    "500_5000": {"le49": 14, "50_99": 19, "100_499": 22, "500plus": 26},
    "gt5000": {"le49": 10, "50_99": 10, "100_499": 16, "500plus": 25},
}
SCORES = ["cx", "ex", "ox"]


@dataclass
class ScoreFit:
    cells: list[tuple[str, str]]
    n: dict[tuple[str, str], int]
    sums: dict[tuple[str, str, str], int]


def _fig_weight(f: Figure) -> float:
    if f.chart_id == "overall":
        return 1500.0  # beats one band mean, loses to two: the fewest misses overall
    return 1000.0 if f.confidence == "high" else 600.0


def _check_band_sizes(f25: list[Figure], n: dict[tuple[str, str], int], n_total: int) -> None:
    """The cross table adds up to the sample and its margins meet the printed G1/G2 shares."""
    if sum(n.values()) != n_total:
        raise CsxError.single("fit", "cross_table", "prior cross table does not add up to the sample")
    for f in f25:
        if f.metric == "share" and f.question_id in ("company_size", "cs_team_size"):
            pos = 0 if f.question_id == "company_size" else 1
            size = sum(v for cell, v in n.items() if cell[pos] == f.options[0])
            a, b = share_range(f.value_num, n_total)
            if not a <= size <= b:
                raise CsxError.single(
                    "fit", "cross_table", f"{f.figure_id}: band size {size} not in {a}..{b}"
                )


def fit_cells(figs: list[Figure], wave: Wave) -> ScoreFit:
    """Per score, a small MILP over the cells' score sums with one hit binary per printed mean.

    The cell sizes are the prior cross table (ASSUMPTION); its margins are the only band sizes at which the
    most G1/G2 means are reachable (49/44/81/61 and 101/41/42/51), which the checks below enforce.
    """
    f25 = [f for f in figs if f.wave_id == wave.wave_id]
    n_total = wave.n
    company, team = wave.question("company_size").option_ids, wave.question("cs_team_size").option_ids
    cells = [(c, t) for c in company for t in team if t in CROSS_PRIOR[c]]
    n = {cell: CROSS_PRIOR[cell[0]][cell[1]] for cell in cells}
    _check_band_sizes(f25, n, n_total)
    overall = {f.question_id[:2]: f for f in f25 if f.metric == "overall_avg"}
    band_figs = [
        f
        for f in f25
        if f.metric in ("avg_cx", "avg_ex", "avg_ox") and f.question_id in ("company_size", "cs_team_size")
    ]
    band_mean = {(f.question_id, f.options[0], f.metric[-2:]): f.value_num for f in band_figs}
    nc = len(cells)
    sums: dict[tuple[str, str, str], int] = {}
    for s in SCORES:
        mean_figs = [f for f in band_figs if f.metric[-2:] == s] + [overall[s]]
        nf = len(mean_figs)
        # variables: S (nc), h (nf), d+ (nc), d- (nc)
        nv = nc + nf + 2 * nc
        rows, lo, hi = [], [], []

        def add(
            coefs: dict[int, float],
            a: float,
            b: float,
            _nv: int = nv,
            _r: list = rows,
            _lo: list = lo,
            _hi: list = hi,
        ) -> None:
            r = np.zeros(_nv)
            for k, v in coefs.items():
                r[k] += v
            _r.append(r)
            _lo.append(a)
            _hi.append(b)

        for i, (c, t) in enumerate(cells):
            m0 = band_mean[("company_size", c, s)] + band_mean[("cs_team_size", t, s)] - overall[s].value_num
            m0 = min(max(m0, 1.8), 4.6)
            add({i: 1, nc + nf + i: -1, nc + nf + nc + i: 1}, m0 * n[(c, t)], m0 * n[(c, t)])
        for j, f in enumerate(mean_figs):
            if f.metric == "overall_avg":
                mem = list(range(nc))
            else:
                pos = 0 if f.question_id == "company_size" else 1
                mem = [i for i, cell in enumerate(cells) if cell[pos] == f.options[0]]
            size = sum(n[cells[i]] for i in mem)
            a = math.ceil((f.value_num - f.tolerance) * size - EPS)
            b = math.floor((f.value_num + f.tolerance) * size + EPS)
            big = 5.0 * size
            # h=1 -> a <= S_g <= b ; h=0 -> free (S_g within [size, 5 size] anyway)
            add({**{i: 1.0 for i in mem}, nc + j: -float(a)}, 0.0, np.inf)
            add({**{i: 1.0 for i in mem}, nc + j: big - b}, -np.inf, big)
        cost = np.zeros(nv)
        for j, f in enumerate(mean_figs):
            cost[nc + j] = -_fig_weight(f)
        cost[nc + nf :] = 1.0
        integrality = np.zeros(nv)
        integrality[: nc + nf] = 1
        lb = np.zeros(nv)
        ub = np.full(nv, np.inf)
        for i, cell in enumerate(cells):
            lb[i] = math.ceil(1.8 * n[cell])
            ub[i] = math.floor(4.6 * n[cell])
        ub[nc : nc + nf] = 1
        res = milp(
            cost,
            constraints=LinearConstraint(np.array(rows), np.array(lo), np.array(hi)),
            integrality=integrality,
            bounds=Bounds(lb, ub),
        )
        if res.x is None:
            raise CsxError.single("fit", "milp_failed", f"{s}: {res.message}")
        for i, (c, t) in enumerate(cells):
            sums[(c, t, s)] = round(res.x[i])
    return ScoreFit(cells, n, sums)


# ---------------------------------------------------------------------------------------------- stage 2


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
    common = rng.normal(size=n)
    out = {}
    for s in SCORES:
        out[s] = math.sqrt(rho) * common + math.sqrt(1 - rho) * rng.normal(size=n)
    return out
