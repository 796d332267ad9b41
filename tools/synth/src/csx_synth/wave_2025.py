"""Build the 2025 wave answer by answer (method: docs/reconstruction.md, "How the fit works").

The order of the steps is part of the output: every step draws from the same numpy Generator.
"""

from __future__ import annotations

import numpy as np

from csx.errors import CsxError
from csx_synth.calibration import PRIORS_REL, Calibration
from csx_synth.codebook import Wave
from csx_synth.counts import gumbel, share_range, top_k
from csx_synth.figures import Figure
from csx_synth.fitter import SCORES, Fitter, WaveData, timestamps
from csx_synth.scores import correlated_latents, fit_cells, realise_scores

#: which score drives the use of an AI capability (graph 7); others follow the mean of the three
CAPABILITY_SCORE = {
    "chatbot": "cx",
    "voicebot": "cx",
    "knowledge_assist": "ex",
    "next_best_action": "ox",
    "sentiment_analysis": "ox",
    "summarise_request": "cx",
}


def build_2025(wave: Wave, figs: list[Figure], cal: Calibration, seed: int) -> WaveData:
    rng = np.random.default_rng([seed, 2025])
    ft = Fitter(wave, figs, cal.priors["2025"], rng)
    _scores(ft, figs, cal)
    z = ft.z
    ft.assign_single(
        "customer_segment", ft.everyone, effects={"b2b_b2c": 0.2 * z["cx"], "b2b": -0.1 * z["ox"]}
    )
    # industry + AI use: exact industry sizes and G6 AI counts; propensities make telecom the OX leader,
    # public sector the OX laggard, consumer goods/retail low on CX and EX; AI non-users score lower.
    _industry_and_ai(ft, cal)
    ai = ft.data.single["ai_use"] == "yes"
    _capabilities(ft, cal, ai)
    _kpi_impact(ft, cal, ai)
    _genai(ft, ai)
    _channels(ft, ai, cal.top_volume_weight)
    _self_service(ft)
    _priorities_and_sales(ft, ai)
    _measurement(ft)
    _people(ft)
    ft.data.submitted_at = timestamps(rng, wave.fieldwork, wave.n)
    return ft.data


def _scores(ft: Fitter, figs: list[Figure], cal: Calibration) -> None:
    """Stages 1+2: company x team cells with score sums, then respondent scores, shuffled."""
    n = ft.n
    sf = fit_cells(figs, ft.wave, cal.cross_table)
    company = np.empty(n, dtype=object)
    team = np.empty(n, dtype=object)
    scores = {s: np.zeros(n, dtype=int) for s in SCORES}
    lat = correlated_latents(ft.rng, n)
    pos = 0
    for cell in sf.cells:
        k = sf.n[cell]
        sl = slice(pos, pos + k)
        company[sl], team[sl] = cell
        for s in SCORES:
            scores[s][sl] = realise_scores(k, sf.sums[(cell[0], cell[1], s)], lat[s][sl])
        pos += k
    perm = ft.rng.permutation(n)  # respondent ids carry no cell order
    ft.set_single("company_size", company[perm])
    ft.set_single("cs_team_size", team[perm])
    ft.set_scores({s: scores[s][perm] for s in SCORES})


def _industry_ai_counts(ft: Fitter, sizes: dict[str, int], cal: Calibration) -> dict[str, int]:
    """AI users per industry: the middle count of G6's printed share, else the calibration's count."""
    g6 = {f.filter_option_id: f for f in ft.figs if f.chart_id == "G6"}
    out: dict[str, int] = {}
    for ind, k in sizes.items():
        if ind in g6:
            a, b = share_range(g6[ind].value_num, k)
            if a > b:
                raise CsxError.single(
                    PRIORS_REL, "g6_unreachable", f"{ind}: no AI count of {k} rounds to {g6[ind].value}"
                )
            out[ind] = round((a + b) / 2 - 0.01)
        elif ind in cal.industry_ai_users:
            out[ind] = cal.industry_ai_users[ind]
        else:
            raise CsxError.single(PRIORS_REL, "missing_ai_users", f"industry_ai_users_2025 has no {ind!r}")
    if sum(sizes.values()) != ft.n:
        raise CsxError.single(PRIORS_REL, "industry_sizes", f"industry sizes do not add up to {ft.n}")
    g5 = next(f for f in ft.figs if f.chart_id == "G5")
    a, b = share_range(g5.value_num, ft.n)
    if not a <= sum(out.values()) <= b:
        raise CsxError.single(
            PRIORS_REL, "g5_g6", f"G6 AI counts sum to {sum(out.values())}, G5 needs {a}..{b}"
        )
    return out


