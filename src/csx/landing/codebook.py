"""Load and check a codebook (questions + options), optionally restricted to one wave."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from csx.errors import Problem
from csx.landing.cells import MAX_FIELD_CHARS, first_control, has_control, show
from csx.landing.reader import read_raw
from csx.landing.scale import RESCALINGS, check_scale

QUESTION_TYPES = frozenset({"single", "multi", "rating", "coded_text"})
REQUIRED_QUESTION_COLUMNS = ("question_code", "question_id", "question_type", "question_order")
REQUIRED_OPTION_COLUMNS = ("question_code", "option_code", "option_id", "option_order")
TRUE_VALUES = frozenset({"true", "1", "yes", "t", "y"})
FALSE_VALUES = frozenset({"false", "0", "no", "f", "n", ""})
_BASE_RE = re.compile(r"^\s*([A-Za-z0-9_]+)\s*=\s*([A-Za-z0-9_\-]+(?:\s*\|\s*[A-Za-z0-9_\-]+)*)\s*$")
FIXED_COLUMNS = ("respondent_id", "submitted_at")
#: Free-text codebook columns: line breaks and tabs allowed; every other column is an id, code or flag.
TEXT_COLUMNS = frozenset({"label_ja", "label_en", "notes"})


@dataclass
class CodebookLoad:
    """A codebook read from a directory. `questions`/`options` hold only the requested wave's rows."""

    questions: pd.DataFrame = field(default_factory=pd.DataFrame)
    options: pd.DataFrame = field(default_factory=pd.DataFrame)
    problems: list[Problem] = field(default_factory=list)
    wave_id: str | None = None
    expected_rows: int | None = None  # respondents_expected from waves.csv when known

    @property
    def ok(self) -> bool:
        return not self.problems

    def expected_columns(self) -> list[str]:
        """Wave-file columns in questionnaire order (multi-select: one column per option)."""
        cols = list(FIXED_COLUMNS)
        opts = self.options.sort_values(["_order"], kind="stable")
        by_q = {k: list(g["option_code"]) for k, g in opts.groupby("question_code", sort=False)}
        for q in self.questions.sort_values("_order", kind="stable").itertuples():
            if q.question_type == "multi":
                cols.extend(f"{q.question_code}_{o}" for o in by_q.get(q.question_code, []))
            else:
                cols.append(str(q.question_code))
        return cols


def parse_bool(value: str) -> bool | None:
    v = str(value).strip().lower()
    if v in TRUE_VALUES:
        return True
    if v in FALSE_VALUES:
        return False
    return None


def parse_base_condition(text: str) -> tuple[str, list[str]] | None:
    m = _BASE_RE.match(text or "")
    if not m:
        return None
    return m.group(1), [o.strip() for o in m.group(2).split("|")]


def _cell_problems(df: pd.DataFrame, file: str) -> list[Problem]:
    """`field_too_long` and `control_character` (ids and codes; labels and notes may break lines)."""
    out: list[Problem] = []
    for col in [c for c in df.columns if c != "_row"]:
        values = df[col]
        too_long = values.str.len() > MAX_FIELD_CHARS
        allow = col in TEXT_COLUMNS
        control = values.map(lambda v, a=allow: has_control(v, allow_breaks=a)).astype(bool)
        for i in (too_long | control).to_numpy().nonzero()[0][:50]:
            v, row = str(values.iloc[i]), int(df["_row"].iloc[i])
            if too_long.iloc[i]:
                rule, msg = "field_too_long", f"{len(v):,} characters (at most {MAX_FIELD_CHARS:,})"
            else:
                rule, msg = "control_character", f"{show(v)!r} holds control character {first_control(v)}"
            out.append(Problem(file=file, row=row, column=col, rule=rule, message=msg))
    return out


def _read(path: Path, problems: list[Problem], encoding: str | None = None) -> pd.DataFrame | None:
    """A codebook file through the landing reader (same encodings and record count as wave files)."""
    if not path.exists():
        problems.append(Problem(file=str(path), rule="codebook_missing_file", message="file not found"))
        return None
    raw = read_raw(path, encoding=encoding, multiline=True)
    if raw.problems:
        problems.extend(raw.problems)
        return None
    for r in raw.ragged:
        problems.append(
            Problem(
                file=str(path),
                row=r.source_row,
                rule="ragged_row",
                message=f"{r.actual} fields where the header has {r.expected}",
            )
        )
    df = raw.data.copy()
    df["_row"] = raw.source_rows
    cell_problems = _cell_problems(df, str(path))
    if cell_problems:
        problems.extend(cell_problems)
        return None
    for c in df.columns[:-1]:
        df[c] = df[c].str.strip()
    return df


def read_codebook_table(path: Path, encoding: str | None = None) -> tuple[pd.DataFrame | None, list[Problem]]:
    """One codebook-like CSV (questions, options, waves.csv) as stripped text + `_row`, or its problems."""
    problems: list[Problem] = []
    df = _read(path, problems, encoding)
    return df, problems


