"""The marts suites: generated from the manifest (csx.quality.manifest) plus the cross-row rules of csx.

Per public mart, suite `marts.<model>`: the contract's column set, not empty, primary key (not null and
unique); suite `marts.<model>.rows`, row queries whose failures show the offending values: not-null columns,
accepted ranges and values, for every `<x>` with `<x>_ci_low` / `<x>_ci_high` that the interval contains the
point, and foreign keys (relationships tests, one anti-join each). Views (the response fact) get the column
set and a not-empty check only: their rows are tested where they are stored.

Cross-row suites (`marts.<model>.<rule>`): single-choice shares add up to 1, no metric from fewer than k
respondents, suppressed cells carry no metric, every reconciliation miss has a recorded contradiction.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from csx.quality.manifest import MartRules
from csx.quality.validation import Validation, gxe, literal, meta, quote, unexpected_rows

SHARE_SUM_TOLERANCE = 0.005  # shares are exact fractions; allow for rounding in the marts
SINGLE_TYPES = ("single", "rating", "coded_text")
SCORES = ("cx", "ex", "ox")
KeyLookup = Callable[[str, str], tuple[str, str] | None]  # (model, column) -> (relation, column), if present


def marts_validations(
    rules: dict[str, MartRules], keys: KeyLookup, existing: set[str], k: int
) -> list[Validation]:
    """Every marts suite. `keys(model, column)` names a dimension's relation; `existing` the relations
    present."""
    out: list[Validation] = []
    for rule in sorted(rules.values(), key=lambda r: r.name):
        out.append(_model_validation(rule, existing))
        if rule.relation in existing and rule.materialized != "view":
            row_rules = _column_rule_expectations(rule)
            row_rules += [
                _foreign_key(rule.relation, r.column, keys(r.to_model, r.to_column))
                for r in rule.relationships
            ]
            if row_rules:
                t = rule.relation
                out.append(Validation(f"{t}.rows", t, f"select * from {t}", row_rules, rows_query=True))
    out += _cross_row_validations(existing, k)
    return out


def _model_validation(rule: MartRules, existing: set[str]) -> Validation:
    x = gxe()
    t = rule.relation
    if t not in existing:
        missing = [x.ExpectTableRowCountToBeBetween(min_value=1, meta=meta(t, None, "table_exists"))]
        return Validation(t, t, "select 1 as missing where 1 = 0", missing)
    exps: list[Any] = [
        x.ExpectTableColumnsToMatchSet(
            column_set=rule.columns,
            exact_match=True,
            meta=meta(t, ",".join(rule.columns), "contract_columns"),
        )
    ]
    if rule.materialized == "view":
        exps.append(x.ExpectTableRowCountToBeBetween(min_value=1, meta=meta(t, None, "not_empty")))
        return Validation(t, t, f"select * from {t} limit 1", exps)
    exps.append(x.ExpectTableRowCountToBeBetween(min_value=1, meta=meta(t, None, "not_empty")))
    exps += _key_expectations(rule)
    return Validation(t, t, f"select * from {t}", exps)


def _column_rule_expectations(rule: MartRules) -> list[Any]:
    """Not-null columns, accepted ranges and values, interval order: one row query per kind of rule, so a
    table's column rules cost one scan each in DuckDB and one expectation each in GE."""
    t = rule.relation
    not_null = [(c, f"{quote(c)} is null") for c in rule.not_null if c not in rule.unique]
    ranges = [(c, _outside(c, low, high)) for c, low, high in rule.ranges]
    values = [
        (c, f"{quote(c)} is not null and {quote(c)} not in ({', '.join(_sql_value(v) for v in allowed)})")
        for c, allowed in rule.accepted_values
    ]
    intervals = [
        (f"{point}_ci_low", f"{quote(point + '_ci_low')} > {quote(point)}")
        for point in rule.columns
        if f"{point}_ci_low" in rule.columns and f"{point}_ci_high" in rule.columns
    ] + [
        (f"{point}_ci_high", f"{quote(point + '_ci_high')} < {quote(point)}")
        for point in rule.columns
        if f"{point}_ci_low" in rule.columns and f"{point}_ci_high" in rule.columns
    ]
    out = []
    kinds = [
        ("not_null", not_null),
        ("accepted_range", ranges),
        ("accepted_values", values),
        ("interval_contains_point", intervals),
    ]
    for name, checks in kinds:
        if checks:
            out.append(unexpected_rows(_violations(checks), t, None, name))
    return out


