"""The one wave-id rule (docs/data_quality.md "Wave ids"), used by every command that takes a wave id.

A wave id becomes a file name (`seeds/waves/wave_<id>.csv`), a dbt seed name (`wave_<id>`) and a SQL
string literal, so it is restricted to what is safe in all three: an ASCII letter or digit, then ASCII
letters, digits or `_`, at most 32 characters in all. Checked with `fullmatch` (a `$` would let a
trailing newline through) and with explicit ASCII classes (`\\d` and `\\w` match other scripts' digits).
"""

from __future__ import annotations

import re

from csx.errors import CsxError, Problem

WAVE_ID_MAX_LENGTH = 32
WAVE_ID_PATTERN = re.compile(rf"[A-Za-z0-9][A-Za-z0-9_]{{0,{WAVE_ID_MAX_LENGTH - 1}}}")
WAVE_ID_RULE = (
    f"a wave id is 1-{WAVE_ID_MAX_LENGTH} ASCII letters, digits or _, starting with a letter or digit "
    "(e.g. 2027)"
)


def is_valid_wave_id(wave_id: object) -> bool:
    return isinstance(wave_id, str) and WAVE_ID_PATTERN.fullmatch(wave_id) is not None


def wave_id_problem(wave_id: object, file: str = "wave_id") -> Problem | None:
    """A `wave_id` problem if the id breaks the rule, else None."""
    if is_valid_wave_id(wave_id):
        return None
    return Problem(file=file, rule="wave_id", message=f"{wave_id!r}: {WAVE_ID_RULE}")


def check_wave_id(wave_id: object, file: str = "wave_id") -> str:
    """Return the id if valid; raise CsxError (one `wave_id` line) otherwise."""
    problem = wave_id_problem(wave_id, file)
    if problem is not None:
        raise CsxError([problem])
    return str(wave_id)
