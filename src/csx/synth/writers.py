"""Render every seed file `csx synth` owns as text (byte-stable), and write or compare them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
from scipy import stats

from csx.seed_layout import OPTION_COLUMNS, QUARANTINE_SEED_COLUMNS, QUESTION_COLUMNS
from csx.seed_layout import WAVES_REGISTRY_COLUMNS as WAVE_COLUMNS
from csx.synth.contradictions import contradiction_texts
from csx.synth.figures import FIGURE_COLUMNS, Figure, reference_figures, with_contradictions
from csx.synth.fit import DEFAULT_SEED, N_2023, N_2025, WaveData
from csx.synth.generate import FIELDWORK, build_2023, build_2025
from csx.synth.questionnaire import (
    WAVE_2023_ONLY_NOTE,
    WaveQuestion,
    harmonized_questions,
    only_2025,
    wave_questionnaire,
)

WAVES = ("2023", "2025")
QUARANTINE_HEADER = QUARANTINE_SEED_COLUMNS
OWNED_FILES = [
    "seeds/waves/wave_2025.csv",
    "seeds/waves/wave_2023.csv",
    "seeds/codebook/codebook_questions.csv",
    "seeds/codebook/codebook_options.csv",
    "seeds/codebook/waves.csv",
    "seeds/reference/published_figures.csv",
    "seeds/reference/published_figure_options.csv",
    "seeds/reference/t_critical_values.csv",
    "seeds/landing/quarantined_rows.csv",
]


def _csv(header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def _b(x: bool) -> str:
    return "true" if x else "false"


def _num(x: float) -> str:
    return format(round(x, 6), "g")


# ------------------------------------------------------------------------------------------ codebook


def codebook_rows() -> tuple[list[list[str]], list[list[str]]]:
    qrows: list[list[str]] = []
    orows: list[list[str]] = []
    not_2023 = set(only_2025())
    for wave_id in ("2025", "2023"):
        for order, wq in enumerate(wave_questionnaire(wave_id), start=1):
            q = wq.q
            notes = [q.note] if q.note else []
            if wave_id == "2025" and q.id in not_2023:
                notes.append("ASSUMPTION: 2025 only; not part of the reconstructed 2023 questionnaire.")
            if wave_id == "2023":
                notes.append(WAVE_2023_ONLY_NOTE)
            qrows.append(
                [
                    wave_id,
                    wq.code,
                    q.id,
                    q.group,
                    q.item,
                    q.type,
                    str(order),
                    q.ja,
                    q.en,
                    q.chart,
                    _b(not q.base),
                    q.base,
                    str(q.max_sel) if q.max_sel else "",
                    " ".join(notes),
                ]
            )
            for oorder, (o, code) in enumerate(zip(q.options, wq.option_codes, strict=True), start=1):
                orows.append(
                    [
                        wave_id,
                        wq.code,
                        code,
                        o.id,
                        o.trend or o.id,
                        o.domain,
                        str(oorder),
                        o.ja,
                        o.en,
                        str(o.score) if o.score is not None else "",
                        _b(o.exclusive),
                        o.note,
                    ]
                )
    return qrows, orows


WAVE_2023_NOTES = (
    "Calibrated synthetic reconstruction. ASSUMPTION: respondent count not printed in the 2025 report; "
    "n = {n} (a somewhat smaller panel than 2025's 235, large enough that every printed 2023 percentage and "
    "2-decimal mean is reachable). ASSUMPTION: fieldwork dates not printed; Q1 2023 by analogy with the 2025 "
    "wave. ASSUMPTION: only the 2023 figures the 2025 report prints are calibrated (CX 3.84, EX 3.82, "
    "OX 3.31, AI use 46 %, social media 43 %, outbound SMS 31 %, resolve without agent 24 %, personalised "
    "service 22 %, time-to-resolution 11 pp below 2025); every other 2023 distribution copies the 2025 "
    "assumptions or is scaled (AI capabilities at ~70 % of 2025, EX survey 68 % 'as in 2023')."
)


def waves_rows() -> list[list[str]]:
    return [
        [
            "2023",
            "2023",
            "Customer Service Excellence 2023",
            "カスタマー・サービス・エクセレンス2023",
            FIELDWORK["2023"][0],
            FIELDWORK["2023"][1],
            str(N_2023),
            "true",
            WAVE_2023_NOTES.format(n=N_2023),
        ],
        [
            "2025",
            "2025",
            "Customer Service Excellence 2025",
            "カスタマー・サービス・エクセレンス2025",
            FIELDWORK["2025"][0],
            FIELDWORK["2025"][1],
            str(N_2025),
            "true",
            "Calibrated synthetic reconstruction of the report's 235 respondents (customer-service leaders, "
            "fielded in Q1 2025). ASSUMPTION: exact fieldwork dates not printed (report: 2025年第一四半期).",
        ],
    ]


# ------------------------------------------------------------------------------------------ waves


def wave_rows(data: WaveData, qn: list[WaveQuestion]) -> tuple[list[str], list[list[str]]]:
    header = ["respondent_id", "submitted_at"]
    for wq in qn:
        header.extend(wq.column_names())
    cols: list[list[str]] = []
    for wq in qn:
        q = wq.q
        if q.type == "multi":
            mc = data.multi[q.id]
            for o in q.options:
                cols.append(["" if x < 0 else str(int(x)) for x in mc[o.id]])
        else:
            vals = data.single[q.id]
            code = {o.id: c for o, c in zip(q.options, wq.option_codes, strict=True)}
            cols.append([code[v] if v else "" for v in vals])
    rows = []
    for r in range(data.n):
        rows.append([f"R{data.wave_id}-{r + 1:04d}", data.submitted_at[r], *[c[r] for c in cols]])
    return header, rows


# ------------------------------------------------------------------------------------------ all files


def _option_counts() -> dict[str, int]:
    return {q.id: len(q.options) for q in harmonized_questions()}


def render_all(seed: int = DEFAULT_SEED) -> dict[str, str]:
    figs = reference_figures(_option_counts())
    data = {"2025": build_2025(figs, seed), "2023": build_2023(figs, seed)}
    out: dict[str, str] = {}
    for wave_id in WAVES:
        header, rows = wave_rows(data[wave_id], wave_questionnaire(wave_id))
        out[f"seeds/waves/wave_{wave_id}.csv"] = _csv(header, rows)
    qrows, orows = codebook_rows()
    out["seeds/codebook/codebook_questions.csv"] = _csv(QUESTION_COLUMNS, qrows)
    out["seeds/codebook/codebook_options.csv"] = _csv(OPTION_COLUMNS, orows)
    out["seeds/codebook/waves.csv"] = _csv(WAVE_COLUMNS, waves_rows())
    figs = with_contradictions(figs, contradiction_texts(figs))
    out["seeds/reference/published_figures.csv"] = _csv(FIGURE_COLUMNS, [_figure_row(f) for f in figs])
    out["seeds/reference/published_figure_options.csv"] = _csv(
        ["figure_id", "option_id"], [[f.figure_id, o] for f in figs for o in f.options]
    )
    out["seeds/reference/t_critical_values.csv"] = _csv(
        ["degrees_of_freedom", "t_critical_975"],
        [[str(df), f"{stats.t.ppf(0.975, df):.6f}"] for df in np.arange(1, 1001)],
    )
    out["seeds/landing/quarantined_rows.csv"] = _csv(QUARANTINE_HEADER, [])
    return {k: out[k] for k in OWNED_FILES}


def _figure_row(f: Figure) -> list[str]:
    return [
        f.figure_id,
        f.chart_id,
        f.wave,
        f.dimension,
        f.member,
        f.measure,
        f.value,
        f.confidence,
        f.note,
        f.wave_id,
        f.compare_wave_id,
        f.question_id,
        f.metric,
        f.filter_question_id,
        f.filter_option_id,
        _num(f.value_num),
        _num(f.tolerance),
        f.contradiction,
    ]


def write_all(root: Path, files: dict[str, str]) -> list[str]:
    written = []
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(text.encode("utf-8"))
        written.append(rel)
    return written


def differing(root: Path, files: dict[str, str]) -> list[str]:
    diff = []
    for rel, text in files.items():
        p = root / rel
        if not p.exists() or p.read_bytes() != text.encode("utf-8"):
            diff.append(rel)
    return diff
