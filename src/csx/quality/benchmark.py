"""Benchmark GX execution paths on DuckDB (docs/data_quality.md).

Usage: python -m csx.quality.benchmark N MODE   (MODE: pandas | default | static | static_noreset | persist)
The SQL modes need `sqlalchemy` and `duckdb-engine` on the path (not project dependencies), e.g.
`pip install --target /tmp/sqla_exp sqlalchemy duckdb-engine` (the script adds /tmp/sqla_exp).
Writes its DuckDB file under /tmp/gebench.
"""

import os
import sys
import time

sys.path.append("/tmp/sqla_exp")
import duckdb
import great_expectations as gx
import great_expectations.expectations as gxe
from great_expectations.data_context.types.base import ProgressBarsConfig

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
os.makedirs("/tmp/gebench", exist_ok=True)
db = f"/tmp/gebench/b{N}.duckdb"
con = duckdb.connect(db)
con.execute(f"""create or replace table t as
  select i as id, 1 + (i % 5) as cx_score, (i % 100)/100.0 as share,
    (i % 100)/100.0 - 0.01 as lo, (i % 100)/100.0 + 0.01 as hi, 'q' || (i % 30) as question_id
  from range({N}) r(i)""")
con.execute("update t set cx_score = 9 where id = 12345")
con.close()


def suite(ctx, name):
    s = ctx.suites.add(gx.ExpectationSuite(name=name))
    s.add_expectation(gxe.ExpectColumnValuesToBeBetween(column="cx_score", min_value=1, max_value=5))
    s.add_expectation(gxe.ExpectColumnValuesToBeBetween(column="share", min_value=0, max_value=1))
    s.add_expectation(gxe.ExpectColumnValuesToNotBeNull(column="id"))
    s.add_expectation(gxe.ExpectColumnValuesToBeUnique(column="id"))
    s.add_expectation(
        gxe.ExpectColumnPairValuesAToBeGreaterThanB(column_A="share", column_B="lo", or_equal=True)
    )
    s.add_expectation(
        gxe.ExpectColumnValuesToBeInSet(column="question_id", value_set=[f"q{i}" for i in range(30)])
    )
    return s


def ctx_():
    c = gx.get_context(mode="ephemeral")
    c.variables.progress_bars = ProgressBarsConfig(globally=False)
    return c


def report(label, res, t):
    print(
        f"{label}: {time.time() - t:.2f}s success={res.success} "
        + ", ".join(f"{r.expectation_config.type}={r.success}" for r in res.results),
        flush=True,
    )


mode = sys.argv[2]
if mode == "pandas":
    ctx = ctx_()
    t = time.time()
    df = duckdb.connect(db, read_only=True).execute("select * from t").fetch_arrow_table().to_pandas()
    print(f"  arrow->pandas {time.time() - t:.2f}s")
    bd = ctx.data_sources.add_pandas("p").add_dataframe_asset("t").add_batch_definition_whole_dataframe("bd")
    vd = ctx.validation_definitions.add(gx.ValidationDefinition(name="v", data=bd, suite=suite(ctx, "s")))
    res = vd.run(batch_parameters={"dataframe": df})
    report("pandas", res, t)
else:
    from sqlalchemy.pool import StaticPool

    if mode.startswith("persist"):
        import great_expectations.execution_engine.sqlalchemy_execution_engine as m

        m._PERSISTED_CONNECTION_DIALECTS = (
            *m._PERSISTED_CONNECTION_DIALECTS,
            type("D", (str,), {"value": "duckdb"})("duckdb"),
        )
    ctx = ctx_()
    kw = (
        {"poolclass": StaticPool}
        if mode in ("static", "persist_static")
        else ({"poolclass": StaticPool, "pool_reset_on_return": None} if mode == "static_noreset" else {})
    )
    t = time.time()
    ds = ctx.data_sources.add_sql("d", connection_string=f"duckdb:///{db}", kwargs=kw)
    bd = ds.add_table_asset("t", table_name="t").add_batch_definition_whole_table("bd")
    vd = ctx.validation_definitions.add(gx.ValidationDefinition(name="v", data=bd, suite=suite(ctx, "s")))
    try:
        res = vd.run()
        report(mode, res, t)
        for r in res.results:
            print(
                "   ",
                [v.get("exception_message") for v in r.exception_info.values()]
                if "raised_exception" not in r.exception_info
                else r.exception_info["exception_message"],
            )
    except Exception as e:
        print(mode, "error", type(e).__name__, str(e)[:300])
