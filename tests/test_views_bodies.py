"""views/bodies.py: a case page's Markdown, with its [[id]] links made ordinary links."""

from __future__ import annotations

import pytest

from helpers import make_case, make_graph, mini_graph
from showcase.views.bodies import case_markdown, resolve_wikilinks


def test_case_markdown_is_the_body_after_a_blank_line() -> None:
    # The leading newline keeps a body starting with --- from reading as front matter.
    assert case_markdown(make_case("city", "c", "---\n正文")) == "\n---\n正文"
    assert case_markdown(make_case("city", "c")) == "\n"


@pytest.mark.parametrize(
    ("page", "markdown", "resolved"),
    [
        (
            "workers/wang-wu.md",
            "在 [[steel-plant]] 工作。",
            "在 [甲镇钢厂](../enterprises/steel-plant.md) 工作。",
        ),
        ("workers/wang-wu.md", "[[zhao-liu|赵师傅]]", "[赵师傅](zhao-liu.md)"),
        ("index.md", "[[town-a]]", "[甲镇](cities/town-a.md)"),
        ("workers/index/2.md", "[[town-a]]", "[甲镇](../../cities/town-a.md)"),
        # A draft is named but not linked; an unknown id stays as written.
        ("cities/river-city.md", "草稿 [[draft-corp]]。", "草稿 草稿公司甲。"),
        ("cities/river-city.md", "[[draft-corp|某公司]]", "某公司"),
        ("cities/river-city.md", "[[nowhere]]", "nowhere"),
        # Code is left alone.
        ("cities/river-city.md", "`[[town-a]]` 与 [[town-a]]", "`[[town-a]]` 与 [甲镇](town-a.md)"),
    ],
)
def test_resolve_wikilinks(page: str, markdown: str, resolved: str) -> None:
    assert resolve_wikilinks(markdown, page, mini_graph()) == resolved


def test_link_text_with_brackets_is_escaped() -> None:
    graph = make_graph(make_case("city", "c", name="甲[乙]市"), make_case("city", "d"))
    assert resolve_wikilinks("[[c]]", "cities/d.md", graph) == r"[甲\[乙\]市](c.md)"
    assert resolve_wikilinks(r"[[c|a\b]]", "cities/d.md", graph) == r"[a\\b](c.md)"


def test_resolving_records_the_linked_cases_as_read() -> None:
    graph = mini_graph()
    with graph.recording() as reads:
        resolve_wikilinks("[[town-a]] [[draft-corp]] [[nowhere]]", "index.md", graph)
    assert reads == {"town-a", "draft-corp", "nowhere"}
