"""The `csx` command line. Each area registers its own commands (see docs/architecture.md)."""

from __future__ import annotations

import importlib
import logging
import sys
import warnings
from pathlib import Path
from typing import Annotated

import typer

from csx import paths
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


@app.callback()
def _global_options(
    project_dir: Annotated[
        Path | None,
        typer.Option(
            "--project-dir",
            help="The csx project (a directory with dbt_project.yml) to act on; default: $CSX_REPO_ROOT, "
            "else the current directory or the first parent holding a csx dbt_project.yml.",
        ),
    ] = None,
) -> None:
    paths.set_project_dir(project_dir)


def _announce_and_recover(root: Path, how: str) -> None:
    """First use of a project in a command: say which one, finish any interrupted wave add/remove."""
    from csx.waves.journal import recover

    typer.echo(f"csx: project {root} (from {how})", err=True)
    done = recover(root)
    if done:
        typer.echo(f"csx: {done}", err=True)


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
    "csx.landing.cli",
    "csx.weighting",
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
    paths.on_first_use(_announce_and_recover)
    try:
        app()
    except CsxError as exc:
        for line in str(exc).split("\n"):  # one per problem (each escaped to one line)
            typer.echo(line, err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        typer.echo("aborted", err=True)
        sys.exit(130)
    finally:
        paths.reset()


if __name__ == "__main__":
    main()
