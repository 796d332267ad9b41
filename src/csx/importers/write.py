"""Write an imported wave: the landing wave file, the draft codebook and `import_report.md`."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from csx.errors import CsxError
from csx.importers.common import REVIEW, ExcludedColumn, ImportedWave
from csx.importers.draft import Draft, Existing, Row, draft_codebook
from csx.seed_layout import OPTION_COLUMNS, QUESTION_COLUMNS

REPORT_NAME = "import_report.md"


@dataclass
class ImportResult:
    out_dir: Path
    wave_file: Path
    respondents: int
    questions: int
    review_notes: int
    report_file: Path | None = None
    matched: int = 0
    dropped: dict[str, int] = field(default_factory=dict)  # reason -> responses not loaded
    kept_partial: int = 0
    excluded: list[ExcludedColumn] = field(default_factory=list)
    missing_codes: int = 0  # questions with codes declared missing

    def summary(self) -> list[str]:
        """What the import left out, one line each (printed by `csx wave import`)."""
        lines = [f"not loaded: {n} {reason}" for reason, n in self.dropped.items()]
        if self.kept_partial:
            lines.append(f"kept {self.kept_partial} unfinished response(s) (--keep-partial)")
        free = [c.name for c in self.excluded if c.reason == "free text"]
        if free:
            lines.append(
                f"left out as free text (personal data stays out of the codebook): {', '.join(free)}"
            )
        meta = [c.name for c in self.excluded if c.reason == "metadata"]
        if meta:
            lines.append(f"survey-tool metadata, not questions: {', '.join(meta)}")
        if self.missing_codes:
            lines.append(f"{self.missing_codes} question(s) had codes declared missing: loaded as empty")
        if self.report_file:
            lines.append(f"details: {self.report_file}")
        return lines


def write_import(
    wave: ImportedWave, wave_id: str, out_dir: Path, codebook_dir: Path | None = None
) -> ImportResult:
    _check_respondents(wave)
    draft = draft_codebook(wave, wave_id, Existing.load(codebook_dir))
    out_dir.mkdir(parents=True, exist_ok=True)
    wave_file = out_dir / f"wave_{wave_id}.csv"
    _write_wave(wave, wave_file)
    _write_rows(out_dir / "codebook_questions.csv", QUESTION_COLUMNS, draft.questions)
    _write_rows(out_dir / "codebook_options.csv", OPTION_COLUMNS, draft.options)
    report = out_dir / REPORT_NAME
    report.write_text(report_text(wave, wave_id, draft), encoding="utf-8")
    return ImportResult(
        out_dir=out_dir,
        wave_file=wave_file,
        respondents=len(wave.respondent_ids),
        questions=len(wave.questions),
        review_notes=sum(r["notes"].startswith(REVIEW) for r in draft.questions),
        report_file=report,
        matched=draft.matched,
        dropped={reason: len(ids) for reason, ids in wave.dropped.items()},
        kept_partial=wave.kept_partial,
        excluded=list(wave.excluded),
        missing_codes=sum(bool(q.missing) for q in wave.questions),
    )


def _check_respondents(wave: ImportedWave) -> None:
    n = len(wave.respondent_ids)
    if n == 0:
        dropped = sum(len(v) for v in wave.dropped.values())
        why = f" ({dropped} preview/unfinished responses left out)" if dropped else ""
        raise CsxError.single(str(wave.source), "no_rows", f"the export holds no respondents{why}")
    if len(set(wave.respondent_ids)) != n:
        raise CsxError.single(str(wave.source), "duplicate_respondent", "respondent ids are not unique")


def _write_wave(wave: ImportedWave, path: Path) -> None:
    header = ["respondent_id", "submitted_at", *[c for q in wave.questions for c in q.columns()]]
    cols: list[list[str]] = [wave.respondent_ids, wave.submitted_at]
    for q in wave.questions:
        cols.extend([o.values for o in q.options] if q.kind == "multi" else [q.values])
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(header)
        w.writerows(zip(*cols, strict=True))


def _write_rows(path: Path, columns: list[str], rows: list[Row]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        dw = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        dw.writeheader()
        dw.writerows(rows)


def report_text(wave: ImportedWave, wave_id: str, draft: Draft) -> str:
    """`import_report.md`: what was loaded, what was left out and why, what to review."""
    n_dropped = sum(len(v) for v in wave.dropped.values())
    lines = [
        f"# Import of {wave.source.name} as wave {wave_id}",
        "",
        f"* respondents loaded: {len(wave.respondent_ids)} (of {len(wave.respondent_ids) + n_dropped} rows)",
        f"* questions: {len(wave.questions)} ({draft.matched} matched to the codebook, "
        f"{len(wave.questions) - draft.matched} new)",
        "",
        "## Responses not loaded",
        "",
    ]
    lines += [f"* {reason}: {len(ids)} — {', '.join(ids)}" for reason, ids in wave.dropped.items()] or [
        "none"
    ]
    if wave.kept_partial:
        lines.append(f"* kept (--keep-partial): {wave.kept_partial} unfinished response(s)")
    lines += ["", "## Columns left out", ""]
    lines += [
        f"* `{c.name}`: {c.reason}" + (f" ({c.detail})" if c.detail else "") for c in wave.excluded
    ] or ["none"]
    if any(c.reason == "free text" for c in wave.excluded):
        lines += [
            "",
            "Free-text answers are personal data: they are neither loaded nor proposed as option codes.",
        ]
    lines += ["", "## Codes declared missing (loaded as empty, never options)", ""]
    lines += [
        f"* {q.code}: " + "; ".join(f"{m.code} '{m.label}' in {m.cells} cell(s)" for m in q.missing)
        for q in wave.questions
        if q.missing
    ] or ["none"]
    lines += ["", f"Review every codebook row marked `{REVIEW}` in `notes`, then run `csx wave add`.", ""]
    return "\n".join(lines)
