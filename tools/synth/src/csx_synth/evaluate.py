"""Compute every printed figure directly from the wave files and the codebook (pandas only)."""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Check:
    figure_id: str
    printed: float
    computed: float | None
    tolerance: float
    within: bool
    contradiction: str


def read_csv_text(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


class WaveView:
    """Harmonized access to one wave file: question_id -> per-respondent option ids."""

    def __init__(self, wave: pd.DataFrame, questions: pd.DataFrame, options: pd.DataFrame, wave_id: str):
        self.df = wave
        self.q = questions[questions["wave_id"] == wave_id].set_index("question_id")
        self.o = options[options["wave_id"] == wave_id]
        self.n = len(wave)

    def has(self, qid: str) -> bool:
        return qid in self.q.index

    def _opts(self, qid: str) -> pd.DataFrame:
        code = self.q.loc[qid, "question_code"]
        return self.o[self.o["question_code"] == code]

    def asked(self, qid: str) -> pd.Series:
        code, qtype = self.q.loc[qid, "question_code"], self.q.loc[qid, "question_type"]
        if qtype == "multi":
            first = self._opts(qid)["option_code"].iloc[0]
            return self.df[f"{code}_{first}"] != ""
        return self.df[code] != ""

    def selected(self, qid: str, option_ids: list[str], by_trend: bool = False) -> pd.Series:
        """Respondent selected any of option_ids (trend ids if by_trend)."""
        code, qtype = self.q.loc[qid, "question_code"], self.q.loc[qid, "question_type"]
        opts = self._opts(qid)
        key = "trend_option_id" if by_trend else "option_id"
        codes = opts.loc[opts[key].isin(option_ids), "option_code"].tolist()
        if qtype == "multi":
            out = pd.Series(False, index=self.df.index)
            for c in codes:
                out |= self.df[f"{code}_{c}"] == "1"
            return out
        return self.df[code].isin(codes)

    def option_ids(self, qid: str, non_exclusive: bool = False) -> list[str]:
        opts = self._opts(qid)
        if non_exclusive:
            opts = opts[opts["is_exclusive"] != "true"]
        return opts["option_id"].tolist()

    def score(self, which: str) -> pd.Series:
        code = self.q.loc[f"{which}_score", "question_code"]
        return pd.to_numeric(self.df[code])


def compute(fig: pd.Series, figure_options: list[str], views: dict[str, WaveView]) -> float | None:
    v = views.get(fig["wave_id"])
    if v is None:
        return None
    metric, qid = fig["metric"], fig["question_id"]
    base = pd.Series(True, index=v.df.index)
    if fig["filter_question_id"]:
        base &= v.selected(fig["filter_question_id"], [fig["filter_option_id"]])
    if metric == "respondents":
        return float(v.n)
    if metric == "overall_avg":
        return float(v.score(qid[:2]).mean())
    if metric == "share":
        asked = base & v.asked(qid)
        return float((v.selected(qid, figure_options) & asked).sum() / asked.sum())
    if metric in ("avg_cx", "avg_ex", "avg_ox"):
        sel = base & v.selected(qid, figure_options)
        return float(v.score(metric[-2:])[sel].mean())
    if metric in ("sign_diff_avg_ex", "sign_diff_avg_cx"):
        s = v.score(metric[-2:])
        d = s[base & v.selected(qid, figure_options)].mean() - s.mean()
        return float(math.copysign(1.0, d)) if d != 0 else 0.0
    if metric == "rank_desc_avg_ox":
        s = v.score("ox")
        means = {o: s[v.selected(qid, [o])].mean() for o in v.option_ids(qid)}
        me = means[figure_options[0]]
        return float(1 + sum(1 for m in means.values() if m > me))
    if metric == "rank_desc_share":
        asked = v.asked(qid)
        shares = {o: (v.selected(qid, [o]) & asked).sum() for o in v.option_ids(qid, non_exclusive=True)}
        me = shares[figure_options[0]]
        return float(1 + sum(1 for x in shares.values() if x > me))
    if metric == "delta_share":
        w = views[fig["compare_wave_id"]]
        a = v.asked(qid)
        b = w.asked(qid)
        trend = v.o[v.o["option_id"].isin(figure_options)]["trend_option_id"].tolist()
        now = (v.selected(qid, trend, by_trend=True) & a).sum() / a.sum()
        before = (w.selected(qid, trend, by_trend=True) & b).sum() / b.sum()
        return float(now - before)
    raise ValueError(metric)


def check_all(files: dict[str, str]) -> list[Check]:
    """files: repo-relative path -> CSV text of the codebook seeds, the reference seeds and the wave files."""
    questions = read_csv_text(files["seeds/codebook/codebook_questions.csv"])
    options = read_csv_text(files["seeds/codebook/codebook_options.csv"])
    figs = read_csv_text(files["seeds/reference/published_figures.csv"])
    fopts = read_csv_text(files["seeds/reference/published_figure_options.csv"])
    views = {}
    for wave_id in sorted(questions["wave_id"].unique()):
        rel = f"seeds/waves/wave_{wave_id}.csv"
        if rel in files:  # the codebook may hold waves the figures do not use
            views[wave_id] = WaveView(read_csv_text(files[rel]), questions, options, wave_id)
    by_fig = fopts.groupby("figure_id")["option_id"].apply(list).to_dict()
    out = []
    for _, f in figs.iterrows():
        val = compute(f, by_fig.get(f["figure_id"], []), views)
        printed, tol = float(f["value_num"]), float(f["tolerance"])
        within = val is not None and not math.isnan(val) and abs(val - printed) <= tol + 1e-9
        out.append(Check(f["figure_id"], printed, val, tol, within, f["contradiction"]))
    return out
