"""parsing/links.py: finding and replacing [[id]] and [[id|text]] links in case bodies."""

from __future__ import annotations

import pytest

from showcase.parsing.links import WikiLink, find_wikilinks, replace_wikilinks


def found(body: str) -> list[tuple[str, str | None, int, int]]:
    return [(link.target, link.text, link.line, link.column) for link in find_wikilinks(body)]


@pytest.mark.parametrize(
    ("body", "links"),
    [
        ("", []),
        ("[[ma-ben]]", [("ma-ben", None, 0, 1)]),
        ("见 [[ma-ben|马奔]]。", [("ma-ben", "马奔", 0, 3)]),
        ("[[ ma-ben | 马奔 ]]", [("ma-ben", "马奔", 0, 1)]),
        ("[[ma-ben|]]", [("ma-ben", None, 0, 1)]),  # empty text: the case's name is shown
        ("[[ma-ben|  ]]", [("ma-ben", None, 0, 1)]),
        ("第一行\n  [[a]] 与 [[b]]", [("a", None, 1, 3), ("b", None, 1, 11)]),
        ("[[a|甲|乙]]", [("a", "甲|乙", 0, 1)]),
        ("[[]]", [("", None, 0, 1)]),  # an empty target is reported by the body-link check
        ("[[a\nb]]", []),
        ("[a] [[b]", []),
        ("[[[a]]]", [("a", None, 0, 2)]),  # no [ inside a link: the innermost [[a]] is it
    ],
)
def test_find_wikilinks(body: str, links: list) -> None:
    assert found(body) == links


@pytest.mark.parametrize(
    ("body", "targets"),
    [
        ("`[[code]]` 与 [[real]]", ["real"]),
        ("```\n[[fenced]]\n```\n[[after]]", ["after"]),
        ("~~~yaml\n[[tilde]]\n~~~\n[[after]]", ["after"]),
        ("```\n[[open fence never closed]]", ["open fence never closed"]),
        ("``双反引号 [[x]]``", []),  # a double-backtick span is code too
        ("`a` [[b]] `c`", ["b"]),
    ],
)
def test_links_in_code_are_not_links(body: str, targets: list[str]) -> None:
    assert [link.target for link in find_wikilinks(body)] == targets


def test_start_and_end_span_the_whole_link() -> None:
    body = "见 [[a|甲]] 与 [[b]]。"
    assert [body[link.start : link.end] for link in find_wikilinks(body)] == ["[[a|甲]]", "[[b]]"]


def test_replace_wikilinks() -> None:
    def render(link: WikiLink) -> str:
        return f"<{link.target}:{link.text or '-'}>"

    body = "见 [[a|甲]]，`[[b]]`，[[c]]。"
    assert replace_wikilinks(body, render) == "见 <a:甲>，`[[b]]`，<c:->。"
    assert replace_wikilinks("没有链接", render) == "没有链接"
    assert replace_wikilinks("[[a]][[b]]", render) == "<a:-><b:->"