def _violations(checks: list[tuple[str, str]]) -> str:
    return "\nunion all\n".join(
        f"select {literal(c)} as column_name, cast({quote(c)} as varchar) as value "
        f"from {{batch}} where {condition}"
        for c, condition in checks
    )


def _outside(column: str, low: Any, high: Any) -> str:
    c = quote(column)
    parts = ([f"{c} < {low}"] if low is not None else []) + ([f"{c} > {high}"] if high is not None else [])
    return f"{c} is not null and ({' or '.join(parts) or 'false'})"


def _sql_value(value: Any) -> str:
    return (
        str(value) if isinstance(value, int | float) and not isinstance(value, bool) else literal(str(value))
    )


def _foreign_key(t: str, column: str, target: tuple[str, str] | None) -> Any:
    """Every non-NULL value of `column` is a key of the target dimension (an anti-join in DuckDB)."""
    col = quote(column)
    if target is None:
        sql = f"select {col} as value from {{batch}} where {col} is not null"
        return unexpected_rows(sql, t, column, "foreign_key_target_missing")
    relation, key = target
    sql = (
        f"select {col} as value from {{batch}} where {col} is not null "
        f"and {col} not in (select {quote(key)} from {relation} where {quote(key)} is not null)"
    )
    return unexpected_rows(sql, t, column, f"foreign_key_in_{relation.split('.')[-1]}")


def _key_expectations(rule: MartRules) -> list[Any]:
    x = gxe()
    t = rule.relation
    exps: list[Any] = []
    for column in rule.unique:
        exps.append(x.ExpectColumnValuesToBeUnique(column=column, meta=meta(t, column, "primary_key_unique")))
    for column in rule.unique:
        if column in rule.not_null:
            exps.append(
                x.ExpectColumnValuesToNotBeNull(column=column, meta=meta(t, column, "primary_key_not_null"))
            )
    if rule.primary_key:
        exps.append(
            x.ExpectCompoundColumnsToBeUnique(
                column_list=rule.primary_key, meta=meta(t, ",".join(rule.primary_key), "primary_key_unique")
            )
        )
    return exps


def _cross_row_validations(existing: set[str], k: int) -> list[Validation]:
    out: list[Validation] = []
    if "marts.mart_option_scores" in existing:
        out += _option_score_rules(k)
    if "marts.mart_wave_summary" in existing:
        out.append(
            _min_cell(
                "marts.mart_wave_summary", "wave_id", ["respondents_n"], [f"avg_{s}" for s in SCORES], k
            )
        )
    if "marts.mart_wave_trends" in existing:
        out.append(
            _min_cell(
                "marts.mart_wave_trends",
                "trend_key",
                ["respondents_n", "previous_respondents_n"],
                ["share", "previous_share"],
                k,
            )
        )
    if "marts.mart_report_reconciliation" in existing:
        t = "marts.mart_report_reconciliation"
        out.append(
            Validation(
                f"{t}.misses_explained",
                t,
                f"""select figure_id, nullif(trim(cast(contradiction as varchar)), '') as contradiction
                    from {t} where not coalesce(within_printed_precision, false)""",
                [
                    gxe().ExpectColumnValuesToNotBeNull(
                        column="contradiction", meta=meta(t, "contradiction", "miss_only_with_contradiction")
                    )
                ],
            )
        )
    return out


OPTION_METRICS = [
    "share",
    "share_ci_low",
    "share_ci_high",
    *[f"avg_{s}{suffix}" for s in SCORES for suffix in ("", "_ci_low", "_ci_high")],
]