def _missing_columns(q: pd.DataFrame, o: pd.DataFrame, qpath: Path, opath: Path) -> list[Problem]:
    out = []
    for df, path, required in ((q, qpath, REQUIRED_QUESTION_COLUMNS), (o, opath, REQUIRED_OPTION_COLUMNS)):
        missing = [c for c in required if c not in df.columns]
        if missing:
            out.append(
                Problem(
                    file=str(path),
                    row=0,
                    column=missing[0],
                    rule="codebook_missing_column",
                    message=f"missing column(s): {', '.join(missing)}",
                )
            )
    return out


def _with_defaults(df: pd.DataFrame, columns: tuple[str, ...]) -> pd.DataFrame:
    for col in columns:
        if col not in df.columns:
            df[col] = ""
    return df


def _expected_rows(codebook_dir: Path, wave_id: str, encoding: str | None) -> int | None:
    waves = codebook_dir / "waves.csv"
    if not waves.exists():
        return None
    w = read_raw(waves, encoding=encoding, multiline=True)
    if not (w.ok and "wave_id" in w.data.columns and "respondents_expected" in w.data.columns):
        return None
    hit = w.data[w.data["wave_id"].str.strip() == wave_id]["respondents_expected"]
    n = pd.to_numeric(hit, errors="coerce").dropna()
    return int(n.iloc[0]) if len(n) else None


def load_codebook(
    codebook_dir: Path, wave_id: str | None = None, encoding: str | None = None
) -> CodebookLoad:
    """Read codebook_questions.csv + codebook_options.csv (and waves.csv if present) and check them.

    `encoding` names the files' encoding (`--codebook-encoding`); by default it is detected.
    """
    codebook_dir = Path(codebook_dir)
    out = CodebookLoad(wave_id=wave_id)
    qpath, opath = codebook_dir / "codebook_questions.csv", codebook_dir / "codebook_options.csv"
    q = _read(qpath, out.problems, encoding)
    o = _read(opath, out.problems, encoding)
    if q is None or o is None:
        return out
    out.problems += _missing_columns(q, o, qpath, opath)
    if out.problems:
        return out
    if wave_id is not None:
        q = q[q["wave_id"] == wave_id] if "wave_id" in q.columns else q
        o = o[o["wave_id"] == wave_id] if "wave_id" in o.columns else o
    if q.empty:
        what = f"no questions for wave {wave_id!r}" if wave_id else "no questions"
        out.problems.append(Problem(file=str(qpath), rule="codebook_no_questions", message=what))
        return out
    q = _with_defaults(
        q.copy(), ("is_required", "base_condition", "max_selections", "item_id", "rating_rescaling")
    )
    o = _with_defaults(o.copy(), ("is_exclusive", "score_value"))
    _check_questions(q, str(qpath), out.problems)
    _check_options(q, o, str(opath), out.problems)
    _check_base_conditions(q, o, str(qpath), out.problems)
    out.questions = q.assign(_order=pd.to_numeric(q["question_order"], errors="coerce")).reset_index(
        drop=True
    )
    out.options = o.assign(_order=pd.to_numeric(o["option_order"], errors="coerce")).reset_index(drop=True)
    if wave_id is not None:
        out.expected_rows = _expected_rows(codebook_dir, wave_id, encoding)
    return out


def _dup_problems(df: pd.DataFrame, keys: list[str], file: str, rule: str, what: str) -> list[Problem]:
    dup = df[df.duplicated(keys, keep="first")]
    return [
        Problem(
            file=file,
            row=int(r["_row"]),
            column=keys[-1],
            rule=rule,
            message=f"{what} {'/'.join(str(r[k]) for k in keys)} appears more than once",
        )
        for _, r in dup.head(50).iterrows()
    ]


def _check_questions(q: pd.DataFrame, file: str, p: list[Problem]) -> None:
    wave_key = ["wave_id"] if "wave_id" in q.columns else []
    p += _dup_problems(q, [*wave_key, "question_code"], file, "duplicate_code", "question code")
    p += _dup_problems(q, [*wave_key, "question_id"], file, "duplicate_question_id", "question id")
    for _, r in q[q["question_code"] == ""].iterrows():
        p.append(
            Problem(
                file=file,
                row=int(r["_row"]),
                column="question_code",
                rule="missing_code",
                message="question_code is empty",
            )
        )
    bad = q[~q["question_type"].isin(QUESTION_TYPES)]
    for _, r in bad.iterrows():
        p.append(
            Problem(
                file=file,
                row=int(r["_row"]),
                column="question_type",
                rule="unknown_question_type",
                message=f"question {r['question_code']}: type {r['question_type']!r} is not one of "
                f"{', '.join(sorted(QUESTION_TYPES))}",
            )
        )
    order = pd.to_numeric(q["question_order"], errors="coerce")
    for _, r in q[order.isna()].iterrows():
        p.append(
            Problem(
                file=file,
                row=int(r["_row"]),
                column="question_order",
                rule="invalid_order",
                message=f"question {r['question_code']}: order {r['question_order']!r} is not a number",
            )
        )
    for _, r in q[q["is_required"].map(parse_bool).isna()].iterrows():
        p.append(
            Problem(
                file=file,
                row=int(r["_row"]),
                column="is_required",
                rule="invalid_flag",
                message=f"is_required {r['is_required']!r} is not true/false",
            )
        )
    ms = q["max_selections"]
    ms_num = pd.to_numeric(ms, errors="coerce")
    for _, r in q[(ms != "") & (ms_num.isna() | (ms_num < 1))].iterrows():
        p.append(
            Problem(
                file=file,
                row=int(r["_row"]),
                column="max_selections",
                rule="invalid_max_selections",
                message=f"max_selections {r['max_selections']!r} is not a positive integer",
            )
        )


