"""Printed figures that no respondent-level data can meet jointly, found by arithmetic on the figures alone.

Two kinds, both derived here from the printed numbers (not from the fit):
- granularity: a band's printed share fixes its size to a few integers; with integer 1-5 scores, some printed
  2-decimal means are unreachable for every allowed size, or two means of the same band need different sizes;
- aggregation: the share-weighted band means of G1 (or G2) imply an overall mean outside the printed one.
"""

from __future__ import annotations

import itertools

from csx_synth.counts import share_range
from csx_synth.figures import Figure

_SCORE = {"avg_cx": "CX", "avg_ex": "EX", "avg_ox": "OX"}
_BANDS = {"company_size": "G1", "cs_team_size": "G2"}


def reachable_sums(sizes: range, mean: float, tol: float) -> list[tuple[int, int]]:
    """(n, score sum) pairs whose mean is within the printed precision."""
    out = []
    for n in sizes:
        for s in range(n, 5 * n + 1):
            if abs(s / n - mean) <= tol + 1e-9:
                out.append((n, s))
    return out


def _nearest(sizes: range, mean: float) -> str:
    vals = sorted({round(s / n, 3) for n in sizes for s in (int(mean * n), int(mean * n) + 1)})
    return " / ".join(f"{v:.3f}" for v in vals)


Notes = dict[str, list[str]]  # figure_id -> texts, in the order found


def _note(out: Notes, fid: str, text: str) -> None:
    out.setdefault(fid, []).append(text)


def _granularity(out: Notes, chart: str, shares: dict[str, Figure], means: list[Figure], n: int) -> None:
    """Band means no integer score sum reaches at the band's sizes, or that need different band sizes."""
    feasible: dict[str, set[int]] = {}
    for f in means:
        sh = shares[f.options[0]]
        a, b = share_range(sh.value_num, n)
        sizes = range(a, b + 1)
        pairs = reachable_sums(sizes, f.value_num, f.tolerance)
        feasible[f.figure_id] = {k for k, _ in pairs}
        if not pairs:
            _note(
                out,
                f.figure_id,
                f"{chart} {f.member} {_SCORE[f.metric]} {f.value} is unreachable: the band's printed "
                f"share {sh.value} % fixes it at {a}-{b} of {n} respondents, and no integer sum of 1-5 "
                f"scores over {a}-{b} respondents has a mean that rounds to {f.value} "
                f"(nearest: {_nearest(sizes, f.value_num)}).",
            )
    for member in shares:
        band = [f for f in means if f.options[0] == member and feasible[f.figure_id]]
        if not band or set.intersection(*(feasible[f.figure_id] for f in band)):
            continue
        desc = "; ".join(
            f"{_SCORE[f.metric]} {f.value} needs n in {sorted(feasible[f.figure_id])}" for f in band
        )
        for f in band:
            _note(
                out,
                f.figure_id,
                f"{chart} {shares[member].member}: the band's three means need different "
                f"band sizes ({desc}; share {shares[member].value} %), so at most some of them can "
                "hold at once.",
            )


def _implied_totals(bands: list[Figure], shares: dict[str, Figure], n: int) -> list[int]:
    """Overall score sums the band means allow (integer sums at allowed band sizes adding up to n)."""
    options = []
    for f in bands:
        a, b = share_range(shares[f.options[0]].value_num, n)
        options.append(reachable_sums(range(a, b + 1), f.value_num, f.tolerance))
    if not all(options):
        return []  # an unreachable band mean is reported by _granularity
    combos = itertools.product(*options)
    return sorted({sum(s for _, s in combo) for combo in combos if sum(k for k, _ in combo) == n})


def _aggregation(
    out: Notes, chart: str, shares: dict[str, Figure], means: list[Figure], overall: dict[str, Figure], n: int
) -> None:
    """Band means whose implied overall mean misses the printed overall mean."""
    for metric, score in _SCORE.items():
        bands = [f for f in means if f.metric == metric]
        totals = _implied_totals(bands, shares, n)
        o = overall[score]
        need = [s for s in range(n, 5 * n + 1) if abs(s / n - o.value_num) <= o.tolerance + 1e-9]
        if not totals or set(totals) & set(need):
            continue
        gap = min(abs(s - t) for s in totals for t in need)
        implied = " or ".join(f"{s / n:.3f} (sum {s})" for s in totals)
        members = "/".join(f.value for f in bands)
        text = (
            f"{chart}'s {score} band means ({members}) at the printed band shares admit only an overall "
            f"{score} of {implied} over {n} respondents, while the printed overall {score} {o.value} "
            f"needs a score sum of {need[0]}-{need[-1]}; the gap is {gap} score point(s) "
            f"({abs(totals[0] / n - o.value_num):.3f} on the mean), so no data meets all of them."
        )
        for f in [*bands, o]:
            _note(out, f.figure_id, text)


def contradiction_texts(figs: list[Figure], n: int) -> dict[str, str]:
    """figure_id -> why no data meets it (n: the 2025 wave's respondents)."""
    f25 = [f for f in figs if f.wave_id == "2025"]
    out: Notes = {}
    overall = {f.question_id[:2].upper(): f for f in f25 if f.metric == "overall_avg"}
    for qid, chart in _BANDS.items():
        shares = {f.options[0]: f for f in f25 if f.question_id == qid and f.metric == "share"}
        means = [f for f in f25 if f.question_id == qid and f.metric in _SCORE]
        _granularity(out, chart, shares, means, n)
        _aggregation(out, chart, shares, means, overall, n)
    return {k: " ".join(v) for k, v in sorted(out.items())}
