"""The Markdown of a generated page: a case's body, with its [[id]] links made ordinary."""

from __future__ import annotations

from showcase.domain import Case
from showcase.graph import Graph
from showcase.parsing.links import WikiLink, replace_wikilinks
from showcase.routing import case_src_uri, href


def case_markdown(case: Case) -> str:
    """The page source MkDocs renders for a case: its body. A leading newline keeps a body that
    starts with `---` from being read as front matter."""
    return "\n" + case.front.body


def resolve_wikilinks(markdown: str, page_src_uri: str, graph: Graph) -> str:
    """`[[id]]` and `[[id|text]]` become ordinary Markdown links to the case's page, so MkDocs
    checks and rewrites them like any other link. A draft is named but not linked."""

    def render(link: WikiLink) -> str:
        target = graph.get(link.target)
        known = target or graph.all_cases.get(link.target)
        text = link.text or (known.name if known else link.target)
        if target is None:
            return text
        return f"[{_escape_link_text(text)}]({href(page_src_uri, case_src_uri(target))})"

    return replace_wikilinks(markdown, render)


def _escape_link_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
