"""`csx landing check`: the landing rules on a raw export, writing nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from csx.errors import CsxError, Problem


def _registered_wave_ids() -> set[str]:
    """Wave ids in the current project's `vars.csx_waves` (none outside a project)."""
    import yaml

    from csx import paths

    try:
        doc = yaml.safe_load(paths.DBT_PROJECT_FILE.read_text(encoding="utf-8")) or {}
    except (CsxError, OSError, UnicodeDecodeError, yaml.YAMLError):
        return set()
    waves = (doc.get("vars") or {}).get("csx_waves") or [] if isinstance(doc, dict) else []
    return {str(w["wave_id"]) for w in waves if isinstance(w, dict) and "wave_id" in w}


def landing_check(
    responses: Annotated[Path, typer.Option("--responses", help="Wave file (CSV) to check.")],
    codebook: Annotated[
        Path, typer.Option("--codebook", help="Directory with codebook_questions/options.csv.")
    ],
    wave_id: Annotated[str, typer.Option("--wave-id", help="Wave id the file would get.")],
    show_quarantine: Annotated[int, typer.Option("--show", help="Quarantined rows to list.")] = 20,
    encoding: Annotated[
        str | None,
        typer.Option("--encoding", help="Encoding of the file (e.g. cp932); default: detected."),
    ] = None,
    codebook_encoding: Annotated[
        str | None, typer.Option("--codebook-encoding", help="Encoding of the codebook files.")
    ] = None,
) -> None:
    """Run the landing rules on a file without placing anything. Exit 1 if it would be rejected."""
    from csx.landing import check_wave, load_codebook
    from csx.wave_id import check_wave_id

    check_wave_id(wave_id, file="--wave-id")
    if not responses.exists():
        raise CsxError.single(str(responses), "file_missing", "file not found")
    cb = load_codebook(codebook, wave_id, encoding=codebook_encoding)
    res = check_wave(responses, wave_id, cb, existing_wave_ids=_registered_wave_ids(), encoding=encoding)
    if res.problems:
        raise CsxError(res.problems, summary=res.summary())
    for r in res.quarantined.head(show_quarantine).itertuples():
        problem = Problem(
            file=res.source_file,
            row=int(r.source_row),
            column=r.column_name or None,
            rule=r.rule,
            message=f"quarantined: {r.message}",
        )
        typer.echo(str(problem))
    for note in res.notes:
        typer.echo(f"note: {note}")
    typer.echo(res.summary())


def register(app: typer.Typer) -> None:
    landing_app = typer.Typer(help="Landing checks on raw wave files.", no_args_is_help=True)
    landing_app.command("check")(landing_check)
    app.add_typer(landing_app, name="landing")
