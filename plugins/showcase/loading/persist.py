"""The read cache (loader.ReadCache) kept on disk from one build to the next.

Reading and validating 20,000 case files is about a tenth of a build, and between two builds
most files are unchanged. After a successful build the cache is written to
`.cache/showcase/read-cache.pickle` by a detached process (the build does not wait for it);
the next build in a new process starts from it. A file is trusted while its modification and
change times (in nanoseconds) and its size are those the cache recorded — the rule `mkdocs
serve` follows between rebuilds — so an edit, a permission change, a `git checkout` or a fresh
clone makes the file be read again. The cross-checks are kept only while the ids, metrics and
photos are unchanged (loader.load_corpus). The cache belongs to one version of the plugin's
code, pydantic and Python: any other version ignores it and reads every file.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import sys
from importlib.metadata import version
from pathlib import Path

from showcase.loading.loader import ReadCache

CACHE_FILE = "read-cache.pickle"
_PACKAGE = Path(__file__).resolve().parent.parent  # plugins/showcase


def code_version() -> str:
    """What the cached results depend on besides the files: the plugin's code and the
    libraries that read and validate them."""
    digest = hashlib.sha256()
    for path in sorted(_PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(_PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    for name in ("pydantic", "pydantic-core", "PyYAML"):
        digest.update(f"{name}={version(name)}".encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()


def restore(cache_dir: Path) -> ReadCache | None:
    """The last build's read cache, None when there is none, or it is damaged or from another
    version of the code."""
    try:
        with open(cache_dir / CACHE_FILE, "rb") as fh:
            stored_version, cache = pickle.load(fh)
    except Exception:  # noqa: BLE001 - an unreadable cache only means reading every file
        return None
    if stored_version != code_version() or not isinstance(cache, ReadCache):
        return None
    return cache


def save(cache_dir: Path, cache: ReadCache) -> None:
    """Writes the cache (atomically: a reader never sees half a file)."""
    kept = dataclasses.replace(cache, listing=None, listing_paths=set())
    cache_dir.mkdir(parents=True, exist_ok=True)
    temporary = cache_dir / f".{CACHE_FILE}.{os.getpid()}.tmp"
    with open(temporary, "wb") as fh:
        pickle.dump((code_version(), kept), fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, cache_dir / CACHE_FILE)


def save_in_background(cache_dir: Path, cache: ReadCache) -> None:
    """`save` in a detached process (forked twice, so none is left for this one to reap),
    while the build goes on; where fork is missing, here and now."""
    if not hasattr(os, "fork"):
        save(cache_dir, cache)
        return
    pid = os.fork()
    if pid:
        os.waitpid(pid, 0)  # the first child ends at once
        return
    try:
        if os.fork() == 0:
            os.setsid()
            save(cache_dir, cache)
    except Exception:  # noqa: BLE001 - a cache that is not written is only read again
        pass
    finally:
        os._exit(0)