def _check_options(q: pd.DataFrame, o: pd.DataFrame, file: str, p: list[Problem]) -> None:
    wave_key = ["wave_id"] if "wave_id" in o.columns else []
    p += _dup_problems(o, [*wave_key, "question_code", "option_code"], file, "duplicate_code", "option code")
    p += _dup_problems(o, [*wave_key, "question_code", "option_id"], file, "duplicate_option_id", "option id")
    known = set(q["question_code"])
    for _, r in o[~o["question_code"].isin(known)].head(50).iterrows():
        p.append(
            Problem(
                file=file,
                row=int(r["_row"]),
                column="question_code",
                rule="dangling_option",
                message=f"option {r['option_code']!r} belongs to question {r['question_code']!r}, "
                "which is not in codebook_questions",
            )
        )
    for _, r in o[o["option_code"] == ""].iterrows():
        p.append(
            Problem(
                file=file,
                row=int(r["_row"]),
                column="option_code",
                rule="missing_code",
                message=f"question {r['question_code']}: option_code is empty",
            )
        )
    with_opts = set(o["question_code"])
    for _, r in q[~q["question_code"].isin(with_opts)].iterrows():
        p.append(
            Problem(
                file=file.replace("codebook_options", "codebook_questions"),
                row=int(r["_row"]),
                column="question_code",
                rule="question_without_options",
                message=f"question {r['question_code']} has no options in codebook_options",
            )
        )
    _check_rating_scales(q, o, file, p)
    order = pd.to_numeric(o["option_order"], errors="coerce")
    for _, r in o[order.isna()].head(50).iterrows():
        p.append(
            Problem(
                file=file,
                row=int(r["_row"]),
                column="option_order",
                rule="invalid_order",
                message=f"option {r['question_code']}/{r['option_code']}: order is not a number",
            )
        )


def _check_rating_scales(q: pd.DataFrame, o: pd.DataFrame, file: str, p: list[Problem]) -> None:
    """Each rating question's options declare a scale of consecutive integers (`csx.landing.scale`)."""
    wave_key = ["wave_id"] if "wave_id" in o.columns and "wave_id" in q.columns else []
    rating = q.loc[q["question_type"] == "rating", [*wave_key, "question_code"]]
    ro = o.merge(rating, on=[*wave_key, "question_code"], how="inner")
    for _, group in ro.groupby([*wave_key, "question_code"], sort=False):
        group = group.sort_values("_row", kind="stable")
        _, issues = check_scale(str(group["question_code"].iloc[0]), group["score_value"].tolist())
        for issue in issues:
            row = int(group["_row"].iloc[issue.index])
            p.append(
                Problem(file=file, row=row, column="score_value", rule=issue.rule, message=issue.message)
            )
    rescaled = q[q["rating_rescaling"] != ""]
    for _, r in rescaled.iterrows():
        if r["question_type"] != "rating" or r["rating_rescaling"] not in RESCALINGS:
            p.append(
                Problem(
                    file=file.replace("codebook_options", "codebook_questions"),
                    row=int(r["_row"]),
                    column="rating_rescaling",
                    rule="invalid_rescaling",
                    message=f"question {r['question_code']}: rating_rescaling "
                    f"{r['rating_rescaling']!r} is not "
                    f"one of {', '.join(sorted(RESCALINGS))} on a rating question",
                )
            )


def _check_base_conditions(q: pd.DataFrame, o: pd.DataFrame, file: str, p: list[Problem]) -> None:
    qids = dict(zip(q["question_id"], q["question_code"], strict=False))
    opt_ids = o.groupby("question_code")["option_id"].agg(set).to_dict()
    for _, r in q[q["base_condition"] != ""].iterrows():
        parsed = parse_base_condition(r["base_condition"])
        where = dict(file=file, row=int(r["_row"]), column="base_condition", rule="invalid_base_condition")
        if parsed is None:
            p.append(
                Problem(**where, message=f"{r['base_condition']!r} is not <question_id>=<option_id>[|...]")
            )
            continue
        qid, options = parsed
        if qid not in qids:
            p.append(
                Problem(**where, message=f"{r['base_condition']!r}: question {qid!r} is not in this wave")
            )
            continue
        unknown = [x for x in options if x not in opt_ids.get(qids[qid], set())]
        if unknown:
            p.append(
                Problem(**where, message=f"{r['base_condition']!r}: unknown option(s) {', '.join(unknown)}")
            )
