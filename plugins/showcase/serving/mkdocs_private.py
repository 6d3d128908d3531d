"""Every use of another package's private state, in one place, each checked against the
versions named here (tests/test_mkdocs_private.py fails loudly when an installed version falls
outside them or the private names are gone).

- MkDocs' live-reload server has no public way to ask for a rebuild; its own watch callback
  sets `_want_rebuild` under `_rebuild_cond`. The native file watcher (watching.py) does the
  same, and falls back to MkDocs' polling watch where these names are missing.
"""

from __future__ import annotations

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
