"""`csx wave add/list/remove/import` commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from csx.waves.add import EXTERNAL_THRESHOLD_ROWS, add_wave
from csx.waves.layout import default_layout
from csx.waves.remove import list_waves, remove_wave

wave_app = typer.Typer(help="Add, list, remove and import survey waves.", no_args_is_help=True)

ENCODING_HELP = (
    "Encoding of the responses file (e.g. cp932, latin-1); default: detected, ambiguous = rejected."
)


@wave_app.command("add")
def add_cmd(
    wave_id: Annotated[str, typer.Argument(help="New wave id, e.g. 2027 (file names and dbt refs use it).")],
    responses: Annotated[Path, typer.Option("--responses", help="Wave file in the landing format (CSV).")],
    codebook: Annotated[
        Path,
        typer.Option("--codebook", help="Directory with codebook_questions.csv and codebook_options.csv."),
    ],
    storage: Annotated[
        str,
        typer.Option(
            "--storage",
            help=f"seed | external | auto (external above {EXTERNAL_THRESHOLD_ROWS:,} respondents).",
        ),
    ] = "auto",
    year: Annotated[
        int | None, typer.Option("--year", help="wave_year (default: the id's first 4 digits).")
    ] = None,
    label_en: Annotated[str | None, typer.Option("--label-en")] = None,
    label_ja: Annotated[str | None, typer.Option("--label-ja")] = None,
    synthetic: Annotated[bool, typer.Option("--synthetic", help="Mark the wave as synthetic data.")] = False,
    encoding: Annotated[str | None, typer.Option("--encoding", help=ENCODING_HELP)] = None,
    codebook_encoding: Annotated[
        str | None,
        typer.Option("--codebook-encoding", help="Encoding of the codebook files (default: detected)."),
    ] = None,
) -> None:
    """Validate a wave export + codebook and add it (nothing is written if anything is rejected)."""
    res = add_wave(
        wave_id,
        responses,
        codebook,
        storage=storage,
        show_progress=True,
        year=year,
        label_en=label_en,
        label_ja=label_ja,
        synthetic=synthetic,
        encoding=encoding,
        codebook_encoding=codebook_encoding,
    )
    layout = default_layout()
    typer.echo(
        f"wave {res.wave_id}: {res.rows_loaded:,} respondents loaded, {res.rows_quarantined:,} quarantined "
        f"(of {res.rows_read:,} read); storage {res.storage} -> {layout.rel(res.wave_path)}"
    )
    if res.rows_quarantined:
        typer.echo(f"quarantined rows recorded in {layout.rel(layout.quarantine)}")
    if res.suite_rows and res.suite_rows < res.rows_loaded:
        typer.echo(f"landing expectation suite ran on a {res.suite_rows:,}-row random sample")
    typer.echo("next: csx build   (rebuilds the warehouse and dashboards with the new wave)")


@wave_app.command("list")
def list_cmd() -> None:
    """Show the registered waves with respondent counts and storage."""
    from rich.console import Console
    from rich.table import Table

    table = Table("wave_id", "storage", "respondents", "file", "label_en")
    for w in list_waves():
        n = f"{w.respondents:,}" if w.respondents is not None else "[red]file missing[/red]"
        table.add_row(w.wave_id, w.storage, n, w.path, w.label_en)
    Console().print(table)


@wave_app.command("remove")
def remove_cmd(wave_id: Annotated[str, typer.Argument(help="Wave id to remove.")]) -> None:
    """Undo `csx wave add`: delete the wave file and every record the add appended."""
    res = remove_wave(wave_id)
    layout = default_layout()
    typer.echo(f"wave {wave_id} removed; changed: {', '.join(layout.rel(p) for p in res.changed)}")


@wave_app.command("import")
def import_cmd(
    source: Annotated[Path, typer.Argument(help="Export file (.sav or Qualtrics CSV).")],
    from_: Annotated[str, typer.Option("--from", help="sav | qualtrics")],
    wave_id: Annotated[str, typer.Option("--wave-id")],
    out: Annotated[Path, typer.Option("--out", help="Output directory (created).")],
    keep_partial: Annotated[
        bool, typer.Option("--keep-partial", help="Keep unfinished responses (previews never).")
    ] = False,
) -> None:
    """Convert an SPSS .sav or Qualtrics CSV export to a landing wave file + a draft codebook."""
    from csx.importers import import_export

    res = import_export(from_, source, wave_id, out, keep_partial=keep_partial)
    for line in res.summary():
        typer.echo(line)
    typer.echo(
        f"wrote {res.wave_file} ({res.respondents:,} respondents, {res.questions} questions) and a draft "
        f"codebook in {res.out_dir}; review rows marked REVIEW: in notes, then:\n"
        f"  csx wave add {wave_id} --responses {res.wave_file} --codebook {res.out_dir}"
    )


def register(app: typer.Typer) -> None:
    app.add_typer(wave_app, name="wave")
