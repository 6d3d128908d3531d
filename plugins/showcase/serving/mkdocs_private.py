"""Every use of another package's private state, in one place, each checked against the
versions named here (tests/test_mkdocs_private.py fails loudly when an installed version falls
outside them or the private names are gone).

- MkDocs' live-reload server has no public way to ask for a rebuild; its own watch callback
  sets `_want_rebuild` under `_rebuild_cond`. The native file watcher (watching.py) does the
  same, and falls back to MkDocs' polling watch where these names are missing.
- mkdocs-material's search plugin merges its index after a dirty build on the assumption that
  one page changed; the plugin completes the index itself (complete_search_index) by setting
  the plugin's `search_index.entries` and `search_index_prev`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# The versions these workarounds were checked against (inclusive lower, exclusive upper).
MKDOCS_VERSIONS = ("1.6", "1.7")
MATERIAL_VERSIONS = ("9.5", "10")


def can_request_rebuild(server: Any) -> bool:
    """MkDocs 1.6's server rebuilds when `_want_rebuild` is set under `_rebuild_cond` (what
    its own watch callback does); no public call does it."""
    return hasattr(server, "_rebuild_cond") and hasattr(server, "_want_rebuild")


def request_rebuild(server: Any) -> None:
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()


SEARCH_PLUGIN = "material/search"


def read_search_docs(path: Path) -> list[dict[str, Any]] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))["docs"]
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no previous index (or not one we understand): keep mkdocs-material's


def merge_search_docs(
    previous: list[dict[str, Any]] | None, replaced: set[str], fresh: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The previous complete index without the entries of the `replaced` page URLs (rebuilt or
    gone), followed by this build's entries."""
    if previous is None:
        return list(fresh)
    kept = [entry for entry in previous if entry["location"].split("#", 1)[0] not in replaced]
    return kept + list(fresh)


def complete_search_index(
    config: Any, previous: list[dict[str, Any]] | None, replaced: set[str]
) -> list[dict[str, Any]] | None:
    """Makes mkdocs-material write a complete index after a dirty build, before it writes.

    Its own merge assumes one page changed: it drops the previous entries whose location
    starts with the first rebuilt page's URL (every worker when that page is workers/) and
    keeps those of the other rebuilt pages, which then appear twice. Here the previous complete
    index keeps its entries for unchanged pages and every rebuilt page gets exactly its new
    entries; the theme then writes that list as it is. Returns it, for the next build."""
    search = config.plugins.get(SEARCH_PLUGIN)
    index = getattr(search, "search_index", None)
    if index is None:
        return previous
    index.entries = merge_search_docs(previous, replaced, index.entries)
    search.search_index_prev = None  # so the theme does not merge again
    return index.entries
