"""Listing pages: a kind's index (grouped, filterable, paged), a tag's page, the tags."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from showcase.config import DEFAULT_PAGE_SIZE
from showcase.domain import KINDS, Case
from showcase.graph import Graph
from showcase.routing import (
    HONOR_ORDER,
    NO_HONOR,
    all_tags,
    group_title,
    index_groups,
    index_layout,
    index_page_url,
    tag_page_url,
    tag_pages,
    top_honor_level,
    tree_order,
)
from showcase.views.cards import KIND_LABELS, Card, Link, Renditions, card_fields, card_view
from showcase.views.case import tag_link

View = dict


@dataclass(frozen=True)
class Entry(Card):
    """A case on an index page: its card, where it sits in the hierarchy, and filter data."""

    depth: int
    path: list[str]
    facet: str | None
    filter_text: str
    tags: list[Link]
    province: str | None  # of its city, for the place filter
    places: list[str]  # the ids of its city and the cities above it, for the place filter


@dataclass(frozen=True)
class PlaceOption:
    """A city the place filter offers: its id, name and province; `depth` indents a county
    under its city."""

    id: str
    name: str
    province: str
    depth: int


# The kinds whose index filters by province and city (a city's index is grouped by province).
PLACE_FILTERED = ("enterprise", "worker")


def ancestors(case: Case, graph: Graph) -> list[Case]:
    """Published parents, nearest last: [江阴市] for 祝塘镇. Cycles are rejected by the loader."""
    chain: list[Case] = []
    parent = graph.get(getattr(case.fields, "parent", None))
    while parent is not None and parent not in chain:
        chain.insert(0, parent)
        parent = graph.get(getattr(parent.fields, "parent", None))
    return chain


def facet_of(case: Case) -> str | None:
    """The value an index page's filter buttons select by."""
    fields = case.fields
    if case.kind == "city":
        return fields.level
    if case.kind == "enterprise":
        return fields.ownership or "未注明"
    if case.kind == "worker":
        return top_honor_level(case)
    return None


def place_chain(case: Case, graph: Graph) -> list[Case]:
    """An enterprise's or worker's city and the cities above it, nearest first."""
    city = graph.city_of(case) if case.kind in PLACE_FILTERED else None
    return [city, *reversed(ancestors(city, graph))] if city is not None else []


def entry_view(case: Case, graph: Graph, renditions: Renditions) -> Entry:
    card = card_view(case, graph, renditions)
    path = [parent.name for parent in ancestors(case, graph)]
    places = place_chain(case, graph)
    text = " ".join(
        [
            case.name,
            card.subtitle,
            card.summary,
            *case.fields.tags,
            *path,
            *(c.name for c in places),
        ]
    )
    return Entry(
        **card_fields(card),
        depth=len(path),
        path=path,
        facet=facet_of(case),
        filter_text=text.lower(),
        tags=[tag_link(tag) for tag in case.fields.tags],
        province=places[0].fields.province if places else None,
        places=[city.id for city in places],
    )


def place_options(entries: list[Entry], graph: Graph) -> list[PlaceOption]:
    """The cities the entries are in (and the cities above them), by province, each province
    as a hierarchy."""
    ids = {city_id for entry in entries for city_id in entry.places}
    cities = [city for city in graph.of_kind("city") if city.id in ids]
    by_province: dict[str, list[Case]] = {}
    for city in cities:
        by_province.setdefault(city.fields.province, []).append(city)
    return [
        PlaceOption(city.id, city.name, province, len(ancestors(city, graph)))
        for province in sorted(by_province)
        for city in tree_order(by_province[province])
    ]


def _facet_order(kind: str, facets: dict[str, int]) -> list[str]:
    if kind == "worker":
        return [level for level in (*HONOR_ORDER, NO_HONOR) if level in facets]
    return sorted(facets)


def _page_of(pages: list[list[Case]], page: int) -> list[Case]:
    if not 1 <= page <= len(pages):
        raise ValueError(f"page {page} does not exist (there are {len(pages)})")
    return pages[page - 1]


