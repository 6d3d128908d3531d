"""The Nu HTML checker (vnu-jar, pinned in package.json) over built pages."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent
VNU = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"
# The checker's CSP grammar predates CSP Level 3's 'wasm-unsafe-eval', which the site's search
# needs (Pagefind's WebAssembly) and browsers understand: its complaint about exactly that
# keyword in the policy's meta element is not an error of the page. Any other CSP error is.
KNOWN_FALSE_ERRORS = r".*Expecting source-expression but found \"'wasm-unsafe-eval'\".*"


def html_errors(pages: Iterable[str | Path]) -> subprocess.CompletedProcess[str]:
    """The checker's run over `pages`, errors only; returncode 0 when there is none."""
    java = shutil.which("java")
    assert java, "Java is needed for the Nu HTML checker (apt-get install default-jre-headless)"
    command = [java, "-jar", str(VNU), "--errors-only", "--filterpattern", KNOWN_FALSE_ERRORS]
    return subprocess.run([*command, *map(str, pages)], capture_output=True, text=True)
