"""Neutral in-memory form of an imported export, shared by the SPSS and Qualtrics readers.

A reader turns an export into an `ImportedWave`: the respondents it keeps (previews and, unless asked
otherwise, unfinished responses are dropped and counted by reason), their questions with option codes
(declared missing codes already emptied and recorded), and the columns it left out (survey-tool
metadata, free text). `csx.importers.draft` proposes the codebook, `csx.importers.write` writes it all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

REVIEW = "REVIEW:"

#: Qualtrics' response metadata (CSV column names and the names its SPSS export gives them, compared
#: case-insensitively with non-alphanumerics removed): never questions. ResponseId and RecordedDate
#: become respondent_id / submitted_at; Status and Finished decide which responses are kept.
QUALTRICS_METADATA = frozenset(
    re.sub(r"[^0-9a-z]", "", n.lower())
    for n in (
        "StartDate",
        "EndDate",
        "Status",
        "IPAddress",
        "Progress",
        "Duration (in seconds)",
        "Duration__in_seconds_",
        "Finished",
        "RecordedDate",
        "ResponseId",
        "ResponseSet",
        "RecipientLastName",
        "RecipientFirstName",
        "RecipientEmail",
        "ExternalReference",
        "ExternalDataReference",
        "LocationLatitude",
        "LocationLongitude",
        "DistributionChannel",
        "UserLanguage",
        "Q_RecaptchaScore",
        "Q_RelevantIDDuplicate",
        "Q_RelevantIDDuplicateScore",
        "Q_RelevantIDFraudScore",
        "Q_RelevantIDLastStartDate",
        "Q_TotalDuration",
        "Q_DataPolicyViolations",
        "Q_BallotBoxStuffing",
    )
)

#: Qualtrics `Status` (numeric export code or its label) of responses that are not real respondents.
STATUS_DROPPED = {"1": "survey preview", "2": "survey test"}
FINISHED_FALSE = frozenset({"0", "false", "f", "no"})

REASON_PREVIEW = "survey preview (Status)"
REASON_TEST = "survey test response (Status)"
REASON_UNFINISHED = "unfinished response (Finished = 0)"

_JAPANESE = re.compile(r"[\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f]")


@dataclass
class ImportedOption:
    code: str
    label: str = ""
    values: list[str] = field(default_factory=list)  # multi-select only: "1" / "0" / "" per respondent


@dataclass
class MissingCode:
    """A code the export declares as missing (SPSS user-missing): emptied in the data, never an option."""

    code: str
    label: str
    cells: int


@dataclass
class ImportedQuestion:
    code: str
    label: str
    kind: str  # "single" (one column of option codes) or "multi" (one 0/1 column per option)
    values: list[str] = field(default_factory=list)  # single: option code per respondent, "" = empty
    options: list[ImportedOption] = field(default_factory=list)  # multi: in column order; single: labels
    missing: list[MissingCode] = field(default_factory=list)

    def columns(self) -> list[str]:
        return [f"{self.code}_{o.code}" for o in self.options] if self.kind == "multi" else [self.code]


@dataclass(frozen=True)
class ExcludedColumn:
    name: str
    reason: str  # "free text" | "metadata"
    detail: str = ""


@dataclass
class ImportedWave:
    source: Path
    respondent_ids: list[str]
    submitted_at: list[str]
    questions: list[ImportedQuestion]
    excluded: list[ExcludedColumn] = field(default_factory=list)
    dropped: dict[str, list[str]] = field(default_factory=dict)  # reason -> respondent ids not loaded
    kept_partial: int = 0  # unfinished responses kept because of --keep-partial


def code_str(v: object) -> str:
    """A cell as an option code: '' for missing, integral floats without '.0'."""
    if v is None:
        return ""
    if isinstance(v, float):
        if v != v:
            return ""
        if v.is_integer():
            return str(int(v))
        return repr(v)
    s = str(v).strip()
    return "" if s.lower() == "nan" else s


def metadata_key(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.lower())


def is_qualtrics_metadata(name: str) -> bool:
    return metadata_key(name) in QUALTRICS_METADATA


def is_japanese(text: str) -> bool:
    """True when the text holds kana or kanji (a Japanese label, never an English one)."""
    return bool(_JAPANESE.search(text or ""))


def identifier(text: str) -> str:
    """A safe identifier from a code: lower-case ASCII letters, digits and `_`; other characters become
    their code point (`u3042`), so different non-ASCII codes stay different."""
    parts: list[str] = []
    for ch in text.strip().lower():
        if ch.isascii() and ch.isalnum():
            parts.append(ch)
        elif ch.isascii():
            parts.append("_")
        else:
            parts.append(f"_u{ord(ch):04x}_")
    return re.sub(r"_+", "_", "".join(parts)).strip("_")


def unique_id(base: str, taken: set[str]) -> str:
    """`base`, or `base_2`, `base_3`, ... : the first not in `taken` (which it is added to)."""
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}_{n}"
    taken.add(candidate)
    return candidate


def normalise_multi(q: ImportedQuestion) -> None:
    """Shown-but-not-selected = 0; a respondent with no 1 in any column was not asked (all empty)."""
    n = len(q.options[0].values) if q.options else 0
    for i in range(n):
        asked = any(o.values[i] == "1" for o in q.options) or any(o.values[i] == "0" for o in q.options)
        for o in q.options:
            v = o.values[i]
            o.values[i] = ("1" if v == "1" else "0") if asked else ""


def drop_reason(status: str, finished: str, keep_partial: bool) -> str | None:
    """Why a response is not loaded (None = keep): previews and test responses always, unfinished
    responses unless `keep_partial`. `status` / `finished` are the export's code or label."""
    s = status.strip().lower()
    s = STATUS_DROPPED.get(s, s)
    if "preview" in s:
        return REASON_PREVIEW
    if s == "survey test":
        return REASON_TEST
    if not keep_partial and finished.strip().lower() in FINISHED_FALSE:
        return REASON_UNFINISHED
    return None


@dataclass
class RowSelection:
    """Which rows of an export are loaded, and the others by reason (row positions)."""

    keep: list[int]
    dropped: dict[str, list[int]]
    kept_partial: int


def select_rows(
    n: int, status: list[str] | None, finished: list[str] | None, keep_partial: bool
) -> RowSelection:
    """Split rows 0..n-1 by `drop_reason` (a missing Status / Finished column keeps every row)."""
    status = status if status is not None else [""] * n
    finished = finished if finished is not None else [""] * n
    keep: list[int] = []
    dropped: dict[str, list[int]] = {}
    partial = 0
    for i, (s, f) in enumerate(zip(status, finished, strict=True)):
        reason = drop_reason(s, f, keep_partial)
        if reason is None:
            keep.append(i)
            partial += f.strip().lower() in FINISHED_FALSE
        else:
            dropped.setdefault(reason, []).append(i)
    return RowSelection(keep, dropped, partial)
