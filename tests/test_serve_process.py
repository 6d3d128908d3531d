"""A real `mkdocs serve --dirty` (what `build.py serve` runs): an edit is shown after one
rebuild, not two, and a build reading files does not make it build again."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import FIXTURES, make_project

LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with LOCAL.open(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.slow
def test_an_edit_is_one_rebuild(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", FIXTURES / "mini")
    port = free_port()
    url = f"http://127.0.0.1:{port}/workers/wang-wu/"
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        assert wait_for(lambda: "王五" in fetch(url), 120), log.read_text(encoding="utf-8")
        time.sleep(2)  # a build that set off another would show here
        builds = log.read_text(encoding="utf-8").count("Building documentation")
        assert builds == 1, log.read_text(encoding="utf-8")
        worker = project / "content/workers/wang-wu.md"
        worker.write_text(
            worker.read_text(encoding="utf-8").replace("炼钢工，", "炼钢技师，"), encoding="utf-8"
        )
        assert wait_for(lambda: "炼钢技师" in fetch(url), 60), log.read_text(encoding="utf-8")
        time.sleep(2)
        text = log.read_text(encoding="utf-8")
        assert text.count("Building documentation") == 2, text
        assert "Traceback" not in text
        # Every link resolves in a rebuild too (the home page links to the open data).
        assert "not found among documentation files" not in text, text
        enterprise = fetch(f"http://127.0.0.1:{port}/enterprises/steel-plant/")
        assert "炼钢技师" in enterprise
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def test_only_changes_ask_for_a_rebuild() -> None:
    """Reading a file (opened, closed unchanged) is no change; writing one is."""
    import threading

    from watchdog import events

    from showcase.serving.watching import ChangeLog, RebuildOnChange

    class Server:
        _rebuild_cond = threading.Condition()
        _want_rebuild = False

    server = Server()
    log = ChangeLog()
    handler = RebuildOnChange(log, server)
    handler.dispatch(events.FileOpenedEvent("/p/content/workers/a.md"))
    handler.dispatch(events.FileClosedNoWriteEvent("/p/content/workers/a.md"))
    assert server._want_rebuild is False
    assert log.take() == set()
    handler.dispatch(events.FileModifiedEvent("/p/content/workers/a.md"))
    assert server._want_rebuild is True
    handler.dispatch(events.FileMovedEvent("/p/content/workers/.a.md.swp", "/p/content/workers/b.md"))
    assert log.take() == {"/p/content/workers/a.md", "/p/content/workers/.a.md.swp",
                          "/p/content/workers/b.md"}
    assert log.take() == set()


def test_too_many_changes_are_not_trusted() -> None:
    """A branch checkout may overflow the kernel's event queue: the log then says "unknown"
    and the loader looks at every file."""
    from showcase.serving.watching import ChangeLog

    log = ChangeLog()
    log.add(*(f"/p/content/workers/w{i}.md" for i in range(ChangeLog.TRUST_LIMIT + 1)))
    assert log.take() is None
    log.add("/p/content/workers/w1.md")
    assert log.take() == {"/p/content/workers/w1.md"}
