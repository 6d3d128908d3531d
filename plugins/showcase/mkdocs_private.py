"""Every use of another package's private state, in one place, each checked against the
versions named here (tests/test_mkdocs_private.py fails loudly when an installed version falls
outside them or the private names are gone).

- MkDocs' live-reload server has no public way to ask for a rebuild; its own watch callback
  sets `_want_rebuild` under `_rebuild_cond`. The native file watcher (watching.py) does the
  same, and falls back to MkDocs' polling watch where these names are missing.
- MkDocs writes no file for a page whose final output is empty, and says so in a log line that
  the split build (output/page_split.py) holds back for the pages the other process renders.
"""

from __future__ import annotations

import logging
import re
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
