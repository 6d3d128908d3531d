"""Routing: every page the site has, where its source and its URL are, and which cases it lists.

This is the one place that knows the URL scheme and the kinds of page. Each kind of page is a
`PageKind`: the pages of that kind a corpus has, their template and title, what each lists (so
a rebuild under `mkdocs serve` can tell whether its list changed) and which edits can change
that list. Adding a kind of page means adding its `PageKind` here, its view in views/ (see
views.VIEWS) and its template in site_src/overrides; nothing else.

URLs are site-relative (workers/ma-ben/), source paths are relative to the docs folder
(workers/ma-ben.md), as MkDocs names them.
"""

from __future__ import annotations

import functools
import html
import posixpath
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from showcase.config import DEFAULT_PAGE_SIZE
from showcase.domain import KINDS, Case
from showcase.graph import Graph, StatRef
from showcase.paths import tag_slug

IMAGE_URL_PREFIX = "assets/images/"
METRICS_FOLDER = "metrics"
TAGS_FOLDER = "tags"
TIMELINE_FOLDER = "timeline"
HOME_SRC_URI = "index.md"


# --- URLs and source paths -------------------------------------------------------------------


def case_url(case: Case) -> str:
    """Site-relative URL, as in the open data: workers/ma-ben/."""
    return f"{case.folder}/{case.id}/"


def case_src_uri(case: Case) -> str:
    """Path of the generated Markdown page inside the docs folder."""
    return f"{case.folder}/{case.id}.md"


def href(page_src_uri: str, target_src_uri: str) -> str:
    """A relative Markdown link from one page's source to another's, which MkDocs checks and
    turns into the target's URL."""
    return posixpath.relpath(target_src_uri, posixpath.dirname(page_src_uri) or ".")


def index_page_src_uri(kind: str, page: int = 1) -> str:
    """Page 1 is the kind's folder index; page k is <folder>/index/<k>.md (the id "index" is
    reserved, so no case collides with it)."""
    folder = KINDS[kind].folder
    return f"{folder}/index.md" if page == 1 else f"{folder}/index/{page}.md"


def index_page_url(kind: str, page: int = 1) -> str:
    folder = KINDS[kind].folder
    return f"{folder}/" if page == 1 else f"{folder}/index/{page}/"


def tag_page_src_uri(tag: str, page: int = 1) -> str:
    slug = tag_slug(tag)
    return f"{TAGS_FOLDER}/{slug}.md" if page == 1 else f"{TAGS_FOLDER}/{slug}/{page}.md"


def tag_page_url(tag: str, page: int = 1) -> str:
    slug = tag_slug(tag)
    return f"{TAGS_FOLDER}/{slug}/" if page == 1 else f"{TAGS_FOLDER}/{slug}/{page}/"


def metric_src_uri(key: str) -> str:
    return f"{METRICS_FOLDER}/{key}.md"


def metric_url(key: str) -> str:
    return f"{METRICS_FOLDER}/{key}/"


def year_page_src_uri(year: int, page: int = 1) -> str:
    base = f"{TIMELINE_FOLDER}/{year}"
    return f"{base}.md" if page == 1 else f"{base}/{page}.md"


def year_page_url(year: int, page: int = 1) -> str:
    base = f"{TIMELINE_FOLDER}/{year}"
    return f"{base}/" if page == 1 else f"{base}/{page}/"


# --- Which cases a listing shows, page by page -----------------------------------------------

HONOR_ORDER = ("国家级", "省级", "市级", "企业级")
NO_HONOR = "其他"


def top_honor_level(case: Case) -> str:
    """A worker's highest honour level, for grouping the workers' index."""
    levels = {honor.level for honor in getattr(case.fields, "honors", [])}
    return next((level for level in HONOR_ORDER if level in levels), NO_HONOR)


# Values a document did not state: never a heading of their own (their cases go under 其他).
UNSTATED = frozenset({"", "未载明", "原文未载明", "未注明"})
OTHERS = "其他"


def group_value(case: Case) -> str:
    """What a case is grouped by on its kind's index page."""
    fields = case.fields
    if case.kind == "city":
        return fields.province
    if case.kind == "enterprise":
        return fields.industry
    if case.kind == "worker":
        return top_honor_level(case)
    return fields.publisher


