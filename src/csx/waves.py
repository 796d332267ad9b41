"""`csx wave add/list/remove/import`: bring a survey wave into the warehouse without touching models/.

A wave is added by validating its export file and codebook through the landing layer (`csx.landing`),
then, in one staged transaction, writing

* the clean wave file: `seeds/waves/wave_<id>.csv` (storage `seed`) or, for large waves,
  `data/waves/wave_<id>.parquet` written by DuckDB (storage `external`),
* the wave's rows appended to `seeds/codebook/codebook_questions.csv` / `codebook_options.csv`,
* one row appended to `seeds/codebook/waves.csv`,
* its quarantined rows appended to `seeds/landing/quarantined_rows.csv`,
* one entry appended to `vars.csx_waves` in `dbt_project.yml` (text edit; comments survive).

Every write is staged next to its target first and moved into place only when all are staged, so a
rejection or a failure leaves the repository unchanged. `csx wave remove` undoes an add byte for byte:
appends are removed record by record, the rest of each file is left as it was.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer

from csx.errors import CsxError, Problem
from csx.seed_layout import QUARANTINE_SEED_COLUMNS, WAVES_REGISTRY_COLUMNS

#: Waves with more respondents than this are stored as `external` parquet (not a dbt seed) when
#: `--storage auto`. dbt-core parses seeds in Python (~50 s per million rows); DuckDB reads the
#: same data in well under a second.
EXTERNAL_THRESHOLD_ROWS = 100_000

#: The landing expectation suite (Great Expectations on pandas, csx.quality) costs ~0.5 ms and ~50 kB
#: per row of a 126-column wave; above this many clean rows it runs on a seeded random sample of this
#: size. The landing rules (csx.landing) always check every row.
SUITE_MAX_ROWS = 50_000

STORAGES = ("auto", "seed", "external")
WAVE_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_]{0,39}$")

STAGE_SUFFIX = ".csx-staged"
BACKUP_SUFFIX = ".csx-backup"


# --------------------------------------------------------------------------------------------------
# Repository layout (derived from a root so that tests can work on a copy)
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    root: Path

    @property
    def dbt_project(self) -> Path:
        return self.root / "dbt_project.yml"

    @property
    def codebook_dir(self) -> Path:
        return self.root / "seeds" / "codebook"

    @property
    def questions(self) -> Path:
        return self.codebook_dir / "codebook_questions.csv"

    @property
    def options(self) -> Path:
        return self.codebook_dir / "codebook_options.csv"

    @property
    def registry(self) -> Path:
        return self.codebook_dir / "waves.csv"

    @property
    def quarantine(self) -> Path:
        return self.root / "seeds" / "landing" / "quarantined_rows.csv"

    def seed_wave(self, wave_id: str) -> Path:
        return self.root / "seeds" / "waves" / f"wave_{wave_id}.csv"

    def external_rel(self, wave_id: str) -> str:
        return f"data/waves/wave_{wave_id}.parquet"

    def rel(self, p: Path) -> str:
        try:
            return str(p.relative_to(self.root))
        except ValueError:
            return str(p)


def default_layout() -> Layout:
    from csx import paths

    return Layout(paths.REPO_ROOT)


# --------------------------------------------------------------------------------------------------
# dbt_project.yml: vars.csx_waves, edited as text so comments and other keys stay byte-identical
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WaveEntry:
    wave_id: str
    storage: str
    path: str | None = None

    def yaml_line(self, indent: str) -> str:
        parts = [f'wave_id: "{self.wave_id}"', f"storage: {self.storage}"]
        if self.path:
            parts.append(f'path: "{self.path}"')
        return f"{indent}- {{{', '.join(parts)}}}"


def _csx_waves_block(text: str, file: str) -> tuple[list[str], int, int, str]:
    """Lines of the file, index of the `csx_waves:` key line, index after the last item, item indent."""
    lines = text.splitlines(keepends=True)
    key_idx = None
    key_indent = 0
    in_vars = False
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(line.lstrip(" "))
        if indent == 0:
            in_vars = stripped.startswith("vars:")
            continue
        if in_vars and re.match(r"csx_waves\s*:\s*(#.*)?$", stripped):
            key_idx, key_indent = i, indent
            break
    if key_idx is None:
        raise CsxError.single(file, "csx_waves", "no block-style `vars: csx_waves:` list found")
    end = key_idx + 1
    item_indent = None
    j = key_idx + 1
    while j < len(lines):
        line = lines[j]
        stripped = line.strip()
        indent = len(line) - len(line.lstrip(" "))
        if stripped and not stripped.startswith("#") and indent <= key_indent:
            break
        if stripped.startswith("- "):
            item_indent = " " * indent
            end = j + 1
        elif stripped and not stripped.startswith("#"):
            raise CsxError.single(
                file, "csx_waves", f"line {j + 1}: expected `- {{wave_id: ..., storage: ...}}` items"
            )
        j += 1
    return lines, key_idx, end, item_indent or " " * (key_indent + 2)


def read_wave_entries(layout: Layout) -> list[WaveEntry]:
    import yaml

    file = layout.rel(layout.dbt_project)
    try:
        doc = yaml.safe_load(layout.dbt_project.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise CsxError.single(file, "yaml", str(exc).splitlines()[0]) from None
    raw = (doc.get("vars") or {}).get("csx_waves") or []
    out: list[WaveEntry] = []
    for item in raw:
        if not isinstance(item, dict) or "wave_id" not in item:
            raise CsxError.single(file, "csx_waves", f"malformed entry {item!r}")
        out.append(WaveEntry(str(item["wave_id"]), str(item.get("storage", "seed")), item.get("path")))
    return out


def dbt_project_with_wave(text: str, entry: WaveEntry, file: str) -> str:
    lines, _key, end, indent = _csx_waves_block(text, file)
    if end > 0 and not lines[end - 1].endswith("\n"):
        lines[end - 1] += "\n"
    nl = "\r\n" if lines[0].endswith("\r\n") else "\n"
    lines.insert(end, entry.yaml_line(indent) + nl)
    return "".join(lines)


def dbt_project_without_wave(text: str, wave_id: str, file: str) -> str:
    lines, key, end, _indent = _csx_waves_block(text, file)
    pat = re.compile(r"^\s*-\s*\{.*\bwave_id:\s*[\"']?" + re.escape(wave_id) + r"[\"']?\s*[,}]")
    hits = [i for i in range(key + 1, end) if pat.match(lines[i])]
    if len(hits) != 1:
        raise CsxError.single(file, "csx_waves", f"expected one `csx_waves` line for wave {wave_id}")
    del lines[hits[0]]
    return "".join(lines)


# --------------------------------------------------------------------------------------------------
# CSV records, kept as raw text so that removing a wave leaves every other byte alone
# --------------------------------------------------------------------------------------------------


def _split_records(text: str) -> list[str]:
    """Split CSV text into raw records (line terminators included), honouring quoted newlines."""
    records: list[str] = []
    buf: list[str] = []
    quotes = 0
    for line in text.splitlines(keepends=True):
        buf.append(line)
        quotes += line.count('"')
        if quotes % 2 == 0:
            records.append("".join(buf))
            buf, quotes = [], 0
    if buf:
        records.append("".join(buf))
    return records


def _parse_record(record: str) -> list[str]:
    return next(csv.reader(io.StringIO(record)), [])


def _line_terminator(text: str) -> str:
    return "\r\n" if "\r\n" in text[:10_000] else "\n"


def _csv_text(rows: list[list[str]], terminator: str = "\n") -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator=terminator)
    w.writerows(rows)
    return buf.getvalue()


def _read_header(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return next(csv.reader(fh), [])


def appended_csv(path: Path, header_if_new: list[str], rows: list[dict[str, str]]) -> tuple[str, list[str]]:
    """The file's text with `rows` appended in the file's own column order (header written if new)."""
    if path.exists():
        text = path.read_text(encoding="utf-8")
        header = _parse_record(_split_records(text)[0].lstrip("\ufeff")) if text else header_if_new
        if not text:
            text = _csv_text([header])
    else:
        header = header_if_new
        text = _csv_text([header])
    term = _line_terminator(text)
    if text and not text.endswith(("\n", "\r")):
        text += term
    body = _csv_text([[r.get(c, "") for c in header] for r in rows], term)
    return text + body, header


def csv_without_wave(path: Path, wave_id: str, column: str = "wave_id") -> tuple[str, int]:
    """The file's text minus the records whose `column` equals wave_id; number of records removed."""
    text = path.read_text(encoding="utf-8")
    records = _split_records(text)
    if not records:
        return text, 0
    header = _parse_record(records[0].lstrip("\ufeff"))
    if column not in header:
        raise CsxError.single(str(path), "columns", f"no `{column}` column")
    k = header.index(column)
    kept = [records[0]]
    removed = 0
    for rec in records[1:]:
        vals = _parse_record(rec)
        if len(vals) > k and vals[k] == wave_id:
            removed += 1
        else:
            kept.append(rec)
    return "".join(kept), removed


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


