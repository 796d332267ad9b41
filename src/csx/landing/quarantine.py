"""Row-level problems collected column by column, and the quarantine frame built from them.

A row with several problems is quarantined once; its `rule`/`column_name` are the first problem found,
`message` lists all. Every text field is capped at MAX_FIELD_CHARS; `raw_record` is the record as read
(decoded, line end removed), capped, with `raw_record_length` and `raw_record_sha256` of the whole.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from csx.landing.cells import cap, printable, sha256, show
from csx.landing.reader import RawTable
from csx.seed_layout import QUARANTINE_COLUMNS

TEXT_COLUMNS = ("respondent_id", "column_name", "message")


def empty_quarantine() -> pd.DataFrame:
    return pd.DataFrame(columns=QUARANTINE_COLUMNS)


@dataclass
class Hits:
    """Row-level problems: positional row index arrays plus messages, in the order they were found."""

    rows: list[np.ndarray] = field(default_factory=list)
    order: list[np.ndarray] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    rules: list[str] = field(default_factory=list)
    messages: list[pd.Series] = field(default_factory=list)

    def add(
        self,
        mask: np.ndarray | pd.Series,
        column: str,
        rule: str,
        message: str,
        values: pd.Series | None = None,
        suffix: str = "",
    ) -> None:
        """Record rows where `mask` is true; with `values`: message = f"{message}'{value}'{suffix}"."""
        idx = np.flatnonzero(np.asarray(mask, dtype=bool))
        if not len(idx):
            return
        if values is None:
            self.add_messages(idx, column, rule, [message] * len(idx))
        else:
            vals = np.asarray(values.iloc[idx], dtype=object)
            self.add_messages(idx, column, rule, [f"{message}'{show(v)}'{suffix}" for v in vals])

    def add_messages(self, idx: np.ndarray, column: str, rule: str, messages: list[str]) -> None:
        """Record rows `idx` (positions) with one message each."""
        if not len(idx):
            return
        self.rows.append(idx)
        self.order.append(np.full(len(idx), len(self.columns), dtype=np.int64))
        self.columns.append(column)
        self.rules.append(rule)
        self.messages.append(pd.Series(messages, dtype=object))

    def frame(self) -> pd.DataFrame:
        if not self.rows:
            return pd.DataFrame(columns=["pos", "k", "column_name", "rule", "message"])
        k = np.concatenate(self.order)
        return pd.DataFrame(
            {
                "pos": np.concatenate(self.rows),
                "k": k,
                "column_name": np.asarray(self.columns, dtype=object)[k],
                "rule": np.asarray(self.rules, dtype=object)[k],
                "message": pd.concat(self.messages, ignore_index=True).to_numpy(),
            }
        )


def _raw_columns(raw: RawTable, source_rows: np.ndarray) -> dict[str, list[object]]:
    texts = [raw.record_text(int(r)) for r in source_rows]
    return {
        "raw_record": [cap(printable(t)) for t in texts],
        "raw_record_length": [len(t) for t in texts],
        "raw_record_sha256": [sha256(t) for t in texts],
    }


def _rule_rows(file: str, raw: RawTable, data: pd.DataFrame, hits: Hits) -> tuple[pd.DataFrame, np.ndarray]:
    """Quarantine rows for rule hits, and the positions they cover."""
    probs = hits.frame()
    if not len(probs):
        return empty_quarantine(), np.zeros(0, dtype=np.int64)
    probs = probs.sort_values(["pos", "k"], kind="stable")
    probs["full"] = probs["column_name"] + ": " + probs["rule"] + ": " + probs["message"]
    grouped = probs.groupby("pos", sort=True)
    first = grouped.first()
    n_per = grouped.size()
    msgs = first["message"].where(n_per == 1, grouped["full"].agg("; ".join))
    pos = first.index.to_numpy().astype(np.int64)
    source_rows = raw.source_rows[pos]
    frame = pd.DataFrame(
        {
            "source_file": file,
            "source_row": source_rows,
            "respondent_id": data["respondent_id"].to_numpy()[pos],
            "column_name": first["column_name"].to_numpy(),
            "rule": first["rule"].to_numpy(),
            "message": msgs.to_numpy(),
            **_raw_columns(raw, source_rows),
        }
    )
    return frame, pos


def _ragged_rows(file: str, raw: RawTable) -> pd.DataFrame:
    from csx.landing.records import split_fields

    rows = np.array([r.source_row for r in raw.ragged], dtype=np.int64)
    return pd.DataFrame(
        {
            "source_file": file,
            "source_row": rows,
            "respondent_id": [split_fields(r.text, raw.delimiter)[0].strip() for r in raw.ragged],
            "column_name": "",
            "rule": "ragged_row",
            "message": [f"{r.actual} fields where the header has {r.expected}" for r in raw.ragged],
            **_raw_columns(raw, rows),
        }
    )


def build(file: str, raw: RawTable, data: pd.DataFrame, hits: Hits) -> tuple[pd.DataFrame, np.ndarray]:
    """(quarantine frame sorted by source row, boolean mask of the data rows that load)."""
    parts: list[pd.DataFrame] = []
    rule_frame, pos = _rule_rows(file, raw, data, hits)
    if len(rule_frame):
        parts.append(rule_frame)
    if raw.ragged:
        parts.append(_ragged_rows(file, raw))
    keep = np.ones(len(data), dtype=bool)
    keep[pos] = False
    if not parts:
        return empty_quarantine(), keep
    q = pd.concat(parts, ignore_index=True).sort_values("source_row", kind="stable")
    q["source_row"] = q["source_row"].astype("int64")
    q["raw_record_length"] = q["raw_record_length"].astype("int64")
    for col in TEXT_COLUMNS:
        q[col] = [cap(printable(str(v))) for v in q[col]]
    return q.reset_index(drop=True)[QUARANTINE_COLUMNS], keep
