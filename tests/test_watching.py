"""serving/watching.py: edits noticed by native notifications, and MkDocs' own watch where the
server cannot be asked for a rebuild. (Reading a file is no change: test_serve_process.py.)"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from watchdog import events

from showcase.serving.watching import CHANGE_EVENTS, RebuildOnChange, watch


class Server:
    """MkDocs' live-reload server, as far as watching.py uses it."""

    def __init__(self) -> None:
        self._rebuild_cond = threading.Condition()
        self._want_rebuild = False


class OldServer:
    """A server without the private names: only its public watch() is there."""

    def __init__(self) -> None:
        self.watched: list[str] = []

    def watch(self, path: str) -> None:
        self.watched.append(path)


def test_every_change_event_asks_for_a_rebuild() -> None:
    for event_type in CHANGE_EVENTS:
        server = Server()
        event = (
            event_type("a.md", "b.md")
            if event_type in (events.FileMovedEvent, events.DirMovedEvent)
            else event_type("a.md")
        )
        RebuildOnChange(server).dispatch(event)
        assert server._want_rebuild is True, event_type.__name__


def test_without_the_private_names_mkdocs_watches_itself(tmp_path: Path) -> None:
    server = OldServer()
    paths = [str(tmp_path / "content"), str(tmp_path / "images")]
    assert watch(server, paths) is None
    assert server.watched == paths


def test_a_native_watch_notices_a_written_file(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    server = Server()
    observer = watch(
        server, [str(content), str(tmp_path / "missing")]
    )  # a missing folder is skipped
    assert observer is not None
    try:
        (content / "a.md").write_text("---\nname: 甲\n---\n", encoding="utf-8")
        deadline = time.monotonic() + 10
        with server._rebuild_cond:
            while not server._want_rebuild and time.monotonic() < deadline:
                server._rebuild_cond.wait(0.1)
        assert server._want_rebuild is True
    finally:
        observer.stop()
        observer.join(5)