# --------------------------------------------------------------------------------------------------
# Staged writes: everything is written next to its target first, then moved in; failure rolls back
# --------------------------------------------------------------------------------------------------


@dataclass
class Transaction:
    root: Path
    writes: dict[Path, Path] = field(default_factory=dict)  # target -> staged file
    deletes: list[Path] = field(default_factory=list)
    created_dirs: list[Path] = field(default_factory=list)

    def _mkdir(self, d: Path) -> None:
        missing = []
        while not d.exists():
            missing.append(d)
            d = d.parent
        for m in reversed(missing):
            m.mkdir()
            self.created_dirs.append(m)

    def staged_path(self, target: Path) -> Path:
        """A path next to target for an external writer (e.g. DuckDB COPY); moved in at commit."""
        self._mkdir(target.parent)
        staged = target.with_name(target.name + STAGE_SUFFIX)
        staged.unlink(missing_ok=True)
        self.writes[target] = staged
        return staged

    def write_text(self, target: Path, text: str) -> None:
        staged = self.staged_path(target)
        with staged.open("w", encoding="utf-8", newline="") as fh:
            fh.write(text)

    def delete(self, target: Path) -> None:
        self.deletes.append(target)

    def abort(self) -> None:
        for staged in self.writes.values():
            staged.unlink(missing_ok=True)
        for d in reversed(self.created_dirs):
            with suppress(OSError):
                d.rmdir()

    def commit(self) -> None:
        done: list[tuple[Path, Path | None]] = []  # (target, backup or None if target was new)
        try:
            for target in [*self.writes, *self.deletes]:
                backup = None
                if target.exists():
                    backup = target.with_name(target.name + BACKUP_SUFFIX)
                    os.replace(target, backup)
                done.append((target, backup))
                if target in self.writes:
                    os.replace(self.writes[target], target)
        except BaseException:
            for target, backup in reversed(done):
                if backup is not None:
                    os.replace(backup, target)
                else:
                    target.unlink(missing_ok=True)
            self.abort()
            raise
        for _target, backup in done:
            if backup is not None:
                backup.unlink(missing_ok=True)
        for target in self.deletes:  # drop directories left empty by a removal (e.g. data/waves)
            d = target.parent
            while d != self.root and d.is_dir() and not any(d.iterdir()):
                d.rmdir()
                d = d.parent


