"""Noticing edits under `mkdocs serve` without polling 20,000 files.

MkDocs 1.6 watches with watchdog's PollingObserver: every half second it lists and stats every
file under each watched folder. For content/ at 20,000 cases that walk takes a good share of a
core, competes with the rebuild for the interpreter, and adds up to half a second before an
edit is even seen. The plugin watches content/ and images/ with the operating system's own
notifications instead (inotify on Linux, through watchdog's native Observer) and asks the
server for a rebuild as MkDocs' own watch callback does.

The watcher starts before the first build and keeps a log of the paths that changed; each
rebuild takes the log, so the loader reads only the files it names (instead of a stat of every
case file and a listing of every folder, about half a second at 20,000 cases). Where the log
cannot be trusted (no watcher, or so many changes that the kernel may have dropped some) the
loader looks at everything, as without a watcher.

Native notifications also report a file being opened and closed unchanged (watchdog 5 and
later): those are filtered out, or every file a build reads would start another build.
"""

from __future__ import annotations

import inspect
import os
import threading
from typing import Any

from watchdog import events
from watchdog.observers import Observer

from showcase.mkdocs_private import can_request_rebuild, request_rebuild

CHANGE_EVENTS = [
    events.FileCreatedEvent,
    events.FileDeletedEvent,
    events.FileModifiedEvent,
    events.FileMovedEvent,
    events.FileClosedEvent,  # closed after writing
    events.DirCreatedEvent,
    events.DirDeletedEvent,
    events.DirMovedEvent,
]


class ChangeLog:
    """The paths the watcher saw change since the loader last asked. Written by the watcher's
    thread, read by the build."""

    # Beyond this many paths in one interval (a branch checkout, say) the kernel's event queue
    # may have overflowed and lost some: the loader then looks at every file again.
    TRUST_LIMIT = 500

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._paths: set[str] = set()

    def add(self, *paths: str) -> None:
        with self._lock:
            self._paths.update(os.path.normpath(path) for path in paths if path)

    def pending(self) -> bool:
        with self._lock:
            return bool(self._paths)

    def take(self) -> set[str] | None:
        """The paths changed since the last call, or None when there are too many to trust."""
        with self._lock:
            paths, self._paths = self._paths, set()
        return paths if len(paths) <= self.TRUST_LIMIT else None


class RebuildOnChange(events.FileSystemEventHandler):
    def __init__(self, log: ChangeLog, server: Any = None) -> None:
        self.log = log
        self.server = server  # None until `mkdocs serve` has made its server

    def on_any_event(self, event: events.FileSystemEvent) -> None:
        if type(event) in CHANGE_EVENTS:  # also where the filter below is not available
            self.log.add(str(event.src_path), str(getattr(event, "dest_path", "") or ""))
            if self.server is not None:
                request_rebuild(self.server)


class Watcher:
    """Native notifications for `paths`, started before the first build of `mkdocs serve` so
    that from then on every change is in its log: the loader then reads only the files that
    changed instead of asking the file system about every one (watching.py's docstring)."""

    def __init__(self, paths: list[str]) -> None:
        self.log = ChangeLog()
        self.handler = RebuildOnChange(self.log)
        self.observer = Observer()
        filtering = "event_filter" in inspect.signature(self.observer.schedule).parameters
        for path in filter(os.path.isdir, paths):
            options = {"event_filter": CHANGE_EVENTS} if filtering else {}
            self.observer.schedule(self.handler, path, recursive=True, **options)
        self.observer.daemon = True
        self.observer.start()

    def serve(self, server: Any) -> None:
        """From now on a change asks `server` to rebuild (and one seen already does now)."""
        self.handler.server = server
        if self.log.pending():
            request_rebuild(server)

    def stop(self) -> None:
        self.observer.stop()


def watch(server: Any, watcher: Watcher | None, paths: list[str]) -> Watcher | None:
    """Connects the watcher to the server; returns it, to stop at shutdown. Where the server
    cannot be asked to rebuild, MkDocs' own (polling) watch is used instead and the watcher
    stopped: its log would then not be the whole story of a rebuild."""
    if watcher is not None and can_request_rebuild(server):
        watcher.serve(server)
        return watcher
    if watcher is not None:
        watcher.stop()
    for path in paths:
        server.watch(path)
    return None
