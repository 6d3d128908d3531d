"""Rendering the pages of `mkdocs build` in two processes.

MkDocs renders pages one after another, in one process: at 20,000 cases that loop is most of
the build, and the machine's other core is idle once the search index is written. So at the
first page of the loop (after every page's Markdown is converted, the static files copied and
the sitemap written) the plugin forks. Both processes go on through MkDocs' own loop, each
rendering its share of the case pages and skipping the other's: a skipped page gets an empty
template (`SKIP_TEMPLATE`) and an empty output, which MkDocs does not write. The helper ends at
the first page after its share and tells the main process what it logged; the main process
waits for it before the search index, the publish step and putting the site in place.

Every page goes through MkDocs' own steps and the plugin's hooks, so a page is the same bytes
whichever process renders it (tests/test_page_split.py). Another plugin's page hooks would see
the skipped pages' empty output, so the split is made only when the showcase plugin is the
only plugin configured.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from jinja2 import ChoiceLoader, DictLoader, Environment

from showcase import mkdocs_private

SKIP_TEMPLATE = "showcase-skip.html"
MKDOCS_LOGGER = "mkdocs"
# The helper's share of the case pages. The main process also renders the listings and the
# home page: with half the case pages each, it ended 15% after the helper (2,000 cases).
HELPER_SHARE = 0.55


def helper_pages(pages: Sequence[str], split_pages: Iterable[str], share: float) -> set[str]:
    """The pages the helper renders: about `share` of `split_pages`, spread evenly over
    MkDocs' order, never the first page of the loop (already being rendered when the helper
    starts) nor the last (the helper stops at a page after its share)."""
    wanted = set(split_pages)
    candidates = [src_uri for src_uri in pages[1:-1] if src_uri in wanted]
    if share <= 0:
        return set()
    step = 1 / share
    return {candidates[int(i * step)] for i in range(int(len(candidates) * share))}


def add_skip_template(env: Environment) -> None:
    """The empty template of the pages the other process renders."""
    loader = env.loader
    assert loader is not None
    env.loader = ChoiceLoader([DictLoader({SKIP_TEMPLATE: ""}), loader])


def can_split(plugin_names: Iterable[str], case_pages: int, threshold: int) -> bool:
    """Two processes help when there are two cores, enough case pages, and no other plugin
    whose page hooks would see the skipped pages."""
    return (
        (os.cpu_count() or 1) > 1
        and sys.platform.startswith("linux")
        and threading.active_count() == 1  # a fork with another thread running may hang
        and case_pages >= threshold
        and set(plugin_names) <= {"showcase"}
    )


class _Captured(logging.Handler):
    """In the helper: warnings and errors, kept to be logged again by the main process (where
    MkDocs' --strict counts them)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _below_warning(record: logging.LogRecord) -> bool:
    return record.levelno < logging.WARNING


@dataclass
class PageSplit:
    """One build's split: which pages this process renders, and the helper process."""

    helper: set[str]  # src_uris the helper renders
    is_helper: bool = False
    pid: int | None = None  # the helper's, in the main process
    reader: int | None = None  # the main process's end of the helper's pipe
    writer: int | None = None  # the helper's end
    remaining: set[str] = field(default_factory=set)  # in the helper: not yet reached
    captured: _Captured | None = None
    skipped_filter: mkdocs_private.SkippedPages = field(
        default_factory=mkdocs_private.SkippedPages
    )
    started: float = 0.0  # time.monotonic() at the fork
    main_seconds: float = 0.0  # from the fork to the end of each process's share of the loop
    helper_seconds: float = 0.0

    def renders(self, src_uri: str) -> bool:
        """This process writes the page."""
        return (src_uri in self.helper) == self.is_helper

    def start(self, pages: dict[str, object]) -> None:
        """Forks. `pages`: MkDocs' Page objects by src_uri, in the order of its loop; each
        process gives the other's pages the empty template."""
        reader, writer = os.pipe()
        gc.collect()
        gc.freeze()  # fewer of the pages shared with the helper are copied (no collections)
        self.started = time.monotonic()
        pid = os.fork()
        if pid == 0:
            os.close(reader)
            self.is_helper, self.writer = True, writer
            self.remaining = set(self.helper)
            self._capture_warnings()
        else:
            os.close(writer)
            self.pid, self.reader = pid, reader
        skipped = [src_uri for src_uri in pages if not self.renders(src_uri)]
        for src_uri in skipped[1:] if skipped and skipped[0] == next(iter(pages)) else skipped:
            pages[src_uri].meta["template"] = SKIP_TEMPLATE  # type: ignore[attr-defined]
        self.skipped_filter.pages = set(skipped)
        logging.getLogger(mkdocs_private.BUILD_LOGGER).addFilter(self.skipped_filter)

    def _capture_warnings(self) -> None:
        self.captured = _Captured()
        logger = logging.getLogger(MKDOCS_LOGGER)
        for handler in logger.handlers:
            handler.addFilter(_below_warning)  # the main process prints them
        logger.addHandler(self.captured)

    def helper_finished(self, src_uri: str) -> bool:
        """In the helper, at a page of MkDocs' loop: whether its share is all written (the
        helper then stops, see `end_helper`)."""
        if not self.is_helper:
            return False
        if src_uri in self.remaining:
            self.remaining.discard(src_uri)
            return False
        return not self.remaining

    def end_helper(self, error: str | None = None) -> None:
        """The helper's last step: its warnings (or the failure) to the main process."""
        assert self.writer is not None
        records = self.captured.records if self.captured is not None else []
        seconds = time.monotonic() - self.started
        report = {"records": records, "error": error, "seconds": seconds}
        message = json.dumps(report, ensure_ascii=False)
        try:
            with os.fdopen(self.writer, "w", encoding="utf-8") as pipe:
                pipe.write(message)
            sys.stdout.flush()
            sys.stderr.flush()
        except OSError:  # the main process is gone (interrupted): nobody to tell
            pass
        finally:
            os._exit(1 if error else 0)

    def wait(self) -> str | None:
        """In the main process: waits for the helper, logs its warnings again; returns the
        failure it reported (None: every page of its share is written)."""
        if self.pid is None or self.reader is None:
            return None
        self.main_seconds = time.monotonic() - self.started
        with os.fdopen(self.reader, "r", encoding="utf-8") as pipe:
            text = pipe.read()
        self.reader = None
        _, status = os.waitpid(self.pid, 0)
        self.pid = None
        self.finish()
        try:
            report = json.loads(text)
        except ValueError:
            code = os.waitstatus_to_exitcode(status)
            return f"生成网页的第二个进程意外退出（退出码 {code}），它负责的网页没有写完"
        self.helper_seconds = float(report.get("seconds", 0.0))
        for name, level, text_ in report["records"]:
            logging.getLogger(name).log(level, text_)
        return report["error"]

    def abandon(self) -> None:
        """The build failed in the main process: the helper stops too."""
        if self.pid is not None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
            self.pid = None
        if self.reader is not None:
            os.close(self.reader)
            self.reader = None
        self.finish()

    def finish(self) -> None:
        logging.getLogger(mkdocs_private.BUILD_LOGGER).removeFilter(self.skipped_filter)
        gc.unfreeze()
