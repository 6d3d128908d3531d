"""Dirty builds (`mkdocs build --dirty`, `mkdocs serve --dirty`) that are right for
cross-linked pages.

MkDocs' --dirty rebuilds a page only when its source file is newer than its output, which is
wrong here: an enterprise's page shows its workers' cards, so editing a worker must rebuild the
enterprise page too. The case graph knows what every page shows. In a dirty build each
generated page's source is written to a file in the cache, carrying a fingerprint of the data
its template displays, and rewritten only when that fingerprint changes. MkDocs' own mtime
check then rebuilds exactly the pages whose displayed data changed, and no other.

Under `mkdocs serve` the plugin also remembers, for every page, which cases its view read and
what it lists (`PageState`). After an edit only the pages that read a changed case, or whose
list changed, have their view computed again (`pages_to_check`); and MkDocs is handed only the
pages that must be rebuilt (plus the ones they link to), since its own per-page work over
20,000 unchanged pages would take longer than the whole edit.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from showcase import pages
from showcase.graph import Graph
from showcase.site import PageRole, SiteModel, page_source

FINGERPRINT_KEY = "showcase_fingerprint"


@dataclass(frozen=True)
class PageState:
    fingerprint: str
    reads: frozenset[str]  # ids of the cases whose data the page's view read
    layout: Hashable  # what the page lists (page_layout); None: always check


@dataclass
class LiveState:
    """What the last successful build of this `mkdocs serve` process published."""

    graph: Graph
    context: str  # every page depends on this (context_signature): if it changes, check all
    pages: dict[str, PageState] = field(default_factory=dict)
    data_digests: dict[str, str] = field(default_factory=dict)  # data file -> content hash
    image_names: set[str] = field(default_factory=set)  # derivative files already published


def changed_cases(old: Graph, new: Graph) -> set[str]:
    """Ids whose case was added, removed or re-read. Unchanged files keep their Case objects
    across rebuilds (loader.ReadCache), so identity is the test."""
    ids = old.all_cases.keys() | new.all_cases.keys()
    return {
        case_id for case_id in ids if old.all_cases.get(case_id) is not new.all_cases.get(case_id)
    }


def _ids(cases: Iterable[Any]) -> tuple[str, ...]:
    return tuple(case.id for case in cases)


def page_layouts(site: SiteModel, roles: dict[str, PageRole]) -> dict[str, Hashable]:
    """What each page lists, cheaply: the ids of its relation lists, or of its share of an
    index. A case changing which lists it is in shows up here; a listed case's own data does
    not (it is in the page's reads). None for the home page: it is always checked."""
    graph = site.graph
    chunks: dict[tuple[str, str], list[list[Any]]] = {}  # each index and tag paged once

    def paged(kind: str, key: str) -> list[list[Any]]:
        if (kind, key) not in chunks:
            split = pages.index_pages if kind == "index" else pages.tag_pages
            chunks[kind, key] = split(key, graph, site.page_size)
        return chunks[kind, key]

    @functools.cache
    def group_sizes(kind: str, key: str) -> tuple[tuple[str, int], ...]:
        """An index page's jump links show every group's size; a tag page, each kind's."""
        sizes: dict[str, int] = {}
        for chunk in paged(kind, key):
            for case in chunk:
                group = pages.group_title(case) if kind == "index" else case.kind
                sizes[group] = sizes.get(group, 0) + 1
        return tuple(sizes.items())

    def refs(key: str) -> tuple[tuple[str, int], ...]:
        return tuple((ref.case.id, ref.index) for ref in graph.stats_by_metric.get(key, ()))

    def layout(role: PageRole) -> Hashable:
        key = role.key
        if role.kind == "case":
            return (
                _ids(graph.children.get(key, ())),
                _ids(graph.enterprises_in.get(key, ())),
                _ids(graph.members.get(key, ())),
                _ids(graph.workers_at.get(key, ())),
                _ids(graph.workers_in.get(key, ())),
                _ids(graph.citing_cases.get(key, ())),
                tuple((ref.case.id, ref.index) for ref in graph.citing_stats.get(key, ())),
                _ids(graph.mentioned_by.get(key, ())),
            )
        if role.kind in ("index", "tag"):
            split = paged(role.kind, key)
            mine = split[role.page - 1] if role.page <= len(split) else []
            return (_ids(mine), len(split), group_sizes(role.kind, key))
        if role.kind == "metric":
            return refs(key)
        if role.kind == "metrics":
            return tuple((metric, refs(metric)) for metric in graph.metrics)
        if role.kind == "tags":
            return tuple((tag, len(cases)) for tag, cases in graph.tags.items())
        return None

    return {src_uri: layout(role) for src_uri, role in roles.items()}


def pages_to_check(
    previous: dict[str, PageState] | None,
    layouts: dict[str, Hashable],
    changed: set[str],
) -> set[str]:
    """The pages whose view may differ from the last build: new pages, pages whose list
    changed, and pages that read a changed case. Every other page would compute the same view
    (a view is a function of its reads and its lists), so it is not computed at all."""
    if previous is None:
        return set(layouts)
    return {
        src_uri
        for src_uri, layout in layouts.items()
        if layout is None
        or src_uri not in previous
        or previous[src_uri].layout != layout
        or not previous[src_uri].reads.isdisjoint(changed)
    }


def page_state(
    site: SiteModel,
    src_uri: str,
    role: PageRole,
    layout: Hashable,
    context: str,
    source: str | None = None,
) -> tuple[str, PageState]:
    """A page's source and its state: the fingerprint of what it shows (its view, and its body
    with [[id]] links as they will read) and the cases it read doing so."""
    graph = site.graph
    with graph.recording() as reads:
        view = site.view(role)
        if source is None:
            source = page_source(site, role)
        shown_body = pages.resolve_wikilinks(source, src_uri, graph)
        if role.kind == "case":
            reads.update(graph.cases[role.key].mentions)  # drafts' names are read too
    fingerprint = view_fingerprint([view, shown_body, context])
    state = PageState(fingerprint, frozenset(reads), layout)
    return with_fingerprint(source, fingerprint), state


def context_signature(site: SiteModel, theme_dirs: Iterable[str], config_file: str | None) -> str:
    """What every page depends on besides the cases: the metrics, the photos' renditions, the
    theme's templates and mkdocs.yml. When it changes every page is checked again."""
    files = []
    for folder in theme_dirs:
        for root, _, names in os.walk(folder):
            for name in names:
                stat = os.stat(os.path.join(root, name))
                files.append((os.path.join(root, name), stat.st_mtime_ns, stat.st_size))
    if config_file and os.path.isfile(config_file):
        stat = os.stat(config_file)
        files.append((config_file, stat.st_mtime_ns, stat.st_size))
    return view_fingerprint(
        [
            sorted(files),
            {key: metric.model_dump() for key, metric in site.graph.metrics.items()},
            sorted((src, [v.filename for v in r.variants]) for src, r in site.renditions.items()),
            site.page_size,
        ]
    )


def linked_pages(site: SiteModel, src_uri: str, role: PageRole) -> set[str]:
    """The generated pages a page's body links to: MkDocs resolves a link only to a file it
    was handed, so these go with a rebuilt page."""
    if role.kind != "case":
        return set()
    case = site.graph.cases[role.key]
    return {target.src_uri for target in map(site.graph.get, case.mentions) if target}


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


def read_search_docs(path: Path) -> list[dict[str, Any]] | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))["docs"]
    except (OSError, ValueError, KeyError, TypeError):
        return None  # no previous index (or not one we understand): keep mkdocs-material's


