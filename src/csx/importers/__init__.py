"""Importers: survey-tool exports -> landing wave CSV + a draft codebook for review.

`csx wave import --from sav|qualtrics FILE --wave-id ID --out DIR [--keep-partial]` writes
`DIR/wave_<ID>.csv` (landing format, docs/architecture.md), `DIR/codebook_questions.csv`,
`DIR/codebook_options.csv` (seed columns) and `DIR/import_report.md` (responses and columns left out,
codes read as missing). Harmonized ids are proposed by matching question and option codes and texts
against the repository's codebook seeds; every proposal is marked `REVIEW:` in notes.
How each tool's missing values, metadata, previews, partial responses and free text are treated:
docs/adding_a_wave.md.
"""

from __future__ import annotations

from pathlib import Path

from csx.errors import CsxError
from csx.importers.write import ImportResult, write_import
from csx.wave_id import check_wave_id

__all__ = ["ImportResult", "import_export"]

FORMATS = ("sav", "qualtrics")


def import_export(
    fmt: str,
    source: Path,
    wave_id: str,
    out_dir: Path,
    codebook_dir: Path | None = None,
    keep_partial: bool = False,
) -> ImportResult:
    """Read an export of format `fmt` and write the landing wave file and draft codebook to out_dir.

    Survey previews are never loaded; unfinished responses only with `keep_partial`."""
    source = Path(source)
    check_wave_id(wave_id, file="--wave-id")
    if fmt not in FORMATS:
        raise CsxError.single("--from", "format", f"{fmt!r} is not one of {', '.join(FORMATS)}")
    if not source.is_file():
        raise CsxError.single(str(source), "file_missing", "export file not found")
    if fmt == "sav":
        from csx.importers.sav import read_sav_export

        wave = read_sav_export(source, wave_id, keep_partial=keep_partial)
    else:
        from csx.importers.qualtrics import read_qualtrics_export

        wave = read_qualtrics_export(source, wave_id, keep_partial=keep_partial)
    return write_import(wave, wave_id, Path(out_dir), codebook_dir)
