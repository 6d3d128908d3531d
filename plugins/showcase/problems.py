"""Validation problems: what went wrong, where, and how to fix it.

Every check in the plugin returns problems instead of raising, so that one build reports every
mistake of every file at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A message quotes a contributor's value between “ ”: at most its first line and this many
# characters of it, so a value of 50 KB (or of many lines) does not bury the message.
QUOTE_LIMIT = 40
_QUOTED = re.compile(r"“([^“”]*)”")


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
        message, hint = shorten_quotes(self.message), shorten_quotes(self.hint)
        text = f"{location}: {self.field}: {message}" if self.field else f"{location}: {message}"
        # A message may end a sentence of its own; the hint follows after a semicolon.
        return f"{text.rstrip('。')}；修改建议：{hint}" if hint else text

    def format_github(self, level: str = "error") -> str:
        """A GitHub Actions annotation (`error`, `warning` or `notice`), so the problem shows on
        the pull request's line."""
        location = f"file={self.path}"
        if self.line:
            location += f",line={self.line}"
            if self.column:
                location += f",col={self.column}"
        title = f"{self.field}" if self.field else "案例文件"
        message, hint = shorten_quotes(self.message), shorten_quotes(self.hint)
        message = f"{message}；修改建议：{hint}" if hint else message
        return f"::{level} {location},title={_escape_property(title)}::{_escape_data(message)}"


def shorten(value: str) -> str:
    """A value as a message quotes it: its first line, at most QUOTE_LIMIT characters."""
    first = value.split("\n", 1)[0]
    if len(first) > QUOTE_LIMIT:
        return first[:QUOTE_LIMIT] + "……"
    return first + "……" if first != value else value


def shorten_quotes(text: str) -> str:
    return _QUOTED.sub(lambda match: f"“{shorten(match.group(1))}”", text)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_report(problems: list[Problem]) -> str:
    """All problems, sorted by file and line, under one heading with the count."""
    lines = [f"案例文件检查未通过，共 {len(problems)} 处问题，请逐条修改后重新构建："]
    lines += [problem.format() for problem in sorted(problems)]
    return "\n".join(lines)
