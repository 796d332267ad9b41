"""Build the 2025 and 2023 waves answer by answer (see fit.py for the method)."""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np

from csx.errors import CsxError
from csx_synth.codebook import Wave
from csx_synth.figures import Figure
from csx_synth.fit import (
    SCORES,
    Fitter,
    WaveData,
    correlated_latents,
    fit_cells,
    gumbel,
    realise_scores,
    share_range,
    solve_counts,
    top_k,
)

# --------------------------------------------------------------------------------------------------
# Priors for unprinted shares (ASSUMPTION; see docs/reconstruction.md). Printed figures override them.

# ASSUMPTION: industry mix of 2025 (graph 4 not printed), chosen so every G6 share is reachable
INDUSTRY_N = {
    "telecom": 24,
    "transport_logistics": 26,
    "energy": 13,
    "consumer_goods_retail": 31,
    "insurance": 20,
    "manufacturing": 24,
    "public_sector": 20,
    "finance": 24,
    "automotive": 14,
    "other": 39,
}
AI_USERS_AUTOMOTIVE_OTHER = {"automotive": 9, "other": 24}  # ASSUMPTION: not printed

# ai_capability: (using only, using and investing, planning investment) as shares of all respondents
CAPABILITY_PRIOR = {
    "suggest_best_answer": (0.13, 0.46, 0.22),
    "chatbot": (0.17, 0.26, 0.15),
    "summarise_request": (0.08, 0.43, 0.24),
    "sentiment_analysis": (0.09, 0.25, 0.17),
    "voice_analytics": (0.05, 0.21, 0.15),
    "next_best_action": (0.07, 0.15, 0.20),
    "image_processing": (0.04, 0.13, 0.10),
    "voicebot": (0.05, 0.11, 0.12),
    "text_to_speech": (0.03, 0.10, 0.09),
    "knowledge_assist": (0.07, 0.27, 0.19),
    "ai_agent_chat": (0.02, 0.15, 0.21),
}
KPI_PRIOR = {  # positive, no_impact, negative on the AI-user base (printed values override)
    "resolution_time": (0.70, 0.26, 0.04),
    "customer_satisfaction": (0.63, 0.28, 0.09),
    "cost": (0.61, 0.30, 0.09),
    "employee_satisfaction": (0.61, 0.32, 0.07),
    "case_avoidance": (0.54, 0.41, 0.05),
    "revenue": (0.40, 0.52, 0.08),
}
PRIORS: dict[str, dict[str, float]] = {
    "customer_segment": {"b2b_b2c": 0.50, "b2b": 0.28, "b2c": 0.22},
    "genai_purpose": {
        "internal_only": 0.34,
        "external_only": 0.07,
        "internal_and_external": 0.19,
        "not_using": 0.40,
    },
    "genai_implementation": {
        "integrated_stack": 0.37,
        "platform_vendor": 0.24,
        "in_house": 0.17,
        "partner": 0.15,
        "other": 0.07,
    },
    "genai_challenges": {
        "lack_of_strategy": 0.46,
        "compliance": 0.39,
        "lack_of_skills": 0.34,
        "cost": 0.28,
        "data_quality": 0.25,
        "integration": 0.22,
        "none": 0.06,
    },
    "contact_reasons": {
        "report_problem": 0.52,
        "order_delivery": 0.50,
        "complaint": 0.49,
        "information_request": 0.49,
        "case_status": 0.44,
        "billing": 0.38,
        "account_change": 0.31,
        "other": 0.12,
    },
    "channels_used": {
        "email": 0.89,
        "phone": 0.87,
        "live_chat": 0.52,
        "chatbot": 0.43,
        "ai_agent_chat": 0.09,
        "social_media": 0.37,
        "outbound_sms": 0.23,
        "outbound_email": 0.34,
        "video_call": 0.14,
        "mobile_app": 0.31,
        "customer_portal": 0.40,
        "web": 0.62,
        "application_form": 0.36,
        "digital_assistant": 0.11,
        "voicebot": 0.12,
    },
    "self_service_actions": {
        "resolve_without_agent": 0.30,
        "offer_product_actions": 0.55,
        "download_invoices": 0.49,
        "update_personal_data": 0.44,
        "track_order": 0.38,
        "book_appointment": 0.21,
        "none": 0.12,
    },
    "self_service_solutions": {
        "web": 0.69,
        "customer_portal": 0.47,
        "chatbot": 0.41,
        "ai_agent_chat": 0.12,
        "mobile_app": 0.33,
        "voicebot": 0.14,
        "none": 0.12,
    },
    "ss_usage_change": {
        "significant_decrease": 0.03,
        "slight_decrease": 0.07,
        "no_change": 0.43,
        "slight_increase": 0.35,
        "significant_increase": 0.13,
    },
    "ss_fit": {
        "very_insufficient": 0.06,
        "insufficient": 0.21,
        "average": 0.41,
        "sufficient": 0.24,
        "very_sufficient": 0.08,
    },
    "customer_priority": {
        "first_contact_resolution": 0.38,
        "self_service_end_to_end": 0.14,
        "personalised_service": 0.16,
        "fast_response": 0.22,
        "always_available": 0.10,
    },
    "invest_channels": {
        "digital_assistant": 0.42,
        "mobile_app": 0.38,
        "chatbot": 0.37,
        "customer_portal": 0.34,
        "email": 0.13,
        "application_form": 0.09,
        "outbound_sms": 0.03,
        "live_chat": 0.22,
        "ai_agent_chat": 0.28,
        "voicebot": 0.17,
        "social_media": 0.15,
        "video_call": 0.06,
        "phone": 0.10,
        "none": 0.04,
    },
    "upsell_difficulty": {"difficult": 0.12, "somewhat_difficult": 0.26, "somewhat_easy": 0.44, "easy": 0.18},
    "cost_opportunity": {
        "customer_experience": 0.27,
        "internal_strategy": 0.16,
        "ai": 0.23,
        "process_automation": 0.23,
        "dont_know": 0.11,
    },
    "perf_criteria": {
        "service_quality": 0.69,
        "time_to_resolution": 0.52,
        "sales_metrics": 0.24,
        "customer_satisfaction": 0.58,
        "productivity": 0.41,
        "first_contact_resolution": 0.36,
        "none": 0.03,
    },
    "csat_metrics": {"nps": 0.60, "csat": 0.57, "fcr": 0.32, "ces": 0.19, "other": 0.08, "none": 0.11},
    "analysis_frequency": {
        "real_time": 0.06,
        "hourly": 0.09,
        "daily": 0.17,
        "weekly": 0.22,
        "monthly": 0.28,
        "quarterly_or_less": 0.18,
    },
    "ex_survey": {"regular": 0.68, "irregular": 0.19, "none": 0.13},
    "team_satisfaction": {
        "very_dissatisfied": 0.03,
        "dissatisfied": 0.08,
        "neutral": 0.20,
        "satisfied": 0.53,
        "very_satisfied": 0.16,
    },
    "tool_quality": {"1": 0.04, "2": 0.12, "3": 0.33, "4": 0.38, "5": 0.13},
    "info_access": {"1": 0.03, "2": 0.11, "3": 0.54, "4": 0.17, "5": 0.15},
}
# 2023 (ASSUMPTION: only the figures printed in the 2025 report are known; the rest copies 2025 priors)
PRIORS_2023: dict[str, dict[str, float]] = {
    "perf_criteria": {**PRIORS["perf_criteria"], "time_to_resolution": 0.41},
    "customer_priority": {
        "first_contact_resolution": 0.36,
        "self_service_end_to_end": 0.12,
        "personalised_service": 0.22,
        "fast_response": 0.21,
        "always_available": 0.09,
    },
    "self_service_actions": {**PRIORS["self_service_actions"], "resolve_without_agent": 0.24, "none": 0.16},
    "self_service_solutions": {
        "web": 0.64,
        "customer_portal": 0.42,
        "chatbot": 0.38,
        "mobile_app": 0.29,
        "voicebot": 0.12,
        "none": 0.16,
    },
    "channels_used": {**PRIORS["channels_used"], "social_media": 0.43, "outbound_sms": 0.31, "chatbot": 0.36},
    "invest_channels": {**PRIORS["invest_channels"], "digital_assistant": 0.30, "chatbot": 0.41},
}


