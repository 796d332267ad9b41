"""`csx wave add`: validate a wave export + codebook through the landing layer, then write it crash-safely."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from csx.errors import CsxError, Problem
from csx.seed_layout import QUARANTINE_SEED_COLUMNS, WAVES_REGISTRY_COLUMNS
from csx.wave_id import check_wave_id
from csx.waves.csv_records import appended_csv, csv_rows, read_header
from csx.waves.harmonization import harmonization_problems, read_handed_over
from csx.waves.journal import Transaction, recover, transaction
from csx.waves.layout import Layout, default_layout
from csx.waves.outputs import (
    quarantine_header_problem,
    quarantine_records,
    registry_given,
    wave_meta,
    write_parquet,
    write_seed_csv,
)
from csx.waves.project_file import WaveEntry, dbt_project_with_wave, read_wave_entries

#: Waves with more respondents than this are stored as `external` parquet (not a dbt seed) when
#: `--storage auto`. dbt-core parses seeds in Python (~50 s per million rows); DuckDB reads the
#: same data in well under a second.
EXTERNAL_THRESHOLD_ROWS = 100_000

#: The landing expectation suite (Great Expectations, computed in DuckDB by csx.quality) checks every
#: row; a number here would make it run on a seeded random sample of that many rows instead (None: all).
SUITE_MAX_ROWS: int | None = None

STORAGES = ("auto", "seed", "external")


@dataclass
class AddResult:
    wave_id: str
    storage: str
    wave_path: Path
    rows_read: int
    rows_loaded: int
    rows_quarantined: int
    quarantine_records: int
    suite_rows: int
    written: list[Path]
    seconds: dict[str, float]


@dataclass
class AddOptions:
    """Everything `add_wave` takes besides the wave id and its two inputs."""

    storage: str = "auto"
    year: int | None = None
    label_en: str | None = None
    label_ja: str | None = None
    synthetic: bool = False
    threshold: int = EXTERNAL_THRESHOLD_ROWS
    suite_max_rows: int | None = SUITE_MAX_ROWS
    encoding: str | None = None  # of the responses file (--encoding); None = detect
    codebook_encoding: str | None = None  # of the codebook files (--codebook-encoding)


@dataclass
class _Landed:
    """The outcome of the checks, i.e. everything the write step needs."""

    result: Any
    q_rows: list[dict[str, str]]
    o_rows: list[dict[str, str]]
    given: dict[str, str]
    suite_rows: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def _landing() -> Any:
    import csx.landing as landing

    return landing


def _landing_suite() -> Callable[..., Any] | None:
    """The landing Great Expectations suite, if the quality area exposes one."""
    import importlib

    for mod_name, fn_name in (
        ("csx.quality.landing", "validate_landing"),
        ("csx.quality", "validate_landing"),
        ("csx.quality.suites", "validate_landing"),
    ):
        try:
            mod = importlib.import_module(mod_name)
        except ModuleNotFoundError:
            continue
        fn = getattr(mod, fn_name, None)
        if callable(fn):
            return fn
    return None


def _rejected(wave_id: str, note: str = "") -> str:
    return f"wave {wave_id} rejected: nothing was written{note}"


def existing_wave_ids(layout: Layout) -> set[str]:
    ids = {e.wave_id for e in read_wave_entries(layout)}
    if layout.registry.exists():
        ids |= {r.get("wave_id", "") for r in csv_rows(layout.registry)}
    return ids - {""}


def _precheck(layout: Layout, wave_id: str, responses: Path, codebook_dir: Path) -> None:
    problems: list[Problem] = []
    if not responses.is_file():
        problems.append(Problem(str(responses), "file_missing", "responses file not found"))
    for name in ("codebook_questions.csv", "codebook_options.csv"):
        if not (codebook_dir / name).is_file():
            problems.append(Problem(str(codebook_dir / name), "file_missing", "codebook file not found"))
    existing = existing_wave_ids(layout)
    if wave_id in existing:
        problems.append(
            Problem(layout.rel(layout.dbt_project), "wave_exists", f"wave {wave_id} is already registered")
        )
    for p in (layout.seed_wave(wave_id), layout.root / layout.external_rel(wave_id)):
        if p.exists():
            problems.append(Problem(layout.rel(p), "wave_exists", "wave file already exists"))
    if problems:
        raise CsxError(problems, summary=_rejected(wave_id))


class _Progress:
    """A rich spinner on stderr, or nothing."""

    def __init__(self, bar: Any) -> None:
        self.bar = bar
        self.task = bar.add_task("starting") if bar is not None else None

    def say(self, text: str) -> None:
        if self.bar is not None:
            self.bar.update(self.task, description=text)


@contextmanager
def _progress(show: bool) -> Iterator[_Progress]:
    if not show:
        yield _Progress(None)
        return
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as bar:
        yield _Progress(bar)


def _check_codebook(
    layout: Layout, wave_id: str, codebook_dir: Path, opts: AddOptions
) -> tuple[Any, list, list]:
    codebook = _landing().load_codebook(codebook_dir, wave_id, encoding=opts.codebook_encoding)
    if codebook.problems:
        raise CsxError(list(codebook.problems), summary=_rejected(wave_id))
    enc = opts.codebook_encoding
    q_rows = read_handed_over(
        codebook_dir / "codebook_questions.csv", wave_id, read_header(layout.questions), enc
    )
    o_rows = read_handed_over(
        codebook_dir / "codebook_options.csv", wave_id, read_header(layout.options), enc
    )
    harm = harmonization_problems(layout, wave_id, q_rows, o_rows, str(codebook_dir))
    if harm:
        raise CsxError(harm, summary=_rejected(wave_id))
    return codebook, q_rows, o_rows


def _run_suite(
    suite: Callable[..., Any], clean: Any, rows: Any, wave_id: str, codebook: Any, responses: Path
) -> list[Problem]:
    """Call the quality area's landing suite; accept a list of Problems or an object with .problems."""
    out = suite(clean, wave_id=wave_id, codebook=codebook, source=responses, rows=rows)
    problems = getattr(out, "problems", out)
    return [p for p in (problems or []) if isinstance(p, Problem)]


