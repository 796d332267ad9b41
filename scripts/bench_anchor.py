#!/usr/bin/env python
"""The benchmark's anchor: what DuckDB itself does with hand-written SQL, in one process (scripts/bench.py).

Reads one wave's survey-tool CSV and its codebook and writes `fct_respondent_scores` and `mart_option_scores`
for it, the way the issue that asked for this benchmark describes a hand-written pipeline: read the wide file
once; take CX/EX/OX and the segment answers straight from the wide columns; one unpivot recoded by hash joins
on small lookup tables; aggregate once per (question, option, segment profile) into partial sums (n, sum,
sum of squares), bases likewise; roll up to the segment cuts with GROUPING SETS; statistics last (t table,
Wilson interval, suppression below 5, rounding half-up to 6 places like the marts).

Usage: python scripts/bench_anchor.py WAVE.csv CODEBOOK_DIR T_TABLE.csv OUT.duckdb WAVE_ID
"""

from __future__ import annotations

import sys

import duckdb

SEGMENTS = ["company_size", "cs_team_size", "customer_segment", "industry", "ai_use"]
SCORES = {"cx": "cx_score", "ex": "ex_score", "ox": "ox_score"}
Z = 1.959964
K = 5

LOOKUP = """
create table lk as select
    case when q.question_type = 'multi' then q.question_code || '_' || o.option_code
         else q.question_code end as column_name,
    case when q.question_type = 'multi' then '1' else o.option_code end as value,
    q.question_id, o.option_id, cast(o.score_value as int) as score_value
from o join q using (question_code)
"""


def load(con: duckdb.DuckDBPyConnection, wave: str, codebook: str, t_table: str) -> None:
    con.execute(f"create table wide as select * from read_csv('{wave}', header = true, all_varchar = true)")
    for table, name in (("q", "codebook_questions"), ("o", "codebook_options")):
        con.execute(
            f"create table {table} as select * from read_csv('{codebook}/{name}.csv', all_varchar = true)"
        )
    con.execute(
        "create table t as select cast(degrees_of_freedom as int) as df, cast(t_critical_975 as double) as t "
        f"from read_csv('{t_table}')"
    )
    con.execute(LOOKUP)


def respondents(con: duckdb.DuckDBPyConnection, wave_id: str) -> None:
    code = dict(con.execute("select question_id, question_code from q").fetchall())
    joins = " ".join(
        f"left join lk l_{k} on l_{k}.column_name = '{code[k]}' and l_{k}.value = wide.\"{code[k]}\""
        for k in [*SEGMENTS, *SCORES.values()]
    )
    scores = ", ".join(f"l_{q}.score_value as {q}" for q in SCORES.values())
    segments = ", ".join(f"l_{s}.option_id as {s}_id" for s in SEGMENTS)
    con.execute(
        f"create table fct_respondent_scores as select '{wave_id}' as wave_id, wide.respondent_id, "
        f"{scores}, {segments} from wide {joins}"
    )


def answers(con: duckdb.DuckDBPyConnection) -> None:
    skip = ("respondent_id", "submitted_at")
    cols = [c for (c,) in con.execute("select column_name from (describe wide)").fetchall() if c not in skip]
    listed = ", ".join(f'"{c}"' for c in cols)
    con.execute(
        "create table answers as select u.respondent_id, lk.question_id, lk.option_id from ("
        f"unpivot (select respondent_id, {listed} from wide) on {listed} into name column_name value value"
        ") u join lk using (column_name, value)"
    )


def partial_sums(con: duckdb.DuckDBPyConnection) -> None:
    profile = ", ".join(f"r.{s}_id" for s in SEGMENTS)
    sums = ", ".join(
        f"count(r.{c}) as {s}_n, sum(r.{c}) as {s}_s, sum(r.{c} * r.{c}) as {s}_ss" for s, c in SCORES.items()
    )
    con.execute(
        f"create table partial as select a.question_id, a.option_id, {profile}, count(*) as n, {sums} "
        "from answers a join fct_respondent_scores r using (respondent_id) group by all"
    )
    con.execute(
        "create table base_partial as select question_id, "
        f"{', '.join(f'{s}_id' for s in SEGMENTS)}, count(*) as base_n from ("
        f"select distinct a.question_id, a.respondent_id, {profile} "
        "from answers a join fct_respondent_scores r using (respondent_id)) group by all"
    )


