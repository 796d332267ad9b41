"""User-facing errors: one line per problem, naming file, row, column and rule."""

from __future__ import annotations

from dataclasses import dataclass, field


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
        return f"{where}: {self.rule}: {self.message}"


@dataclass
class CsxError(Exception):
    """Raised for any problem the user must fix; the CLI prints each problem on one line."""

    problems: list[Problem] = field(default_factory=list)
    summary: str = ""

    def __str__(self) -> str:
        lines = [str(p) for p in self.problems]
        if self.summary:
            lines.append(self.summary)
        return "\n".join(lines)

    @classmethod
    def single(cls, file: str, rule: str, message: str, **kw: object) -> CsxError:
        return cls([Problem(file=file, rule=rule, message=message, **kw)])  # type: ignore[arg-type]