def _suite(result: Any, wave_id: str, codebook: Any, responses: Path, opts: AddOptions, pr: _Progress) -> int:
    """Run the landing expectation suite (on a sample above its row cap); the rows it saw."""
    suite = _landing_suite()
    if suite is None or not result.rows_loaded:
        return 0
    frame, rows = result.clean, getattr(result, "clean_rows", None)
    if opts.suite_max_rows is not None and len(frame) > opts.suite_max_rows:  # a sample, if asked for
        frame = frame.sample(n=opts.suite_max_rows, random_state=0).sort_index()
        rows = None if rows is None else rows[frame.index.to_numpy()]
    pr.say(f"landing expectation suite ({len(frame):,} rows)")
    problems = _run_suite(suite, frame, rows, wave_id, codebook, responses)
    if problems:
        note = "" if len(frame) == result.rows_loaded else f" (suite rows = a {len(frame):,}-row sample)"
        raise CsxError(problems, summary=_rejected(wave_id, note))
    return len(frame)


def _check(
    layout: Layout, wave_id: str, responses: Path, codebook_dir: Path, opts: AddOptions, pr: _Progress
) -> _Landed:
    seconds: dict[str, float] = {}
    t0 = time.perf_counter()
    pr.say("loading codebook")
    codebook, q_rows, o_rows = _check_codebook(layout, wave_id, codebook_dir, opts)
    given = registry_given(codebook_dir, wave_id, opts.codebook_encoding)
    seconds["codebook"], t0 = time.perf_counter() - t0, time.perf_counter()
    pr.say(f"landing checks on {responses.name}")
    existing = existing_wave_ids(layout)
    result = _landing().check_wave(
        responses, wave_id, codebook, existing_wave_ids=existing, encoding=opts.encoding
    )
    if result.problems:
        raise CsxError(list(result.problems), summary=_rejected(wave_id))
    seconds["landing"], t0 = time.perf_counter() - t0, time.perf_counter()
    suite_rows = _suite(result, wave_id, codebook, responses, opts, pr)
    if result.rows_loaded == 0:
        raise CsxError.single(str(responses), "no_rows", "no respondent passed the landing checks")
    seconds["landing_suite"] = time.perf_counter() - t0
    return _Landed(result, q_rows, o_rows, given, suite_rows, seconds)


