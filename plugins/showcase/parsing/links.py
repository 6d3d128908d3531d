"""`[[id]]` and `[[id|text]]` links in case bodies."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

_WIKILINK = re.compile(r"\[\[\s*([^\]|\n]*?)\s*(?:\|([^\]\n]*))?\]\]")
# Code is shown literally, so `[[x]]` inside it is not a link.
_CODE = re.compile(r"^(```|~~~)[^\n]*\n.*?^\1[ \t]*$|`[^`\n]+`", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class WikiLink:
    start: int
    end: int
    target: str
    text: str | None
    line: int  # 0-based line within the body
    column: int  # 1-based


def find_wikilinks(body: str) -> Iterator[WikiLink]:
    code = [match.span() for match in _CODE.finditer(body)]
    for match in _WIKILINK.finditer(body):
        if any(start <= match.start() < end for start, end in code):
            continue
        line = body.count("\n", 0, match.start())
        column = match.start() - (body.rfind("\n", 0, match.start()) + 1) + 1
        text = match.group(2).strip() if match.group(2) is not None else None
        yield WikiLink(match.start(), match.end(), match.group(1), text or None, line, column)


def replace_wikilinks(body: str, render: Callable[[WikiLink], str]) -> str:
    """The body with every link replaced by what `render` makes of it."""
    pieces, last = [], 0
    for link in find_wikilinks(body):
        pieces += [body[last : link.start], render(link)]
        last = link.end
    pieces.append(body[last:])
    return "".join(pieces)
