"""The 2027 harmonization fixture: a codebook derived from 2025 that exercises the crosswalk.

`make_2027_codebook` writes a codebook directory for wave 2027 derived from the shipped 2025 codebook:

* **renamed question** — one single-choice question gets a new code and new wording, same `question_id`;
* **added option** — a multi-select question gains an option (a new column, in 2027 only);
* **dropped option** — a multi-select question loses a non-exclusive option;
* **split option** — a single-choice option is split into two options sharing its `trend_option_id`.

`make_2027_wave` resamples the shipped 2025 respondents into a 2027 export with those codes.
test_e2e_new_wave.py adds both with `csx wave add`, builds, and checks the marts; the tests here check
the fixture itself (and, when the landing layer is present, that it lands cleanly).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from csx.paths import REPO_ROOT

NEW_WAVE = "2027"
BASE_WAVE = "2025"
SEGMENT_QUESTIONS = {"company_size", "cs_team_size", "customer_segment", "industry", "ai_use"}


@dataclass(frozen=True)
class Harmonization:
    renamed_qid: str
    old_code: str
    new_code: str
    new_label_en: str
    added_qid: str
    added_option_id: str
    added_column: str
    dropped_qid: str
    dropped_option_id: str
    dropped_column: str
    split_qid: str
    split_code: str  # the question's 2027 code (= 2025 code)
    split_trend_id: str  # 2025 option_id = trend_option_id of both 2027 parts
    split_option_ids: tuple[str, str]
    split_codes: tuple[str, str]


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _write(df: pd.DataFrame, path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(df.columns)
        w.writerows(df.itertuples(index=False, name=None))


def _base_wave_codebook(root: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    q = _read(root / "seeds/codebook/codebook_questions.csv")
    o = _read(root / "seeds/codebook/codebook_options.csv")
    return q[q.wave_id == BASE_WAVE].copy(), o[o.wave_id == BASE_WAVE].copy()


def _pick(candidates: list[str], preferred: list[str]) -> str:
    for p in preferred:
        if p in candidates:
            return p
    assert candidates, "no question fits the fixture"
    return candidates[0]


def make_2027_codebook(out_dir: Path, root: Path = REPO_ROOT) -> Harmonization:
    q, o = _base_wave_codebook(root)
    referenced = {c.split("=")[0] for c in q.base_condition if c}
    plain = q[(q.question_group == "") & ~q.question_id.isin(referenced | SEGMENT_QUESTIONS)]
    singles = plain[plain.question_type == "single"].question_id.tolist()
    multis = plain[(plain.question_type == "multi") & (plain.max_selections == "")].question_id.tolist()
    nopts = o.groupby("question_code").size()
    code_of = dict(zip(q.question_id, q.question_code, strict=True))

    split_qid = _pick(
        [s for s in singles if nopts[code_of[s]] >= 3], ["analysis_frequency", "customer_priority"]
    )
    renamed_qid = _pick([s for s in singles if s != split_qid], ["ss_fit", "upsell_difficulty"])
    dom = o.groupby("question_code").value_domain.apply(lambda s: (s != "").any())
    added_qid = _pick([m for m in multis if not dom[code_of[m]]], ["perf_criteria", "csat_metrics"])
    dropped_qid = _pick([m for m in multis if m != added_qid], ["contact_reasons", "self_service_actions"])

    # renamed question: new code, new wording, same question_id
    old_code = code_of[renamed_qid]
    new_code = f"{old_code}R"
    new_label = f"{q.loc[q.question_id == renamed_qid, 'label_en'].iloc[0]} (2027 wording)"
    qm = q.question_id == renamed_qid
    q.loc[qm, "question_code"] = new_code
    q.loc[qm, "label_en"] = new_label
    q.loc[qm, "label_ja"] = q.loc[qm, "label_ja"] + "（2027年の設問文）"
    q.loc[qm, "notes"] = "fixture: renamed question (new code and wording, same question_id)"
    o.loc[o.question_code == old_code, "question_code"] = new_code

    # added option on a multi-select question
    a_code = code_of[added_qid]
    a_opts = o[o.question_code == a_code]
    new_opt_code = str(max(int(c) for c in a_opts.option_code if c.isdigit()) + 1)
    template = a_opts.iloc[0].copy()
    template.update(
        {
            "option_code": new_opt_code,
            "option_id": "fixture_new_option",
            "trend_option_id": "fixture_new_option",
            "option_order": str(int(a_opts.option_order.astype(int).max()) + 1),
            "label_en": "New in 2027",
            "label_ja": "2027年の新しい選択肢",
            "score_value": "",
            "is_exclusive": "false",
            "notes": "fixture: option added in 2027",
        }
    )
    o = pd.concat([o, template.to_frame().T], ignore_index=True)

    # dropped option on another multi-select question (its last non-exclusive option)
    d_code = code_of[dropped_qid]
    d_opt = o[(o.question_code == d_code) & (o.is_exclusive != "true")].iloc[-1]
    o = o[~((o.question_code == d_code) & (o.option_code == d_opt.option_code))]

    # split option on a single-choice question: parts share the 2025 option_id as trend_option_id
    s_code = code_of[split_qid]
    s_opts = o[o.question_code == s_code]
    s_opt = s_opts.iloc[0]
    part_b_code = str(max(int(c) for c in s_opts.option_code if c.isdigit()) + 1)
    ids = (f"{s_opt.option_id}_part_a", f"{s_opt.option_id}_part_b")
    sm = (o.question_code == s_code) & (o.option_code == s_opt.option_code)
    o.loc[sm, "option_id"] = ids[0]
    o.loc[sm, "label_en"] = f"{s_opt.label_en} (part a)"
    o.loc[sm, "notes"] = f"fixture: split of 2025 '{s_opt.option_id}'"
    part_b = o[sm].iloc[0].copy()
    part_b.update(
        {
            "option_code": part_b_code,
            "option_id": ids[1],
            "option_order": str(int(s_opts.option_order.astype(int).max()) + 1),
            "label_en": f"{s_opt.label_en} (part b)",
            "label_ja": f"{s_opt.label_ja}（b）",
        }
    )
    o = pd.concat([o, part_b.to_frame().T], ignore_index=True)

    q["wave_id"] = NEW_WAVE
    o["wave_id"] = NEW_WAVE
    q_order = dict(zip(q.question_code, q.question_order.astype(int), strict=True))
    o = o.assign(_q=o.question_code.map(q_order), _o=o.option_order.astype(int))
    o = o.sort_values(["_q", "_o"]).drop(columns=["_q", "_o"])
    out_dir.mkdir(parents=True, exist_ok=True)
    _write(q, out_dir / "codebook_questions.csv")
    _write(o, out_dir / "codebook_options.csv")
    return Harmonization(
        renamed_qid=renamed_qid,
        old_code=old_code,
        new_code=new_code,
        new_label_en=new_label,
        added_qid=added_qid,
        added_option_id="fixture_new_option",
        added_column=f"{a_code}_{new_opt_code}",
        dropped_qid=dropped_qid,
        dropped_option_id=str(d_opt.option_id),
        dropped_column=f"{d_code}_{d_opt.option_code}",
        split_qid=split_qid,
        split_code=s_code,
        split_trend_id=str(s_opt.option_id),
        split_option_ids=ids,
        split_codes=(str(s_opt.option_code), part_b_code),
    )


def wave_columns(codebook_dir: Path) -> list[str]:
    """Landing-format columns in codebook order."""
    q = _read(codebook_dir / "codebook_questions.csv")
    o = _read(codebook_dir / "codebook_options.csv")
    cols = ["respondent_id", "submitted_at"]
    for r in q.assign(_k=q.question_order.astype(int)).sort_values("_k").itertuples():
        if r.question_type == "multi":
            opts = o[o.question_code == r.question_code]
            cols += [
                f"{r.question_code}_{c}"
                for c in opts.sort_values("option_order", key=lambda s: s.astype(int)).option_code
            ]
        else:
            cols.append(r.question_code)
    return cols


def make_2027_wave(
    codebook_dir: Path, h: Harmonization, out: Path, n: int = 300, seed: int = 2027, root: Path = REPO_ROOT
) -> Path:
    """Resample the shipped 2025 respondents onto the 2027 codebook's codes."""
    rng = np.random.default_rng(seed)
    src = _read(root / f"seeds/waves/wave_{BASE_WAVE}.csv")
    df = src.iloc[rng.integers(0, len(src), size=n)].reset_index(drop=True)
    df["respondent_id"] = [f"R{NEW_WAVE}-{i:04d}" for i in range(1, n + 1)]
    df["submitted_at"] = df.submitted_at.str.replace(f"^{BASE_WAVE}", NEW_WAVE, regex=True)
    df = df.rename(columns={h.old_code: h.new_code})

    q = _read(codebook_dir / "codebook_questions.csv")
    o = _read(codebook_dir / "codebook_options.csv")

    def option_columns(qid: str) -> tuple[str, list[str], str | None]:
        code = q.loc[q.question_id == qid, "question_code"].iloc[0]
        opts = o[o.question_code == code]
        excl = opts[opts.is_exclusive == "true"]
        cols = [f"{code}_{c}" for c in opts.option_code]
        return code, cols, (f"{code}_{excl.option_code.iloc[0]}" if len(excl) else None)

    # added option: selected by ~30 % of those asked, never together with an exclusive option
    _, cols, excl = option_columns(h.added_qid)
    shown = [c for c in cols if c != h.added_column]
    asked = (df[shown] != "").any(axis=1)
    blocked = (df[excl] == "1") if excl else pd.Series(False, index=df.index)
    pick = rng.random(n) < 0.3
    df[h.added_column] = np.where(~asked, "", np.where(pick & ~blocked, "1", "0"))

    # dropped option: respondents left without any selection choose the exclusive option
    _, cols, excl = option_columns(h.dropped_qid)
    df = df.drop(columns=[h.dropped_column])
    asked = (df[cols] != "").any(axis=1)
    empty = asked & ~(df[cols] == "1").any(axis=1)
    df.loc[empty, excl or cols[0]] = "1"

    # split option: 2025 answers of the split option become part a or part b at random
    m = df[h.split_code] == h.split_codes[0]
    df.loc[m, h.split_code] = np.where(rng.random(int(m.sum())) < 0.5, h.split_codes[0], h.split_codes[1])

    cols = wave_columns(codebook_dir)
    missing = [c for c in cols if c not in df.columns]
    assert not missing, missing
    _write(df[cols], out)
    return out


