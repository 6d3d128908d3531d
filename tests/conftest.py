"""Shared fixtures: building a site with the real `mkdocs build` command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def run_mkdocs_build(project: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build --strict` in a project folder, the way a maintainer does."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *extra],
        cwd=project,
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="session")
def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content built once per test session, into a temporary folder."""
    site = tmp_path_factory.mktemp("shipped") / "site"
    result = run_mkdocs_build(REPO, "--site-dir", str(site))
    assert result.returncode == 0, result.stderr
    return site
