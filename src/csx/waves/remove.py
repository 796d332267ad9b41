"""`csx wave remove` (undo an add byte for byte, crash-safely) and `csx wave list`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from csx.errors import CsxError
from csx.paths import local_file, wave_location
from csx.wave_id import check_wave_id
from csx.waves.csv_records import csv_rows, csv_without_wave, read_header
from csx.waves.journal import recover, transaction
from csx.waves.layout import Layout, default_layout
from csx.waves.outputs import qs
from csx.waves.project_file import WaveEntry, dbt_project_without_wave, read_wave_entries


@dataclass
class RemoveResult:
    wave_id: str
    changed: list[Path]
    removed_records: dict[str, int]


def _wave_path(layout: Layout, entry: WaveEntry) -> Path | None:
    """The wave's local file; None for a wave on remote storage (s3a://, hdfs://: not csx's to delete)."""
    if entry.storage == "external" and entry.path:
        return local_file(wave_location(entry.path, layout.root))
    return layout.seed_wave(entry.wave_id)


def remove_wave(wave_id: str, layout: Layout | None = None) -> RemoveResult:
    """Undo `add_wave`: delete the wave file, its codebook/registry/quarantine records and its var entry."""
    check_wave_id(wave_id)
    layout = layout or default_layout()
    changed: list[Path] = []
    counts: dict[str, int] = {}
    with transaction(layout.root, f"csx wave remove {wave_id}") as tx:
        entries = {e.wave_id: e for e in read_wave_entries(layout)}
        if wave_id not in entries:
            raise CsxError.single(
                layout.rel(layout.dbt_project), "wave_unknown", f"wave {wave_id} is not registered"
            )
        wave_path = _wave_path(layout, entries[wave_id])
        if wave_path is not None and wave_path.exists():
            tx.delete(wave_path)
            changed.append(wave_path)
        for target in (layout.questions, layout.options, layout.registry, layout.quarantine):
            if not target.exists() or "wave_id" not in read_header(target):
                continue
            text, n = csv_without_wave(target, wave_id)
            counts[layout.rel(target)] = n
            if n:
                tx.write_text(target, text)
                changed.append(target)
        proj = layout.dbt_project.read_text(encoding="utf-8")
        tx.write_text(
            layout.dbt_project, dbt_project_without_wave(proj, wave_id, layout.rel(layout.dbt_project))
        )
        changed.append(layout.dbt_project)
    return RemoveResult(wave_id, changed, counts)


@dataclass
class WaveInfo:
    wave_id: str
    storage: str
    path: str
    respondents: int | None
    label_en: str
    file_ok: bool


def _count_rows(con: object, p: Path) -> int | None:
    if not p.exists():
        return None
    reader = "read_parquet" if p.suffix == ".parquet" else "read_csv"
    opts = "" if reader == "read_parquet" else ", all_varchar = true, header = true"
    row = con.execute(f"select count(*) from {reader}('{qs(str(p))}'{opts})").fetchone()  # type: ignore[attr-defined]
    return int(row[0]) if row else None


def list_waves(layout: Layout | None = None) -> list[WaveInfo]:
    import duckdb

    layout = layout or default_layout()
    recover(layout.root)
    labels = (
        {r.get("wave_id", ""): r.get("label_en", "") for r in csv_rows(layout.registry)}
        if layout.registry.exists()
        else {}
    )
    out: list[WaveInfo] = []
    con = duckdb.connect()
    try:
        for e in read_wave_entries(layout):
            p = _wave_path(layout, e)
            if p is None:  # remote storage: listed as registered, not read from here
                out.append(WaveInfo(e.wave_id, e.storage, e.path, None, labels.get(e.wave_id, ""), True))
                continue
            n = _count_rows(con, p)
            out.append(
                WaveInfo(e.wave_id, e.storage, layout.rel(p), n, labels.get(e.wave_id, ""), p.exists())
            )
    finally:
        con.close()
    return out
