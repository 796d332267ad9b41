"""`csx validate` and `csx landing check`."""

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


def landing_check(
    responses: Annotated[Path, typer.Option("--responses", help="Wave file (CSV) to check.")],
    codebook: Annotated[
        Path, typer.Option("--codebook", help="Directory with codebook_questions/options.csv.")
    ],
    wave_id: Annotated[str, typer.Option("--wave-id", help="Wave id the file would get.")],
    show_quarantine: Annotated[int, typer.Option("--show", help="Quarantined rows to list.")] = 20,
) -> None:
    """Run the landing rules on a file without placing anything. Exit 1 if it would be rejected."""
    from csx.landing import check_wave, load_codebook

    if not responses.exists():
        raise CsxError.single(str(responses), "file_missing", "file not found")
    cb = load_codebook(codebook, wave_id)
    existing: set[str] = set()
    try:
        from csx.quality import seed_waves

        existing = {w["wave_id"] for w in seed_waves()}
    except (OSError, ValueError):
        pass
    res = check_wave(responses, wave_id, cb, existing_wave_ids=existing)
    if res.problems:
        raise CsxError(res.problems, summary=res.summary())
    for r in res.quarantined.head(show_quarantine).itertuples():
        typer.echo(
            str(
                Problem(
                    file=res.source_file,
                    row=int(r.source_row),
                    column=r.column_name or None,
                    rule=r.rule,
                    message=f"quarantined: {r.message}",
                )
            )
        )
    for note in res.notes:
        typer.echo(f"note: {note}")
    typer.echo(res.summary())


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
    landing_app = typer.Typer(help="Landing checks on raw wave files.", no_args_is_help=True)
    landing_app.command("check")(landing_check)
    app.add_typer(landing_app, name="landing")