def _timestamps(rng: np.random.Generator, fieldwork: tuple[str, str], n: int) -> list[str]:
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


def _set_scores(ft: Fitter, cx: np.ndarray, ex: np.ndarray, ox: np.ndarray) -> None:
    for s, v in zip(SCORES, (cx, ex, ox), strict=True):
        ft.set_single(f"{s}_score", np.array([str(int(x)) for x in v], dtype=object))
        ft.z[s] = (v - v.mean()) / (v.std() + 1e-9)
    ft.z["all"] = (ft.z["cx"] + ft.z["ex"] + ft.z["ox"]) / 3.0


def _scores_array(ft: Fitter, s: str) -> np.ndarray:
    return np.array([int(x) for x in ft.data.single[f"{s}_score"]])


# ---------------------------------------------------------------------------------------------- 2025


def build_2025(wave: Wave, figs: list[Figure], seed: int) -> WaveData:
    rng = np.random.default_rng([seed, 2025])
    n = wave.n
    ft = Fitter(wave, figs, rng)
    everyone = np.ones(n, dtype=bool)

    # stage 1+2: company x team cells with score sums, then respondent scores
    sf = fit_cells(figs, wave)
    company = np.empty(n, dtype=object)
    team = np.empty(n, dtype=object)
    scores = {s: np.zeros(n, dtype=int) for s in SCORES}
    lat = correlated_latents(rng, n)
    pos = 0
    for cell in sf.cells:
        k = sf.n[cell]
        sl = slice(pos, pos + k)
        company[sl], team[sl] = cell
        for s in SCORES:
            scores[s][sl] = realise_scores(k, sf.sums[(cell[0], cell[1], s)], lat[s][sl])
        pos += k
    # shuffle respondents so ids carry no cell order
    perm = rng.permutation(n)
    company, team = company[perm], team[perm]
    for s in SCORES:
        scores[s] = scores[s][perm]
    ft.set_single("company_size", company)
    ft.set_single("cs_team_size", team)
    _set_scores(ft, scores["cx"], scores["ex"], scores["ox"])
    z = ft.z

    ft.assign_single(
        "customer_segment",
        everyone,
        PRIORS["customer_segment"],
        effects={"b2b_b2c": 0.2 * z["cx"], "b2b": -0.1 * z["ox"]},
    )

    # industry + AI use: exact industry sizes and G6 AI counts; propensities make telecom the OX leader,
    # public sector the OX laggard, consumer goods/retail low on CX and EX; AI non-users score lower.
    _assign_industry_ai(ft, figs)
    ai = ft.data.single["ai_use"] == "yes"

    # G7 AI capability grid: use only by AI users
    for item in wave.items("ai_capability"):
        qid = f"ai_capability_{item}"
        u, ui, pl = CAPABILITY_PRIOR[item]
        prior = {
            "using": u,
            "using_and_investing": ui,
            "planning_investment": pl,
            "not_planned": 1 - u - ui - pl,
        }
        counts = solve_counts(ft.opts(qid), n, prior, ft.share_constraints(qid, n), True, what=qid)
        vals = np.full(n, "", dtype=object)
        used = counts["using"] + counts["using_and_investing"]
        eff = {
            "chatbot": z["cx"],
            "voicebot": z["cx"],
            "knowledge_assist": z["ex"],
            "next_best_action": z["ox"],
            "sentiment_analysis": z["ox"],
            "summarise_request": z["cx"],
        }.get(item, z["all"])
        users = top_k(0.8 * eff + gumbel(rng, n), ai, used)
        ui_idx = top_k(
            0.5 * z["all"] + gumbel(rng, n), np.isin(np.arange(n), users), counts["using_and_investing"]
        )
        vals[users] = "using"
        vals[ui_idx] = "using_and_investing"
        rest = vals == ""
        plan = top_k(0.6 * z["all"] + gumbel(rng, n), rest, counts["planning_investment"])
        vals[plan] = "planning_investment"
        vals[vals == ""] = "not_planned"
        ft.set_single(qid, vals)

    # T1: AI KPI impact on the AI-user base; G21 repeats the revenue row
    for item in wave.items("ai_kpi_impact"):
        qid = f"ai_kpi_impact_{item}"
        p, ni, ng = KPI_PRIOR[item]
        ft.assign_single(
            qid, ai, {"positive": p, "no_impact": ni, "negative": ng}, ordered=-0.8 * z["all"], noise=1.0
        )
    rev = ft.data.single["ai_kpi_impact_revenue"]
    ft.set_single("ai_revenue_impact", rev.copy())

    # G8/G9/G10 generative AI: GenAI users are AI users
    genai_users = wave.question("genai_implementation").base_options()  # the genai_purpose options of users
    gp = ft.opts("genai_purpose")
    counts = solve_counts(
        gp, n, PRIORS["genai_purpose"], ft.share_constraints("genai_purpose", n), True, what="genai_purpose"
    )
    n_users = sum(counts[o] for o in genai_users)
    vals = np.full(n, "not_using", dtype=object)
    users = top_k(0.3 * z["all"] + gumbel(rng, n), ai, n_users)
    free = np.isin(np.arange(n), users)
    for o, beta in (("internal_and_external", 1.2), ("external_only", 0.2)):
        chosen = top_k(beta * (z["cx"] + z["ex"]) + gumbel(rng, n), free, counts[o])
        vals[chosen] = o
        free[chosen] = False
    vals[free] = "internal_only"
    ft.set_single("genai_purpose", vals)
    genai = np.isin(vals, genai_users)
    ft.assign_single("genai_implementation", genai, PRIORS["genai_implementation"], noise=1.0)
    ft.assign_multi(
        "genai_challenges",
        everyone,
        PRIORS["genai_challenges"],
        effects={"lack_of_strategy": -0.5 * z["ox"], "none": 0.3 * z["all"]},
        strict_order=["lack_of_strategy", "compliance", "lack_of_skills"],
    )

    # channels
    low = -0.6 * z["all"]
    ft.assign_multi(
        "contact_reasons",
        everyone,
        PRIORS["contact_reasons"],
        effects={
            "report_problem": low,
            "complaint": low,
            "case_status": low,
            "information_request": 0.3 * z["all"],
        },
    )
    used = ft.assign_multi(
        "channels_used",
        everyone,
        PRIORS["channels_used"],
        effects={
            "outbound_email": 0.6 * (z["cx"] + z["ex"]),
            "video_call": -0.8 * z["ox"],
            "chatbot": 0.8 * ai.astype(float),
            "ai_agent_chat": 1.5 * ai.astype(float),
            "digital_assistant": 1.0 * ai.astype(float),
        },
    )
    _top_volume(ft, used)
    ss = ft.assign_multi(
        "self_service_solutions",
        everyone,
        PRIORS["self_service_solutions"],
        effects={"none": -1.5 * z["all"]},
    )
    ss_none = ss["none"] == 1
    ft.assign_multi(
        "self_service_actions",
        everyone,
        PRIORS["self_service_actions"],
        effects={"resolve_without_agent": 0.9 * z["ox"]},
        none_mask=ss_none,
    )
    offered = ~ss_none
    # more usage goes with higher CX/EX/OX, except that EX drops where usage increased significantly
    n_off = int(offered.sum())
    uc = solve_counts(
        ft.opts("ss_usage_change"),
        n_off,
        PRIORS["ss_usage_change"],
        ft.share_constraints("ss_usage_change", n_off),
        True,
        what="ss_usage_change",
    )
    sig = top_k(
        0.8 * (z["cx"] + z["ox"]) - 1.2 * z["ex"] + gumbel(rng, n), offered, uc["significant_increase"]
    )
    rest = offered.copy()
    rest[sig] = False
    ft.assign_single(
        "ss_usage_change",
        rest,
        PRIORS["ss_usage_change"],
        ordered=0.6 * z["all"],
        noise=1.0,
        counts={**uc, "significant_increase": 0},
    )
    ft.data.single["ss_usage_change"][sig] = "significant_increase"
    ft.assign_single("ss_fit", offered, PRIORS["ss_fit"], ordered=0.8 * z["all"], noise=1.0)
    ft.assign_single(
        "customer_priority",
        everyone,
        PRIORS["customer_priority"],
        effects={
            "self_service_end_to_end": 1.2 * z["ox"] + 0.6 * z["cx"] - 1.5 * z["ex"],
            "personalised_service": 0.6 * (z["cx"] + z["ex"]),
        },
    )
    ft.assign_multi("invest_channels", everyone, PRIORS["invest_channels"], effects={"none": -1.0 * z["all"]})

    # sales and efficiency
    ft.assign_single(
        "upsell_difficulty", everyone, PRIORS["upsell_difficulty"], ordered=0.5 * z["all"], noise=1.0
    )
    ft.assign_single(
        "cost_opportunity",
        everyone,
        PRIORS["cost_opportunity"],
        effects={"dont_know": -0.8 * z["all"], "ai": 0.6 * ai.astype(float)},
    )

    # measurement and people
    ft.assign_multi(
        "perf_criteria",
        everyone,
        PRIORS["perf_criteria"],
        effects={"sales_metrics": -0.8 * z["ex"] - 0.4 * z["ox"], "none": -0.5 * z["all"]},
    )
    _csat_metrics(ft, figs)
    ft.assign_single(
        "analysis_frequency", everyone, PRIORS["analysis_frequency"], ordered=-1.0 * z["cx"], noise=0.8
    )
    auto = ft.data.single["industry"] == "automotive"
    ft.assign_single(
        "ex_survey",
        everyone,
        PRIORS["ex_survey"],
        effects={"regular": 0.5 * z["ex"] - 2.0 * auto, "irregular": 0.0 * z["ex"]},
    )
    reg = ft.data.single["ex_survey"] == "regular"
    ft.assign_single("team_satisfaction", reg, PRIORS["team_satisfaction"], ordered=1.0 * z["ex"], noise=0.8)
    ind = ft.data.single["industry"]
    tool_lat = 0.8 * z["all"] - 0.8 * (ind == "public_sector") + 0.8 * (ind == "automotive")
    ft.assign_single("tool_quality", everyone, PRIORS["tool_quality"], ordered=tool_lat, noise=0.9)
    ft.assign_single("info_access", everyone, PRIORS["info_access"], ordered=tool_lat, noise=0.9)

    ft.data.submitted_at = _timestamps(rng, wave.fieldwork, n)
    return ft.data


