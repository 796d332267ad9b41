"""`csx wave add/list/remove/import`: bring a survey wave into the warehouse without touching models/.

A wave is added by validating its export file and codebook through the landing layer (`csx.landing`),
then, in one crash-safe transaction (`csx.waves.journal`), writing

* the clean wave file: `seeds/waves/wave_<id>.csv` (storage `seed`) or, for large waves,
  `data/waves/wave_<id>.parquet` written by DuckDB (storage `external`),
* the wave's rows appended to `seeds/codebook/codebook_questions.csv` / `codebook_options.csv`,
* one row appended to `seeds/codebook/waves.csv`,
* its quarantined rows appended to `seeds/landing/quarantined_rows.csv`,
* one entry appended to `vars.csx_waves` in `dbt_project.yml` (text edit; comments survive).

A rejection writes nothing; a crash at any point leaves every file fully old or fully new once the
next csx command has run. `csx wave remove` undoes an add byte for byte.

Modules: `layout` (paths), `project_file` (dbt_project.yml), `csv_records` (appends and removals),
`journal` (the transaction), `harmonization`, `outputs` (wave file, registry row, quarantine rows),
`add`, `remove` (and list), `cli`.
"""

from __future__ import annotations

from csx.waves.add import (
    EXTERNAL_THRESHOLD_ROWS,
    STORAGES,
    SUITE_MAX_ROWS,
    AddOptions,
    AddResult,
    add_wave,
    existing_wave_ids,
)
from csx.waves.cli import register, wave_app
from csx.waves.csv_records import appended_csv, csv_without_wave
from csx.waves.harmonization import harmonization_problems
from csx.waves.journal import BACKUP_SUFFIX, JOURNAL_NAME, STAGE_SUFFIX, Transaction, recover, transaction
from csx.waves.layout import COPY_IGNORE, Layout, copy_repo, default_layout
from csx.waves.project_file import (
    WaveEntry,
    dbt_project_with_wave,
    dbt_project_without_wave,
    read_wave_entries,
)
from csx.waves.remove import RemoveResult, WaveInfo, list_waves, remove_wave

__all__ = [
    "BACKUP_SUFFIX",
    "COPY_IGNORE",
    "EXTERNAL_THRESHOLD_ROWS",
    "JOURNAL_NAME",
    "STAGE_SUFFIX",
    "STORAGES",
    "SUITE_MAX_ROWS",
    "AddOptions",
    "AddResult",
    "Layout",
    "RemoveResult",
    "Transaction",
    "WaveEntry",
    "WaveInfo",
    "add_wave",
    "appended_csv",
    "copy_repo",
    "csv_without_wave",
    "dbt_project_with_wave",
    "dbt_project_without_wave",
    "default_layout",
    "existing_wave_ids",
    "harmonization_problems",
    "list_waves",
    "read_wave_entries",
    "recover",
    "register",
    "remove_wave",
    "transaction",
    "wave_app",
]
