"""Importers: survey-tool exports -> landing wave CSV + a draft codebook for review.

`csx wave import --from sav|qualtrics FILE --wave-id ID --out DIR` writes
`DIR/wave_<ID>.csv` (landing format, docs/architecture.md) and `DIR/codebook_questions.csv`,
`DIR/codebook_options.csv` (seed columns). Harmonized ids are proposed by matching question and
option codes against the repository's codebook seeds; every proposal is marked `REVIEW:` in notes.
"""

from __future__ import annotations

from pathlib import Path

from csx.errors import CsxError
from csx.importers.common import ImportResult, write_import
from csx.wave_id import check_wave_id

__all__ = ["ImportResult", "import_export"]

FORMATS = ("sav", "qualtrics")


def import_export(
    fmt: str, source: Path, wave_id: str, out_dir: Path, codebook_dir: Path | None = None
) -> ImportResult:
    """Read an export of format `fmt` and write the landing wave file and draft codebook to out_dir."""
    source = Path(source)
    check_wave_id(wave_id, file="--wave-id")
    if fmt not in FORMATS:
        raise CsxError.single("--from", "format", f"{fmt!r} is not one of {', '.join(FORMATS)}")
    if not source.is_file():
        raise CsxError.single(str(source), "file_missing", "export file not found")
    if fmt == "sav":
        from csx.importers.sav import read_sav_export

        wave = read_sav_export(source, wave_id)
    else:
        from csx.importers.qualtrics import read_qualtrics_export

        wave = read_qualtrics_export(source, wave_id)
    return write_import(wave, wave_id, Path(out_dir), codebook_dir)