def _assign_industry_ai(ft: Fitter, figs: list[Figure]) -> None:
    n, rng, z = ft.n, ft.rng, ft.z
    g6 = {f.filter_option_id: f for f in figs if f.wave_id == "2025" and f.chart_id == "G6"}
    ai_counts: dict[str, int] = {}
    for ind, k in INDUSTRY_N.items():
        if ind in g6:
            a, b = share_range(g6[ind].value_num, k)
            if a > b:
                raise CsxError.single(
                    "fit", "g6_unreachable", f"{ind}: no AI count of {k} rounds to {g6[ind].value}"
                )
            ai_counts[ind] = round((a + b) / 2 - 0.01)
        else:
            ai_counts[ind] = AI_USERS_AUTOMOTIVE_OTHER[ind]
    if sum(INDUSTRY_N.values()) != n:
        raise CsxError.single("fit", "industry_sizes", "industry sizes do not add up to the sample")
    total_ai = sum(ai_counts.values())
    g5 = next(f for f in figs if f.wave_id == "2025" and f.chart_id == "G5")
    a, b = share_range(g5.value_num, n)
    if not a <= total_ai <= b:
        raise CsxError.single("fit", "g5_g6", f"G6 AI counts sum to {total_ai}, G5 needs {a}..{b}")
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
        for o in list(INDUSTRY_N)[:-1]:
            chosen = top_k(effects.get(o, np.zeros(n)) + gumbel(rng, n), free, INDUSTRY_N[o])
            ind_vals[chosen] = o
            free[chosen] = False
        ind_vals[free] = "other"
        ai_vals = np.full(n, "no", dtype=object)
        for o in INDUSTRY_N:
            chosen = top_k(1.2 * z["all"] + gumbel(rng, n), ind_vals == o, ai_counts[o])
            ai_vals[chosen] = "yes"
        if _industry_ok(ft, ind_vals, ai_vals):
            break
    else:  # pragma: no cover - deterministic, checked by tests
        raise CsxError.single("fit", "industry", "no industry assignment met the G4 statements")
    ft.set_single("industry", ind_vals)
    ft.set_single("ai_use", ai_vals)