def _industry_and_ai(ft: Fitter, cal: Calibration) -> None:
    """Draw industries and AI use until the G4 statements hold (deterministic: the draws are seeded)."""
    n, rng, z = ft.n, ft.rng, ft.z
    sizes = {o: cal.industry_size[o] for o in ft.opts("industry")}
    ai_counts = _industry_ai_counts(ft, sizes, cal)
    effects = {
        "telecom": 1.6 * z["ox"],
        "public_sector": -1.6 * z["ox"],
        "consumer_goods_retail": -1.0 * (z["cx"] + z["ex"]),
        "transport_logistics": 0.3 * z["ox"],
        "energy": 0.2 * z["ox"],
    }
    for _attempt in range(50):
        ind_vals = np.full(n, "", dtype=object)
        free = np.ones(n, dtype=bool)
        for o in list(sizes)[:-1]:
            chosen = top_k(effects.get(o, np.zeros(n)) + gumbel(rng, n), free, sizes[o])
            ind_vals[chosen] = o
            free[chosen] = False
        ind_vals[free] = list(sizes)[-1]
        ai_vals = np.full(n, "no", dtype=object)
        for o in sizes:
            chosen = top_k(1.2 * z["all"] + gumbel(rng, n), ind_vals == o, ai_counts[o])
            ai_vals[chosen] = "yes"
        if _industry_ok(ft, list(sizes), ind_vals, ai_vals):
            break
    else:  # pragma: no cover - deterministic, checked by tests
        raise CsxError.single(PRIORS_REL, "industry", "no industry assignment met the G4 statements")
    ft.set_single("industry", ind_vals)
    ft.set_single("ai_use", ai_vals)


def _industry_ok(ft: Fitter, industries: list[str], ind: np.ndarray, ai: np.ndarray) -> bool:
    """G4: telecom leads and the public sector trails on OX; consumer goods/retail low on CX and EX;
    AI users beat non-users on all three scores."""
    sc = {s: ft.scores(s) for s in SCORES}
    means = {o: {s: sc[s][ind == o].mean() for s in SCORES} for o in industries}
    ox = sorted(industries, key=lambda o: -means[o]["ox"])
    ok = ox[0] == "telecom" and ox[-1] == "public_sector"
    ok &= means["telecom"]["ox"] - means[ox[1]]["ox"] > 0.05
    ok &= means[ox[-2]]["ox"] - means["public_sector"]["ox"] > 0.05
    ok &= all(means["consumer_goods_retail"][s] < sc[s].mean() - 0.15 for s in ("cx", "ex"))
    yes = ai == "yes"
    ok &= all(sc[s][yes].mean() > sc[s][~yes].mean() + 0.1 for s in SCORES)
    return bool(ok)


def _capabilities(ft: Fitter, cal: Calibration, ai: np.ndarray) -> None:
    """G7 AI capability grid: used only by AI users."""
    n, rng, z = ft.n, ft.rng, ft.z
    for item in ft.wave.items("ai_capability"):
        qid = f"ai_capability_{item}"
        c = cal.capability[item]
        u, ui, pl = c["using"], c["using_and_investing"], c["planning_investment"]
        prior = {
            "using": u,
            "using_and_investing": ui,
            "planning_investment": pl,
            "not_planned": 1 - u - ui - pl,
        }
        counts = ft.counts(qid, n, prior)
        vals = np.full(n, "", dtype=object)
        eff = z[CAPABILITY_SCORE.get(item, "all")]
        users = top_k(0.8 * eff + gumbel(rng, n), ai, counts["using"] + counts["using_and_investing"])
        investing = top_k(
            0.5 * z["all"] + gumbel(rng, n), np.isin(np.arange(n), users), counts["using_and_investing"]
        )
        vals[users] = "using"
        vals[investing] = "using_and_investing"
        plan = top_k(0.6 * z["all"] + gumbel(rng, n), vals == "", counts["planning_investment"])
        vals[plan] = "planning_investment"
        vals[vals == ""] = "not_planned"
        ft.set_single(qid, vals)


