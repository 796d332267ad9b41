"""The report's printed figures, made machine-readable (seeds/reference/published_figures.csv)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, replace
from pathlib import Path

from csx.errors import CsxError, Problem
from csx_synth.codebook import Wave

#: the report's printed figures, vendored (calibration input of the tool)
REPORT_FIGURES = Path(__file__).parent / "data" / "report_published_figures.csv"
REPORT_REL = "tools/synth/src/csx_synth/data/report_published_figures.csv"


@dataclass(frozen=True)
class Figure:
    figure_id: str
    chart_id: str
    wave: str
    dimension: str
    member: str
    measure: str
    value: str
    confidence: str
    note: str
    wave_id: str
    compare_wave_id: str
    question_id: str
    metric: str
    filter_question_id: str
    filter_option_id: str
    value_num: float
    tolerance: float
    options: tuple[str, ...]
    contradiction: str = ""


FIGURE_COLUMNS = [
    "figure_id",
    "chart_id",
    "wave",
    "dimension",
    "member",
    "measure",
    "value",
    "confidence",
    "note",
    "wave_id",
    "compare_wave_id",
    "question_id",
    "metric",
    "filter_question_id",
    "filter_option_id",
    "value_num",
    "tolerance",
    "contradiction",
]

# (chart_id, member, measure) -> (question_id, metric, options[, filter_question, filter_option])
_SHARE = "share"
_MAP: dict[tuple[str, str, str], tuple] = {
    ("method", "all", "respondents_n"): ("", "respondents", ()),
    ("overall", "CX", "avg_score"): ("cx_score", "overall_avg", ()),
    ("overall", "EX", "avg_score"): ("ex_score", "overall_avg", ()),
    ("overall", "OX", "avg_score"): ("ox_score", "overall_avg", ()),
    ("demographics", "B2B and B2C", "share_pct"): ("customer_segment", _SHARE, ("b2b_b2c",)),
    ("demographics", "B2B", "share_pct"): ("customer_segment", _SHARE, ("b2b",)),
    ("demographics", "B2C", "share_pct"): ("customer_segment", _SHARE, ("b2c",)),
    ("G4", "telecom", "rank_OX"): ("industry", "rank_desc_avg_ox", ("telecom",)),
    ("G4", "public sector", "rank_OX"): ("industry", "rank_desc_avg_ox", ("public_sector",)),
    ("G4", "consumer goods/retail", "avg_EX_vs_overall"): (
        "industry",
        "sign_diff_avg_ex",
        ("consumer_goods_retail",),
    ),
    ("G4", "consumer goods/retail", "avg_CX_vs_overall"): (
        "industry",
        "sign_diff_avg_cx",
        ("consumer_goods_retail",),
    ),
    ("G5", "uses AI", "share_pct"): ("ai_use", _SHARE, ("yes",)),
    ("G7", "sentiment analysis", "pct_using_total"): (
        "ai_capability_sentiment_analysis",
        _SHARE,
        ("using", "using_and_investing"),
    ),
    ("G8", "uses GenAI in CS", "share_pct"): (
        "genai_purpose",
        _SHARE,
        ("internal_only", "external_only", "internal_and_external"),
    ),
    ("G8", "internal only", "share_pct"): ("genai_purpose", _SHARE, ("internal_only",)),
    ("G9", "integrated in current tech stack", "share_pct"): (
        "genai_implementation",
        _SHARE,
        ("integrated_stack",),
    ),
    ("G9", "platform vendor solution", "share_pct"): ("genai_implementation", _SHARE, ("platform_vendor",)),
    ("G11", "report product/service problem", "share_pct"): ("contact_reasons", _SHARE, ("report_problem",)),
    ("G11", "order/delivery issue", "share_pct"): ("contact_reasons", _SHARE, ("order_delivery",)),
    ("G11", "complaint", "share_pct"): ("contact_reasons", _SHARE, ("complaint",)),
    ("G11", "information request", "share_pct"): ("contact_reasons", _SHARE, ("information_request",)),
    ("G12", "email", "pct_used"): ("channels_used", _SHARE, ("email",)),
    ("G12", "phone", "pct_used"): ("channels_used", _SHARE, ("phone",)),
    ("G12", "social media", "pct_used"): ("channels_used", _SHARE, ("social_media",)),
    ("G12", "outbound SMS", "pct_used"): ("channels_used", _SHARE, ("outbound_sms",)),
    ("G14", "resolve without agent", "pct_offering"): (
        "self_service_actions",
        _SHARE,
        ("resolve_without_agent",),
    ),
    ("G14", "offer/product/service actions", "pct_offering"): (
        "self_service_actions",
        _SHARE,
        ("offer_product_actions",),
    ),
    ("G14", "download invoices/duplicates", "pct_offering"): (
        "self_service_actions",
        _SHARE,
        ("download_invoices",),
    ),
    ("G15", "web", "pct_offering"): ("self_service_solutions", _SHARE, ("web",)),
    ("G15", "customer portal", "pct_offering"): ("self_service_solutions", _SHARE, ("customer_portal",)),
    ("G15", "chatbot", "pct_offering"): ("self_service_solutions", _SHARE, ("chatbot",)),
    ("G15", "none", "pct_offering"): ("self_service_solutions", _SHARE, ("none",)),
    ("G16", "no change", "share_pct"): ("ss_usage_change", _SHARE, ("no_change",)),
    ("G16", "slightly increased", "share_pct"): ("ss_usage_change", _SHARE, ("slight_increase",)),
    ("G16", "increased (slight+significant)", "share_pct"): (
        "ss_usage_change",
        _SHARE,
        ("slight_increase", "significant_increase"),
    ),
    ("G16", "decreased (slight+significant)", "share_pct"): (
        "ss_usage_change",
        _SHARE,
        ("slight_decrease", "significant_decrease"),
    ),
    ("G17", "average (3)", "share_pct"): ("ss_fit", _SHARE, ("average",)),
    ("G17", "very sufficient (5)", "share_pct"): ("ss_fit", _SHARE, ("very_sufficient",)),
    ("G17", "insufficient + very insufficient", "share_pct"): (
        "ss_fit",
        _SHARE,
        ("insufficient", "very_insufficient"),
    ),
    ("G18", "personalised service", "share_pct"): ("customer_priority", _SHARE, ("personalised_service",)),
    ("G20", "difficult + somewhat difficult", "share_pct"): (
        "upsell_difficulty",
        _SHARE,
        ("difficult", "somewhat_difficult"),
    ),
    ("G20", "easy", "share_pct"): ("upsell_difficulty", _SHARE, ("easy",)),
    ("G21", "positive", "share_pct"): ("ai_revenue_impact", _SHARE, ("positive",)),
    ("G21", "none or negative", "share_pct"): ("ai_revenue_impact", _SHARE, ("no_impact", "negative")),
    ("G22", "don't know", "share_pct"): ("cost_opportunity", _SHARE, ("dont_know",)),
    ("G23", "service quality", "share_pct"): ("perf_criteria", _SHARE, ("service_quality",)),
    ("G23", "time to resolution", "delta_pp"): ("perf_criteria", "delta_share", ("time_to_resolution",)),
    ("G24", "NPS", "share_pct"): ("csat_metrics", _SHARE, ("nps",)),
    ("G24", "CSAT", "share_pct"): ("csat_metrics", _SHARE, ("csat",)),
    ("G24", "FCR", "share_pct"): ("csat_metrics", _SHARE, ("fcr",)),
    ("G24", "none", "share_pct"): ("csat_metrics", _SHARE, ("none",)),
    ("G24", "CES", "avg_CX"): ("csat_metrics", "avg_cx", ("ces",)),
    ("G25", "real-time", "share_pct"): ("analysis_frequency", _SHARE, ("real_time",)),
    ("G26", "regular EX survey", "share_pct"): ("ex_survey", _SHARE, ("regular",)),
    ("G26", "satisfied + very satisfied", "share_pct"): (
        "team_satisfaction",
        _SHARE,
        ("satisfied", "very_satisfied"),
    ),
    ("G27", "5 excellent & customised", "share_pct"): ("tool_quality", _SHARE, ("5",)),
    ("G27", "4 excellent", "share_pct"): ("tool_quality", _SHARE, ("4",)),
    ("G28", "5 very good", "share_pct"): ("info_access", _SHARE, ("5",)),
    ("G28", "3 moderate", "share_pct"): ("info_access", _SHARE, ("3",)),
    ("G19", "digital assistant", "share_pct"): ("invest_channels", _SHARE, ("digital_assistant",)),
    ("G19", "mobile app", "share_pct"): ("invest_channels", _SHARE, ("mobile_app",)),
    ("G19", "chatbot", "share_pct"): ("invest_channels", _SHARE, ("chatbot",)),
    ("G19", "customer portal", "share_pct"): ("invest_channels", _SHARE, ("customer_portal",)),
    ("G19", "email", "share_pct"): ("invest_channels", _SHARE, ("email",)),
    ("G19", "application form", "share_pct"): ("invest_channels", _SHARE, ("application_form",)),
    ("G19", "outbound SMS", "share_pct"): ("invest_channels", _SHARE, ("outbound_sms",)),
}

_G1 = {"<100": "lt100", "100-499": "100_499", "500-5000": "500_5000", ">5000": "gt5000"}
_G2 = {"<=49": "le49", "50-99": "50_99", "100-499": "100_499", "500+": "500plus"}
_G6 = {
    "telecom": "telecom",
    "transport/logistics": "transport_logistics",
    "energy": "energy",
    "consumer goods/retail": "consumer_goods_retail",
    "insurance": "insurance",
    "manufacturing": "manufacturing",
    "public sector": "public_sector",
    "finance": "finance",
}
_T1 = {
    "resolution time": "resolution_time",
    "customer satisfaction": "customer_satisfaction",
    "cost": "cost",
    "employee satisfaction": "employee_satisfaction",
    "case avoidance": "case_avoidance",
    "revenue": "revenue",
}
_T1_MEASURE = {
    "pct_positive_impact": "positive",
    "pct_no_impact": "no_impact",
    "pct_negative_impact": "negative",
}
_G7 = {
    "suggest best answer": "suggest_best_answer",
    "chatbot": "chatbot",
    "summarise customer request": "summarise_request",
}
_G10 = {"lack of strategy": "lack_of_strategy", "compliance": "compliance", "skills": "lack_of_skills"}
_AVG = {"avg_CX": "avg_cx", "avg_EX": "avg_ex", "avg_OX": "avg_ox"}


def _slug(text: str) -> str:
    t = text.lower().replace("<=", "le").replace("<", "lt").replace(">", "gt").replace("+", "plus")
    t = t.replace("'", "")
    return re.sub(r"[^a-z0-9]+", "_", t).strip("_")


def _resolve(chart: str, member: str, measure: str) -> tuple:
    if (chart, member, measure) in _MAP:
        return _MAP[(chart, member, measure)]
    if chart == "G1":
        qid, opt = "company_size", _G1[member]
    elif chart == "G2":
        qid, opt = "cs_team_size", _G2[member]
    elif chart == "G6":
        return ("ai_use", _SHARE, ("yes",), "industry", _G6[member])
    elif chart == "T1":
        item = _T1[member]
        return (f"ai_kpi_impact_{item}", _SHARE, (_T1_MEASURE[measure],))
    elif chart == "G7" and measure == "pct_using_total":
        return (f"ai_capability_{_G7[member]}", _SHARE, ("using", "using_and_investing"))
    elif chart == "G7" and measure == "pct_using_and_invest":
        return (f"ai_capability_{_G7[member]}", _SHARE, ("using_and_investing",))
    elif chart == "G10":
        return ("genai_challenges", "rank_desc_share", (_G10[member],))
    else:
        raise CsxError.single(REPORT_REL, "unmapped_figure", f"{chart} {member} {measure}")
    if measure == "share_pct":
        return (qid, _SHARE, (opt,))
    return (qid, _AVG[measure], (opt,))


def _split(row: dict[str, str]) -> list[dict[str, str]]:
    """Split compound printed cells ('46 / 26 / 43') into one row each; add the CX half of G4's EX/CX row."""
    value = row["value"]
    if " / " in value:
        members = [m.strip() for m in row["member"].split(" / ")]
        values = [v.strip() for v in value.split(" / ")]
        if len(members) == 3 and row["chart_id"] == "G7":
            members = ["suggest best answer", "chatbot", "summarise customer request"]
        out = []
        for m, v in zip(members, values, strict=True):
            note = (row["note"] + "; " if row["note"] else "") + f"split from compound cell '{value}'"
            if row["chart_id"] == "G7":
                note += (
                    "; read as 'using and investing' because 59/43/51 (pct_using_total) minus 46/26/43 "
                    "leaves 13/17/8, which graph 7 also prints as the 'using only' parts"
                )
            out.append({**row, "member": m, "value": v, "note": note})
        return out
    if row["chart_id"] == "G4" and row["measure"] == "avg_EX_vs_overall":
        cx = {
            **row,
            "measure": "avg_CX_vs_overall",
            "note": "split from the EX row: the text says EX and CX are both well below average",
        }
        return [row, cx]
    return [row]