@contextmanager
def transaction(root: Path) -> Iterator[Transaction]:
    tx = Transaction(root)
    try:
        yield tx
    except BaseException:
        tx.abort()
        raise
    tx.commit()


# --------------------------------------------------------------------------------------------------
# Landing (csx.landing, owned by the data-quality area)
# --------------------------------------------------------------------------------------------------


def _landing() -> Any:
    try:
        import csx.landing as landing
    except ModuleNotFoundError as exc:  # pragma: no cover - only before the landing layer exists
        raise CsxError.single("csx.landing", "landing", f"landing layer not installed ({exc})") from None
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


def _read_codebook_file(path: Path, wave_id: str, seed_header: list[str]) -> list[dict[str, str]]:
    """The wave's rows of a handed-over codebook file (wave_id filled in), columns checked vs the seed."""
    rows = _csv_rows(path)
    cols = list(rows[0].keys()) if rows else _read_header(path)
    extra = [c for c in cols if c not in seed_header]
    missing = [c for c in seed_header if c not in cols and c != "wave_id"]
    problems = [
        Problem(str(path), "codebook_columns", f"unknown column `{c}`", row=0, column=c) for c in extra
    ]
    problems += [
        Problem(str(path), "codebook_columns", f"missing column `{c}`", row=0, column=c) for c in missing
    ]
    if problems:
        raise CsxError(problems, summary=f"wave {wave_id} rejected: nothing was written")
    out = []
    for r in rows:
        if r.get("wave_id", "") in ("", wave_id):
            out.append({k: (v or "").strip() for k, v in r.items()} | {"wave_id": wave_id})
    return out