def _kpi_impact(ft: Fitter, cal: Calibration, ai: np.ndarray) -> None:
    """T1 on the AI-user base; G21 repeats the revenue row."""
    for item in ft.wave.items("ai_kpi_impact"):
        qid = f"ai_kpi_impact_{item}"
        ft.assign_single(qid, ai, cal.kpi_impact[item], ordered=-0.8 * ft.z["all"], noise=1.0)
    ft.set_single("ai_revenue_impact", ft.data.single["ai_kpi_impact_revenue"].copy())


def _genai(ft: Fitter, ai: np.ndarray) -> None:
    """G8/G9/G10: generative-AI users (the genai_purpose options genai_implementation is routed on) use AI."""
    n, rng, z = ft.n, ft.rng, ft.z
    genai_users = ft.wave.question("genai_implementation").base_options()
    counts = ft.counts("genai_purpose", n)
    vals = np.full(n, "not_using", dtype=object)
    users = top_k(0.3 * z["all"] + gumbel(rng, n), ai, sum(counts[o] for o in genai_users))
    free = np.isin(np.arange(n), users)
    for o, beta in (("internal_and_external", 1.2), ("external_only", 0.2)):
        chosen = top_k(beta * (z["cx"] + z["ex"]) + gumbel(rng, n), free, counts[o])
        vals[chosen] = o
        free[chosen] = False
    vals[free] = "internal_only"
    ft.set_single("genai_purpose", vals)
    ft.assign_single("genai_implementation", np.isin(vals, genai_users), noise=1.0)
    ft.assign_multi(
        "genai_challenges",
        ft.everyone,
        effects={"lack_of_strategy": -0.5 * z["ox"], "none": 0.3 * z["all"]},
        strict_order=["lack_of_strategy", "compliance", "lack_of_skills"],
    )


def _channels(ft: Fitter, ai: np.ndarray, top_volume_weight: dict[str, float]) -> None:
    z = ft.z
    low = -0.6 * z["all"]
    effects = {
        "report_problem": low,
        "complaint": low,
        "case_status": low,
        "information_request": 0.3 * z["all"],
    }
    ft.assign_multi("contact_reasons", ft.everyone, effects=effects)
    uses_ai = ai.astype(float)
    effects = {
        "outbound_email": 0.6 * (z["cx"] + z["ex"]),
        "video_call": -0.8 * z["ox"],
        "chatbot": 0.8 * uses_ai,
        "ai_agent_chat": 1.5 * uses_ai,
        "digital_assistant": 1.0 * uses_ai,
    }
    used = ft.assign_multi("channels_used", ft.everyone, effects=effects)
    _top_volume(ft, used, top_volume_weight)


def _top_volume(ft: Fitter, used: dict[str, np.ndarray], weight: dict[str, float]) -> None:
    """G13: two to four of the channels each respondent uses, weighted towards phone and email."""
    n, rng = ft.n, ft.rng
    opts = ft.opts("channels_top_volume")
    cols = {o: np.zeros(n, dtype=np.int8) for o in opts}
    for r in range(n):
        mine = [o for o in opts if used.get(o, np.zeros(n))[r] == 1]
        keys = np.array([weight.get(o, 0.1) for o in mine]) + gumbel(rng, len(mine))
        m = min(len(mine), int(rng.integers(2, 5)))
        for i in np.argsort(-keys, kind="stable")[:m]:
            cols[mine[i]][r] = 1
    ft.data.multi["channels_top_volume"] = cols


def _self_service(ft: Fitter) -> None:
    """G14-G17. More usage goes with higher CX/EX/OX, except that EX drops where usage increased a lot."""
    n, z = ft.n, ft.z
    ss = ft.assign_multi("self_service_solutions", ft.everyone, effects={"none": -1.5 * z["all"]})
    ss_none = ss["none"] == 1
    effects = {"resolve_without_agent": 0.9 * z["ox"]}
    ft.assign_multi("self_service_actions", ft.everyone, effects=effects, none_mask=ss_none)
    offered = ~ss_none
    uc = ft.counts("ss_usage_change", int(offered.sum()))
    key = 0.8 * (z["cx"] + z["ox"]) - 1.2 * z["ex"] + gumbel(ft.rng, n)
    sig = top_k(key, offered, uc["significant_increase"])
    rest = offered.copy()
    rest[sig] = False
    counts = {**uc, "significant_increase": 0}
    ft.assign_single("ss_usage_change", rest, ordered=0.6 * z["all"], noise=1.0, counts=counts)
    ft.data.single["ss_usage_change"][sig] = "significant_increase"
    ft.assign_single("ss_fit", offered, ordered=0.8 * z["all"], noise=1.0)


