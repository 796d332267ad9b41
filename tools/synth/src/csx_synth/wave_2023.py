"""Build the 2023 wave: calibrated to the few 2023 figures the 2025 report prints; otherwise 2025's priors.

The order of the steps is part of the output: every step draws from the same numpy Generator.
"""

from __future__ import annotations

import numpy as np

from csx_synth.calibration import Calibration
from csx_synth.codebook import Wave
from csx_synth.counts import gumbel, top_k
from csx_synth.figures import Figure
from csx_synth.fitter import SCORES, Fitter, WaveData, timestamps
from csx_synth.scores import correlated_latents, realise_scores


def build_2023(wave: Wave, figs: list[Figure], cal: Calibration, seed: int) -> WaveData:
    rng = np.random.default_rng([seed, 2023])
    ft = Fitter(wave, figs, cal.priors["2023"], rng)
    _scores(ft)
    _profile(ft, cal)
    _capabilities(ft, cal)
    _channels_and_service(ft)
    _measurement_and_people(ft)
    ft.data.submitted_at = timestamps(rng, wave.fieldwork, wave.n)
    return ft.data


def _scores(ft: Fitter) -> None:
    """Integer scores whose sums give the printed 2023 overall means exactly."""
    overall = {f.question_id: f for f in ft.figs if f.metric == "overall_avg"}
    lat = correlated_latents(ft.rng, ft.n)
    targets = {s: round(overall[f"{s}_score"].value_num * ft.n) for s in SCORES}
    ft.set_scores({s: realise_scores(ft.n, targets[s], lat[s]) for s in SCORES})


def _profile(ft: Fitter, cal: Calibration) -> None:
    """Company and team size (teams respect the company's size), segment, industry, AI use."""
    n, z = ft.n, ft.z
    ft.assign_single("company_size", ft.everyone, effects={"lt100": 0.4 * z["ex"]})
    comp = ft.data.single["company_size"]
    counts = ft.counts("cs_team_size", n)
    big = np.isin(comp, ["500_5000", "gt5000"]).astype(float)
    small = (comp == "lt100").astype(float)
    vals = np.full(n, "", dtype=object)
    free = ft.everyone.copy()
    for o in ["500plus", "100_499", "50_99"]:
        key = (
            3.0 * big - 6.0 * small + gumbel(ft.rng, n) if o != "50_99" else -6.0 * small + gumbel(ft.rng, n)
        )
        chosen = top_k(key, free, counts[o])
        vals[chosen] = o
        free[chosen] = False
    vals[free] = "le49"
    ft.set_single("cs_team_size", vals)
    ft.assign_single("customer_segment", ft.everyone)
    total = sum(cal.industry_size.values())
    mix = {k: v / total for k, v in cal.industry_size.items()}  # 2025's industry mix
    effects = {"telecom": 1.0 * z["ox"], "public_sector": -1.0 * z["ox"]}
    ft.assign_single("industry", ft.everyone, mix, effects=effects)
    ft.assign_single("ai_use", ft.everyone, effects={"yes": 1.0 * z["all"]})


def _capabilities(ft: Fitter, cal: Calibration) -> None:
    """G7 rows asked in 2023: use scaled down from 2025 (AI use 46 % vs 61 %), used only by AI users."""
    n, rng, z = ft.n, ft.rng, ft.z
    ai = ft.data.single["ai_use"] == "yes"
    scale, shift = cal.capability_2023["use_scale"], cal.capability_2023["planning_shift"]
    for item in ft.wave.items("ai_capability"):
        qid = f"ai_capability_{item}"
        c = cal.capability[item]
        u, ui, pl = c["using"], c["using_and_investing"], c["planning_investment"]
        prior = {
            "using": u * scale,
            "using_and_investing": ui * scale,
            "planning_investment": pl + shift,
            "not_planned": 1 - (u + ui) * scale - pl - shift,
        }
        counts = ft.counts(qid, n, prior)
        v = np.full(n, "", dtype=object)
        users = top_k(gumbel(rng, n) + 0.5 * z["all"], ai, counts["using"] + counts["using_and_investing"])
        v[users] = "using"
        investing = top_k(gumbel(rng, n), np.isin(np.arange(n), users), counts["using_and_investing"])
        v[investing] = "using_and_investing"
        v[top_k(gumbel(rng, n), v == "", counts["planning_investment"])] = "planning_investment"
        v[v == ""] = "not_planned"
        ft.set_single(qid, v)


def _channels_and_service(ft: Fitter) -> None:
    z = ft.z
    low = -0.6 * z["all"]
    ft.assign_multi(
        "contact_reasons", ft.everyone, effects={"report_problem": low, "complaint": low, "case_status": low}
    )
    ft.assign_multi("channels_used", ft.everyone)
    ss = ft.assign_multi("self_service_solutions", ft.everyone, effects={"none": -1.5 * z["all"]})
    effects = {"resolve_without_agent": 0.9 * z["ox"]}
    ft.assign_multi("self_service_actions", ft.everyone, effects=effects, none_mask=ss["none"] == 1)
    effects = {"personalised_service": 0.6 * (z["cx"] + z["ex"])}
    ft.assign_single("customer_priority", ft.everyone, effects=effects)
    ft.assign_multi("invest_channels", ft.everyone, effects={"none": -1.0 * z["all"]})


def _measurement_and_people(ft: Fitter) -> None:
    """perf_criteria's time to resolution sits 11 pp below 2025 (G23's delta) through the 2023 prior."""
    z = ft.z
    ft.assign_multi("perf_criteria", ft.everyone, effects={"sales_metrics": -0.8 * z["ex"]})
    ft.assign_multi("csat_metrics", ft.everyone, effects={"none": -1.2 * z["cx"]})
    ft.assign_single("analysis_frequency", ft.everyone, ordered=-1.0 * z["cx"], noise=0.8)
    ft.assign_single("ex_survey", ft.everyone, effects={"regular": 0.5 * z["ex"]})
    reg = ft.data.single["ex_survey"] == "regular"
    ft.assign_single("team_satisfaction", reg, ordered=1.0 * z["ex"], noise=0.8)
    ft.assign_single("tool_quality", ft.everyone, ordered=0.8 * z["all"], noise=0.9)
    ft.assign_single("info_access", ft.everyone, ordered=0.8 * z["all"], noise=0.9)
