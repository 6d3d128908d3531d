"""Shared fixtures: building sites with the real `mkdocs build` command."""

from __future__ import annotations

import contextlib
import fcntl
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from playwright.sync_api import Browser, sync_playwright

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# Hypothesis' per-example deadline measures wall time, which on a shared machine is noise, not
# a property of the code: no deadline (performance is measured by the benchmark scripts).
settings.register_profile("showcase", deadline=None)
settings.load_profile("showcase")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that drives Chromium is a browser test, whichever fixture brings it the
    browser: `pytest -m "not browser and not slow"` is the developer's loop."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


def run_mkdocs_build(
    project: Path, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build --strict` in a project folder, the way a maintainer does; `env` adds
    environment variables (mkdocs.yml reads some with !ENV). Builds of one project run one at
    a time (the fast loop's two pytest-xdist workers both build the repository), because they
    share the project's cache folder."""
    lock_file = project / ".cache" / "tests-build.lock"
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_file, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", *extra],
            cwd=project,
            capture_output=True,
            text=True,
            env={**os.environ, **env} if env else None,
        )


# In the mini corpus, the pages that show the worker wang-wu's summary: the worker, its
# enterprise (worker cards), its city (workers list), the source it cites, the group its body
# mentions (mentioned-by cards), the workers' index and the home page (featured workers).
PAGES_SHOWING_WANG_WU = {
    "workers/wang-wu/index.html",
    "enterprises/steel-plant/index.html",
    "cities/town-a/index.html",
    "sources/report-2024/index.html",
    "enterprises/steel-group/index.html",
    "workers/index.html",
    "index.html",
}


def make_project(target: Path, corpus: Path | None = None) -> Path:
    """A project folder like the repository's: the repo's mkdocs.yml and theme, with the case
    files and images of `corpus` (a folder holding content/ and images/)."""
    target.mkdir(parents=True, exist_ok=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = re.sub(r"(?m)^docs_dir: .*$", f"docs_dir: {REPO / 'site_src/pages'}", config)
    config = re.sub(
        r"(?m)^  custom_dir: .*$", f"  custom_dir: {REPO / 'site_src/overrides'}", config
    )
    # The shipped home page leads with a shipped case, which another corpus does not have.
    config = re.sub(r"(?m)^      featured: .*\n", "", config)
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    for folder in ("content", "images"):
        source = (corpus or REPO) / folder
        if source.exists():
            shutil.copytree(source, target / folder, symlinks=True)
        else:
            (target / folder).mkdir()
    return target


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content built once per test session, into a temporary folder; under
    pytest-xdist (the fast loop's `-n 2`) once for all workers, in their shared folder."""
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    site, done = shared / "shipped-site", shared / "shipped-site.done"
    with open(shared / "shipped-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            result = run_mkdocs_build(REPO, "--site-dir", str(site))
            assert result.returncode == 0, result.stderr
            done.touch()
    return site


@pytest.fixture(scope="session")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fixture corpus (tests/fixtures/mini) built once per test session."""
    project = make_project(tmp_path_factory.mktemp("mini"), FIXTURES / "mini")
    result = run_mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def assert_golden(path: Path, actual: str) -> None:
    """`actual` must be exactly the golden file's text; with UPDATE_GOLDEN=1 in the
    environment the file is written instead (then review the diff before committing)."""
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8")
    assert path.is_file(), f"no golden file {path}: run with UPDATE_GOLDEN=1 to create it"
    assert actual == path.read_text(encoding="utf-8"), f"differs from {path}"


def read_page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


# --- Browser: Debian's chromium driven by Playwright, against the built site on 127.0.0.1 ---

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags chromium tries to reach Google's hosts at start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A missing address gets the site's 404.html, as static hosts (GitHub Pages) serve it."""
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@contextlib.contextmanager
def serving(site: Path) -> Iterator[str]:
    """A built site served on the loopback interface while the block runs: its base URL."""
    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def base_url(shipped_site: Path) -> Iterator[str]:
    """The shipped site served on the loopback interface, for the whole test session."""
    with serving(shipped_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