def load_report_figures() -> list[dict[str, str]]:
    text = REPORT_FIGURES.read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def _value(metric: str, v: str, n_options: int) -> tuple[float, float]:
    """The printed value in the metric's unit, and half a unit of its printed precision."""
    if metric in ("share", "delta_share"):
        return float(v) / 100.0, 0.005
    if metric in ("avg_cx", "avg_ex", "avg_ox", "overall_avg"):
        decimals = len(v.split(".")[1]) if "." in v else 0
        return float(v), 0.5 * 10 ** (-decimals)
    if metric in ("sign_diff_avg_ex", "sign_diff_avg_cx"):
        return (-1.0 if v == "below" else 1.0), 0.0
    if metric == "rank_desc_avg_ox" and v == "last":
        return float(n_options), 0.0
    return float(v), 0.0


def _figure(row: dict[str, str], waves: dict[str, Wave]) -> Figure:
    spec = _resolve(row["chart_id"], row["member"], row["measure"])
    qid, metric, options = spec[0], spec[1], spec[2]
    fq, fo = (spec[3], spec[4]) if len(spec) > 3 else ("", "")
    wave_id, compare = row["wave"], ""
    if "-" in wave_id:
        wave_id, compare = wave_id.split("-")
    n_options = len(waves[wave_id].question(qid).options) if metric == "rank_desc_avg_ox" else 0
    value_num, tol = _value(metric, row["value"], n_options)
    wave_part = f"{wave_id}_vs_{compare}" if compare else wave_id
    return Figure(
        figure_id=f"{row['chart_id']}_{wave_part}_{_slug(row['member'])}_{_slug(row['measure'])}",
        chart_id=row["chart_id"],
        wave=row["wave"],
        dimension=row["dimension"],
        member=row["member"],
        measure=row["measure"],
        value=row["value"],
        confidence=row["confidence"],
        note=row["note"],
        wave_id=wave_id,
        compare_wave_id=compare,
        question_id=qid,
        metric=metric,
        filter_question_id=fq,
        filter_option_id=fo,
        value_num=value_num,
        tolerance=tol,
        options=tuple(options),
    )