def group_title(case: Case, graph: Graph) -> str:
    """The heading a case falls under on its kind's index page; "" on an index shown as one
    sorted list (see index_groups)."""
    titles = graph.memo(
        ("group_titles", case.kind),
        lambda: {
            member.id: title
            for title, members in index_groups(case.kind, graph)
            for member in members
        },
    )
    return titles.get(case.id, "")


def _group_heading(case: Case) -> str:
    value = group_value(case)
    return OTHERS if value.strip() in UNSTATED else value


def index_place(case: Case | None) -> tuple[str, str, str | None] | None:
    """What a published case's place in its kind's index depends on besides the other cases
    (None for a draft or no case): its kind, its group and, for a city, its parent. Each
    group lists its cases in the graph's order (by id)."""
    if case is None:
        return None
    parent = getattr(case.fields, "parent", None) if case.kind == "city" else None
    return case.kind, kept(case, "index_group", _group_heading), parent


def index_groups(kind: str, graph: Graph) -> list[tuple[str, list[Case]]]:
    """(group title, its cases) in the order the kind's index shows them: cities by province
    (each province as a hierarchy), enterprises by industry, workers by honour level, sources
    by publisher; cases whose value a document did not state go last, under 其他. Where most
    groups would hold a single case (ten firms in nine industries), the index is one sorted
    list instead, under one untitled group. Cheap: no card is computed, and once per build
    (every index page asks)."""
    return graph.memo(("index_groups", kind), lambda: _index_groups(kind, graph))


def _index_groups(kind: str, graph: Graph) -> list[tuple[str, list[Case]]]:
    cases = graph.of_kind(kind)
    grouped: dict[str, list[Case]] = {}
    for case in cases:
        grouped.setdefault(kept(case, "index_group", _group_heading), []).append(case)
    stated = [title for title in grouped if title != OTHERS]
    # Headings help when each holds a few cases; mostly one each, a sorted list reads better.
    if not cases or len(stated) < 2 or len(grouped) > len(cases) / 2:
        return [("", tree_order(cases) if kind == "city" else list(cases))] if cases else []
    order = sorted(stated)
    if kind == "worker":
        order = [level for level in HONOR_ORDER if level in grouped]
    if OTHERS in grouped:
        order.append(OTHERS)
    return [
        (title, tree_order(grouped[title]) if kind == "city" else grouped[title]) for title in order
    ]


def tree_order(cases: list[Case]) -> list[Case]:
    """Each case followed by its descendants, so 江阴市 comes just before 祝塘镇."""
    members = {case.id for case in cases}
    children: dict[str | None, list[Case]] = {}
    for case in cases:
        parent = getattr(case.fields, "parent", None)
        children.setdefault(parent if parent in members else None, []).append(case)
    ordered: list[Case] = []

    def visit(parent: str | None) -> None:
        for child in children.get(parent, []):
            ordered.append(child)
            visit(child.id)

    visit(None)
    return ordered


