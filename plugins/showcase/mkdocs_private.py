"""Every use of another package's private state, in one place, each checked against the
versions named here (tests/test_mkdocs_private.py fails loudly when an installed version falls
outside them or the private names are gone).

- MkDocs' live-reload server has no public way to ask for a rebuild; its own watch callback
  sets `_want_rebuild` under `_rebuild_cond`. The native file watcher (watching.py) does the
  same, and falls back to MkDocs' polling watch where these names are missing.
- MkDocs writes no file for a page whose final output is empty, and says so in a log line that
  the split build (output/page_split.py) holds back for the pages the other process renders.
- MkDocs converts every page's Markdown before it renders any page, in one process: the split
  build converts the helper's share of the case pages in the helper instead, when it renders
  them (`render_markdown`), and MkDocs' check of links to anchors, run after its page loop from
  each page's converted anchors, is made for those pages in the helper (`check_helper_anchors`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

# The versions these workarounds were checked against (inclusive lower, exclusive upper).
MKDOCS_VERSIONS = ("1.6", "1.7")


def can_request_rebuild(server: Any) -> bool:
    """MkDocs 1.6's server rebuilds when `_want_rebuild` is set under `_rebuild_cond` (what
    its own watch callback does); no public call does it."""
    return hasattr(server, "_rebuild_cond") and hasattr(server, "_want_rebuild")


def request_rebuild(server: Any) -> None:
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()


# --- Skipped pages (output/page_split.py) ----------------------------------------------------
# MkDocs 1.6 writes no file for a page whose output is empty after `on_post_page`, and logs
# "Page skipped: '<src_uri>'. Generated empty output." at INFO. The split build skips each
# page the other process renders this way; the line is MkDocs' wording, not an API.

BUILD_LOGGER = "mkdocs.commands.build"
SKIPPED_PAGE = re.compile(r"^Page skipped: '(?P<page>.+)'\. Generated empty output\.$")


class SkippedPages(logging.Filter):
    """Holds back MkDocs' "Page skipped" line for the pages the other process renders."""

    def __init__(self) -> None:
        super().__init__()
        self.pages: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        match = SKIPPED_PAGE.match(str(record.msg))
        return match is None or match.group("page") not in self.pages


# --- Markdown converted by the process that renders the page (output/page_split.py) ----------
# MkDocs 1.6 converts each page in `_populate_page` (on_page_markdown, Page.render,
# on_page_content) for every page, then renders each page's template, reading page.content and
# page.toc only then. A page whose Markdown was held back (on_page_markdown returned "") is
# converted at on_page_context the same way, before its template reads it.


def render_markdown(
    page: Any, markdown: str, config: Any, files: Any, on_content: Callable[[str], str]
) -> None:
    """What `_populate_page` does after on_page_markdown, for a held-back page."""
    page.markdown = markdown
    page.render(config, files)
    page.content = on_content(page.content)


def check_helper_anchors(
    pages: dict[str, Any], helper: set[str], files: Any, log_level: int
) -> None:
    """In the helper, at the end of its share: MkDocs' anchor check (Page.validate_anchor_links)
    of the links that involve its pages: its pages' own links, and the main process's pages'
    links into its pages. The main process, which has not converted the helper's pages, skips
    those (`mark_unconverted`), so each link is checked once, where both ends are converted."""
    for src_uri, page in pages.items():
        links = page.links_to_anchors or {}
        if src_uri not in helper:
            links = {to: found for to, found in links.items() if to.src_uri in helper}
        if not links:
            continue
        own, page.links_to_anchors = page.links_to_anchors, links
        try:
            page.validate_anchor_links(files=files, log_level=log_level)
        finally:
            page.links_to_anchors = own


def mark_unconverted(pages: dict[str, Any], helper: set[str]) -> None:
    """In the main process: the helper's pages count as not rendered in MkDocs' anchor check
    (it skips a page whose `present_anchor_ids` is None), since only the helper converted them."""
    for src_uri in helper:
        pages[src_uri].present_anchor_ids = None
