"""The handed-over codebook's rows for a new wave, and the cross-wave harmonization rules."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from csx.errors import CsxError, Problem
from csx.seed_layout import OPTIONAL_QUESTION_COLUMNS
from csx.waves.csv_records import csv_rows
from csx.waves.layout import Layout

if TYPE_CHECKING:
    from csx.landing.scale import RatingScale


def read_handed_over(
    path: Path, wave_id: str, seed_header: list[str], encoding: str | None = None
) -> list[dict[str, str]]:
    """The wave's rows of a handed-over codebook file (wave_id filled in), columns checked vs the seed.

    Read by the landing reader, like the wave file: any encoding it accepts, the same record count.
    """
    from csx.landing import read_codebook_table

    df, problems = read_codebook_table(path, encoding)
    if df is None:
        raise CsxError(problems, summary=f"wave {wave_id} rejected: nothing was written")
    cols = [c for c in df.columns if c != "_row"]
    extra = [c for c in cols if c not in seed_header]
    missing = [c for c in seed_header if c not in cols and c not in {"wave_id", *OPTIONAL_QUESTION_COLUMNS}]
    problems = [
        Problem(str(path), "codebook_columns", f"unknown column `{c}`", row=0, column=c) for c in extra
    ]
    problems += [
        Problem(str(path), "codebook_columns", f"missing column `{c}`", row=0, column=c) for c in missing
    ]
    if problems:
        raise CsxError(problems, summary=f"wave {wave_id} rejected: nothing was written")
    rows = df[cols].to_dict("records")
    return [
        {c: "" for c in OPTIONAL_QUESTION_COLUMNS if c in seed_header}
        | {k: str(v) for k, v in r.items()}
        | {"wave_id": wave_id}
        for r in rows
        if r.get("wave_id", "") in ("", wave_id)
    ]


def _wave_key(r: dict[str, str]) -> str:
    return r.get("wave_id", "")


def harmonization_problems(
    layout: Layout, wave_id: str, q_rows: list[dict[str, str]], o_rows: list[dict[str, str]], file: str
) -> list[Problem]:
    """Cross-wave rules of the crosswalk (docs/adding_a_wave.md "Harmonization rules").

    A harmonized question keeps its type, grid group and grid item across waves; within a question an
    option_id keeps its trend_option_id, and a trend_option_id names either an earlier wave's option of
    the same question or one of this wave's options (new/split options start a trend of their own).
    """
    # earlier waves in wave order: the latest earlier wave's definition wins
    old_q = sorted((r for r in csv_rows(layout.questions) if r.get("wave_id") != wave_id), key=_wave_key)
    old_o = sorted((r for r in csv_rows(layout.options) if r.get("wave_id") != wave_id), key=_wave_key)
    by_qid: dict[str, dict[str, str]] = {}
    for r in old_q:
        by_qid[r["question_id"]] = r
    qid_of_old = {(r["wave_id"], r["question_code"]): r["question_id"] for r in old_q}
    trend_of: dict[tuple[str, str], str] = {}
    for r in old_o:
        qid = qid_of_old.get((r["wave_id"], r["question_code"]))
        if qid:
            trend_of[(qid, r["option_id"])] = r.get("trend_option_id") or r["option_id"]
    problems: list[Problem] = []
    qid_of = {r["question_code"]: r["question_id"] for r in q_rows}
    for i, r in enumerate(q_rows, start=1):
        prev = by_qid.get(r["question_id"])
        if prev is None:
            continue
        for col in ("question_type", "question_group", "item_id"):
            if col in r and col in prev and r[col] != prev[col]:
                problems.append(
                    Problem(
                        file,
                        "harmonization",
                        f"question_id {r['question_id']}: {col} {r[col]!r} differs from wave "
                        f"{prev['wave_id']}'s {prev[col]!r} (use a new question_id if the question changed)",
                        row=i,
                        column=col,
                    )
                )
    problems += _scale_problems(by_qid, old_o, q_rows, o_rows, file)
    new_opts = {(qid_of.get(r["question_code"], ""), r["option_id"]) for r in o_rows}
    for i, r in enumerate(o_rows, start=1):
        qid = qid_of.get(r["question_code"], "")
        trend = r.get("trend_option_id") or r["option_id"]
        known = trend_of.get((qid, r["option_id"]))
        if known is not None and known != trend:
            problems.append(
                Problem(
                    file,
                    "harmonization",
                    f"{qid}/{r['option_id']}: trend_option_id {trend!r} differs from earlier waves' "
                    f"{known!r}",
                    row=i,
                    column="trend_option_id",
                )
            )
        elif known is None and trend != r["option_id"]:
            earlier = {t for (q, _o), t in trend_of.items() if q == qid} | {
                o for (q, o) in trend_of if q == qid
            }
            if trend not in earlier and (qid, trend) not in new_opts:
                problems.append(
                    Problem(
                        file,
                        "harmonization",
                        f"{qid}/{r['option_id']}: trend_option_id {trend!r} names no option of this question",
                        row=i,
                        column="trend_option_id",
                    )
                )
    return problems


def _scale_of(rows: list[dict[str, str]], wave_id: str, code: str) -> RatingScale | None:
    from csx.landing.scale import check_scale

    scores = [
        r.get("score_value", "") for r in rows if r.get("wave_id") == wave_id and r["question_code"] == code
    ]
    return check_scale(code, scores)[0]


def _scale_problems(
    by_qid: dict[str, dict[str, str]],
    old_o: list[dict[str, str]],
    q_rows: list[dict[str, str]],
    o_rows: list[dict[str, str]],
    file: str,
) -> list[Problem]:
    """A rating question keeps its scale across waves unless the new wave declares a rescaling
    (`rating_rescaling`, docs/ratings.md): trends never compare two scales silently."""
    from csx.landing.scale import RESCALINGS

    problems = []
    for i, r in enumerate(q_rows, start=1):
        prev = by_qid.get(r["question_id"])
        if prev is None or r["question_type"] != "rating" or prev.get("question_type") != "rating":
            continue
        old = _scale_of(old_o, prev["wave_id"], prev["question_code"])
        new = _scale_of(o_rows, r.get("wave_id", ""), r["question_code"])
        if old is None or new is None or old == new or r.get("rating_rescaling", "") in RESCALINGS:
            continue
        problems.append(
            Problem(
                file,
                "rating_scale_changed",
                f"question_id {r['question_id']}: rating scale {new} differs from wave "
                f"{prev['wave_id']}'s {old} (use a new question_id, or declare rating_rescaling = linear: "
                "docs/ratings.md)",
                row=i,
                column="rating_rescaling",
            )
        )
    return problems
