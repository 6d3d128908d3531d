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


def test_a_page_can_still_be_converted_later_and_its_anchors_checked() -> None:
    """render_markdown, check_helper_anchors and mark_unconverted rely on MkDocs 1.6's Page:
    render(config, files) setting content, toc and the anchors, and validate_anchor_links
    skipping a page whose present_anchor_ids is None."""
    import inspect

    from mkdocs.structure.pages import Page

    assert list(inspect.signature(Page.render).parameters) == ["self", "config", "files"]
    assert "log_level" in inspect.signature(Page.validate_anchor_links).parameters
    assert "present_anchor_ids is None" in inspect.getsource(Page.validate_anchor_links)
    source = inspect.getsource(Page.render)
    for name in ("self.content", "self.toc", "self.present_anchor_ids", "self.links_to_anchors"):
        assert name in source, name
