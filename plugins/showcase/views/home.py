"""The home page, a front page: a lead story, the latest updates, ways in by place, headline
figures that say whose they are, one comparison, the timeline's years and the open data."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from showcase.config import DEFAULT_PAGE_SIZE
from showcase.domain import KINDS, Case
from showcase.graph import Graph, StatRef
from showcase.routing import (
    HOME_UPDATES,
    case_url,
    index_groups,
    index_layout,
    index_page_url,
    latest_updates,
    place_counts,
    timeline,
    tree_order,
    year_page_url,
)
from showcase.views.cards import (
    KIND_LABELS,
    Card,
    Link,
    Renditions,
    StatView,
    card_view,
    link,
    place_label,
    stat_view,
    subtitle,
)
from showcase.views.listings import ancestors
from showcase.views.metrics import bar_chart, comparable_rows, metric_header, most_compared

LEAD_FIGURES = 3
UPDATES_SHOWN = 6
HEADLINE_FIGURES = 6
TIMELINE_YEARS = 4
FEATURED_WORKERS = 4


@dataclass(frozen=True)
class LeadStory:
    """The case the home page opens with: its card (cover, name, place, summary) and a few of
    its figures."""

    card: Card
    figures: list[StatView]
    featured: bool  # chosen in mkdocs.yml, rather than the latest updated


@dataclass(frozen=True)
class Update:
    """A line of 最新更新: which case, and when it was updated (a source: published)."""

    case: Link
    kind_label: str
    subtitle: str
    date: str
    verb: str  # 更新 or 发布


@dataclass(frozen=True)
class PlaceEntry:
    """A city among the ways in: its page, its level and how many enterprises and workers it
    has; a top-level city carries the counties, towns and parks under it."""

    name: str
    url: str
    level: str
    count: int
    below: list[PlaceEntry]
    more_below: int = 0  # places under it not shown (its own page lists them all)


@dataclass(frozen=True)
class Province:
    name: str
    url: str  # where the province starts on the cities' index
    count: int  # its cities, and the enterprises and workers in them
    places: list[PlaceEntry]  # its top-level cities, at most PLACES_SHOWN
    more_places: int = 0  # top-level cities not shown (the cities' index lists them all)


@dataclass(frozen=True)
class Headline(StatView):
    """A headline figure, led by whose figure it is (淮安市 · 地级市)."""

    case: Link
    owner_label: str  # the kind or level of its case: 地级市, 镇, 企业…


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    url: str
    count: int


@dataclass(frozen=True)
class YearLink:
    year: int
    url: str
    documents: int
    figures: int


@dataclass(frozen=True)
class HomeView:
    lead: LeadStory | None
    updates: list[Update]
    provinces: list[Province]
    headline: list[Headline]
    comparison: Any  # a metric's header and chart (views.home.home_comparison), or None
    kinds: list[KindCount]
    years: list[YearLink]  # the newest few
    year_span: str | None  # 2020—2024: the years the timeline covers
    metric_count: int  # comparable metrics
    workers: list[Card]


def lead_story(
    graph: Graph, renditions: Renditions, featured: str | None
) -> tuple[Case | None, bool]:
    """The featured case when mkdocs.yml names one; else the newest update that has a cover
    (a lead story wants its picture), else the newest update."""
    chosen = graph.get(featured)
    if chosen is not None:
        return chosen, True
    newest = [graph.note(case) for _, case in latest_updates(graph, HOME_UPDATES)]
    with_cover = [case for case in newest if case.cover_src in renditions]
    return (with_cover or newest or [None])[0], False


def updates_view(graph: Graph, shown: int, leaving_out: Case | None) -> list[Update]:
    updates = []
    for date, case in latest_updates(graph, HOME_UPDATES):
        if case is leaving_out or len(updates) == shown:
            continue
        graph.note(case)
        verb = "更新" if case.fields.updated else "发布"
        updates.append(
            Update(link(case), KIND_LABELS[case.kind], subtitle(case, graph), date, verb)
        )
    return updates


# At national scale a province has hundreds of cities, counties and towns: the home page shows
# the places with the most cases (in tree order) and says how many more there are, so its size
# does not grow with the corpus.
PLACES_SHOWN = 8
BELOW_SHOWN = 4


def _most_cases(entries: list[PlaceEntry], shown: int) -> list[PlaceEntry]:
    """The `shown` entries with the most cases under them, in their own order."""
    if len(entries) <= shown:
        return entries

    def weight(entry: PlaceEntry) -> int:
        return entry.count + sum(1 + below.count for below in entry.below)

    ranked = sorted(range(len(entries)), key=lambda i: (-weight(entries[i]), i))[:shown]
    return [entries[i] for i in sorted(ranked)]


def _shortened(entry: PlaceEntry) -> PlaceEntry:
    below = _most_cases(entry.below, BELOW_SHOWN)
    return replace(entry, below=below, more_below=len(entry.below) - len(below))


def provinces_view(graph: Graph, page_size: int = DEFAULT_PAGE_SIZE) -> list[Province]:
    """Ways in by place: each province with its cities (a county under its city), each with
    its count of enterprises and workers; a province links to where it starts on the cities'
    index when that index is grouped by province."""
    counts = place_counts(graph)
    by_province: dict[str, list[Case]] = {}
    for city in graph.of_kind("city"):
        by_province.setdefault(graph.note(city).fields.province, []).append(city)
    groups = index_groups("city", graph)
    _, page_of_case = index_layout("city", graph, page_size)
    anchors = {
        title: f"{index_page_url('city', page_of_case[cases[0].id])}#sc-group-{number}"
        for number, (title, cases) in enumerate(groups, 1)
        if title
    }
    provinces = []
    for name in sorted(by_province):
        places: list[PlaceEntry] = []
        count = 0
        for city in tree_order(by_province[name]):
            entry = PlaceEntry(city.name, case_url(city), city.fields.level, counts[city.id], [])
            count += 1 + entry.count
            # In tree order a county follows its city: it goes under the last top-level one.
            if ancestors(city, graph) and places:
                places[-1].below.append(entry)
            else:
                places.append(entry)
        url = anchors.get(name, index_page_url("city"))
        shown = [_shortened(place) for place in _most_cases(places, PLACES_SHOWN)]
        provinces.append(Province(name, url, count, shown, len(places) - len(shown)))
    return provinces


def headline_view(graph: Graph, count: int) -> list[Headline]:
    """A figure from each city, the cities first and the counties and towns after, each with a
    label no other headline figure has (so two 改革举措 do not sit side by side)."""
    cities = graph.of_kind("city")
    ordered = [c for c in cities if not c.fields.parent] + [c for c in cities if c.fields.parent]
    headline: list[Headline] = []
    used: set[str] = set()
    for city in ordered:
        if len(headline) == count:
            break
        graph.note(city)
        for stat in city.fields.stats:
            key = stat.metric or stat.label
            if key not in used:
                used.add(key)
                owner = link(city)
                assert owner is not None
                view = stat_view(stat, graph)
                headline.append(Headline(**vars(view), case=owner, owner_label=place_label(city)))
                break
    return headline


def years_view(graph: Graph, count: int) -> list[YearLink]:
    years = []
    for year, entries in list(timeline(graph).items())[:count]:
        figures = sum(isinstance(entry, StatRef) for entry in entries)
        years.append(YearLink(year, year_page_url(year), len(entries) - figures, figures))
    return years


def year_span(graph: Graph) -> str | None:
    years = list(timeline(graph))
    if not years:
        return None
    return str(years[0]) if len(years) == 1 else f"{years[-1]}—{years[0]}"


# The home page charts the most compared metric's highest figures only: at national scale a
# metric has hundreds of rows (its own page has them all).
CHART_ROWS = 8


def home_comparison(graph: Graph) -> Any:
    """The most compared metric's header (metric_header) and a chart of the CHART_ROWS highest
    figures of its largest comparable group, whose size `chart_total` says; only those rows
    are made (the home page is checked again after every edit under `mkdocs serve`). None
    without a compared metric."""
    compared = most_compared(graph)
    if not compared:
        return None
    rows, total = comparable_rows(compared[0], graph, CHART_ROWS)
    return {**metric_header(compared[0], graph), "chart": bar_chart(rows), "chart_total": total}


def home_view(
    graph: Graph,
    renditions: Renditions,
    featured: str | None = None,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> HomeView:
    lead_case, was_featured = lead_story(graph, renditions, featured)
    lead = None
    if lead_case is not None:
        figures = [stat_view(stat, graph) for stat in lead_case.fields.stats[:LEAD_FIGURES]]
        lead = LeadStory(card_view(lead_case, graph, renditions), figures, was_featured)
    return HomeView(
        lead=lead,
        updates=updates_view(graph, UPDATES_SHOWN, lead_case),
        provinces=provinces_view(graph, page_size),
        headline=headline_view(graph, HEADLINE_FIGURES),
        comparison=home_comparison(graph),
        kinds=[
            KindCount(kind.name, kind.label, f"{kind.folder}/", len(graph.of_kind(kind.name)))
            for kind in KINDS.values()
        ],
        years=years_view(graph, TIMELINE_YEARS),
        year_span=year_span(graph),
        metric_count=len(graph.metrics),
        workers=[
            card_view(graph.note(case), graph, renditions)
            for case in graph.of_kind("worker")[:FEATURED_WORKERS]
        ],
    )