def _industry_ok(ft: Fitter, ind: np.ndarray, ai: np.ndarray) -> bool:
    sc = {s: _scores_array(ft, s) for s in SCORES}
    means = {o: {s: sc[s][ind == o].mean() for s in SCORES} for o in INDUSTRY_N}
    ox = sorted(INDUSTRY_N, key=lambda o: -means[o]["ox"])
    ok = ox[0] == "telecom" and ox[-1] == "public_sector"
    ok &= means["telecom"]["ox"] - means[ox[1]]["ox"] > 0.05
    ok &= means[ox[-2]]["ox"] - means["public_sector"]["ox"] > 0.05
    ok &= all(means["consumer_goods_retail"][s] < sc[s].mean() - 0.15 for s in ("cx", "ex"))
    yes = ai == "yes"
    ok &= all(sc[s][yes].mean() > sc[s][~yes].mean() + 0.1 for s in SCORES)
    return bool(ok)


def _top_volume(ft: Fitter, used: dict[str, np.ndarray]) -> None:
    """Up to four of the channels each respondent uses, weighted towards phone and email."""
    n, rng = ft.n, ft.rng
    weight = {
        "phone": 3.0,
        "email": 2.6,
        "live_chat": 1.2,
        "chatbot": 0.9,
        "web": 0.8,
        "customer_portal": 0.6,
        "social_media": 0.4,
        "mobile_app": 0.5,
        "application_form": 0.3,
    }
    opts = ft.opts("channels_top_volume")
    cols = {o: np.zeros(n, dtype=np.int8) for o in opts}
    for r in range(n):
        mine = [o for o in opts if used.get(o, np.zeros(n))[r] == 1]
        keys = np.array([weight.get(o, 0.1) for o in mine]) + gumbel(rng, len(mine))
        m = min(len(mine), int(rng.integers(2, 5)))
        for i in np.argsort(-keys, kind="stable")[:m]:
            cols[mine[i]][r] = 1
    ft.data.multi["channels_top_volume"] = cols


