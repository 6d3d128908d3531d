"""The private names of MkDocs that mkdocs_private.py relies on
are still there, in versions inside the range it was checked against. When one of these fails
after an upgrade, check the workaround against the new version and widen the range."""

from __future__ import annotations

import tempfile
import threading
from importlib.metadata import version

from mkdocs.livereload import LiveReloadServer
from packaging.version import Version

from showcase import mkdocs_private


def within(installed: str, bounds: tuple[str, str]) -> bool:
    low, high = bounds
    return Version(low) <= Version(installed) < Version(high)


def test_installed_versions_are_the_checked_ones() -> None:
    assert within(version("mkdocs"), mkdocs_private.MKDOCS_VERSIONS), version("mkdocs")


def test_the_server_can_still_be_asked_to_rebuild() -> None:
    with tempfile.TemporaryDirectory() as root:
        server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=root)
        try:
            assert mkdocs_private.can_request_rebuild(server)
            assert isinstance(server._rebuild_cond, threading.Condition)
            assert server._want_rebuild is False
            mkdocs_private.request_rebuild(server)
            assert server._want_rebuild is True
        finally:
            server.server_close()
