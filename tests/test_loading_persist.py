"""The read cache kept on disk between builds (loading/persist.py): a build in a new process
reads only the case files changed since the last one, and nothing else changes."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from helpers import MINI
from helpers.reads import counting_reads
from showcase.config import ShowcaseConfig
from showcase.loading import persist
from showcase.loading.loader import ReadCache, load_corpus
from showcase.serving.session import Session
from showcase.site import CACHE_DIR


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))  # this test's key
    return shutil.copytree(MINI, tmp_path / "project")


def test_a_restored_cache_reads_only_the_changed_file(project: Path, monkeypatch) -> None:
    cache = ReadCache()
    first, problems = load_corpus(project, "content", "images", cache)
    assert problems == []
    persist.save(project / CACHE_DIR, cache)
    restored = persist.restore(project / CACHE_DIR)
    assert restored is not None
    worker = project / "content/workers/wang-wu.md"
    worker.write_text(worker.read_text(encoding="utf-8").replace("炼钢工", "炼钢技师"), "utf-8")
    reads = counting_reads(monkeypatch)
    second, problems = load_corpus(project, "content", "images", restored)
    assert problems == [] and reads == ["content/workers/wang-wu.md"]
    assert second.cases["wang-wu"].fields.summary.startswith("甲镇钢厂的炼钢技师")
    assert second.cases["town-a"].fields == first.cases["town-a"].fields
    # The cross-checks were kept too: the restored files' verdicts are the objects they read.
    assert restored.checks and all(
        entry[0] is restored.files[path][1][0] for path, entry in restored.checks.items()
    )


def test_no_cache_is_written_from_a_process_with_other_threads(project: Path, monkeypatch):
    """Under `mkdocs serve` the file watcher's thread runs: a fork could hang on a lock it
    holds, so the server's builds do not write the cache."""
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    persist.save_in_background(project / CACHE_DIR, ReadCache())
    time.sleep(0.2)
    assert not (project / CACHE_DIR / persist.CACHE_FILE).exists()


def test_a_damaged_cache_or_one_of_other_code_is_not_used(project: Path, monkeypatch) -> None:
    folder = project / CACHE_DIR
    folder.mkdir(parents=True)
    (folder / persist.CACHE_FILE).write_bytes(b"not a pickle")
    assert persist.restore(folder) is None
    persist.save(folder, ReadCache())
    assert persist.restore(folder) is not None
    monkeypatch.setattr(persist, "code_version", lambda: "another version")
    assert persist.restore(folder) is None


def test_a_cache_this_machine_did_not_write_is_never_unpickled(
    project: Path, tmp_path: Path, monkeypatch
) -> None:
    """A pull request could bring a `.cache/` file of its own: a pickle would run its code.
    Only a file signed with the key outside the project is read."""
    import pickle

    folder = project / CACHE_DIR
    persist.save(folder, ReadCache())
    assert persist.restore(folder) is not None
    unpickled: list[bytes] = []
    monkeypatch.setattr(pickle, "loads", lambda data: unpickled.append(data))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-machine"))
    assert persist.restore(folder) is None  # no key here: nothing is read
    persist.signing_key(create=True)
    assert persist.restore(folder) is None  # another key: the signature does not hold
    forged = folder / persist.CACHE_FILE
    forged.write_bytes(b"\0" * 32 + pickle.dumps(ReadCache()))
    assert persist.restore(folder) is None
    assert unpickled == []
    key = persist.key_folder() / persist.KEY_FILE
    assert key.stat().st_mode & 0o077 == 0  # readable by its owner only


def test_a_file_whose_time_changed_is_read_again(project: Path, monkeypatch) -> None:
    """Only the time and size are trusted: a checkout that rewrites a file with the same size
    makes it be read again."""
    cache = ReadCache()
    load_corpus(project, "content", "images", cache)
    persist.save(project / CACHE_DIR, cache)
    worker = project / "content/workers/wang-wu.md"
    stat = worker.stat()
    os.utime(worker, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    reads = counting_reads(monkeypatch)
    load_corpus(project, "content", "images", persist.restore(project / CACHE_DIR))
    assert reads == ["content/workers/wang-wu.md"]


def test_a_new_process_starts_from_the_last_builds_cache(project: Path, monkeypatch) -> None:
    """The session of a build writes its cache in the background; the next session (a new
    `mkdocs build`) reads no unchanged file."""
    # pytest-xdist's worker runs a thread of its own, which holds no lock the saver needs.
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    site, problems = Session(dirty=False).load(project, ShowcaseConfig())
    assert problems == [] and site is not None
    saved = project / CACHE_DIR / persist.CACHE_FILE
    deadline = time.monotonic() + 30
    while not saved.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert saved.exists()
    reads = counting_reads(monkeypatch)
    again, problems = Session(dirty=False).load(project, ShowcaseConfig())
    assert problems == [] and again is not None
    assert reads == []
    assert set(again.graph.cases) == set(site.graph.cases)