def _csat_metrics(ft: Fitter, figs: list[Figure]) -> None:
    """G24 shares plus the CES group's CX mean (4.04, the highest of the metrics)."""
    n, rng, z = ft.n, ft.rng, ft.z
    cx = _scores_array(ft, "cx")
    ces_fig = next(f for f in figs if f.wave_id == "2025" and f.chart_id == "G24" and f.metric == "avg_cx")
    cols = ft.assign_multi(
        "csat_metrics",
        np.ones(n, dtype=bool),
        PRIORS["csat_metrics"],
        effects={"none": -1.2 * z["cx"], "ces": 1.5 * z["cx"], "fcr": 0.3 * z["cx"]},
        protect=("ces",),
        restrict={"other": cx <= 4},  # keeps CES the metric with the highest CX (G24)
    )
    ces = cols["ces"] == 1
    k = int(ces.sum())
    lo = int(np.ceil((ces_fig.value_num - ces_fig.tolerance) * k - 1e-9))
    hi = int(np.floor((ces_fig.value_num + ces_fig.tolerance) * k + 1e-9))
    total = sum(np.maximum(cols[o], 0) for o in cols if o != "ces")
    eligible_out = (cols["none"] == 0) & ~ces
    for _ in range(500):
        s = int(cx[ces].sum())
        if lo <= s <= hi:
            break
        step = 1 if s < lo else -1
        ins = np.flatnonzero(ces & ((total >= 1) | (cols["ces"] == 1)))
        outs = np.flatnonzero(eligible_out & ~ces)
        # swap a member out for a non-member whose CX differs by `step`
        done = False
        for i in ins[rng.permutation(len(ins))]:
            cand = outs[cx[outs] == cx[i] + step]
            if total[i] >= 1 and len(cand):
                j = cand[0]
                ces[i], ces[j] = False, True
                done = True
                break
        if not done:
            raise CsxError.single("fit", "ces", "cannot reach the CES CX mean")
    cols["ces"] = np.where(cols["none"] == 1, 0, ces.astype(np.int8)).astype(np.int8)


