"""Run the Great Expectations suites in a second process that starts importing GE while dbt builds.

Importing Great Expectations takes seconds; `csx build` starts this worker first, so on a two-core machine the
import overlaps dbt's build and the suites start as soon as dbt is done. The worker calls
`csx.quality.validate_warehouse` with the arguments it is sent and returns the run (or the error).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import warnings
from multiprocessing.connection import Connection
from typing import Any


def _serve(connection: Connection) -> None:
    warnings.filterwarnings("ignore")
    import great_expectations  # noqa: F401  (the point: import while the parent runs dbt)

    from csx.quality import validate_warehouse

    kwargs = connection.recv()
    if kwargs is None:
        return
    try:
        connection.send(("ok", validate_warehouse(**kwargs)))
    except Exception as exc:  # sent back and raised in the parent, which reports it
        connection.send(("error", exc))


class ValidationWorker:
    """A process ready to run `validate_warehouse` once."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        self._parent, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child,), name="csx-validate", daemon=True)
        self._process.start()
        child.close()

    def validate(self, **kwargs: Any) -> Any:
        """Run the suites in the worker; its result, or the error it raised."""
        try:
            self._parent.send(kwargs)
            status, payload = self._parent.recv()
        except (EOFError, OSError, BrokenPipeError):
            from csx.quality import validate_warehouse

            return validate_warehouse(**kwargs)  # the worker died (e.g. killed): run the suites here
        finally:
            self._process.join(timeout=30)
        if status == "error":
            raise payload
        return payload

    def close(self) -> None:
        if self._process.is_alive():
            with contextlib.suppress(OSError, BrokenPipeError):
                self._parent.send(None)
            self._process.join(timeout=5)
            if self._process.is_alive():
                self._process.kill()
