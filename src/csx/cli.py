"""The `csx` command line. Each area registers its own commands (see docs/architecture.md)."""

from __future__ import annotations

import importlib
import logging
import sys
import warnings

import typer

from csx.errors import CsxError

# Third-party chatter that says nothing to a csx user: GE's INFO logging, and pyspark (installed for the
# Spark target, imported by GE) warning about pandas 3 although csx never hands it a pandas frame.
logging.getLogger("great_expectations").setLevel(logging.WARNING)
warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas", category=FutureWarning)

app = typer.Typer(
    name="csx",
    help="csx: customer-service survey warehouse (dbt + DuckDB + Great Expectations + Evidence).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.command("version")
def version() -> None:
    """Print the csx version."""
    from csx import __version__

    typer.echo(__version__)


# Each module exposes `register(app: typer.Typer) -> None`.
_COMMAND_MODULES = [
    "csx.quality.commands",
    "csx.publish",
    "csx.dashboards",
    "csx.waves",
]

for _name in _COMMAND_MODULES:
    try:
        _mod = importlib.import_module(_name)
    except ModuleNotFoundError as exc:  # area not built yet in this checkout
        if exc.name and _name.startswith(exc.name):
            continue
        raise
    _mod.register(app)


def main() -> None:
    """Entry point: user errors become one line per problem and exit code 1, never a traceback.

    Usage errors (unknown command or option) are reported by typer itself (exit 2).
    """
    try:
        app()
    except CsxError as exc:
        for line in str(exc).splitlines():
            typer.echo(line, err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo("aborted", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