# ---------------------------------------------------------------------------------------------- 2023


def build_2023(wave: Wave, figs: list[Figure], seed: int) -> WaveData:
    rng = np.random.default_rng([seed, 2023])
    n = wave.n
    ft = Fitter(wave, figs, rng)
    everyone = np.ones(n, dtype=bool)
    f23 = {f.question_id: f for f in figs if f.wave_id == "2023" and f.metric == "overall_avg"}
    lat = correlated_latents(rng, n)
    sc = {}
    for s in SCORES:
        f = f23[f"{s}_score"]
        target = round(f.value_num * n)
        sc[s] = realise_scores(n, target, lat[s])
    _set_scores(ft, sc["cx"], sc["ex"], sc["ox"])
    z = ft.z
    comp_prior = {"lt100": 0.22, "100_499": 0.20, "500_5000": 0.33, "gt5000": 0.25}
    team_prior = {"le49": 0.45, "50_99": 0.17, "100_499": 0.17, "500plus": 0.21}
    ft.assign_single("company_size", everyone, comp_prior, effects={"lt100": 0.4 * z["ex"]})
    comp = ft.data.single["company_size"]
    # team size respects company size (small companies have small teams)
    counts = solve_counts(ft.opts("cs_team_size"), n, team_prior, [], True, what="cs_team_size")
    big = np.isin(comp, ["500_5000", "gt5000"]).astype(float)
    small = (comp == "lt100").astype(float)
    vals = np.full(n, "", dtype=object)
    free = everyone.copy()
    for o in ["500plus", "100_499", "50_99"]:
        key = 3.0 * big - 6.0 * small + gumbel(rng, n) if o != "50_99" else -6.0 * small + gumbel(rng, n)
        chosen = top_k(key, free, counts[o])
        vals[chosen] = o
        free[chosen] = False
    vals[free] = "le49"
    ft.set_single("cs_team_size", vals)
    ft.assign_single("customer_segment", everyone, PRIORS["customer_segment"])
    ind_prior = {k: v / sum(INDUSTRY_N.values()) for k, v in INDUSTRY_N.items()}
    ft.assign_single(
        "industry", everyone, ind_prior, effects={"telecom": 1.0 * z["ox"], "public_sector": -1.0 * z["ox"]}
    )
    ft.assign_single("ai_use", everyone, {"yes": 0.46, "no": 0.54}, effects={"yes": 1.0 * z["all"]})
    ai = ft.data.single["ai_use"] == "yes"
    for item in wave.items("ai_capability"):
        qid = f"ai_capability_{item}"
        u, ui, pl = CAPABILITY_PRIOR[item]
        scale = 0.7  # ASSUMPTION: 2023 use about 70 % of the 2025 level (AI use 46 % vs 61 %)
        prior = {
            "using": u * scale,
            "using_and_investing": ui * scale,
            "planning_investment": pl + 0.03,
            "not_planned": 1 - (u + ui) * scale - pl - 0.03,
        }
        counts = solve_counts(ft.opts(qid), n, prior, [], True, what=qid)
        v = np.full(n, "", dtype=object)
        users = top_k(gumbel(rng, n) + 0.5 * z["all"], ai, counts["using"] + counts["using_and_investing"])
        v[users] = "using"
        v[top_k(gumbel(rng, n), np.isin(np.arange(n), users), counts["using_and_investing"])] = (
            "using_and_investing"
        )
        v[top_k(gumbel(rng, n), v == "", counts["planning_investment"])] = "planning_investment"
        v[v == ""] = "not_planned"
        ft.set_single(qid, v)
    low = -0.6 * z["all"]
    ft.assign_multi(
        "contact_reasons",
        everyone,
        PRIORS["contact_reasons"],
        effects={"report_problem": low, "complaint": low, "case_status": low},
    )
    ch = {k: v for k, v in PRIORS_2023["channels_used"].items() if k != "ai_agent_chat"}
    ft.assign_multi("channels_used", everyone, ch)
    ss_prior = PRIORS_2023["self_service_solutions"]
    ss = ft.assign_multi("self_service_solutions", everyone, ss_prior, effects={"none": -1.5 * z["all"]})
    ft.assign_multi(
        "self_service_actions",
        everyone,
        PRIORS_2023["self_service_actions"],
        effects={"resolve_without_agent": 0.9 * z["ox"]},
        none_mask=ss["none"] == 1,
    )
    ft.assign_single(
        "customer_priority",
        everyone,
        PRIORS_2023["customer_priority"],
        effects={"personalised_service": 0.6 * (z["cx"] + z["ex"])},
    )
    inv = {k: v for k, v in PRIORS_2023["invest_channels"].items() if k != "ai_agent_chat"}
    ft.assign_multi("invest_channels", everyone, inv, effects={"none": -1.0 * z["all"]})
    _perf_2023(ft)
    ft.assign_multi("csat_metrics", everyone, PRIORS["csat_metrics"], effects={"none": -1.2 * z["cx"]})
    ft.assign_single(
        "analysis_frequency", everyone, PRIORS["analysis_frequency"], ordered=-1.0 * z["cx"], noise=0.8
    )
    ft.assign_single("ex_survey", everyone, PRIORS["ex_survey"], effects={"regular": 0.5 * z["ex"]})
    reg = ft.data.single["ex_survey"] == "regular"
    ft.assign_single("team_satisfaction", reg, PRIORS["team_satisfaction"], ordered=1.0 * z["ex"], noise=0.8)
    ft.assign_single("tool_quality", everyone, PRIORS["tool_quality"], ordered=0.8 * z["all"], noise=0.9)
    ft.assign_single("info_access", everyone, PRIORS["info_access"], ordered=0.8 * z["all"], noise=0.9)
    ft.data.submitted_at = _timestamps(rng, wave.fieldwork, n)
    return ft.data


def _perf_2023(ft: Fitter) -> None:
    """2023 perf_criteria: level of 'time to resolution' = 2025 level - 11 pp (G23 delta)."""
    ft.assign_multi(
        "perf_criteria",
        np.ones(ft.n, dtype=bool),
        PRIORS_2023["perf_criteria"],
        effects={"sales_metrics": -0.8 * ft.z["ex"]},
    )
