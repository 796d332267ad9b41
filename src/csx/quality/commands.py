"""`csx validate` (`csx landing check` is csx.landing.cli)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from csx.errors import CsxError, Problem


def _console() -> object:
    from rich.console import Console

    return Console(stderr=True)


def validate(
    warehouse: Annotated[
        Path | None, typer.Option("--warehouse", help="DuckDB file to validate (default: the published one).")
    ] = None,
    landing: Annotated[bool, typer.Option("--landing", help="Also check the seed wave files.")] = False,
    data_docs: Annotated[
        Path | None, typer.Option("--data-docs", help="Data Docs directory (default build/data_docs).")
    ] = None,
) -> None:
    """Run the Great Expectations suites; write Data Docs and marts.data_quality_results."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from csx.paths import warehouse_path
    from csx.quality import validate_warehouse

    wh = warehouse or warehouse_path()
    problems: list[Problem] = []
    if landing:
        from csx.quality import landing_checks

        problems += landing_checks()[0]
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), transient=True
    ) as p:
        task = p.add_task("validating")
        run = validate_warehouse(
            wh,
            landing=landing,
            data_docs=data_docs,
            progress=lambda s: p.update(task, description=f"suite {s}"),
        )
    problems += run.problems
    summary = (
        f"validate: {run.expectations} expectations, {run.failed} failed, {run.seconds:.1f}s; "
        f"Data Docs: {run.data_docs}"
    )
    if problems:
        raise CsxError(problems, summary=summary)
    typer.echo(summary)


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