def page_count(entries: int, page_size: int) -> int:
    """How many pages chunk() makes of that many entries."""
    return max(1, -(-entries // page_size))


def chunk(cases: list[Case], page_size: int) -> list[list[Case]]:
    """Pages of at most page_size cases; always at least one page, possibly empty."""
    if page_size < 1:
        raise ValueError(f"page_size must be at least 1, not {page_size}")
    return [cases[i : i + page_size] for i in range(0, len(cases), page_size)] or [[]]


def index_pages(kind: str, graph: Graph, page_size: int = DEFAULT_PAGE_SIZE) -> list[list[Case]]:
    """The cases of a kind's index, page by page, in the order the index shows them."""
    return index_layout(kind, graph, page_size)[0]


def index_layout(
    kind: str, graph: Graph, page_size: int
) -> tuple[list[list[Case]], dict[str, int]]:
    """The index's pages and the page each case is on, once per build (every page asks)."""

    def compute() -> tuple[list[list[Case]], dict[str, int]]:
        cases = [case for _, members in index_groups(kind, graph) for case in members]
        pages = chunk(cases, page_size)
        return pages, {case.id: number for number, chunk_ in enumerate(pages, 1) for case in chunk_}

    return graph.memo(("index_layout", kind, page_size), compute)


def all_tags(graph: Graph) -> dict[str, list[Case]]:
    """tag -> its published cases, most used first (computed once, in build_graph)."""
    return graph.tags


def tag_pages(tag: str, graph: Graph, page_size: int = DEFAULT_PAGE_SIZE) -> list[list[Case]]:
    """A tag's cases, page by page, in the order its page shows them: by kind."""

    def split() -> list[list[Case]]:
        rank = {kind: index for index, kind in enumerate(KINDS)}
        cases = sorted(all_tags(graph).get(tag, []), key=lambda case: rank[case.kind])  # stable
        return chunk(cases, page_size)

    return graph.memo(("tag_pages", tag, page_size), split)


def year_of_date(date: str) -> int | None:
    """The year of a source's date (2024-06-24, 2020-06, 2023); None when undated."""
    head = date[:4]
    return int(head) if head.isdigit() else None


def dated_years(case: Case) -> set[int]:
    """The years a case puts on the timeline: its stats' years, a source's own year."""
    years = {stat.year for stat in case.fields.stats if stat.year is not None}
    if case.kind == "source":
        year = year_of_date(case.fields.date)
        if year is not None:
            years.add(year)
    return years


def timeline(graph: Graph) -> dict[int, list[Any]]:
    """year -> what happened that year, newest year first: the source documents published
    then (by date), then the figures of that year (by case id and position). Once per build."""

    def compute() -> dict[int, list[Any]]:
        years: dict[int, list[Any]] = {}
        sources = sorted(graph.of_kind("source"), key=lambda case: (case.fields.date, case.id))
        for source in sources:
            year = year_of_date(source.fields.date)
            if year is not None:
                years.setdefault(year, []).append(source)
        # Kept per case across `mkdocs serve` rebuilds (Graph.per_case); most cases have none.
        for dated in graph.per_case("dated_stats", _dated_stats).values():
            for year, entry in dated:
                years.setdefault(year, []).append(entry)
        return dict(sorted(years.items(), reverse=True))

    return graph.memo("timeline", compute)


def kept(case: Case, name: str, compute: Callable[[Case], Any]) -> Any:
    """compute(case), kept with the version of the case's file (FrontMatter.derived): what the
    listings need of each case is made again under `mkdocs serve` only for the edited ones."""
    derived = case.front.derived
    entry = derived.get(name)
    if entry is None or entry[0] is not case:  # for this very case (values may name it)
        entry = derived[name] = (case, compute(case))
    return entry[1]


def _dated_stats(case: Case) -> list[tuple[int, StatRef]]:
    """(year, entry) of each of a case's figures that has a year."""
    return kept(
        case,
        "dated_stats",
        lambda case: [
            (stat.year, StatRef(case, index, stat))
            for index, stat in enumerate(case.fields.stats)
            if stat.year is not None
        ],
    )


def year_pages(year: int, graph: Graph, page_size: int = DEFAULT_PAGE_SIZE) -> list[list[Any]]:
    """A year's entries page by page."""
    return graph.memo(
        ("year_pages", year, page_size), lambda: chunk(timeline(graph).get(year, []), page_size)
    )


def update_date(case: Case) -> str | None:
    """When a case last changed, as ISO text: its `updated` date; for a source without one,
    its own publication date (2024-06-24, 2020-06, 2023); None when neither is known."""
    if case.fields.updated:
        return case.fields.updated.isoformat()
    if case.kind == "source" and year_of_date(case.fields.date) is not None:
        return case.fields.date
    return None


def latest_updates(graph: Graph, count: int | None = None) -> list[tuple[str, Case]]:
    """(date, case) of the `count` newest dated cases (all when None), newest first. Cases of
    the same date take turns by kind (a city, an enterprise, a worker, a source, then the next
    city…), so a day on which everything was revised does not fill the home page with one kind.
    Once per build and count."""

    def compute() -> list[tuple[str, Case]]:
        rank = {kind: index for index, kind in enumerate(KINDS)}
        dates = graph.per_case("update_date", update_date)
        wanted = _newest_dates(dates.values(), count)
        dated = [
            (date, graph.cases[case_id])
            for case_id, date in dates.items()
            if date and (wanted is None or date in wanted)
        ]
        dated.sort(key=lambda item: (_descending(item[0]), rank[item[1].kind], item[1].id))
        turn: dict[tuple[str, str], int] = {}
        keyed = []
        for date, case in dated:
            position = turn[(date, case.kind)] = turn.get((date, case.kind), -1) + 1
            keyed.append(((_descending(date), position, rank[case.kind]), (date, case)))
        return [item for _, item in sorted(keyed, key=lambda pair: pair[0])][:count]

    return graph.memo(("latest_updates", count), compute)


def _newest_dates(dates: Iterable[str | None], count: int | None) -> set[str] | None:
    """The newest dates that together date at least `count` cases (None: every date). Only
    these can reach the first `count` places, and all of each date's cases are kept so that
    their turns are the same: no sort of 20,000 cases on every rebuild for the home page's
    dozen."""
    if count is None:
        return None
    tally = Counter(date for date in dates if date)
    wanted: set[str] = set()
    dated = 0
    for date in sorted(tally, key=_descending):
        if dated >= count:
            break
        wanted.add(date)
        dated += tally[date]
    return wanted


@functools.lru_cache(maxsize=1 << 14)  # a corpus has far fewer distinct dates than cases
def _descending(date: str) -> tuple[int, ...]:
    """A sort key putting later dates first; 2024 and 2024-06 sort after 2024-06-24."""
    parts = [int(part) for part in date.split("-")]
    return tuple(-part for part in parts + [0] * (3 - len(parts)))


def place_counts(graph: Graph) -> dict[str, int]:
    """city id -> how many enterprises and workers are there (its own lists, as its page shows
    them; a worker of one of its enterprises counts once). Once per build."""
    return graph.memo(
        "place_counts",
        lambda: {
            city.id: len(graph.enterprises_in.get(city.id, ()))
            + len(graph.workers_in.get(city.id, ()))
            for city in graph.of_kind("city")
        },
    )


# --- The kinds of page -----------------------------------------------------------------------


@dataclass(frozen=True)
class PageRole:
    """Which page a source path is: its kind of page, and what it is about."""

    kind: str  # a PAGE_KINDS key, or "other" for a hand-written page
    key: str = ""  # the case id, the kind of an index, a metric's key or a tag
    page: int = 1  # which page of an index or a tag (see index_pages, tag_pages)


@dataclass(frozen=True)
class EditScope:
    """What an edit touched, before and after: the tags (by slug) and metrics of the changed
    cases, and the kinds whose index may list them differently (index_place). A listing
    outside it lists the same cases as before."""

    kinds: set[str] = field(default_factory=set)
    tags: set[str] = field(default_factory=set)
    metrics: set[str] = field(default_factory=set)
    years: set[int] = field(default_factory=set)  # on the timeline


# A case page's lists (a city's workers, a source's citing cases…) hold the cases that name it,
# so they change only when a case naming it changes: the serve plan finds those pages from the
# changed cases (graph.entries_of) rather than comparing every case page's lists.
LISTS_BY_REFERENCE = "lists-by-reference"


def _never(scope: EditScope, role: PageRole) -> bool:
    return False


def _always(scope: EditScope, role: PageRole) -> bool:
    return True


@dataclass(frozen=True)
class PageKind:
    name: str
    template: str
    # The pages of this kind a graph has, with a page size: (source path, role) pairs.
    pages: Callable[[Graph, int], Iterator[tuple[str, PageRole]]]
    title: Callable[[Graph, PageRole], str]
    # What the page lists, cheaply (ids, sizes), so a rebuild can tell its list changed; a
    # listed case's own data is not in it (a page's reads cover that).
    layout: Callable[[Graph, PageRole, int], Hashable]
    in_scope: Callable[[EditScope, PageRole], bool] = _never  # can an edit change its layout
    description: Callable[[Graph, PageRole], str | None] = lambda graph, role: None
    in_nav: bool = False  # the navigation names its first page


def _nth_page(title: str, page: int) -> str:
    """劳模工匠, 劳模工匠（第 2 页）: a later page says which it is in its title."""
    return title if page == 1 else f"{title}（第 {page} 页）"


def _ids(cases: Iterable[Case]) -> tuple[str, ...]:
    return tuple(case.id for case in cases)


def _metric_refs(graph: Graph, key: str) -> tuple[tuple[str, int], ...]:
    return tuple((ref.case.id, ref.index) for ref in graph.stats_by_metric.get(key, ()))


def _kind_sizes(cases: Iterable[Case]) -> tuple[tuple[str, int], ...]:
    counted: dict[str, int] = {}
    for case in cases:
        counted[case.kind] = counted.get(case.kind, 0) + 1
    return tuple(counted.items())


def _case_pages(graph: Graph, page_size: int) -> Iterator[tuple[str, PageRole]]:
    for case in graph.cases.values():
        yield case_src_uri(case), PageRole("case", case.id)


def _index_pages(graph: Graph, page_size: int) -> Iterator[tuple[str, PageRole]]:
    # Page counts from the list sizes alone: ordering an index is left to the pages shown.
    for kind in KINDS:
        for page in range(1, page_count(len(graph.of_kind(kind)), page_size) + 1):
            yield index_page_src_uri(kind, page), PageRole("index", kind, page)


def _index_layout(graph: Graph, role: PageRole, page_size: int) -> Hashable:
    split = index_pages(role.key, graph, page_size)
    # The page also shows every group's size and where it starts.
    groups = tuple((title, len(cases)) for title, cases in index_groups(role.key, graph))
    return (_ids(split[role.page - 1]), len(split), groups)


def _tag_pages(graph: Graph, page_size: int) -> Iterator[tuple[str, PageRole]]:
    for tag, cases in all_tags(graph).items():
        for page in range(1, page_count(len(cases), page_size) + 1):
            yield tag_page_src_uri(tag, page), PageRole("tag", tag, page)


def _tag_layout(graph: Graph, role: PageRole, page_size: int) -> Hashable:
    split = tag_pages(role.key, graph, page_size)
    every = graph.tags.get(role.key, [])
    kinds = graph.memo(("tag_kinds", role.key), lambda: _kind_sizes(every))
    return (_ids(split[role.page - 1]), len(split), kinds)


def _metric_pages(graph: Graph, page_size: int) -> Iterator[tuple[str, PageRole]]:
    for key in graph.metrics:
        yield metric_src_uri(key), PageRole("metric", key)


def _one_page(src_uri: str, kind: str) -> Callable[[Graph, int], Iterator[tuple[str, PageRole]]]:
    def pages(graph: Graph, page_size: int) -> Iterator[tuple[str, PageRole]]:
        yield src_uri, PageRole(kind)

    return pages


HOME_UPDATES = 12  # the latest updates the home page may show (its lead story among them)


def _home_layout(graph: Graph, role: PageRole, page_size: int) -> Hashable:
    # The home page: counts and first cases of each kind, the most compared metrics, the latest
    # updates, how many cases each place has and the timeline's years.
    return (
        tuple(_ids(graph.of_kind(kind)) for kind in KINDS),
        tuple((metric, len(graph.stats_by_metric.get(metric, ()))) for metric in graph.metrics),
        tuple((date, case.id) for date, case in latest_updates(graph, HOME_UPDATES)),
        tuple(place_counts(graph).items()),
        tuple((year, len(entries)) for year, entries in timeline(graph).items()),
    )


def _year_pages(graph: Graph, page_size: int) -> Iterator[tuple[str, PageRole]]:
    for year, entries in timeline(graph).items():
        for page in range(1, page_count(len(entries), page_size) + 1):
            yield year_page_src_uri(year, page), PageRole("year", str(year), page)


def _entry_ids(entries: Iterable[Any]) -> tuple[tuple[str, int], ...]:
    return tuple((e.case.id, e.index) if isinstance(e, StatRef) else (e.id, -1) for e in entries)


def _year_layout(graph: Graph, role: PageRole, page_size: int) -> Hashable:
    split = year_pages(int(role.key), graph, page_size)
    # The page also says how many entries the whole year has.
    return (_entry_ids(split[role.page - 1]), len(split), sum(map(len, split)))


def _timeline_layout(graph: Graph, role: PageRole, page_size: int) -> Hashable:
    return tuple(
        (year, _entry_ids(e for e in entries if not isinstance(e, StatRef)), len(entries))
        for year, entries in timeline(graph).items()
    )


PAGE_KINDS: dict[str, PageKind] = {
    kind.name: kind
    for kind in (
        PageKind(
            "case",
            "case.html",
            _case_pages,
            # The theme prints title and description into the page unescaped: escaped here.
            title=lambda graph, role: html.escape(graph.cases[role.key].name),
            description=lambda graph, role: html.escape(graph.cases[role.key].summary),
            layout=lambda graph, role, page_size: LISTS_BY_REFERENCE,
        ),
        PageKind(
            "index",
            "case-index.html",
            _index_pages,
            title=lambda graph, role: _nth_page(KINDS[role.key].label, role.page),
            layout=_index_layout,
            in_scope=lambda scope, role: role.key in scope.kinds,
            in_nav=True,
        ),
        PageKind(
            "metric",
            "metric.html",
            _metric_pages,
            title=lambda graph, role: html.escape(graph.metrics[role.key].label),
            description=lambda graph, role: html.escape(
                f"各地“{graph.metrics[role.key].label}”（{graph.metrics[role.key].unit}）数据对比"
            ),
            layout=lambda graph, role, page_size: _metric_refs(graph, role.key),
            in_scope=lambda scope, role: role.key in scope.metrics,
        ),
        PageKind(
            "metrics",
            "metrics.html",
            _one_page(f"{METRICS_FOLDER}/index.md", "metrics"),
            title=lambda graph, role: "数据对比",
            layout=lambda graph, role, page_size: tuple(
                (metric, _metric_refs(graph, metric)) for metric in graph.metrics
            ),
            in_scope=lambda scope, role: bool(scope.metrics),
            in_nav=True,
        ),
        PageKind(
            "tag",
            "tag.html",
            _tag_pages,
            title=lambda graph, role: html.escape(_nth_page(f"主题：{role.key}", role.page)),
            layout=_tag_layout,
            in_scope=lambda scope, role: tag_slug(role.key) in scope.tags,
        ),
        PageKind(
            "tags",
            "tags.html",
            _one_page(f"{TAGS_FOLDER}/index.md", "tags"),
            title=lambda graph, role: "主题",
            layout=lambda graph, role, page_size: tuple(
                (tag, len(cases)) for tag, cases in graph.tags.items()
            ),
            in_scope=lambda scope, role: bool(scope.tags),
            in_nav=True,
        ),
        PageKind(
            "timeline",
            "timeline.html",
            _one_page(f"{TIMELINE_FOLDER}/index.md", "timeline"),
            title=lambda graph, role: "时间线",
            description=lambda graph, role: "各地产改的原始文件与数据，按年份排列",
            layout=_timeline_layout,
            in_scope=lambda scope, role: bool(scope.years),
            in_nav=True,
        ),
        PageKind(
            "year",
            "timeline-year.html",
            _year_pages,
            title=lambda graph, role: _nth_page(f"{role.key} 年", role.page),
            layout=_year_layout,
            in_scope=lambda scope, role: int(role.key) in scope.years,
        ),
        PageKind(
            "home",
            "home.html",
            _one_page(HOME_SRC_URI, "home"),
            title=lambda graph, role: "首页",
            layout=_home_layout,
            in_scope=_always,
            in_nav=True,
        ),
    )
}


def page_roles(
    graph: Graph, page_size: int, case_pages: dict[str, PageRole] | None = None
) -> dict[str, PageRole]:
    """src_uri -> role of every page the plugin shows its data on. A hand-written page at the
    same path (the home page, say, or a custom cities/index.md) keeps its role but is not
    generated. `case_pages`: the case pages when known already (see case_page_roles)."""
    roles = dict(case_pages) if case_pages is not None else case_page_roles(graph)
    for kind in PAGE_KINDS.values():
        if kind.name != "case":
            roles.update(kind.pages(graph, page_size))
    return roles


def case_page_roles(graph: Graph) -> dict[str, PageRole]:
    """The case pages alone: the same while the published cases are (a rebuild under
    `mkdocs serve` keeps them when the graph was updated rather than made anew)."""
    return dict(PAGE_KINDS["case"].pages(graph, 0))


def page_meta(graph: Graph, role: PageRole) -> dict[str, Any]:
    """The front matter of a generated page: its template, title and description."""
    kind = PAGE_KINDS[role.kind]
    meta: dict[str, Any] = {"template": kind.template, "title": kind.title(graph, role)}
    description = kind.description(graph, role)
    if description is not None:
        meta["description"] = description
    return meta


def edit_scope(graphs: Iterable[Graph], changed: set[str]) -> EditScope:
    """The tags and metrics of the changed cases, before and after the edit, and the kinds
    whose index may order or group them differently."""
    graphs = list(graphs)
    scope = EditScope()
    for case_id in changed:
        places = [index_place(graph.cases.get(case_id)) for graph in graphs]
        if any(place != places[0] for place in places):
            scope.kinds.update(place[0] for place in places if place is not None)
    for graph in graphs:
        for case_id in changed:
            case = graph.all_cases.get(case_id)
            if case is not None:
                scope.tags.update(tag_slug(tag) for tag in case.fields.tags)
                scope.metrics.update(stat.metric for stat in case.fields.stats if stat.metric)
                scope.years.update(dated_years(case))
    return scope