def _undefined(f: Figure, waves: dict[str, Wave]) -> list[str]:
    """What a figure names that the codebook does not define (options: in the figure's own wave)."""
    out = []
    refs = [(f.question_id, f.options), (f.filter_question_id, (f.filter_option_id,))]
    for wave_id in filter(None, (f.wave_id, f.compare_wave_id)):
        if wave_id not in waves:
            out.append(f"wave {wave_id} is not one the generator reconstructs")
            continue
        questions = {q.id: q for q in waves[wave_id].questions}
        for qid, options in refs:
            if qid and qid not in questions:
                out.append(f"wave {wave_id} has no question {qid!r}")
            elif qid and wave_id == f.wave_id:
                known = questions[qid].option_ids
                out += [f"{qid} of wave {wave_id} has no option {o!r}" for o in options if o not in known]
    return out


def reference_figures(waves: dict[str, Wave]) -> list[Figure]:
    """All printed figures, one row each, in the report file's order, checked against the codebook."""
    figs: list[Figure] = []
    seen: set[str] = set()
    problems: list[Problem] = []
    for row_no, raw in enumerate(load_report_figures(), start=1):
        for row in _split(raw):
            f = _figure(row, waves)
            if f.figure_id in seen:
                problems.append(Problem(REPORT_REL, "duplicate_figure", f.figure_id, row=row_no))
            seen.add(f.figure_id)
            problems += [
                Problem(REPORT_REL, "undefined_in_codebook", m, row=row_no) for m in _undefined(f, waves)
            ]
            figs.append(f)
    if problems:
        raise CsxError(problems)
    return figs


def with_contradictions(figs: list[Figure], texts: dict[str, str]) -> list[Figure]:
    unknown = sorted(set(texts) - {f.figure_id for f in figs})
    if unknown:
        raise CsxError.single(REPORT_REL, "unknown_figure", ", ".join(unknown))
    return [replace(f, contradiction=texts.get(f.figure_id, "")) for f in figs]
