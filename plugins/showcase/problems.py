"""Validation problems: what went wrong, where, and how to fix it.

Every check in the plugin returns problems instead of raising, so that one build reports every
mistake of every file at once.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the project root, with forward slashes: content/workers/ma-ben.md
    line: int  # 1-based; 0 when the problem concerns the whole file
    column: int  # 1-based; 0 when unknown
    field: str  # dotted path such as stats[0].value; "" for the file itself
    message: str  # Simplified Chinese
    hint: str = ""  # how to fix it, Simplified Chinese

    def format(self) -> str:
        """`path:line: field: message；修改建议：hint`, the format editors and CI understand."""
        location = self.path if not self.line else f"{self.path}:{self.line}"
        text = (
            f"{location}: {self.field}: {self.message}"
            if self.field
            else f"{location}: {self.message}"
        )
        # A message may end a sentence of its own; the hint follows after a semicolon.
        return f"{text.rstrip('。')}；修改建议：{self.hint}" if self.hint else text

    def format_github(self, level: str = "error") -> str:
        """A GitHub Actions annotation (`error`, `warning` or `notice`), so the problem shows on
        the pull request's line."""
        location = f"file={self.path}"
        if self.line:
            location += f",line={self.line}"
            if self.column:
                location += f",col={self.column}"
        title = f"{self.field}" if self.field else "案例文件"
        message = f"{self.message}；修改建议：{self.hint}" if self.hint else self.message
        return f"::{level} {location},title={_escape_property(title)}::{_escape_data(message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_report(problems: list[Problem]) -> str:
    """All problems, sorted by file and line, under one heading with the count."""
    lines = [f"案例文件检查未通过，共 {len(problems)} 处问题，请逐条修改后重新构建："]
    lines += [problem.format() for problem in sorted(problems)]
    return "\n".join(lines)