def pager_view(page: int, pages: list[list[Case]], url: Callable[[int], str]) -> View:
    """Where a page sits among its pages: links to the previous and next page and to the page
    numbers worth showing (first, last, current ±2; a gap hiding one page shows it instead),
    and which entries of the whole list this page holds."""
    count = len(pages)
    numbers = sorted({1, count, *range(max(1, page - 2), min(count, page + 2) + 1)})
    items: list[View] = []
    for number in numbers:
        previous = items[-1]["number"] if items else number
        if number - previous == 2:
            items.append(_pager_item(number - 1, page, url))
        elif number - previous > 2:
            items.append({"number": None, "url": None, "current": False, "gap": True})
        items.append(_pager_item(number, page, url))
    first = sum(len(p) for p in pages[: page - 1])
    return {
        "page": page,
        "pages": count,
        "prev": url(page - 1) if page > 1 else None,
        "next": url(page + 1) if page < count else None,
        "numbers": items,
        "shown": len(pages[page - 1]),
        "first": first + 1 if pages[page - 1] else first,
        "last": first + len(pages[page - 1]),
        "total": sum(len(p) for p in pages),
    }


def _pager_item(number: int, page: int, url: Callable[[int], str]) -> View:
    return {"number": number, "url": url(number), "current": number == page, "gap": False}


def index_view(
    kind: str,
    graph: Graph,
    renditions: Renditions,
    page: int = 1,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> View:
    """One page of a kind's index: its entries, grouped (a group split over two pages has its
    heading on both), the values the filter offers with their counts on this page, a jump link
    to where every group of the kind starts, and the pager."""
    groups = index_groups(kind, graph)
    pages, page_of_case = index_layout(kind, graph, page_size)
    jump = [
        {
            "title": title,
            "count": len(cases),
            "anchor": f"sc-group-{number}",
            "url": index_page_url(kind, page_of_case[cases[0].id]),
            "here": page_of_case[cases[0].id] == page,
        }
        for number, (title, cases) in enumerate(groups, 1)
    ]
    group_of = {group["title"]: group for group in jump}
    # The page's cases are in group order, so each group's share is one run of them.
    views: list[View] = []
    facets: dict[str, int] = {}
    for case in _page_of(pages, page):
        title = group_title(case, graph)
        if not views or views[-1]["title"] != title:
            group = group_of[title]
            views.append(
                {
                    "title": title,
                    "anchor": group["anchor"],
                    "continued": not group["here"],  # it started on an earlier page
                    "entries": [],
                }
            )
        views[-1]["entries"].append(entry_view(case, graph, renditions))
        facet = facet_of(case)
        if facet:
            facets[facet] = facets.get(facet, 0) + 1
    entries = [entry for group in views for entry in group["entries"]]
    places = place_options(entries, graph) if kind in PLACE_FILTERED else []
    return {
        "kind": kind,
        "kind_label": KIND_LABELS[kind],
        "count": sum(len(cases) for cases in pages),
        "groups": views,
        "provinces": sorted({place.province for place in places}),
        "places": places,
        "jump": jump,
        "facets": [
            {"value": value, "count": facets[value]} for value in _facet_order(kind, facets)
        ],
        "pager": pager_view(page, pages, lambda number: index_page_url(kind, number)),
    }


def tag_view(
    tag: str,
    graph: Graph,
    renditions: Renditions,
    page: int = 1,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> View:
    """One page of a tag's cases, by kind (a kind split over two pages has its heading on
    both), and the pager."""
    pages = tag_pages(tag, graph, page_size)
    shown = _page_of(pages, page)
    before = {case.kind for cases in pages[: page - 1] for case in cases}
    sections = []
    for kind in KINDS:
        cards = [card_view(case, graph, renditions) for case in shown if case.kind == kind]
        if cards:
            sections.append(
                {"title": KIND_LABELS[kind], "continued": kind in before, "cards": cards}
            )
    return {
        "tag": tag,
        "count": sum(len(cases) for cases in pages),
        "sections": sections,
        "pager": pager_view(page, pages, lambda number: tag_page_url(tag, number)),
    }


def tags_index_view(graph: Graph) -> View:
    return {
        "tags": [
            {"name": tag, "url": tag_link(tag).url, "count": len(cases)}
            for tag, cases in all_tags(graph).items()
        ]
    }