def roll_up(con: duckdb.DuckDBPyConnection) -> None:
    sets = ", ".join(["()"] + [f"({s}_id)" for s in SEGMENTS])
    pick = "case " + " ".join(f"when grouping({s}_id) = 0 then '{s}'" for s in SEGMENTS) + " else 'total' end"
    picked = ", ".join(f"case when grouping({s}_id) = 0 then {s}_id end" for s in SEGMENTS)
    option = f"coalesce({picked}, 'all')"
    rolled = ", ".join(f"sum({s}_n) as {s}_n, sum({s}_s) as {s}_s, sum({s}_ss) as {s}_ss" for s in SCORES)
    con.execute(
        f"create table cuts as select question_id, option_id, {pick} as segment_question_id, "
        f"{option} as segment_option_id, sum(n) as n, {rolled} "
        f"from partial group by question_id, option_id, grouping sets ({sets})"
    )
    con.execute(
        f"create table bases as select question_id, {pick} as segment_question_id, "
        f"{option} as segment_option_id, sum(base_n) as base_n "
        f"from base_partial group by question_id, grouping sets ({sets})"
    )


def rounded(expression: str) -> str:
    return f"case when c.n >= {K} then cast(round(cast({expression} as decimal(28, 10)), 6) as double) end"


def statistics(con: duckdb.DuckDBPyConnection, wave_id: str) -> None:
    columns = []
    for s in SCORES:
        n = f"c.{s}_n"
        mean = f"cast(c.{s}_s as double) / {n}"
        sd = f"sqrt(cast({n} * c.{s}_ss - c.{s}_s * c.{s}_s as double) / (cast({n} as double) * ({n} - 1)))"
        # the t table's value for the largest tabulated df <= n - 1; beyond the table, the normal value
        tcrit = (
            f"coalesce((select t from t where t.df <= {n} - 1 and {n} - 1 <= (select max(df) from t) "
            f"order by t.df desc limit 1), {Z})"
        )
        columns.append(f"case when c.n >= {K} then {mean} end as avg_{s}")
        columns.append(rounded(f"{mean} - {tcrit} * {sd} / sqrt({n})") + f" as avg_{s}_ci_low")
        columns.append(rounded(f"{mean} + {tcrit} * {sd} / sqrt({n})") + f" as avg_{s}_ci_high")
    p, b = "cast(c.n as double) / b.base_n", "cast(b.base_n as double)"
    z2 = f"{Z}*{Z}"
    wilson = {
        sign: f"(({p} + {z2}/(2*{b})) {sign} {Z}*sqrt({p}*(1-{p})/{b} + {z2}/(4*{b}*{b})))/(1+{z2}/{b})"
        for sign in "-+"
    }
    con.execute(
        f"create table mart_option_scores as select '{wave_id}' as wave_id, c.segment_question_id, "
        "c.segment_option_id, c.question_id, c.option_id, c.n as respondents_n, b.base_n, "
        f"case when c.n >= {K} then {p} end as share, "
        f"{rounded(wilson['-'])} as share_ci_low, {rounded(wilson['+'])} as share_ci_high, "
        f"{', '.join(columns)}, c.n < {K} as suppressed "
        "from cuts c join bases b using (question_id, segment_question_id, segment_option_id) "
        "where c.segment_question_id = 'total' or c.segment_option_id <> 'all'"
    )


def main(wave: str, codebook: str, t_table: str, out: str, wave_id: str) -> None:
    con = duckdb.connect(out)
    con.execute("set memory_limit = '3GB'")
    load(con, wave, codebook, t_table)
    respondents(con, wave_id)
    answers(con)
    partial_sums(con)
    roll_up(con)
    statistics(con, wave_id)
    for table in ("wide", "q", "o", "lk", "answers", "partial", "base_partial", "cuts", "bases"):
        con.execute(f"drop table {table}")
    con.close()


if __name__ == "__main__":
    main(*sys.argv[1:6])
