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

import dataclasses
import hashlib
import json
import os
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from showcase.graph import Graph, entries_of
from showcase.related import pages_near
from showcase.routing import PAGE_KINDS, PageRole, case_src_uri, edit_scope
from showcase.site import SiteModel, page_source
from showcase.views.bodies import resolve_wikilinks

FINGERPRINT_KEY = "showcase_fingerprint"


@dataclass(frozen=True)
class PageState:
    fingerprint: str
    reads: frozenset[str]  # ids of the cases whose data the page's view read
    layout: Hashable  # what the page lists (page_layouts)


@dataclass
class LiveState:
    """What the last successful build of this `mkdocs serve` process published."""

    graph: Graph
    context: str  # every page depends on this (context_signature): if it changes, check all
    pages: dict[str, PageState] = field(default_factory=dict)
    image_names: set[str] = field(default_factory=set)  # derivative files already published


def changed_cases(old: Graph, new: Graph) -> set[str]:
    """Ids whose case was added, removed or re-read. Unchanged files keep their Case objects
    across rebuilds (loader.ReadCache), so identity is the test."""
    ids = old.all_cases.keys() | new.all_cases.keys()
    return {
        case_id for case_id in ids if old.all_cases.get(case_id) is not new.all_cases.get(case_id)
    }


def page_layouts(site: SiteModel, roles: dict[str, PageRole]) -> dict[str, Hashable]:
    """What each page lists, cheaply (routing.PageKind.layout)."""
    return {
        src_uri: PAGE_KINDS[role.kind].layout(site.graph, role, site.page_size)
        for src_uri, role in roles.items()
    }


def listings_in_scope(
    old: Graph, new: Graph, changed: set[str], roles: dict[str, PageRole]
) -> set[str]:
    """The listing pages whose layout can differ after an edit (routing.PageKind.in_scope:
    those of a changed case's kind, of a tag or metric a changed case has or had, the
    overviews, the home page). Each of the others lists the same cases as before, so its
    layout is not computed again."""
    scope = edit_scope((old, new), changed)
    return {
        src_uri
        for src_uri, role in roles.items()
        if role.kind != "case" and PAGE_KINDS[role.kind].in_scope(scope, role)
    }


def current_layouts(
    site: SiteModel,
    roles: dict[str, PageRole],
    previous: dict[str, PageState] | None,
    scope: set[str] | None,
) -> dict[str, Hashable]:
    """Every page's layout: computed for new pages and the listings in `scope` (all when
    None); the last build's for the other pages (a case page's is a constant)."""
    if previous is None or scope is None:
        return page_layouts(site, roles)
    fresh = {src_uri: roles[src_uri] for src_uri in scope}
    fresh.update((src_uri, role) for src_uri, role in roles.items() if src_uri not in previous)
    layouts = {src_uri: previous[src_uri].layout for src_uri in roles if src_uri not in fresh}
    layouts.update(page_layouts(site, fresh))
    return layouts


def pages_named_by(old: Graph, new: Graph, changed: set[str]) -> set[str]:
    """The case pages listing a changed case, before or after the change (graph.entries_of:
    its parent's, city's, enterprise's, sources' and [[id]] targets' pages), and those
    suggesting it as a related case (related.pages_near: its neighbours in those lists and in
    its tags'): the only case pages whose lists can have changed."""
    named: set[str] = set()
    for graph in (old, new):
        for case_id in changed:
            case = graph.all_cases.get(case_id)
            if case is not None:
                named.update(
                    key
                    for relation, key, _ in entries_of(case, graph)
                    if relation != "stats_by_metric"  # keyed by metric, shown on metric pages
                )
                named.update(pages_near(case, graph))
    return {case_src_uri(new.cases[case_id]) for case_id in named if case_id in new.cases}