def _priorities_and_sales(ft: Fitter, ai: np.ndarray) -> None:
    """G18-G20, G22."""
    z = ft.z
    effects = {
        "self_service_end_to_end": 1.2 * z["ox"] + 0.6 * z["cx"] - 1.5 * z["ex"],
        "personalised_service": 0.6 * (z["cx"] + z["ex"]),
    }
    ft.assign_single("customer_priority", ft.everyone, effects=effects)
    ft.assign_multi("invest_channels", ft.everyone, effects={"none": -1.0 * z["all"]})
    ft.assign_single("upsell_difficulty", ft.everyone, ordered=0.5 * z["all"], noise=1.0)
    effects = {"dont_know": -0.8 * z["all"], "ai": 0.6 * ai.astype(float)}
    ft.assign_single("cost_opportunity", ft.everyone, effects=effects)


def _measurement(ft: Fitter) -> None:
    """G23-G25."""
    z = ft.z
    effects = {"sales_metrics": -0.8 * z["ex"] - 0.4 * z["ox"], "none": -0.5 * z["all"]}
    ft.assign_multi("perf_criteria", ft.everyone, effects=effects)
    _csat_metrics(ft)
    ft.assign_single("analysis_frequency", ft.everyone, ordered=-1.0 * z["cx"], noise=0.8)


def _csat_metrics(ft: Fitter) -> None:
    """G24 shares plus the CES group's CX mean (4.04, the highest of the metrics)."""
    z = ft.z
    cx = ft.scores("cx")
    ces_fig = next(f for f in ft.figs if f.chart_id == "G24" and f.metric == "avg_cx")
    cols = ft.assign_multi(
        "csat_metrics",
        ft.everyone,
        effects={"none": -1.2 * z["cx"], "ces": 1.5 * z["cx"], "fcr": 0.3 * z["cx"]},
        protect=("ces",),
        restrict={"other": cx <= 4},  # keeps CES the metric with the highest CX (G24)
    )
    ces = cols["ces"] == 1
    k = int(ces.sum())
    lo = int(np.ceil((ces_fig.value_num - ces_fig.tolerance) * k - 1e-9))
    hi = int(np.floor((ces_fig.value_num + ces_fig.tolerance) * k + 1e-9))
    _repair_ces(ft, cols, ces, cx, (lo, hi))
    cols["ces"] = np.where(cols["none"] == 1, 0, ces.astype(np.int8)).astype(np.int8)


def _repair_ces(
    ft: Fitter, cols: dict[str, np.ndarray], ces: np.ndarray, cx: np.ndarray, target: tuple[int, int]
) -> None:
    """Swap CES members (in place) until their CX sum is within `target`; counts stay the same."""
    lo, hi = target
    total = sum(np.maximum(cols[o], 0) for o in cols if o != "ces")
    eligible_out = (cols["none"] == 0) & ~ces
    for _ in range(500):
        s = int(cx[ces].sum())
        if lo <= s <= hi:
            return
        step = 1 if s < lo else -1
        ins = np.flatnonzero(ces & ((total >= 1) | (cols["ces"] == 1)))
        outs = np.flatnonzero(eligible_out & ~ces)
        # swap a member out for a non-member whose CX differs by `step`
        for i in ins[ft.rng.permutation(len(ins))]:
            cand = outs[cx[outs] == cx[i] + step]
            if total[i] >= 1 and len(cand):
                ces[i], ces[cand[0]] = False, True
                break
        else:
            raise CsxError.single(PRIORS_REL, "ces", "cannot reach the CES CX mean")


def _people(ft: Fitter) -> None:
    """G26-G28: EX surveys (automotive weakest), team satisfaction, tools (public sector poorest)."""
    z = ft.z
    ind = ft.data.single["industry"]
    auto = ind == "automotive"
    effects = {"regular": 0.5 * z["ex"] - 2.0 * auto, "irregular": 0.0 * z["ex"]}
    ft.assign_single("ex_survey", ft.everyone, effects=effects)
    reg = ft.data.single["ex_survey"] == "regular"
    ft.assign_single("team_satisfaction", reg, ordered=1.0 * z["ex"], noise=0.8)
    tool_lat = 0.8 * z["all"] - 0.8 * (ind == "public_sector") + 0.8 * auto
    ft.assign_single("tool_quality", ft.everyone, ordered=tool_lat, noise=0.9)
    ft.assign_single("info_access", ft.everyone, ordered=tool_lat, noise=0.9)