def _wave_key(r: dict[str, str]) -> str:
    return r.get("wave_id", "")


def harmonization_problems(
    layout: Layout, wave_id: str, q_rows: list[dict[str, str]], o_rows: list[dict[str, str]], file: str
) -> list[Problem]:
    """Cross-wave rules of the crosswalk (docs/adding_a_wave.md "Harmonization rules").

    A harmonized question keeps its type, grid group and grid item across waves; within a question an
    option_id keeps its trend_option_id, and a trend_option_id names either an earlier wave's option of
    the same question or one of this wave's options (new/split options start a trend of their own).
    """
    # earlier waves in wave order: the latest earlier wave's definition wins
    old_q = sorted((r for r in _csv_rows(layout.questions) if r.get("wave_id") != wave_id), key=_wave_key)
    old_o = sorted((r for r in _csv_rows(layout.options) if r.get("wave_id") != wave_id), key=_wave_key)
    by_qid: dict[str, dict[str, str]] = {}
    for r in old_q:
        by_qid[r["question_id"]] = r
    qid_of_old = {(r["wave_id"], r["question_code"]): r["question_id"] for r in old_q}
    trend_of: dict[tuple[str, str], str] = {}
    for r in old_o:
        qid = qid_of_old.get((r["wave_id"], r["question_code"]))
        if qid:
            trend_of[(qid, r["option_id"])] = r.get("trend_option_id") or r["option_id"]
    problems: list[Problem] = []
    qid_of = {r["question_code"]: r["question_id"] for r in q_rows}
    for i, r in enumerate(q_rows, start=1):
        prev = by_qid.get(r["question_id"])
        if prev is None:
            continue
        for col in ("question_type", "question_group", "item_id"):
            if col in r and col in prev and r[col] != prev[col]:
                problems.append(
                    Problem(
                        file,
                        "harmonization",
                        f"question_id {r['question_id']}: {col} {r[col]!r} differs from wave "
                        f"{prev['wave_id']}'s {prev[col]!r} (use a new question_id if the question changed)",
                        row=i,
                        column=col,
                    )
                )
    new_opts = {(qid_of.get(r["question_code"], ""), r["option_id"]) for r in o_rows}
    for i, r in enumerate(o_rows, start=1):
        qid = qid_of.get(r["question_code"], "")
        trend = r.get("trend_option_id") or r["option_id"]
        known = trend_of.get((qid, r["option_id"]))
        if known is not None and known != trend:
            problems.append(
                Problem(
                    file,
                    "harmonization",
                    f"{qid}/{r['option_id']}: trend_option_id {trend!r} differs from earlier waves' "
                    f"{known!r}",
                    row=i,
                    column="trend_option_id",
                )
            )
        elif known is None and trend != r["option_id"]:
            earlier = {t for (q, _o), t in trend_of.items() if q == qid} | {
                o for (q, o) in trend_of if q == qid
            }
            if trend not in earlier and (qid, trend) not in new_opts:
                problems.append(
                    Problem(
                        file,
                        "harmonization",
                        f"{qid}/{r['option_id']}: trend_option_id {trend!r} names no option of this question",
                        row=i,
                        column="trend_option_id",
                    )
                )
    return problems


# --------------------------------------------------------------------------------------------------
# add / remove / list
# --------------------------------------------------------------------------------------------------


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