def pages_to_check(
    previous: dict[str, PageState] | None,
    layouts: dict[str, Hashable],
    changed: set[str],
    named: set[str],
) -> set[str]:
    """The pages whose view may differ from the last build: new pages, pages whose list
    changed (for case pages: those `named` by a changed case), and pages that read a changed
    case. Every other page would compute the same view (a view is a function of what it reads
    and what it lists), so it is not computed at all."""
    if previous is None:
        return set(layouts)
    return {
        src_uri
        for src_uri, layout in layouts.items()
        if src_uri not in previous
        or src_uri in named
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
) -> tuple[str, PageState, Any]:
    """A page's source, its state (the fingerprint of what it shows — its view, and its body
    with [[id]] links as they will read — and the cases it read doing so) and its view."""
    graph = site.graph
    with graph.recording() as reads:
        view = site.view(role)
        if source is None:
            source = page_source(site, role)
        shown_body = resolve_wikilinks(source, src_uri, graph)
        if role.kind == "case":
            reads.update(graph.cases[role.key].mentions)  # drafts' names are read too
    fingerprint = view_fingerprint([view, shown_body, context])
    state = PageState(fingerprint, frozenset(reads), layout)
    return with_fingerprint(source, fingerprint), state, view


@dataclass
class RebuildPlan:
    """What a dirty build does: the sources to write into the cache (the pages whose view
    changed), the pages to hand MkDocs, the pages gone since the last build, and every page's
    state for the next build. `views` are the views computed while planning, so a rebuilt
    page's template gets the view that was fingerprinted instead of a second one."""

    states: dict[str, PageState]
    sources: dict[str, str] = field(default_factory=dict)
    views: dict[str, Any] = field(default_factory=dict)
    hand: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)


def plan_rebuild(
    site: SiteModel,
    roles: dict[str, PageRole],
    previous: LiveState | None,
    changed: set[str],
    context: str,
    home_source: str | None,
) -> RebuildPlan:
    """What to rebuild after `changed` cases changed since `previous`. Without `previous` (the
    first build of a process) every page is computed; its source still only needs writing if
    it differs from the file in the cache, and MkDocs is handed every page."""
    scope = listings_in_scope(previous.graph, site.graph, changed, roles) if previous else None
    last = previous.pages if previous is not None else None
    layouts = current_layouts(site, roles, last, scope)
    named = pages_named_by(previous.graph, site.graph, changed) if previous else set()
    plan = RebuildPlan(
        states={src_uri: last[src_uri] for src_uri in roles if src_uri in last} if last else {}
    )
    for src_uri in pages_to_check(last, layouts, changed, named):
        role = roles[src_uri]
        home = home_source if role.kind == "home" else None
        source, state, view = page_state(site, src_uri, role, layouts[src_uri], context, home)
        old = plan.states.get(src_uri)
        if last is None or old is None or old.fingerprint != state.fingerprint:
            plan.sources[src_uri] = source
            plan.views[src_uri] = view
        plan.states[src_uri] = state
    if last is not None:
        plan.removed = set(last) - set(roles)
        plan.hand = pages_to_hand(site, roles, set(plan.sources))
    else:
        plan.hand = set(roles)
    return plan


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


def linked_pages(site: SiteModel, role: PageRole) -> set[str]:
    """The generated pages a page's body links to: MkDocs resolves a link only to a file it
    was handed, so these go with a rebuilt page."""
    if role.kind != "case":
        return set()
    case = site.graph.cases[role.key]
    return {case_src_uri(target) for target in map(site.graph.get, case.mentions) if target}


def view_fingerprint(view: Any) -> str:
    """A short hash of everything a page's template receives."""
    data = json.dumps(view, sort_keys=True, ensure_ascii=False, default=_plain)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:20]


def _plain(value: Any) -> Any:
    """View records as their fields; anything else (dates, decimals) as text."""
    return vars(value) if dataclasses.is_dataclass(value) else str(value)


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


def pages_to_hand(site: SiteModel, roles: dict[str, PageRole], rebuilt: set[str]) -> set[str]:
    """The generated pages MkDocs needs for a rebuild after an edit: those to rebuild, the
    pages they link to (MkDocs resolves a link only to a file it was handed; unchanged, these
    are not rebuilt), and the pages the navigation names (the first page of each index)."""
    handed = set(rebuilt)
    for src_uri in rebuilt:
        handed |= linked_pages(site, roles[src_uri])
    handed |= {
        src_uri
        for src_uri, role in roles.items()
        if role.kind in PAGE_KINDS and PAGE_KINDS[role.kind].in_nav and role.page == 1
    }
    return handed
