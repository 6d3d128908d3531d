"""Noticing edits under `mkdocs serve` without polling 20,000 files.

MkDocs 1.6 watches with watchdog's PollingObserver: every half second it lists and stats every
file under each watched folder. For content/ at 20,000 cases that walk takes a good share of a
core, competes with the rebuild for the interpreter, and adds up to half a second before an
edit is even seen. The plugin watches content/ and images/ with the operating system's own
notifications instead (inotify on Linux, through watchdog's native Observer) and asks the
server for a rebuild as MkDocs' own watch callback does.

Native notifications also report a file being opened and closed unchanged (watchdog 5 and
later): those are filtered out, or every file a build reads would start another build.
"""

from __future__ import annotations

import inspect
import os
from typing import Any

from watchdog import events
from watchdog.observers import Observer

from showcase.serving.mkdocs_private import can_request_rebuild, request_rebuild

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


class RebuildOnChange(events.FileSystemEventHandler):
    def __init__(self, server: Any) -> None:
        self.server = server

    def on_any_event(self, event: events.FileSystemEvent) -> None:
        if type(event) in CHANGE_EVENTS:  # also where the filter below is not available
            request_rebuild(self.server)


def watch(server: Any, paths: list[str]) -> Any | None:
    """Watches `paths` with native notifications; returns the observer to stop at shutdown.
    Falls back to MkDocs' own (polling) watch where the server cannot be asked to rebuild."""
    if not can_request_rebuild(server):
        for path in paths:
            server.watch(path)
        return None
    observer = Observer()
    handler = RebuildOnChange(server)
    filtering = "event_filter" in inspect.signature(observer.schedule).parameters
    for path in filter(os.path.isdir, paths):
        options = {"event_filter": CHANGE_EVENTS} if filtering else {}
        observer.schedule(handler, path, recursive=True, **options)
    observer.daemon = True
    observer.start()
    return observer