def _stage_wave_file(
    tx: Transaction, layout: Layout, wave_id: str, storage: str, clean: Any
) -> tuple[Path, WaveEntry]:
    if storage == "seed":
        path, entry = layout.seed_wave(wave_id), WaveEntry(wave_id, "seed")
        write_seed_csv(clean, tx.staged_path(path))
    else:
        rel = layout.external_rel(wave_id)
        path, entry = layout.root / rel, WaveEntry(wave_id, "external", rel)
        write_parquet(clean, tx.staged_path(path))
    tx.staged_done(path)
    return path, entry


def _stage_appends(
    tx: Transaction, layout: Layout, wave_id: str, landed: _Landed, meta: dict[str, str]
) -> list[Path]:
    staged = []
    for target, rows in ((layout.questions, landed.q_rows), (layout.options, landed.o_rows)):
        tx.write_text(target, appended_csv(target, read_header(target), rows)[0])
        staged.append(target)
    tx.write_text(layout.registry, appended_csv(layout.registry, WAVES_REGISTRY_COLUMNS, [meta])[0])
    staged.append(layout.registry)
    records = quarantine_records(landed.result.quarantined, wave_id)
    if records or not layout.quarantine.exists():
        text, header = appended_csv(layout.quarantine, QUARANTINE_SEED_COLUMNS, records)
        problem = quarantine_header_problem(header, QUARANTINE_SEED_COLUMNS, layout.rel(layout.quarantine))
        if records and problem is not None:
            raise CsxError([problem], summary=_rejected(wave_id))
        tx.write_text(layout.quarantine, text)
        staged.append(layout.quarantine)
    return staged


def _write(
    layout: Layout, wave_id: str, storage: str, landed: _Landed, opts: AddOptions
) -> tuple[Path, list[Path]]:
    result = landed.result
    labels = (opts.label_en, opts.label_ja)
    meta = wave_meta(
        wave_id, landed.given, result.clean, result.rows_loaded, opts.year, labels, opts.synthetic
    )
    with transaction(layout.root, f"csx wave add {wave_id}") as tx:
        if wave_id in existing_wave_ids(layout):  # registered meanwhile by another command
            raise CsxError.single(
                layout.rel(layout.dbt_project), "wave_exists", f"wave {wave_id} is already registered"
            )
        wave_path, entry = _stage_wave_file(tx, layout, wave_id, storage, result.clean)
        written = [wave_path, *_stage_appends(tx, layout, wave_id, landed, meta)]
        proj = layout.dbt_project.read_text(encoding="utf-8")
        tx.write_text(layout.dbt_project, dbt_project_with_wave(proj, entry, layout.rel(layout.dbt_project)))
        written.append(layout.dbt_project)
    return wave_path, written


def add_wave(
    wave_id: str,
    responses: Path,
    codebook_dir: Path,
    storage: str = "auto",
    layout: Layout | None = None,
    show_progress: bool = False,
    **options: Any,
) -> AddResult:
    """Validate and add a wave; raise CsxError (and write nothing) on any rejection.

    `options` are AddOptions fields (year, label_en, label_ja, synthetic, threshold, suite_max_rows,
    encoding, codebook_encoding).
    """
    check_wave_id(wave_id)
    opts = AddOptions(storage=storage, **options)
    if opts.storage not in STORAGES:
        raise CsxError.single("--storage", "storage", f"{opts.storage!r} is not one of {', '.join(STORAGES)}")
    layout = layout or default_layout()
    recover(layout.root)
    responses, codebook_dir = Path(responses), Path(codebook_dir)
    _precheck(layout, wave_id, responses, codebook_dir)
    with _progress(show_progress) as pr:
        landed = _check(layout, wave_id, responses, codebook_dir, opts, pr)
        chosen = opts.storage
        if chosen == "auto":
            chosen = "external" if landed.result.rows_loaded > opts.threshold else "seed"
        pr.say(f"writing {landed.result.rows_loaded:,} rows ({chosen})")
        t0 = time.perf_counter()
        wave_path, written = _write(layout, wave_id, chosen, landed, opts)
        landed.seconds["write"] = time.perf_counter() - t0
    r = landed.result
    return AddResult(
        wave_id=wave_id,
        storage=chosen,
        wave_path=wave_path,
        rows_read=r.rows_read,
        rows_loaded=r.rows_loaded,
        rows_quarantined=r.rows_quarantined,
        quarantine_records=len(r.quarantined) if r.quarantined is not None else 0,
        suite_rows=landed.suite_rows,
        written=written,
        seconds=landed.seconds,
    )