def merge_search_docs(
    previous: list[dict[str, Any]] | None, replaced: set[str], fresh: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The previous complete index without the entries of the `replaced` page URLs (rebuilt or
    gone), followed by this build's entries."""
    if previous is None:
        return list(fresh)
    kept = [entry for entry in previous if entry["location"].split("#", 1)[0] not in replaced]
    return kept + list(fresh)


def complete_search_index(
    config: Any, previous: list[dict[str, Any]] | None, replaced: set[str]
) -> list[dict[str, Any]] | None:
    """Makes mkdocs-material write a complete index after a dirty build, before it writes.

    Its own merge assumes one page changed: it drops the previous entries whose location
    starts with the first rebuilt page's URL (every worker when that page is workers/) and
    keeps those of the other rebuilt pages, which then appear twice. Here the previous complete
    index keeps its entries for unchanged pages and every rebuilt page gets exactly its new
    entries; the theme then writes that list as it is. Returns it, for the next build."""
    search = config.plugins.get(SEARCH_PLUGIN)
    index = getattr(search, "search_index", None)
    if index is None:
        return previous
    index.entries = merge_search_docs(previous, replaced, index.entries)
    search.search_index_prev = None  # so the theme does not merge again
    return index.entries


def pages_to_hand(site: SiteModel, roles: dict[str, PageRole], rebuilt: set[str]) -> set[str]:
    """The generated pages MkDocs needs for a rebuild after an edit: those to rebuild, the
    pages they link to (MkDocs resolves a link only to a file it was handed; unchanged, these
    are not rebuilt), and the pages the navigation names (the first page of each index)."""
    handed = set(rebuilt)
    for src_uri in rebuilt:
        handed |= linked_pages(site, src_uri, roles[src_uri])
    handed |= {
        src_uri
        for src_uri, role in roles.items()
        if role.kind in ("index", "metrics", "tags", "home") and role.page == 1
    }
    return handed
