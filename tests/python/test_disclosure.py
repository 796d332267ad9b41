"""Disclosure control: the differencing attack on every partition of the published marts finds nothing.

The attacker sees only the published marts (mart_option_scores, mart_wave_trends, mart_wave_summary,
dim_wave) and knows how they add up. For every partition whose total is published and which has exactly one
hidden member, the member's count is the total minus the published members: the attack computes it and the
test fails if any suppressed count can be recovered that way (checked against the true, unsuppressed counts
of int_option_scores_aggregated). The attack is also run on a mart with one complementary cell un-hidden, and
must then find the leak (the test can fail).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

pytestmark = pytest.mark.slow

SINGLE = ("single", "rating", "coded_text")
KEYS = ["wave_id", "segment_question_id", "segment_option_id", "question_id", "option_id"]


def _published(con: duckdb.DuckDBPyConnection) -> dict[str, pd.DataFrame]:
    return {
        # every weighting scheme publishes the same cells and counts: the unweighted ones are attacked
        "cells": con.execute(
            "select * from marts.mart_option_scores where weighting_scheme = 'unweighted'"
        ).df(),
        "trends": con.execute(
            "select * from marts.mart_wave_trends where weighting_scheme = 'unweighted'"
        ).df(),
        "truth": con.execute(
            f"select {', '.join(KEYS)}, respondents_n from intermediate.int_option_scores_aggregated "
            "where weighting_scheme = 'unweighted'"
        ).df(),
    }


def differencing_attack(cells: pd.DataFrame, trends: pd.DataFrame) -> list[tuple[str, tuple, int]]:
    """Counts of suppressed cells recovered from published values: (partition kind, cell key, value)."""
    recovered: list[tuple[str, tuple, int]] = []
    hidden = cells["suppressed"]
    # options: a single-choice question's options add up to its base (published on any published row)
    singles = cells[cells["question_type"].isin(SINGLE)]
    for _, group in singles.groupby(["wave_id", "segment_question_id", "segment_option_id", "question_id"]):
        unknown = group[group["suppressed"]]
        known = group[~group["suppressed"]]
        if len(unknown) == 1 and len(known) > 0:
            value = int(known["base_n"].iloc[0] - known["respondents_n"].sum())
            recovered.append(("options", tuple(unknown[KEYS].iloc[0]), value))
    # segments: the answers of a segment question add up to the whole-wave cell
    totals = cells[cells["segment_question_id"] == "total"].set_index(["wave_id", "question_id", "option_id"])
    segments = cells[cells["segment_question_id"] != "total"]
    for (wave, _segment_question, question, option), group in segments.groupby(
        ["wave_id", "segment_question_id", "question_id", "option_id"]
    ):
        total = totals.loc[(wave, question, option)] if (wave, question, option) in totals.index else None
        unknown = group[group["suppressed"]]
        if total is not None and not total["suppressed"] and len(unknown) == 1:
            value = int(total["respondents_n"] - group.loc[~group["suppressed"], "respondents_n"].sum())
            recovered.append(("segments", tuple(unknown[KEYS].iloc[0]), value))
    # bases: segment bases add up to the whole-wave base of the question
    base = (
        cells[~hidden]
        .groupby(["wave_id", "segment_question_id", "segment_option_id", "question_id"])["base_n"]
        .first()
    )
    for (wave, sq, question), group in segments.groupby(["wave_id", "segment_question_id", "question_id"]):
        members = group.groupby("segment_option_id")["suppressed"].all()
        total_base = base.get((wave, "total", "all", question))
        if total_base is not None and members.sum() == 1:
            known = sum(base[(wave, sq, s, question)] for s in members.index[~members])
            hidden_segment = members.index[members][0]
            recovered.append(("bases", (wave, sq, hidden_segment, question, None), int(total_base - known)))
    # trends: a published trend row repeats the whole-wave cells of its options
    hidden_totals = cells[(cells["segment_question_id"] == "total") & hidden]
    published_trends = trends[~trends["suppressed"]]
    for row in hidden_totals.itertuples():
        hit = published_trends[
            (published_trends["question_id"] == row.question_id)
            & (published_trends["trend_option_id"] == row.option_id)
            & (published_trends["wave_id"] == row.wave_id)
        ]
        if len(hit):
            recovered.append(
                ("trends", tuple(getattr(row, k) for k in KEYS), int(hit["respondents_n"].iloc[0]))
            )
    return recovered


def _leaks(recovered: list[tuple[str, tuple, int]], truth: pd.DataFrame, cells: pd.DataFrame) -> list[str]:
    true_n = truth.set_index(KEYS)["respondents_n"]
    hidden_keys = set(map(tuple, cells.loc[cells["suppressed"], KEYS].itertuples(index=False, name=None)))
    leaks = []
    for kind, key, value in recovered:
        if kind == "bases":
            leaks.append(f"{kind}: base of {key} = {value}")
        elif key in hidden_keys and int(true_n.get(key, -1)) == value:
            leaks.append(f"{kind}: {key} = {value}")
    return leaks


def test_no_suppressed_value_can_be_derived(built_warehouse: Path) -> None:
    con = duckdb.connect(str(built_warehouse), read_only=True)
    data = _published(con)
    con.close()
    cells = data["cells"]
    assert cells["suppressed"].sum() > 0  # the shipped waves do have small cells
    assert cells.loc[cells["suppressed"], ["respondents_n", "base_n", "share", "avg_cx"]].isna().all().all()
    leaks = _leaks(differencing_attack(cells, data["trends"]), data["truth"], cells)
    assert not leaks, leaks[:10]


def test_the_attack_finds_a_leak_when_a_complementary_cell_is_published(
    built_warehouse: Path, tmp_path: Path
) -> None:
    copy = tmp_path / "warehouse.duckdb"
    shutil.copyfile(built_warehouse, copy)
    con = duckdb.connect(str(copy))
    con.execute(
        """update marts.mart_option_scores as m set suppressed = false, respondents_n = a.respondents_n,
               base_n = a.base_n
           from intermediate.int_option_scores_aggregated as a
           where m.suppressed and a.respondents_n >= 5
             and m.weighting_scheme = 'unweighted' and a.weighting_scheme = 'unweighted'
             and (m.wave_id, m.segment_question_id, m.segment_option_id, m.question_id, m.option_id)
                 = (a.wave_id, a.segment_question_id, a.segment_option_id, a.question_id, a.option_id)
             and m.option_score_key = (
                 select min(m2.option_score_key) from marts.mart_option_scores m2
                 join intermediate.int_option_scores_aggregated a2
                   on (m2.wave_id, m2.segment_question_id, m2.segment_option_id, m2.question_id, m2.option_id)
                    = (a2.wave_id, a2.segment_question_id, a2.segment_option_id, a2.question_id, a2.option_id)
                 where m2.suppressed and a2.respondents_n >= 5 and m2.question_type = 'single'
                   and m2.weighting_scheme = 'unweighted' and a2.weighting_scheme = 'unweighted')"""
    )
    data = _published(con)
    con.close()
    leaks = _leaks(differencing_attack(data["cells"], data["trends"]), data["truth"], data["cells"])
    assert leaks, "un-hiding a complementary cell must expose the primary cell it protected"