def _wave_meta(
    wave_id: str,
    codebook_dir: Path,
    clean: Any,
    rows_loaded: int,
    year: int | None,
    label_en: str | None,
    label_ja: str | None,
    synthetic: bool,
) -> dict[str, str]:
    """The waves.csv row: from DIR/waves.csv if present, else derived from the data and options."""
    given: dict[str, str] = {}
    reg = codebook_dir / "waves.csv"
    if reg.exists():
        for r in _csv_rows(reg):
            if r.get("wave_id") == wave_id:
                given = r
    if year is None and given.get("wave_year"):
        year = int(given["wave_year"])
    if year is None:
        m = re.match(r"^(\d{4})", wave_id)
        if not m:
            raise CsxError.single("--year", "wave_year", f"cannot derive a year from wave id {wave_id!r}")
        year = int(m.group(1))
    start = end = ""
    if "submitted_at" in getattr(clean, "columns", []) and rows_loaded:
        ts = clean["submitted_at"]
        ts = ts[ts != ""]
        if len(ts):
            start, end = str(ts.min())[:10], str(ts.max())[:10]
    meta = {
        "wave_id": wave_id,
        "wave_year": str(year),
        "label_en": label_en or given.get("label_en") or f"Customer Service Excellence {year}",
        "label_ja": label_ja or given.get("label_ja") or f"カスタマーサービス・エクセレンス {year}",
        "fieldwork_start": given.get("fieldwork_start") or start,
        "fieldwork_end": given.get("fieldwork_end") or end,
        "respondents_expected": given.get("respondents_expected") or str(rows_loaded),
        "is_synthetic": given.get("is_synthetic") or ("true" if synthetic else "false"),
        "notes": given.get("notes") or f"added by `csx wave add {wave_id}`",
    }
    return meta


def _existing_wave_ids(layout: Layout) -> set[str]:
    ids = {e.wave_id for e in read_wave_entries(layout)}
    if layout.registry.exists():
        ids |= {r.get("wave_id", "") for r in _csv_rows(layout.registry)}
    return ids - {""}


def _progress() -> Any:
    from rich.console import Console
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    )


