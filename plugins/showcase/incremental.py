"""Dirty builds (`mkdocs build --dirty`, `mkdocs serve --dirty`) that are right for
cross-linked pages.

MkDocs' --dirty rebuilds a page only when its source file is newer than its output, which is
wrong here: an enterprise's page shows its workers' cards, so editing a worker must rebuild the
enterprise page too. The case graph knows what every page shows. In a dirty build each
generated page's source is written to a file in the cache, carrying a fingerprint of the data
its template displays, and rewritten only when that fingerprint changes. MkDocs' own mtime
check then rebuilds exactly the pages whose displayed data changed, and no other.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

FINGERPRINT_KEY = "showcase_fingerprint"


def view_fingerprint(view: Any) -> str:
    """A short hash of everything a page's template receives."""
    data = json.dumps(view, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:20]


def with_fingerprint(source: str, fingerprint: str) -> str:
    """The page source with the fingerprint added to its front matter (or a new one)."""
    line = f"{FINGERPRINT_KEY}: {fingerprint}\n"
    if source.startswith("---\n"):
        return "---\n" + line + source[4:]
    return "---\n" + line + "---\n" + source


def write_if_changed(path: Path, content: str) -> Path:
    """Writes `content` unless the file already holds it, so an unchanged page keeps its mtime
    and MkDocs leaves its output alone."""
    data = content.encode("utf-8")
    if path.is_file() and path.read_bytes() == data:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
    return path


SEARCH_PLUGIN = "material/search"


def new_search_entries(config: Any, known: int) -> list[dict[str, Any]]:
    """The search entries mkdocs-material added since the first `known` of this build."""
    search = config.plugins.get(SEARCH_PLUGIN)
    index = getattr(search, "search_index", None)
    return list(index.entries[known:]) if index is not None else []


def read_search_docs(path: Path) -> list[dict[str, Any]] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))["docs"]
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no previous index (or not one we understand): keep mkdocs-material's


def merge_search_index(
    path: Path,
    previous: list[dict[str, Any]] | None,
    rebuilt: set[str],
    fresh: list[dict[str, Any]],
) -> list[dict[str, Any]] | None:
    """The search index of a dirty build, made right. mkdocs-material merges the previous index
    with the rebuilt pages' entries as if only one page had changed: it drops the previous
    entries whose location starts with the first rebuilt page's URL (every worker when that
    page is workers/) and keeps those of the other rebuilt pages, which then appear twice. Here
    the previous complete index keeps its entries for unchanged pages, and every rebuilt page
    gets exactly its new entries. Returns the complete index, for the next dirty build."""
    if not path.is_file():
        return previous
    data = json.loads(path.read_text(encoding="utf-8"))
    if previous is not None:
        kept = [e for e in previous if e["location"].split("#", 1)[0] not in rebuilt]
        data["docs"] = kept + fresh
        path.write_text(
            json.dumps(data, separators=(",", ":"), default=str), encoding="utf-8"
        )
    return data["docs"]
