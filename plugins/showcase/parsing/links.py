"""`[[id]]` and `[[id|text]]` links in case bodies."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

# No `[` inside: with one allowed, a body of 100,000 `[` made every match attempt scan the rest
# of the line (hours of matching); an id never holds one, nor does sensible link text.
_WIKILINK = re.compile(r"\[\[\s*([^\[\]|\n]*?)\s*(?:\|([^\[\]\n]*))?\]\]")
# Code is shown literally, so `[[x]]` inside it is not a link.
_INLINE_CODE = re.compile(r"`[^`\n]+`")
_FENCES = ("```", "~~~")


@dataclass(frozen=True)
class WikiLink:
    start: int
    end: int
    target: str
    text: str | None
    line: int  # 0-based line within the body
    column: int  # 1-based


def code_spans(body: str) -> list[tuple[int, int]]:
    """(start, end) of every fenced block and inline code span, in order: shown literally.

    A fence opens at a line starting with ``` or ~~~ and closes at the next line holding only
    the same three characters; one that never closes is no fence. Found line by line, with the
    closing lines looked up: a regular expression doing the same rescanned the rest of the body
    for every fence that does not close (quadratic)."""
    lines = body.split("\n")
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    closers = {
        fence: [number for number, line in enumerate(lines) if line.rstrip(" \t") == fence]
        for fence in _FENCES
    }
    spans: list[tuple[int, int]] = []
    number = 0
    while number < len(lines):
        line = lines[number]
        fence = line[:3]
        if fence in _FENCES:
            after = closers[fence]
            index = bisect.bisect_right(after, number)
            if index < len(after):
                close = after[index]
                spans.append((starts[number], starts[close] + len(lines[close])))
                number = close + 1
                continue
        spans += [
            (starts[number] + match.start(), starts[number] + match.end())
            for match in _INLINE_CODE.finditer(line)
        ]
        number += 1
    return spans


def in_code(position: int, code: list[tuple[int, int]]) -> bool:
    # Binary search: a body with thousands of links and code spans stays linear-logarithmic.
    index = bisect.bisect_right(code, (position, float("inf"))) - 1
    return index >= 0 and code[index][0] <= position < code[index][1]


def find_wikilinks(body: str) -> Iterator[WikiLink]:
    code = code_spans(body)
    lines = LineCounter(body)
    for match in _WIKILINK.finditer(body):
        if in_code(match.start(), code):
            continue
        line, column = lines.position(match.start())
        text = match.group(2).strip() if match.group(2) is not None else None
        yield WikiLink(match.start(), match.end(), match.group(1), text or None, line, column)


class LineCounter:
    """(0-based line, 1-based column) of increasing positions in a text, counting each line
    end once (counting from the start for every match would be quadratic)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.done = 0  # lines are counted up to here
        self.line = 0
        self.line_start = 0

    def position(self, offset: int) -> tuple[int, int]:
        if offset < self.done:  # out of order: count from the start
            self.done = self.line = self.line_start = 0
        self.line += self.text.count("\n", self.done, offset)
        newline = self.text.rfind("\n", self.done, offset)
        if newline >= 0:
            self.line_start = newline + 1
        self.done = offset
        return self.line, offset - self.line_start + 1


def replace_wikilinks(body: str, render: Callable[[WikiLink], str]) -> str:
    """The body with every link replaced by what `render` makes of it."""
    pieces, last = [], 0
    for link in find_wikilinks(body):
        pieces += [body[last : link.start], render(link)]
        last = link.end
    pieces.append(body[last:])
    return "".join(pieces)


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def is_remote(url: str) -> bool:
    """Whether a browser would fetch `url` from somewhere else than this site."""
    url = url.strip()
    return url.startswith(("//", "\\\\")) or bool(_SCHEME.match(url))
