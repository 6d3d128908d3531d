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

A pickle runs code when it is read, and the project folder holds what contributors send: a
pull request could add a `.cache/` file of its own. So the file is signed (HMAC-SHA256) with a
key kept outside the project, in the user's cache folder (`~/.cache/chanegai-showcase/`,
created on first use, readable only by its owner), and read only when the signature holds: a
file this machine did not write is ignored.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import os
import secrets
import pickle
import sys
import threading
from importlib.metadata import version
from pathlib import Path

from showcase.loading.loader import ReadCache

CACHE_FILE = "read-cache.pickle"
KEY_FILE = "read-cache.key"
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


def key_folder() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "chanegai-showcase"


def signing_key(create: bool) -> bytes | None:
    """This machine's key, made on first use; None where it cannot be read or made."""
    path = key_folder() / KEY_FILE
    try:
        return path.read_bytes()
    except OSError:
        if not create:
            return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as fh:
            fh.write(secrets.token_bytes(32))
        return path.read_bytes()
    except OSError:
        return None


def _signature(key: bytes, payload: bytes) -> bytes:
    return hmac.new(key, code_version().encode() + payload, hashlib.sha256).digest()


def restore(cache_dir: Path) -> ReadCache | None:
    """The last build's read cache, None when there is none, or it is damaged, from another
    version of the code, or not signed with this machine's key."""
    key = signing_key(create=False)
    if key is None:
        return None
    try:
        data = (cache_dir / CACHE_FILE).read_bytes()
    except OSError:
        return None
    signature, payload = data[:32], data[32:]
    if not hmac.compare_digest(signature, _signature(key, payload)):
        return None
    try:
        cache = pickle.loads(payload)
    except Exception:  # noqa: BLE001 - an unreadable cache only means reading every file
        return None
    return cache if isinstance(cache, ReadCache) else None


def save(cache_dir: Path, cache: ReadCache) -> None:
    """Writes the cache (atomically: a reader never sees half a file)."""
    key = signing_key(create=True)
    if key is None:
        return
    kept = dataclasses.replace(cache, listing=None, listing_paths=set(), listed=None, last=None)
    payload = pickle.dumps(kept, protocol=pickle.HIGHEST_PROTOCOL)
    cache_dir.mkdir(parents=True, exist_ok=True)
    temporary = cache_dir / f".{CACHE_FILE}.{os.getpid()}.tmp"
    temporary.write_bytes(_signature(key, payload) + payload)
    os.replace(temporary, cache_dir / CACHE_FILE)


def save_in_background(cache_dir: Path, cache: ReadCache) -> None:
    """`save` in a detached process (forked twice, so none is left for this one to reap),
    while the build goes on. Only where forking is safe: on Linux with no other thread (a
    thread holding a lock at the fork would leave the child waiting for it forever; under
    `mkdocs serve` the file watcher runs, so the server's builds do not save)."""
    if not (sys.platform.startswith("linux") and threading.active_count() == 1):
        return
    pid = os.fork()
    if pid:
        os.waitpid(pid, 0)  # the first child ends at once
        return
    try:
        if os.fork() == 0:
            os.setsid()
            # Detached: it must not hold the build's output open (a caller reading it to the
            # end, such as a test or a CI log, would wait for the cache to be written).
            quiet = os.open(os.devnull, os.O_RDWR)
            for descriptor in (0, 1, 2):
                os.dup2(quiet, descriptor)
            save(cache_dir, cache)
    except Exception:  # noqa: BLE001 - a cache that is not written is only read again
        pass
    finally:
        os._exit(0)