def add_wave(
    wave_id: str,
    responses: Path,
    codebook_dir: Path,
    storage: str = "auto",
    layout: Layout | None = None,
    year: int | None = None,
    label_en: str | None = None,
    label_ja: str | None = None,
    synthetic: bool = False,
    threshold: int = EXTERNAL_THRESHOLD_ROWS,
    suite_max_rows: int = SUITE_MAX_ROWS,
    show_progress: bool = False,
) -> AddResult:
    """Validate and add a wave; raise CsxError (and write nothing) on any rejection."""
    layout = layout or default_layout()
    seconds: dict[str, float] = {}
    responses, codebook_dir = Path(responses), Path(codebook_dir)
    if storage not in STORAGES:
        raise CsxError.single("--storage", "storage", f"{storage!r} is not one of {', '.join(STORAGES)}")
    if not WAVE_ID_RE.match(wave_id):
        raise CsxError.single(
            "wave_id", "wave_id", f"{wave_id!r}: use letters, digits and _ (e.g. 2027), starting with one"
        )
    problems: list[Problem] = []
    if not responses.is_file():
        problems.append(Problem(str(responses), "file_missing", "responses file not found"))
    for name in ("codebook_questions.csv", "codebook_options.csv"):
        if not (codebook_dir / name).is_file():
            problems.append(Problem(str(codebook_dir / name), "file_missing", "codebook file not found"))
    existing = _existing_wave_ids(layout)
    if wave_id in existing:
        problems.append(
            Problem(layout.rel(layout.dbt_project), "wave_exists", f"wave {wave_id} is already registered")
        )
    for p in (layout.seed_wave(wave_id), layout.root / layout.external_rel(wave_id)):
        if p.exists():
            problems.append(Problem(layout.rel(p), "wave_exists", "wave file already exists"))
    if problems:
        raise CsxError(problems, summary=f"wave {wave_id} rejected: nothing was written")

    landing = _landing()
    progress = _progress() if show_progress else None
    if progress:
        progress.start()
    try:
        t0 = time.perf_counter()
        task = progress.add_task("loading codebook") if progress else None
        codebook = landing.load_codebook(codebook_dir, wave_id)
        if codebook.problems:
            raise CsxError(list(codebook.problems), summary=f"wave {wave_id} rejected: nothing was written")
        q_rows = _read_codebook_file(
            codebook_dir / "codebook_questions.csv", wave_id, _read_header(layout.questions)
        )
        o_rows = _read_codebook_file(
            codebook_dir / "codebook_options.csv", wave_id, _read_header(layout.options)
        )
        harm = harmonization_problems(layout, wave_id, q_rows, o_rows, str(codebook_dir))
        if harm:
            raise CsxError(harm, summary=f"wave {wave_id} rejected: nothing was written")
        seconds["codebook"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        if progress:
            progress.update(task, description=f"landing checks on {responses.name}")
        result = landing.check_wave(responses, wave_id, codebook, existing_wave_ids=existing)
        if result.problems:
            raise CsxError(list(result.problems), summary=f"wave {wave_id} rejected: nothing was written")
        seconds["landing"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        suite = _landing_suite()
        suite_rows = 0
        if suite is not None and result.rows_loaded:
            frame = result.clean
            if len(frame) > suite_max_rows:  # rules above checked every row; the suite gets a sample
                frame = frame.sample(n=suite_max_rows, random_state=0).sort_index()
            suite_rows = len(frame)
            if progress:
                progress.update(task, description=f"landing expectation suite ({suite_rows:,} rows)")
            suite_problems = _run_suite(suite, frame, wave_id, codebook, responses)
            if suite_problems:
                note = (
                    "" if suite_rows == result.rows_loaded else f" (suite rows = a {suite_rows:,}-row sample)"
                )
                raise CsxError(suite_problems, summary=f"wave {wave_id} rejected: nothing was written{note}")
        if result.rows_loaded == 0:
            raise CsxError.single(str(responses), "no_rows", "no respondent passed the landing checks")
        seconds["landing_suite"] = time.perf_counter() - t0

        chosen = storage
        if chosen == "auto":
            chosen = "external" if result.rows_loaded > threshold else "seed"
        t0 = time.perf_counter()
        if progress:
            progress.update(task, description=f"writing {result.rows_loaded:,} rows ({chosen})")
        written: list[Path] = []
        with transaction(layout.root) as tx:
            if chosen == "seed":
                wave_path = layout.seed_wave(wave_id)
                _write_seed_csv(result.clean, tx.staged_path(wave_path))
                entry = WaveEntry(wave_id, "seed")
            else:
                rel = layout.external_rel(wave_id)
                wave_path = layout.root / rel
                _write_parquet(result.clean, tx.staged_path(wave_path))
                entry = WaveEntry(wave_id, "external", rel)
            written.append(wave_path)

            for target, header_new, rows in (
                (layout.questions, None, q_rows),
                (layout.options, None, o_rows),
            ):
                text, _ = appended_csv(target, header_new or _read_header(target), rows)
                tx.write_text(target, text)
                written.append(target)

            meta = _wave_meta(
                wave_id, codebook_dir, result.clean, result.rows_loaded, year, label_en, label_ja, synthetic
            )
            text, _ = appended_csv(layout.registry, WAVES_REGISTRY_COLUMNS, [meta])
            tx.write_text(layout.registry, text)
            written.append(layout.registry)

            q_records = _quarantine_records(result.quarantined, wave_id)
            if q_records or not layout.quarantine.exists():
                text, header = appended_csv(layout.quarantine, QUARANTINE_SEED_COLUMNS, q_records)
                if q_records and "wave_id" not in header:
                    raise CsxError.single(
                        layout.rel(layout.quarantine),
                        "columns",
                        "no `wave_id` column: cannot record quarantine",
                    )
                tx.write_text(layout.quarantine, text)
                written.append(layout.quarantine)

            proj = layout.dbt_project.read_text(encoding="utf-8")
            tx.write_text(
                layout.dbt_project, dbt_project_with_wave(proj, entry, layout.rel(layout.dbt_project))
            )
            written.append(layout.dbt_project)
        seconds["write"] = time.perf_counter() - t0
    finally:
        if progress:
            progress.stop()
    return AddResult(
        wave_id=wave_id,
        storage=chosen,
        wave_path=wave_path,
        rows_read=result.rows_read,
        rows_loaded=result.rows_loaded,
        rows_quarantined=result.rows_quarantined,
        quarantine_records=len(q_records),
        suite_rows=suite_rows,
        written=written,
        seconds=seconds,
    )


def _run_suite(
    suite: Callable[..., Any], clean: Any, wave_id: str, codebook: Any, responses: Path
) -> list[Problem]:
    """Call the quality area's landing suite; accept a list of Problems or an object with .problems."""
    out = suite(clean, wave_id=wave_id, codebook=codebook, source=responses)
    problems = getattr(out, "problems", out)
    return [p for p in (problems or []) if isinstance(p, Problem)]


def _quarantine_records(quarantined: Any, wave_id: str) -> list[dict[str, str]]:
    if quarantined is None or len(quarantined) == 0:
        return []
    recs = []
    for r in quarantined.to_dict("records"):
        row = {k: "" if v is None or (isinstance(v, float) and v != v) else str(v) for k, v in r.items()}
        if row.get("source_file"):
            row["source_file"] = Path(row["source_file"]).name
        row["wave_id"] = wave_id
        recs.append(row)
    return recs


def _write_seed_csv(clean: Any, path: Path) -> None:
    """UTF-8 CSV, header row, minimal quoting, `\\n` line ends; values as landed (all text)."""
    cols = list(clean.columns)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(cols)
        w.writerows(clean.fillna("").astype(str).itertuples(index=False, name=None))


def _write_parquet(clean: Any, path: Path) -> None:
    """Parquet written by DuckDB; every column VARCHAR (as landed), empty strings stored as NULL."""
    import duckdb
    import pyarrow as pa

    con = duckdb.connect()
    try:
        con.register("clean_wave", pa.Table.from_pandas(clean, preserve_index=False))
        cols = ", ".join(f"nullif(cast({_qi(c)} as varchar), '') as {_qi(c)}" for c in clean.columns)
        con.execute(
            f"copy (select {cols} from clean_wave) to '{_qs(str(path))}' "
            "(format parquet, compression zstd, row_group_size 122880)"
        )
    finally:
        con.close()


def _qi(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _qs(s: str) -> str:
    return s.replace("'", "''")


@dataclass
class RemoveResult:
    wave_id: str
    changed: list[Path]
    removed_records: dict[str, int]


def remove_wave(wave_id: str, layout: Layout | None = None) -> RemoveResult:
    """Undo `add_wave`: delete the wave file, its codebook/registry/quarantine records and its var entry."""
    layout = layout or default_layout()
    entries = {e.wave_id: e for e in read_wave_entries(layout)}
    if wave_id not in entries:
        raise CsxError.single(
            layout.rel(layout.dbt_project), "wave_unknown", f"wave {wave_id} is not registered"
        )
    entry = entries[wave_id]
    changed: list[Path] = []
    counts: dict[str, int] = {}
    with transaction(layout.root) as tx:
        wave_path = (
            layout.root / entry.path
            if entry.storage == "external" and entry.path
            else layout.seed_wave(wave_id)
        )
        if wave_path.exists():
            tx.delete(wave_path)
            changed.append(wave_path)
        for target in (layout.questions, layout.options, layout.registry, layout.quarantine):
            if not target.exists():
                continue
            header = _read_header(target)
            if "wave_id" not in header:
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


def list_waves(layout: Layout | None = None) -> list[WaveInfo]:
    import duckdb

    layout = layout or default_layout()
    labels = (
        {r.get("wave_id", ""): r.get("label_en", "") for r in _csv_rows(layout.registry)}
        if layout.registry.exists()
        else {}
    )
    out: list[WaveInfo] = []
    con = duckdb.connect()
    try:
        for e in read_wave_entries(layout):
            p = layout.root / e.path if e.storage == "external" and e.path else layout.seed_wave(e.wave_id)
            n: int | None = None
            if p.exists():
                reader = "read_parquet" if p.suffix == ".parquet" else "read_csv"
                opts = "" if reader == "read_parquet" else ", all_varchar = true, header = true"
                row = con.execute(f"select count(*) from {reader}('{_qs(str(p))}'{opts})").fetchone()
                n = int(row[0]) if row else None
            out.append(
                WaveInfo(e.wave_id, e.storage, layout.rel(p), n, labels.get(e.wave_id, ""), p.exists())
            )
    finally:
        con.close()
    return out


COPY_IGNORE = (
    ".venv",
    "target",
    "build",
    "node_modules",
    "logs",
    ".git",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    "dbt_packages",
    "*.duckdb",
    "*.duckdb.wal",
    ".evidence",
    "*.csx-staged",
)


def copy_repo(src: Path, dst: Path) -> Path:
    """Copy the project tree (minus environments, build output and warehouses) to dst, for trials."""
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns(*COPY_IGNORE), symlinks=True)
    return dst


# --------------------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------------------

wave_app = typer.Typer(help="Add, list, remove and import survey waves.", no_args_is_help=True)


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
) -> None:
    """Validate a wave export + codebook and add it (nothing is written if anything is rejected)."""
    res = add_wave(
        wave_id,
        responses,
        codebook,
        storage=storage,
        year=year,
        label_en=label_en,
        label_ja=label_ja,
        synthetic=synthetic,
        show_progress=True,
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
