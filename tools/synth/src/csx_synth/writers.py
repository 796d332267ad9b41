"""Render every seed file the generator owns as text (byte-stable), and write or compare them.

It owns the two reconstructed waves and the reference seeds derived from the report's printed figures.
It reads, and never writes, the codebook seeds (seeds/codebook/*.csv); seeds/landing/ is `csx wave add`'s.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
from scipy import stats

from csx_synth.calibration import load_calibration
from csx_synth.codebook import Question, load_waves
from csx_synth.contradictions import contradiction_texts
from csx_synth.figures import FIGURE_COLUMNS, Figure, reference_figures, with_contradictions
from csx_synth.fitter import WaveData
from csx_synth.wave_2023 import build_2023
from csx_synth.wave_2025 import build_2025

DEFAULT_SEED = 20250331

#: the waves the generator reconstructs (their questionnaires come from the codebook seeds)
WAVES = ("2023", "2025")
OWNED_FILES = [
    "seeds/waves/wave_2025.csv",
    "seeds/waves/wave_2023.csv",
    "seeds/reference/published_figures.csv",
    "seeds/reference/published_figure_options.csv",
    "seeds/reference/t_critical_values.csv",
]


def _csv(header: list[str], rows: list[list[str]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


def _num(x: float) -> str:
    return format(round(x, 6), "g")


# ------------------------------------------------------------------------------------------ waves


def wave_rows(data: WaveData, questions: tuple[Question, ...]) -> tuple[list[str], list[list[str]]]:
    header = ["respondent_id", "submitted_at"]
    for q in questions:
        header.extend(q.column_names())
    cols: list[list[str]] = []
    for q in questions:
        if q.type == "multi":
            mc = data.multi[q.id]
            for o in q.options:
                cols.append(["" if x < 0 else str(int(x)) for x in mc[o.id]])
        else:
            vals = data.single[q.id]
            code = {o.id: o.code for o in q.options}
            cols.append([code[v] if v else "" for v in vals])
    rows = []
    for r in range(data.n):
        rows.append([f"R{data.wave_id}-{r + 1:04d}", data.submitted_at[r], *[c[r] for c in cols]])
    return header, rows


# ------------------------------------------------------------------------------------------ all files


def render_all(root: Path, seed: int = DEFAULT_SEED) -> dict[str, str]:
    """Every owned file's text, generated from the codebook seeds under `root` and the tool's data."""
    waves = load_waves(root, WAVES)
    cal = load_calibration(waves)
    figs = reference_figures(waves)
    data = {
        "2025": build_2025(waves["2025"], figs, cal, seed),
        "2023": build_2023(waves["2023"], figs, cal, seed),
    }
    out: dict[str, str] = {}
    for wave_id in WAVES:
        header, rows = wave_rows(data[wave_id], waves[wave_id].questions)
        out[f"seeds/waves/wave_{wave_id}.csv"] = _csv(header, rows)
    figs = with_contradictions(figs, contradiction_texts(figs, waves["2025"].n))
    out["seeds/reference/published_figures.csv"] = _csv(FIGURE_COLUMNS, [_figure_row(f) for f in figs])
    out["seeds/reference/published_figure_options.csv"] = _csv(
        ["figure_id", "option_id"], [[f.figure_id, o] for f in figs for o in f.options]
    )
    out["seeds/reference/t_critical_values.csv"] = _csv(
        ["degrees_of_freedom", "t_critical_975"],
        [[str(df), f"{stats.t.ppf(0.975, df):.6f}"] for df in np.arange(1, 1001)],
    )
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


def write_all(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(text.encode("utf-8"))


def differing(root: Path, files: dict[str, str]) -> list[str]:
    diff = []
    for rel, text in files.items():
        p = root / rel
        if not p.exists() or p.read_bytes() != text.encode("utf-8"):
            diff.append(rel)
    return diff