def _option_score_rules(k: int) -> list[Validation]:
    x = gxe()
    t = "marts.mart_option_scores"
    types = ", ".join(f"'{v}'" for v in SINGLE_TYPES)
    share_sums = Validation(
        f"{t}.share_sums",
        t,
        f"""select wave_id, weighting_scheme, question_id, sum(share) as share, count(*) as options_n
            from {t}
            where segment_question_id = 'total' and question_type in ({types})
            group by wave_id, weighting_scheme, question_id having count(share) = count(*)""",
        [
            x.ExpectColumnValuesToBeBetween(
                column="share",
                min_value=1 - SHARE_SUM_TOLERANCE,
                max_value=1 + SHARE_SUM_TOLERANCE,
                meta=meta(t, "share", "single_choice_shares_sum_to_1"),
            )
        ],
    )
    metric_checks = "\nunion all\n".join(
        f"select {literal(m)} as column_name, cast({m} as varchar) as value "
        f"from {{batch}} where suppressed and {m} is not null"
        for m in OPTION_METRICS
    )
    suppressed_null = Validation(
        f"{t}.suppressed_null",
        t,
        f"select * from {t}",
        [unexpected_rows(metric_checks, t, None, "suppressed_metric_is_null")],
        rows_query=True,
    )
    disclosure = Validation(
        f"{t}.disclosure",
        t,
        f"select * from {t}",
        [unexpected_rows(DERIVABLE_PARTITIONS, t, None, "suppressed_cell_derivable")],
        rows_query=True,
    )
    min_cell = _min_cell(t, "option_score_key", ["respondents_n"], OPTION_METRICS, k)
    return [share_sums, min_cell, suppressed_null, disclosure]


#: The differencing attack (docs/data_quality.md "Disclosure control"): partitions of published cells with
#: exactly one hidden member and a published total (tests/dbt/assert_no_suppressed_cell_is_derivable).
DERIVABLE_PARTITIONS = """
with options as (
    select 'options' as column_name,
        weighting_scheme || '/' || wave_id || '/' || segment_question_id || '/' || segment_option_id || '/'
        || question_id as value
    from {batch} where question_type in ('single', 'rating', 'coded_text')
    group by weighting_scheme, wave_id, segment_question_id, segment_option_id, question_id
    having sum(case when suppressed then 1 else 0 end) = 1 and sum(case when suppressed then 0 else 1 end) > 0
),
segments as (
    select 'segments' as column_name,
        c.weighting_scheme || '/' || c.wave_id || '/' || c.segment_question_id || '/' || c.question_id || '/'
        || c.option_id as value
    from {batch} c join {batch} t
        on t.segment_question_id = 'total' and c.weighting_scheme = t.weighting_scheme and c.wave_id = t.wave_id
        and c.question_id = t.question_id and c.option_id = t.option_id and not t.suppressed
    where c.segment_question_id <> 'total'
    group by c.weighting_scheme, c.wave_id, c.segment_question_id, c.question_id, c.option_id
    having sum(case when c.suppressed then 1 else 0 end) = 1
),
segment_bases as (
    select weighting_scheme, wave_id, segment_question_id, segment_option_id, question_id,
        min(case when suppressed then 1 else 0 end) as base_hidden
    from {batch} group by weighting_scheme, wave_id, segment_question_id, segment_option_id, question_id
),
bases as (
    select 'bases' as column_name,
        s.weighting_scheme || '/' || s.wave_id || '/' || s.segment_question_id || '/' || s.question_id as value
    from segment_bases s join segment_bases t
        on t.segment_question_id = 'total' and t.base_hidden = 0 and s.weighting_scheme = t.weighting_scheme
        and s.wave_id = t.wave_id and s.question_id = t.question_id
    where s.segment_question_id <> 'total'
    group by s.weighting_scheme, s.wave_id, s.segment_question_id, s.question_id
    having sum(s.base_hidden) = 1
)
select * from options union all select * from segments union all select * from bases
"""


def _min_cell(t: str, key: str, counts: list[str], metrics: list[str], k: int) -> Validation:
    """No published metric from fewer than k respondents."""
    any_metric = " or ".join(f"{quote(m)} is not null" for m in metrics)
    return Validation(
        f"{t}.min_cell_size",
        t,
        f"select {key}, {', '.join(counts)} from {t} where {any_metric}",
        [
            gxe().ExpectColumnValuesToBeBetween(column=c, min_value=k, meta=meta(t, c, f"min_cell_size_k{k}"))
            for c in counts
        ],
    )
