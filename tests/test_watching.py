"""serving/watching.py: edits noticed by native notifications and kept in a change log, and
MkDocs' own watch where the server cannot be asked for a rebuild. (Reading a file is no change,
and too many changes are not trusted: test_serve_process.py.)"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from watchdog import events

from showcase.serving.watching import CHANGE_EVENTS, ChangeLog, RebuildOnChange, Watcher, watch


class Server:
    """MkDocs' live-reload server, as far as watching.py uses it."""

    def __init__(self) -> None:
        self._rebuild_cond = threading.Condition()
        self._want_rebuild = False
        self.watched: list[str] = []

    def watch(self, path: str) -> None:
        self.watched.append(path)


class OldServer:
    """A server without the private names: only its public watch() is there."""

    def __init__(self) -> None:
        self.watched: list[str] = []

    def watch(self, path: str) -> None:
        self.watched.append(path)


def event_of(event_type: type) -> events.FileSystemEvent:
    if event_type in (events.FileMovedEvent, events.DirMovedEvent):
        return event_type("/p/content/a.md", "/p/content/b.md")
    return event_type("/p/content/a.md")


def test_every_change_event_is_logged_and_asks_for_a_rebuild() -> None:
    for event_type in CHANGE_EVENTS:
        server, log = Server(), ChangeLog()
        RebuildOnChange(log, server).dispatch(event_of(event_type))
        assert server._want_rebuild is True, event_type.__name__
        assert "/p/content/a.md" in log.take(), event_type.__name__


def test_before_the_server_exists_changes_are_only_logged() -> None:
    log = ChangeLog()
    RebuildOnChange(log).dispatch(events.FileModifiedEvent("/p/content/a.md"))
    assert log.take() == {"/p/content/a.md"}


def wait_for(condition, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


def test_a_watcher_logs_a_written_file_and_asks_once_served(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    watcher = Watcher([str(content), str(tmp_path / "missing")])  # a missing folder is skipped
    try:
        path = content / "a.md"
        path.write_text("---\nname: 甲\n---\n", encoding="utf-8")
        assert wait_for(watcher.log.pending)
        server = Server()
        # A change seen before the server existed asks for a rebuild as soon as it does.
        assert watch(server, watcher, [str(content)]) is watcher
        assert server._want_rebuild is True and server.watched == []
        assert os.path.normpath(str(path)) in watcher.log.take()
    finally:
        watcher.stop()


def test_without_the_private_names_mkdocs_watches_itself(tmp_path: Path) -> None:
    paths = [str(tmp_path / "content"), str(tmp_path / "images")]
    server = OldServer()
    assert watch(server, None, paths) is None
    assert server.watched == paths
    watcher = Watcher([str(tmp_path)])
    old = OldServer()
    assert watch(old, watcher, paths) is None  # the watcher's log would not tell everything
    assert old.watched == paths
    assert wait_for(lambda: not watcher.observer.is_alive())
