"""User-facing errors: one line per problem, naming file, row, column and rule."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Characters that would break "one line per problem" (str.splitlines splits on all of them) or are
# invisible: written as \xNN / \uNNNN in messages.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")


def one_line(text: str) -> str:
    """`text` with line breaks and other control characters escaped."""
    return _UNPRINTABLE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True)
class Problem:
    file: str
    rule: str
    message: str
    row: int | None = None  # 1-based data row (header is row 0), None for file-level problems
    column: str | None = None

    def __str__(self) -> str:
        where = self.file
        where += f":row {self.row}" if self.row is not None else ""
        where += f":column {self.column}" if self.column else ""
        return one_line(f"{where}: {self.rule}: {self.message}")


@dataclass
class CsxError(Exception):
    """Raised for any problem the user must fix; the CLI prints each problem on one line."""

    problems: list[Problem] = field(default_factory=list)
    summary: str = ""

    def __str__(self) -> str:
        lines = [str(p) for p in self.problems]
        if self.summary:
            lines.append(one_line(self.summary))
        return "\n".join(lines)

    @classmethod
    def single(cls, file: str, rule: str, message: str, **kw: object) -> CsxError:
        return cls([Problem(file=file, rule=rule, message=message, **kw)])  # type: ignore[arg-type]
