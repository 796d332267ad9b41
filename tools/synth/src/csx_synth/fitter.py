"""Stage 3 primitives: give every respondent an answer with exact counts and score-dependent propensities.

For each question, integer counts per option are solved (csx_synth.counts) so that every printed share rounds
to the printed value on the routed base, closest to the prior for unprinted options; respondents are then
drawn for the options by Gumbel-top-k on `effect + noise`, so answers go with the CX/EX/OX scores the way the
report describes. All randomness comes from the wave's numpy Generator, in a fixed order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np

from csx.errors import CsxError
from csx_synth.calibration import PRIORS_REL, Shares
from csx_synth.codebook import Wave
from csx_synth.counts import gumbel, share_range, solve_counts, top_k
from csx_synth.figures import Figure

SCORES = ("cx", "ex", "ox")


@dataclass
class WaveData:
    wave_id: str
    n: int
    single: dict[str, np.ndarray] = field(default_factory=dict)  # question_id -> option ids ("" = not asked)
    multi: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)  # option -> int8 (-1 = not asked)
    submitted_at: list[str] = field(default_factory=list)


def timestamps(rng: np.random.Generator, fieldwork: tuple[str, str], n: int) -> list[str]:
    """Sorted submission times, uniform over the fieldwork window, 08:00 onwards."""
    start, end = (datetime.fromisoformat(d) for d in fieldwork)
    span = int((end - start).total_seconds() // 60) + 24 * 60 - 1
    minutes = np.sort(rng.integers(8 * 60, span, size=n))
    out = []
    for m in minutes:
        t = start + timedelta(minutes=int(m))
        if t.hour < 8:
            t = t.replace(hour=8 + t.hour)
        out.append(t.strftime("%Y-%m-%dT%H:%M:00"))
    return out


class Fitter:
    """One wave being filled: its questionnaire, printed figures, priors, generator and answers so far."""

    def __init__(self, wave: Wave, figs: list[Figure], priors: dict[str, Shares], rng: np.random.Generator):
        self.wave = wave
        self.n = wave.n
        self.rng = rng
        self.priors = priors
        self.figs = [f for f in figs if f.wave_id == wave.wave_id]
        self.data = WaveData(wave.wave_id, wave.n)
        self.z: dict[str, np.ndarray] = {}  # standardised scores; "all" = their mean
        self.everyone = np.ones(wave.n, dtype=bool)

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

    def counts(self, qid: str, base: int, prior: Shares | None = None, single: bool = True) -> dict[str, int]:
        prior = self.priors[qid] if prior is None else prior
        return solve_counts(self.opts(qid), base, prior, self.share_constraints(qid, base), single, what=qid)

    # ---- scores
    def set_single(self, qid: str, values: np.ndarray) -> None:
        self.data.single[qid] = values

    def set_scores(self, scores: dict[str, np.ndarray]) -> None:
        for s in SCORES:
            v = scores[s]
            self.set_single(f"{s}_score", np.array([str(int(x)) for x in v], dtype=object))
            self.z[s] = (v - v.mean()) / (v.std() + 1e-9)
        self.z["all"] = (self.z["cx"] + self.z["ex"] + self.z["ox"]) / 3.0

    def scores(self, s: str) -> np.ndarray:
        return np.array([int(x) for x in self.data.single[f"{s}_score"]])

    # ---- assignment primitives
    def assign_single(
        self,
        qid: str,
        eligible: np.ndarray,
        prior: Shares | None = None,
        effects: dict[str, np.ndarray] | None = None,
        ordered: np.ndarray | None = None,
        noise: float = 1.0,
        counts: dict[str, int] | None = None,
    ) -> np.ndarray:
        """Exact counts; `ordered` = latent for ordinal options (first option = lowest latent)."""
        if counts is None:
            counts = self.counts(qid, int(eligible.sum()), prior)
        if ordered is not None:
            vals = self._by_rank(qid, eligible, counts, ordered + noise * self.rng.normal(size=self.n))
        else:
            vals = self._by_propensity(qid, eligible, counts, effects or {}, noise)
        self.set_single(qid, vals)
        return vals

    def _by_rank(self, qid: str, eligible: np.ndarray, counts: dict[str, int], key: np.ndarray) -> np.ndarray:
        vals = np.full(self.n, "", dtype=object)
        idx = np.flatnonzero(eligible)
        idx = idx[np.argsort(key[idx], kind="stable")]
        start = 0
        for o in self.opts(qid):
            vals[idx[start : start + counts[o]]] = o
            start += counts[o]
        return vals

    def _by_propensity(
        self,
        qid: str,
        eligible: np.ndarray,
        counts: dict[str, int],
        effects: dict[str, np.ndarray],
        noise: float,
    ) -> np.ndarray:
        opts = self.opts(qid)
        vals = np.full(self.n, "", dtype=object)
        free = eligible.copy()
        for o in opts[:-1]:
            key = effects.get(o, np.zeros(self.n)) + noise * gumbel(self.rng, self.n)
            chosen = top_k(key, free, counts[o])
            vals[chosen] = o
            free[chosen] = False
        vals[free] = opts[-1]
        return vals

    def assign_multi(
        self,
        qid: str,
        eligible: np.ndarray,
        effects: dict[str, np.ndarray] | None = None,
        none_mask: np.ndarray | None = None,
        strict_order: list[str] | None = None,
        protect: tuple[str, ...] = (),
        restrict: dict[str, np.ndarray] | None = None,
    ) -> dict[str, np.ndarray]:
        """Multi-select: exclusive `none` drawn first (or given), then each option's exact count.

        strict_order: options whose counts must strictly decrease (a printed ranking); protect: options
        never moved by the at-least-one repair; restrict: option -> who may select it.
        """
        opts = self.opts(qid)
        base = int(eligible.sum())
        effects = effects or {}
        restrict = restrict or {}
        constraints = self.share_constraints(qid, base)
        counts = solve_counts(opts, base, self.priors[qid], constraints, False, strict_order, what=qid)
        cols = {o: np.where(eligible, 0, -1).astype(np.int8) for o in opts}
        if "none" in opts:
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
        _fix_min_one(cols, active, [o for o in opts if o != "none" and o not in protect], restrict)
        self.data.multi[qid] = cols
        return cols


def _fix_min_one(
    cols: dict[str, np.ndarray], active: np.ndarray, movable: list[str], restrict: dict[str, np.ndarray]
) -> None:
    """Every active respondent selects >= 1 option; move selections from multi-selectors (counts kept)."""
    total = sum(np.maximum(cols[o], 0).astype(int) for o in cols)
    for r in np.flatnonzero(active & (total == 0)):
        donor = _donor(cols, total, movable, restrict, r)
        if donor is None:
            raise CsxError.single(PRIORS_REL, "min_one", f"cannot give respondent {r} a selection")
        o, d = donor
        cols[o][d], cols[o][r] = 0, 1
        total[d] -= 1
        total[r] += 1


def _donor(
    cols: dict[str, np.ndarray],
    total: np.ndarray,
    movable: list[str],
    restrict: dict[str, np.ndarray],
    r: int,
) -> tuple[str, int] | None:
    """The most-selected option respondent r may take, and the first multi-selector who gives it up."""
    for o in sorted(movable, key=lambda x: -int((cols[x] == 1).sum())):
        if o in restrict and not restrict[o][r]:
            continue
        donors = np.flatnonzero((cols[o] == 1) & (total >= 2))
        if len(donors):
            return o, int(donors[0])
    return None
