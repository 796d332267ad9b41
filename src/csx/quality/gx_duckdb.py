"""Great Expectations on DuckDB through GE's own SQL execution engine: every metric is computed in DuckDB.

GE 1.x's `SqlAlchemyExecutionEngine.execute_query` runs a query inside `with self.get_connection()` and
returns the live cursor result after the connection has been released; DuckDB (duckdb-engine) drops the
result when its connection closes, so every metric comes back empty and every expectation fails with an
IndexError. `enable()` makes two changes, once per process, to that class only:

* `execute_query` / `execute_query_in_transaction` buffer the rows (`Result.freeze()`) while the
  connection is still open, so callers read a complete result whatever the connection does next;
* DuckDB engines keep one open connection per engine, as GE already does for SQLite, SQL Server, BigQuery
  and Databricks, so a validation does not reopen the database file for each of its queries.

Nothing is loaded into pandas: a suite over a 60-million-row table costs what DuckDB's aggregates cost.
tests/python/test_quality.py proves both that clean data passes and that broken data fails with the right
observed values through this path.
"""

from __future__ import annotations

from collections.abc import Generator
from contextlib import contextmanager
from typing import Any

_ENABLED = False


def enable() -> None:
    """Patch GE's SQL execution engine for DuckDB (idempotent)."""
    global _ENABLED
    if _ENABLED:
        return
    from great_expectations.execution_engine import sqlalchemy_execution_engine as engine_module

    engine_class = engine_module.SqlAlchemyExecutionEngine
    for name in ("execute_query", "execute_query_in_transaction", "get_connection"):
        if not hasattr(engine_class, name):  # pragma: no cover - a GE release changed the engine
            raise RuntimeError(f"great_expectations SqlAlchemyExecutionEngine has no {name}: update csx")
    original_get_connection = engine_class.get_connection

    @contextmanager
    def get_connection(self: Any) -> Generator[Any, None, None]:
        if getattr(self.engine.dialect, "name", "") != "duckdb":
            with original_get_connection(self) as connection:
                yield connection
            return
        connection = getattr(self, "_csx_connection", None)
        if connection is None or connection.closed:
            connection = self.engine.connect()
            self._csx_connection = connection
        yield connection

    def execute_query(self: Any, query: Any) -> Any:
        with self.get_connection() as connection:
            result = self._execute_query_with_recovery(connection, query)
            return result.freeze()()

    def execute_query_in_transaction(self: Any, query: Any) -> Any:
        return execute_query(self, query)

    engine_class.get_connection = get_connection
    engine_class.execute_query = execute_query
    engine_class.execute_query_in_transaction = execute_query_in_transaction
    _ENABLED = True


def close_connections(context: Any) -> None:
    """Close the DuckDB connections GE's engines hold (releases the database file)."""
    for datasource in list(context.data_sources.all().values()):
        engine = getattr(datasource, "_execution_engine", None)
        connection = getattr(engine, "_csx_connection", None)
        if connection is not None and not connection.closed:
            connection.close()
        for sa_engine in (getattr(engine, "engine", None), getattr(datasource, "_engine", None)):
            if sa_engine is not None:
                sa_engine.dispose()
    import gc

    gc.collect()  # duckdb-engine closes DuckDB connections when they are collected