needs_seeds = pytest.mark.skipif(
    not (REPO_ROOT / f"seeds/waves/wave_{BASE_WAVE}.csv").exists(),
    reason="shipped 2025 wave not generated yet",
)


@needs_seeds
def test_fixture_exercises_the_crosswalk(tmp_path: Path) -> None:
    h = make_2027_codebook(tmp_path / "cb")
    q = _read(tmp_path / "cb/codebook_questions.csv")
    o = _read(tmp_path / "cb/codebook_options.csv")
    q25, o25 = _base_wave_codebook(REPO_ROOT)
    assert set(q.question_id) == set(q25.question_id)
    renamed = q[q.question_id == h.renamed_qid].iloc[0]
    assert renamed.question_code == h.new_code != h.old_code and renamed.label_en == h.new_label_en
    ids25 = set(o25.option_id)
    assert h.added_option_id in set(o.option_id) and h.added_option_id not in ids25
    assert h.dropped_option_id not in set(
        o[o.question_code == q.set_index("question_id").question_code[h.dropped_qid]].option_id
    )
    parts = o[o.option_id.isin(h.split_option_ids)]
    assert len(parts) == 2 and set(parts.trend_option_id) == {h.split_trend_id}

    wave = make_2027_wave(tmp_path / "cb", h, tmp_path / "wave_2027.csv", n=120)
    df = _read(wave)
    assert list(df.columns) == wave_columns(tmp_path / "cb") and len(df) == 120
    assert set(df[h.split_code]) & set(h.split_codes)


@needs_seeds
def test_fixture_lands_cleanly(tmp_path: Path) -> None:
    landing = pytest.importorskip("csx.landing")
    if not hasattr(landing, "check_wave"):
        pytest.skip("landing API not available yet")
    h = make_2027_codebook(tmp_path / "cb")
    wave = make_2027_wave(tmp_path / "cb", h, tmp_path / "wave_2027.csv", n=200)
    cb = landing.load_codebook(tmp_path / "cb", NEW_WAVE)
    assert not cb.problems, [str(p) for p in cb.problems]
    res = landing.check_wave(wave, NEW_WAVE, cb, existing_wave_ids={"2023", "2025"})
    assert not res.problems, [str(p) for p in res.problems]
    assert res.rows_loaded == 200 and res.rows_quarantined == 0, res.quarantined.head().to_dict("records")
