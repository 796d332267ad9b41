"""Great Expectations suites, kept as code.

A *validation* is (suite name, table named in messages, a DataFrame source, expectations). Marts
validations read their frame from DuckDB (Arrow -> pandas); cross-row and cross-table rules (shares
summing to 1, confidentiality, reconciliation) validate a small frame derived in DuckDB SQL, so every
rule is still an expectation with a result in Data Docs. Each expectation carries
`meta = {"table", "column", "rule"}` so that failures name table/file, column and rule.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

SCORES = ("cx", "ex", "ox")
SHARE_SUM_TOLERANCE = 0.005  # shares are exact fractions; allow for rounding in the marts
SINGLE_TYPES = ("single", "rating", "coded_text")

# Contract columns (docs/architecture.md "Marts contract") checked to exist in every mart.
_LABELS = ["label_en", "label_ja", "sort_order"]
DIMENSION_KEYS = {
    "dim_wave": "wave_id",
    "dim_question": "question_id",
    "dim_answer_option": "answer_option_key",
    "dim_industry": "industry_id",
    "dim_company_size": "company_size_id",
    "dim_cs_team_size": "cs_team_size_id",
    "dim_customer_segment": "customer_segment_id",
    "dim_channel": "channel_id",
    "dim_ai_capability": "ai_capability_id",
}
CONTRACT_COLUMNS: dict[str, list[str]] = {
    "dim_wave": ["wave_id", "wave_year", *_LABELS, "respondents_n", "is_synthetic"],
    "dim_question": ["question_id", *_LABELS, "question_type", "question_group", "item_id"],
    "dim_answer_option": [
        "answer_option_key",
        "question_id",
        "option_id",
        "trend_option_id",
        *_LABELS,
        "score_value",
        "is_exclusive",
    ],
    "fct_survey_responses": [
        "response_key",
        "wave_id",
        "wave_year",
        "respondent_id",
        "question_id",
        "option_id",
        "answer_option_key",
        "question_code",
        "option_code",
        "score_value",
    ],
    "fct_respondent_scores": [
        "respondent_key",
        "wave_id",
        "wave_year",
        "respondent_id",
        "submitted_at",
        "cx_score",
        "ex_score",
        "ox_score",
        "company_size_id",
        "cs_team_size_id",
        "customer_segment_id",
        "industry_id",
        "ai_use_id",
    ],
    "mart_option_scores": [
        "option_score_key",
        "wave_id",
        "segment_question_id",
        "segment_option_id",
        "question_id",
        "question_type",
        "option_id",
        "respondents_n",
        "base_n",
        "share",
        "share_ci_low",
        "share_ci_high",
        *[f"avg_{s}{x}" for s in SCORES for x in ("", "_ci_low", "_ci_high")],
        "suppressed",
    ],
    "mart_wave_summary": [
        "wave_id",
        "wave_year",
        "respondents_n",
        *[f"avg_{s}{x}" for s in SCORES for x in ("", "_ci_low", "_ci_high")],
    ],
    "mart_report_reconciliation": [
        "figure_id",
        "chart_id",
        "wave_id",
        "metric",
        "printed_value_num",
        "computed_value",
        "tolerance",
        "within_printed_precision",
        "contradiction",
    ],
    "mart_wave_trends": [
        "trend_key",
        "question_id",
        "trend_option_id",
        "wave_id",
        "previous_wave_id",
        "share",
        "previous_share",
        "suppressed",
    ],
    "mart_question_coverage": ["question_id", "waves_present", "first_wave_id", "last_wave_id", "in_trends"],
}
for _dim, _key in DIMENSION_KEYS.items():
    CONTRACT_COLUMNS.setdefault(_dim, [_key, *_LABELS])

FOREIGN_KEYS: dict[str, list[tuple[str, str]]] = {
    "fct_survey_responses": [
        ("wave_id", "dim_wave"),
        ("question_id", "dim_question"),
        ("answer_option_key", "dim_answer_option"),
    ],
    "fct_respondent_scores": [
        ("wave_id", "dim_wave"),
        ("company_size_id", "dim_company_size"),
        ("cs_team_size_id", "dim_cs_team_size"),
        ("customer_segment_id", "dim_customer_segment"),
        ("industry_id", "dim_industry"),
    ],
    "mart_option_scores": [("wave_id", "dim_wave"), ("question_id", "dim_question")],
    "mart_wave_summary": [("wave_id", "dim_wave")],
    "mart_wave_trends": [("wave_id", "dim_wave"), ("question_id", "dim_question")],
    "mart_question_coverage": [("question_id", "dim_question")],
}


@dataclass
class Validation:
    suite: str
    table: str  # what messages name: `marts.<table>` or a wave file path
    frame: Callable[[], pd.DataFrame]
    expectations: list[Any] = field(default_factory=list)
    rows_from_index: bool = False  # frame index = source row number (landing files)


def _gxe() -> Any:
    import great_expectations.expectations as gxe

    return gxe


def _meta(table: str, column: str | None, rule: str) -> dict[str, str]:
    return {"table": table, "column": column or "", "rule": rule}


# --------------------------------------------------------------------------------------------------
# marts
# --------------------------------------------------------------------------------------------------


def marts_validations(con: Any, k: int) -> list[Validation]:
    """Every marts suite. `con` is an open DuckDB connection; `k` the minimum cell size."""
    gxe = _gxe()
    tables = {
        r[0]
        for r in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'"
        ).fetchall()
    }
    out: list[Validation] = []

    def q(sql: str) -> Callable[[], pd.DataFrame]:
        return lambda: con.execute(sql).df()

    def keys(dim: str) -> list[Any]:
        if dim not in tables:
            return []
        col = DIMENSION_KEYS[dim]
        try:
            return [
                r[0]
                for r in con.execute(f'select distinct "{col}" from marts.{dim}').fetchall()
                if r[0] is not None
            ]
        except Exception:  # missing key column: reported by the dimension's own column check
            return []

    for name, cols in CONTRACT_COLUMNS.items():
        t = f"marts.{name}"
        exps: list[Any] = [
            gxe.ExpectTableColumnsToMatchSet(
                column_set=cols, exact_match=False, meta=_meta(t, ",".join(cols), "contract_columns")
            )
        ]
        if name not in tables:
            exps = [gxe.ExpectTableRowCountToBeBetween(min_value=1, meta=_meta(t, None, "table_exists"))]
            out.append(Validation(f"marts.{name}", t, lambda: pd.DataFrame(), exps))
            continue
        exps.append(gxe.ExpectTableRowCountToBeBetween(min_value=1, meta=_meta(t, None, "not_empty")))
        if name in DIMENSION_KEYS:
            key = DIMENSION_KEYS[name]
            exps += [
                gxe.ExpectColumnValuesToNotBeNull(column=key, meta=_meta(t, key, "primary_key_not_null")),
                gxe.ExpectColumnValuesToBeUnique(column=key, meta=_meta(t, key, "primary_key_unique")),
            ]
        for col, dim in FOREIGN_KEYS.get(name, []):
            exps.append(
                gxe.ExpectColumnValuesToBeInSet(
                    column=col, value_set=keys(dim), meta=_meta(t, col, f"foreign_key_in_{dim}")
                )
            )
        if name == "fct_survey_responses":
            exps += [
                gxe.ExpectColumnValuesToBeUnique(
                    column="response_key", meta=_meta(t, "response_key", "key_unique")
                ),
                gxe.ExpectColumnValuesToBeBetween(
                    column="score_value",
                    min_value=1,
                    max_value=5,
                    meta=_meta(t, "score_value", "score_in_1_5"),
                ),
            ]
        if name == "fct_respondent_scores":
            exps += [
                gxe.ExpectColumnValuesToBeUnique(
                    column="respondent_key", meta=_meta(t, "respondent_key", "key_unique")
                )
            ]
            for s in SCORES:
                c = f"{s}_score"
                exps += [
                    gxe.ExpectColumnValuesToNotBeNull(column=c, meta=_meta(t, c, "score_present")),
                    gxe.ExpectColumnValuesToBeInSet(
                        column=c, value_set=[1, 2, 3, 4, 5], meta=_meta(t, c, "score_in_1_5")
                    ),
                ]
        if name in ("mart_option_scores", "mart_wave_summary"):
            if name == "mart_option_scores":
                exps += _share_expectations(gxe, t, "share", ci=True)
            for s in SCORES:
                exps += _avg_expectations(gxe, t, f"avg_{s}")
            exps.append(
                gxe.ExpectColumnValuesToBeBetween(
                    column="respondents_n", min_value=0, meta=_meta(t, "respondents_n", "count_non_negative")
                )
            )
        if name == "mart_wave_trends":
            exps += _share_expectations(gxe, t, "share", ci=False)
            exps += _share_expectations(gxe, t, "previous_share", ci=False)
        out.append(Validation(f"marts.{name}", t, q(f"select * from marts.{name}"), exps))

    out += _derived_validations(gxe, con, tables, k, q)
    return out


def _share_expectations(gxe: Any, t: str, col: str, ci: bool) -> list[Any]:
    exps = [
        gxe.ExpectColumnValuesToBeBetween(
            column=col, min_value=0, max_value=1, meta=_meta(t, col, "share_in_0_1")
        )
    ]
    if ci:
        for b in ("ci_low", "ci_high"):
            exps.append(
                gxe.ExpectColumnValuesToBeBetween(
                    column=f"{col}_{b}", min_value=0, max_value=1, meta=_meta(t, f"{col}_{b}", "share_in_0_1")
                )
            )
        exps += _ci_order(gxe, t, col)
    return exps


def _avg_expectations(gxe: Any, t: str, col: str) -> list[Any]:
    return [
        gxe.ExpectColumnValuesToBeBetween(
            column=col, min_value=1, max_value=5, meta=_meta(t, col, "average_in_1_5")
        ),
        *_ci_order(gxe, t, col),
    ]


def _ci_order(gxe: Any, t: str, col: str) -> list[Any]:
    return [
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A=col,
            column_B=f"{col}_ci_low",
            or_equal=True,
            ignore_row_if="either_value_is_missing",
            meta=_meta(t, f"{col}_ci_low", "ci_low_le_point"),
        ),
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(
            column_A=f"{col}_ci_high",
            column_B=col,
            or_equal=True,
            ignore_row_if="either_value_is_missing",
            meta=_meta(t, f"{col}_ci_high", "ci_high_ge_point"),
        ),
    ]


def _derived_validations(
    gxe: Any, con: Any, tables: set[str], k: int, q: Callable[[str], Callable[[], pd.DataFrame]]
) -> list[Validation]:
    out: list[Validation] = []
    if "mart_option_scores" in tables:
        t = "marts.mart_option_scores"
        types = ", ".join(f"'{x}'" for x in SINGLE_TYPES)
        out.append(
            Validation(
                "marts.mart_option_scores.share_sums",
                t,
                q(f"""select wave_id, question_id, sum(share) as share, count(*) as options_n
                  from marts.mart_option_scores
                  where segment_question_id = 'total' and question_type in ({types})
                  group by wave_id, question_id having count(share) = count(*)
                  order by wave_id, question_id"""),
                [
                    gxe.ExpectColumnValuesToBeBetween(
                        column="share",
                        min_value=1 - SHARE_SUM_TOLERANCE,
                        max_value=1 + SHARE_SUM_TOLERANCE,
                        meta=_meta(t, "share", "single_choice_shares_sum_to_1"),
                    )
                ],
            )
        )
        metrics = [
            "share",
            "share_ci_low",
            "share_ci_high",
            *[f"avg_{s}{x}" for s in SCORES for x in ("", "_ci_low", "_ci_high")],
        ]
        any_metric = " or ".join(f"{m} is not null" for m in metrics)
        out.append(
            Validation(
                "marts.mart_option_scores.min_cell_size",
                t,
                q(f"""select option_score_key, respondents_n from marts.mart_option_scores
                  where {any_metric} order by option_score_key"""),
                [
                    gxe.ExpectColumnValuesToBeBetween(
                        column="respondents_n",
                        min_value=k,
                        meta=_meta(t, "respondents_n", f"min_cell_size_k{k}"),
                    )
                ],
            )
        )
        out.append(
            Validation(
                "marts.mart_option_scores.suppressed_null",
                t,
                q(f"""select option_score_key, {", ".join(metrics)} from marts.mart_option_scores
                  where suppressed order by option_score_key"""),
                [
                    gxe.ExpectColumnValuesToBeNull(column=m, meta=_meta(t, m, "suppressed_metric_is_null"))
                    for m in metrics
                ],
            )
        )
    if "mart_wave_summary" in tables:
        t = "marts.mart_wave_summary"
        any_metric = " or ".join(f"avg_{s} is not null" for s in SCORES)
        out.append(
            Validation(
                "marts.mart_wave_summary.min_cell_size",
                t,
                q(
                    "select wave_id, respondents_n from marts.mart_wave_summary "
                    f"where {any_metric} order by wave_id"
                ),
                [
                    gxe.ExpectColumnValuesToBeBetween(
                        column="respondents_n",
                        min_value=k,
                        meta=_meta(t, "respondents_n", f"min_cell_size_k{k}"),
                    )
                ],
            )
        )
    if "mart_wave_trends" in tables:
        t = "marts.mart_wave_trends"
        cols = {
            r[0]
            for r in con.execute(
                "select column_name from information_schema.columns "
                "where table_schema = 'marts' and table_name = 'mart_wave_trends'"
            ).fetchall()
        }
        n_cols = [c for c in ("respondents_n", "previous_respondents_n") if c in cols]
        if n_cols and "share" in cols:
            out.append(
                Validation(
                    "marts.mart_wave_trends.min_cell_size",
                    t,
                    q(f"""select trend_key, {", ".join(n_cols)} from marts.mart_wave_trends
                      where share is not null or previous_share is not null order by trend_key"""),
                    [
                        gxe.ExpectColumnValuesToBeBetween(
                            column=c, min_value=k, meta=_meta(t, c, f"min_cell_size_k{k}")
                        )
                        for c in n_cols
                    ],
                )
            )
    if "mart_report_reconciliation" in tables:
        t = "marts.mart_report_reconciliation"
        out.append(
            Validation(
                "marts.mart_report_reconciliation.misses_explained",
                t,
                q("""select figure_id, nullif(trim(cast(contradiction as varchar)), '') as contradiction
                 from marts.mart_report_reconciliation
                 where not coalesce(within_printed_precision, false) order by figure_id"""),
                [
                    gxe.ExpectColumnValuesToNotBeNull(
                        column="contradiction", meta=_meta(t, "contradiction", "miss_only_with_contradiction")
                    )
                ],
            )
        )
    return out


# --------------------------------------------------------------------------------------------------
# landing (per wave file)
# --------------------------------------------------------------------------------------------------


def landing_validation(
    frame: pd.DataFrame, file: str, codebook: Any, wave_id: str, row_bounds: tuple[int, int] | None = None
) -> list[Validation]:
    """Suites for one wave file. `frame`: raw text values, None = empty, index = source row number.

    File-level rules run on the wide frame. Cell rules run on a long frame (one row per cell, index
    `<column>@<row>`, value `<column>=<value>`) so that one expectation covers every column of a kind:
    GX's per-expectation overhead (~50 ms) times ~200 wave columns would otherwise dominate.
    """
    gxe = _gxe()
    from csx.landing.codebook import parse_bool

    expected = codebook.expected_columns()
    wide: list[Any] = [
        gxe.ExpectTableColumnsToMatchSet(
            column_set=expected, exact_match=True, meta=_meta(file, ",".join(expected), "expected_columns")
        ),
        gxe.ExpectColumnValuesToNotBeNull(
            column="respondent_id", meta=_meta(file, "respondent_id", "respondent_id_present")
        ),
        gxe.ExpectColumnValuesToBeUnique(
            column="respondent_id", meta=_meta(file, "respondent_id", "respondent_id_unique")
        ),
    ]
    if row_bounds is not None:
        wide.append(
            gxe.ExpectTableRowCountToBeBetween(
                min_value=row_bounds[0],
                max_value=row_bounds[1],
                meta=_meta(file, None, "row_count_in_bounds"),
            )
        )
    o = codebook.options
    kinds: dict[str, list[str]] = {"code": [], "rating": [], "multi": []}
    allowed: dict[str, list[str]] = {"code": [], "rating": [], "multi": []}
    required: list[str] = []
    for r in codebook.questions.sort_values("_order", kind="stable").itertuples():
        qc = str(r.question_code)
        codes = list(o.loc[o["question_code"] == qc].sort_values("_order")["option_code"])
        is_req = parse_bool(r.is_required) is True
        if r.question_type == "multi":
            for c in codes:
                kinds["multi"].append(f"{qc}_{c}")
                allowed["multi"] += [f"{qc}_{c}=0", f"{qc}_{c}=1"]
                if is_req:
                    required.append(f"{qc}_{c}")
        else:
            kind = "rating" if r.question_type == "rating" else "code"
            kinds[kind].append(qc)
            ok = [c for c in codes if c in {"1", "2", "3", "4", "5"}] if kind == "rating" else codes
            allowed[kind] += [f"{qc}={c}" for c in ok]
            if is_req:
                required.append(qc)

    def cells() -> pd.DataFrame:
        present = [c for c in expected if c in frame.columns and c not in FIXED]
        long = _melt(frame, present)
        kind_of = {c: k for k, cols in kinds.items() for c in cols}
        long["kind"] = long["column"].map(kind_of)
        long["cell"] = (long["column"] + "=" + long["value"].fillna("")).where(long["value"].notna(), None)
        out = pd.DataFrame(index=long.index)
        for k in kinds:
            out[f"{k}_cell"] = long["cell"].where(long["kind"] == k, None)
        out["required_cell"] = long["cell"].where(long["column"].isin(set(required)), "n/a")
        return out

    long_exps = [
        gxe.ExpectColumnValuesToBeInSet(
            column="code_cell", value_set=allowed["code"], meta=_meta(file, "*", "known_option_code")
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column="rating_cell", value_set=allowed["rating"], meta=_meta(file, "*", "rating_in_1_5")
        ),
        gxe.ExpectColumnValuesToBeInSet(
            column="multi_cell", value_set=allowed["multi"], meta=_meta(file, "*", "multi_select_form")
        ),
        gxe.ExpectColumnValuesToNotBeNull(column="required_cell", meta=_meta(file, "*", "required_answered")),
    ]
    return [
        Validation(f"landing.wave_{wave_id}", file, lambda: frame, wide, rows_from_index=True),
        Validation(f"landing.wave_{wave_id}.cells", file, cells, long_exps, rows_from_index=True),
    ]


FIXED = ("respondent_id", "submitted_at")


def _melt(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Long form of `columns`: one row per cell, index '<column>@<row>'."""
    import numpy as np

    n = len(frame)
    rows = np.tile(np.asarray(frame.index).astype(str), len(columns))
    cols = np.repeat(np.asarray(columns, dtype=object), n)
    values = (
        np.concatenate([frame[c].to_numpy(dtype=object) for c in columns])
        if columns
        else np.array([], dtype=object)
    )
    idx = pd.Index(cols.astype(str) + "@" + rows, name="cell")
    return pd.DataFrame({"column": cols, "value": values}, index=idx)


def landing_frame(path: Path, expected: list[str]) -> tuple[pd.DataFrame, list[Any]]:
    """Read a wave file for the landing suite: '' -> None, index = 1-based source row."""
    from csx.landing.reader import read_raw

    raw = read_raw(path, expected, display_name=str(path))
    df = raw.data.apply(lambda s: s.str.strip()).replace("", None)
    df.index = pd.Index(raw.source_rows, name="source_row")
    return df, raw.problems + [
        _ragged_problem(str(path), r.source_row, r.actual, r.expected) for r in raw.ragged
    ]


def _ragged_problem(file: str, row: int, actual: int, expected: int) -> Any:
    from csx.errors import Problem

    return Problem(
        file=file, row=row, rule="ragged_row", message=f"{actual} fields where the header has {expected}"
    )
