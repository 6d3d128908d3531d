"""What each generated page shows, as plain data for the Jinja templates in site_src/overrides.

No HTML here: these functions decide what a page says; the templates decide how it looks. URLs
are site-relative (workers/ma-ben/); templates make them page-relative with the `url` filter.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any

from showcase.comparability import case_type, timeframe
from showcase.config import DEFAULT_PAGE_SIZE
from showcase.graph import Graph, StatRef, tag_slug
from showcase.images import Rendition
from showcase.links import WikiLink, replace_wikilinks
from showcase.loader import KINDS, Case
from showcase.models import UNDATED, Stat
from showcase.periods import KIND_DESCRIPTIONS

KIND_LABELS = {kind: label for kind, (_, _, label) in KINDS.items()}
IMAGE_URL_PREFIX = "assets/images/"
METRICS_FOLDER = "metrics"
CARD_FIGURES = 2

View = dict[str, Any]
Renditions = dict[str, Rendition]


# --- Markdown of generated pages -------------------------------------------------------------


def case_markdown(case: Case) -> str:
    """The page source MkDocs renders for a case: its body. A leading newline keeps a body that
    starts with `---` from being read as front matter."""
    return "\n" + case.front.body


def summary_of(case: Case) -> str:
    """The summary as written; a source may have none, so one is derived from its facts."""
    if case.fields.summary:
        return case.fields.summary
    fields = case.fields
    return f"{fields.publisher} {fields.date} 发布的《{fields.name}》。"


def resolve_wikilinks(markdown: str, page_src_uri: str, graph: Graph) -> str:
    """`[[id]]` and `[[id|text]]` become ordinary Markdown links to the case's page, so MkDocs
    checks and rewrites them like any other link. A draft is named but not linked."""

    def render(link: WikiLink) -> str:
        target = graph.get(link.target)
        known = target or graph.all_cases.get(link.target)
        text = link.text or (known.name if known else link.target)
        if target is None:
            return text
        href = posixpath.relpath(target.src_uri, posixpath.dirname(page_src_uri) or ".")
        return f"[{_escape_link_text(text)}]({href})"

    return replace_wikilinks(markdown, render)


def _escape_link_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


# --- Views -----------------------------------------------------------------------------------


def image_view(rendition: Rendition | None, caption: str, credit: str | None) -> View:
    """A gallery or cover image: both `srcset`s, the intrinsic size and the large version."""
    view: View = {"caption": caption, "credit": credit, "image": None}
    if rendition is None:
        return view
    by_format: dict[str, list] = {}
    for variant in rendition.variants:
        by_format.setdefault(variant.format, []).append(variant)
    webp = sorted(by_format.pop("webp", []), key=lambda v: v.width)
    fallback = sorted(next(iter(by_format.values()), []), key=lambda v: v.width)
    smallest = fallback[0] if fallback else webp[0]
    view["image"] = {
        "src": IMAGE_URL_PREFIX + smallest.filename,
        "width": smallest.width,
        "height": smallest.height,
        "srcset": [(IMAGE_URL_PREFIX + v.filename, v.width) for v in fallback],
        "webp_srcset": [(IMAGE_URL_PREFIX + v.filename, v.width) for v in webp],
        "large": IMAGE_URL_PREFIX + fallback[-1].filename if fallback else None,
        "large_webp": IMAGE_URL_PREFIX + webp[-1].filename if webp else None,
    }
    return view


def cover_src(case: Case) -> str | None:
    """The first gallery image, or for a worker the portrait."""
    portrait = getattr(case.fields, "portrait", None)
    if portrait:
        return portrait
    return case.fields.gallery[0].src if case.fields.gallery else None


def stat_view(stat: Stat, graph: Graph) -> View:
    source = graph.get(stat.source)
    metric = graph.metrics.get(stat.metric or "")
    # A relative period (近两年, 累计) ends at the cited document's date.
    when = timeframe(stat, source.fields.date if source else None)
    return {
        "figure": stat.display,
        "label": stat.label,
        "year": stat.year,
        "period": when.label if when else None,
        "measure": stat.measure,
        "note": stat.note,
        "source": {"name": source.name, "url": source.url} if source else None,
        "metric": {"label": metric.label, "url": metric_url(stat.metric)} if metric else None,
    }


def metric_url(key: str) -> str:
    return f"{METRICS_FOLDER}/{key}/"


def card_view(case: Case, graph: Graph, renditions: Renditions) -> View:
    """A case as a card on index pages and in relation lists."""
    graph.note(case)
    cover = cover_src(case)
    return {
        "id": case.id,
        "kind": case.kind,
        "kind_label": KIND_LABELS[case.kind],
        "name": case.name,
        "url": case.url,
        "summary": summary_of(case),
        "figures": [stat_view(stat, graph) for stat in case.fields.stats[:CARD_FIGURES]],
        "cover": image_view(renditions.get(cover), case.name, None) if cover else None,
        "subtitle": subtitle(case, graph),
    }


def subtitle(case: Case, graph: Graph) -> str:
    """One line placing the case: 江苏省 · 地级市, 煤炭 · 国有, 张双楼煤矿 · 岗位."""
    fields = case.fields
    if case.kind == "city":
        parts = [fields.province, fields.level]
    elif case.kind == "enterprise":
        parts = [fields.industry, fields.ownership]
    elif case.kind == "worker":
        place = graph.get(fields.enterprise) or graph.city_of(case)
        parts = [place.name if place else None, fields.position]
    else:
        parts = [fields.publisher, fields.date if fields.date != UNDATED else None]
    return " · ".join(part for part in parts if part)


def _link(case: Case | None) -> View | None:
    return {"name": case.name, "url": case.url} if case else None


def facts(case: Case, graph: Graph) -> list[View]:
    """The label/value lines at the top of a case page; a value may link to another case."""
    fields = case.fields
    rows: list[tuple[str, Any]] = []
    if case.kind == "city":
        rows += [
            ("省份", fields.province),
            ("行政级别", fields.level),
            ("上级", _link(graph.get(fields.parent))),
        ]
    elif case.kind == "enterprise":
        city = graph.get(fields.city)
        place = "所在地区" if city and city.fields.level == "省" else "所在城市"
        rows += [
            (place, _link(city)),
            ("行业", fields.industry),
            ("所有制", fields.ownership),
            ("所属集团", _link(graph.get(fields.parent))),
        ]
    elif case.kind == "worker":
        rows += [
            ("工作单位", _link(graph.get(fields.enterprise))),
            ("所在城市", _link(graph.city_of(case))),
            ("岗位", fields.position),
        ]
    else:
        rows += [
            ("发布单位", fields.publisher),
            ("日期", fields.date if fields.date != UNDATED else None),  # no date: say nothing
            ("期号", fields.issue),
            ("作者", "、".join(fields.authors) or None),
        ]
    if fields.updated:
        rows.append(("更新于", fields.updated.isoformat()))
    views = []
    for label, value in rows:
        if isinstance(value, dict):
            views.append({"label": label, "text": value["name"], "url": value["url"]})
        elif value:
            views.append({"label": label, "text": str(value), "url": None})
    return views


def related_sections(case: Case, graph: Graph, renditions: Renditions) -> list[View]:
    """Every relation shown back on this page, each a titled list of cards."""
    cards = _cards(graph, renditions)
    sections: list[tuple[str, list[Case]]] = []
    if case.kind == "city":
        sections += [
            ("下辖地区", graph.children[case.id]),
            ("企业", graph.enterprises_in[case.id]),
            ("劳模工匠", graph.workers_in[case.id]),
        ]
    elif case.kind == "enterprise":
        sections += [("成员企业", graph.members[case.id]), ("劳模工匠", graph.workers_at[case.id])]
    elif case.kind == "source":
        sections.append(("引用本出处的案例", graph.citing_cases[case.id]))
    # A case already listed above is not repeated among the pages that mention this one.
    listed = {item.id for _, items in sections for item in items}
    sections.append(
        ("提到本案例的页面", [c for c in graph.mentioned_by[case.id] if c.id not in listed])
    )
    return [{"title": title, "cards": cards(items)} for title, items in sections if items]


def _cards(graph: Graph, renditions: Renditions) -> Callable[[list[Case]], list[View]]:
    return lambda items: [card_view(item, graph, renditions) for item in items]


def cited_stats_view(refs: list[StatRef], graph: Graph) -> list[View]:
    """On a source's page: every stat that cites it, with the case it belongs to."""
    return [{"case": _link(graph.note(ref.case)), **stat_view(ref.stat, graph)} for ref in refs]


def case_view(case: Case, graph: Graph, renditions: Renditions) -> View:
    fields = case.fields
    portrait = getattr(fields, "portrait", None)
    return {
        **card_view(case, graph, renditions),
        "tags": [tag_link(tag) for tag in fields.tags],
        "facts": facts(case, graph),
        "url_external": getattr(fields, "url", None),
        "honors": [h.model_dump() for h in getattr(fields, "honors", [])],
        "portrait": image_view(renditions.get(portrait), fields.name, None) if portrait else None,
        "stats": [stat_view(stat, graph) for stat in fields.stats],
        "gallery": [
            image_view(renditions.get(item.src), item.caption, item.credit)
            for item in fields.gallery
        ],
        "sources": [_link(graph.get(s)) for s in dict.fromkeys(fields.sources) if graph.get(s)],
        "sections": related_sections(case, graph, renditions),
        "cited_stats": cited_stats_view(graph.citing_stats[case.id], graph),
    }


HONOR_ORDER = ("国家级", "省级", "市级", "企业级")
NO_HONOR = "其他"


def top_honor_level(case: Case) -> str:
    """A worker's highest honour level, for grouping the workers' index."""
    levels = {honor.level for honor in getattr(case.fields, "honors", [])}
    return next((level for level in HONOR_ORDER if level in levels), NO_HONOR)


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


def entry_view(case: Case, graph: Graph, renditions: Renditions) -> View:
    """A case on an index page: its card, where it sits in the hierarchy, and filter data."""
    card = card_view(case, graph, renditions)
    path = [parent.name for parent in ancestors(case, graph)]
    text = " ".join([case.name, card["subtitle"], card["summary"], *case.fields.tags, *path])
    return {
        **card,
        "depth": len(path),
        "path": path,
        "facet": facet_of(case),
        "filter_text": text.lower(),
        "tags": [tag_link(tag) for tag in case.fields.tags],
    }


def _tree_order(cases: list[Case], graph: Graph) -> list[Case]:
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


def _facet_order(kind: str, facets: dict[str, int]) -> list[str]:
    if kind == "worker":
        return [level for level in (*HONOR_ORDER, NO_HONOR) if level in facets]
    return sorted(facets)


def group_title(case: Case) -> str:
    """The group a case falls in on its kind's index page."""
    fields = case.fields
    if case.kind == "city":
        return fields.province
    if case.kind == "enterprise":
        return fields.industry
    if case.kind == "worker":
        return top_honor_level(case)
    return fields.publisher


def index_groups(kind: str, graph: Graph) -> list[tuple[str, list[Case]]]:
    """(group title, its cases) in the order the kind's index shows them: cities by province
    (each province as a hierarchy), enterprises by industry, workers by honour level, sources
    by publisher. Cheap: no card is computed, and once per build (every index page asks)."""
    return graph.memo(("index_groups", kind), lambda: _index_groups(kind, graph))


def _index_groups(kind: str, graph: Graph) -> list[tuple[str, list[Case]]]:
    grouped: dict[str, list[Case]] = {}
    for case in graph.of_kind(kind):
        grouped.setdefault(group_title(case), []).append(case)
    order = sorted(grouped)
    if kind == "worker":
        order = [level for level in (*HONOR_ORDER, NO_HONOR) if level in grouped]
    return [
        (title, _tree_order(grouped[title], graph) if kind == "city" else grouped[title])
        for title in order
    ]


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
    return _index_layout(kind, graph, page_size)[0]


def _index_layout(
    kind: str, graph: Graph, page_size: int
) -> tuple[list[list[Case]], dict[str, int]]:
    """The index's pages and the page each case is on, once per build (every page asks)."""

    def compute() -> tuple[list[list[Case]], dict[str, int]]:
        cases = [case for _, members in index_groups(kind, graph) for case in members]
        pages = chunk(cases, page_size)
        return pages, {case.id: number for number, chunk_ in enumerate(pages, 1) for case in chunk_}

    return graph.memo(("index_layout", kind, page_size), compute)


def index_page_src_uri(kind: str, page: int = 1) -> str:
    """Page 1 is the kind's folder index; page k is <folder>/index/<k>.md (the id "index" is
    reserved, so no case collides with it)."""
    folder = KINDS[kind][0]
    return f"{folder}/index.md" if page == 1 else f"{folder}/index/{page}.md"


def index_page_url(kind: str, page: int = 1) -> str:
    folder = KINDS[kind][0]
    return f"{folder}/" if page == 1 else f"{folder}/index/{page}/"


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
    pages, page_of_case = _index_layout(kind, graph, page_size)
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
        title = group_title(case)
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
    return {
        "kind": kind,
        "kind_label": KIND_LABELS[kind],
        "count": sum(len(cases) for cases in pages),
        "groups": views,
        "jump": jump,
        "facets": [
            {"value": value, "count": facets[value]} for value in _facet_order(kind, facets)
        ],
        "pager": pager_view(page, pages, lambda number: index_page_url(kind, number)),
    }


# --- Tags ------------------------------------------------------------------------------------

TAGS_FOLDER = "tags"


def tag_link(tag: str) -> View:
    return {"name": tag, "url": f"{TAGS_FOLDER}/{tag_slug(tag)}/"}


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


def tag_page_src_uri(tag: str, page: int = 1) -> str:
    slug = tag_slug(tag)
    return f"{TAGS_FOLDER}/{slug}.md" if page == 1 else f"{TAGS_FOLDER}/{slug}/{page}.md"


def tag_page_url(tag: str, page: int = 1) -> str:
    slug = tag_slug(tag)
    return f"{TAGS_FOLDER}/{slug}/" if page == 1 else f"{TAGS_FOLDER}/{slug}/{page}/"


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
        "tags": [{**tag_link(tag), "count": len(cases)} for tag, cases in all_tags(graph).items()]
    }


def home_view(
    graph: Graph, renditions: Renditions, headline_count: int = 6, comparisons: int = 2
) -> View:
    """Counts per kind, and the first figure of each city as headline figures."""
    headline = []
    for city in graph.of_kind("city"):
        if graph.note(city).fields.stats and len(headline) < headline_count:
            headline.append({"case": _link(city), **stat_view(city.fields.stats[0], graph)})
    return {
        "counts": [
            {
                "kind": kind,
                "label": KIND_LABELS[kind],
                "url": f"{folder}/",
                "count": len(graph.of_kind(kind)),
            }
            for kind, (folder, _, _) in KINDS.items()
        ],
        "headline": headline,
        "featured_workers": [card_view(c, graph, renditions) for c in graph.of_kind("worker")[:6]],
        "cities": [
            card_view(c, graph, renditions)
            for c in graph.of_kind("city")
            if not getattr(graph.note(c).fields, "parent", None)
        ][:8],
        "comparisons": [metric_view(key, graph) for key in _most_compared(graph)[:comparisons]],
    }


# --- Comparisons -----------------------------------------------------------------------------

QUALIFIER_WORDS = {"more": "以上", "nearly": "接近", "about": "约"}


def metric_rows(key: str, graph: Graph) -> list[View]:
    """Every published stat of a metric, largest first (ties by case name for a stable order).
    Each row says what the case is (地级市, 镇, 企业 …) and the period of its figure."""
    refs = sorted(
        graph.stats_by_metric[key],
        key=lambda ref: (-ref.stat.quantity.amount, ref.case.name, ref.index),
    )
    rows = []
    for ref in refs:
        source = graph.get(ref.stat.source)
        when = timeframe(ref.stat, source.fields.date if source else None)
        rows.append(
            {
                "case": _link(graph.note(ref.case)),
                "kind_label": KIND_LABELS[ref.case.kind],
                "case_type": case_type(ref.case.kind, ref.case.fields),
                "amount": ref.stat.quantity.amount,
                "amount_high": ref.stat.quantity.amount_high,
                "qualifier": QUALIFIER_WORDS.get(ref.stat.quantity.qualifier or ""),
                "period_key": when.key if when else None,
                "period_end": when.end if when else None,
                **stat_view(ref.stat, graph),
            }
        )
    return rows


def period_groups(rows: list[View], by_period: bool) -> list[list[View]]:
    """Rows that share a period, the latest first: a metric that states its kind of period
    only ever charts figures of the same time side by side. A metric that does not (written
    as the spec shows) keeps all its rows together; the lint warns when their periods differ.
    A row whose period cannot be placed in time stands alone."""
    if not by_period:
        return [rows] if rows else []
    groups: dict[object, list[View]] = {}
    for index, row in enumerate(rows):
        groups.setdefault(row["period_key"] or ("alone", index), []).append(row)
    return sorted(
        groups.values(),
        key=lambda group: (group[0]["period_key"] is None, -(group[0]["period_end"] or 0)),
    )


def bar_chart(
    rows: list[View],
    *,
    width: int = 360,
    figure_room: int = 96,
    label_height: int = 18,
    bar_height: int = 14,
    gap: int = 14,
) -> View:
    """Geometry of a bar chart drawn as SVG at build time (no JavaScript needed). Each row is
    the case's name over its bar, so names stay readable at phone width. A range is a solid
    bar to its low end and a lighter one to its high end."""
    top = max((row["amount_high"] or row["amount"] for row in rows), default=0)
    plot = width - figure_room
    row_height = label_height + bar_height + gap

    def scale(amount: Any) -> float:
        return round(max(float(amount) / float(top) * plot, 2.0), 1) if top else 2.0

    bars = []
    for index, row in enumerate(rows):
        low = scale(row["amount"])
        high = scale(row["amount_high"]) if row["amount_high"] is not None else low
        bars.append({**row, "y": index * row_height, "low": low, "high": high})
    return {
        "width": width,
        "height": max(len(rows) * row_height - gap, 0),
        "label_height": label_height,
        "bar_height": bar_height,
        "bars": bars,
    }


def metric_view(key: str, graph: Graph) -> View:
    metric = graph.metrics[key]
    rows = metric_rows(key, graph)
    groups = [
        {
            "key": f"{key}-{number}",
            "period": group[0]["period"] if metric.period else None,
            "rows": group,
            "chart": bar_chart(group),
        }
        for number, group in enumerate(period_groups(rows, metric.period is not None), 1)
    ]
    comparable = max(groups, key=lambda group: len(group["rows"]), default=None)
    return {
        "key": key,
        "label": metric.label,
        "unit": metric.unit,
        "measure": metric.measure,
        "period_kind": KIND_DESCRIPTIONS[metric.period] if metric.period else None,
        "applies_to": list(metric.applies_to),
        "description": metric.description,
        "url": metric_url(key),
        "rows": rows,
        "groups": groups,
        # The largest set of rows that may stand side by side; its chart is the metric's.
        "chart": comparable["chart"] if comparable else None,
        "compared": len(comparable["rows"]) if comparable else 0,
    }


def _most_compared(graph: Graph) -> list[str]:
    """Metrics with two comparable rows or more, the most compared first (as on metrics/)."""
    counts = {key: metric_view(key, graph)["compared"] for key in graph.metrics}
    return sorted((key for key in counts if counts[key] >= 2), key=lambda k: (-counts[k], k))


def metrics_index_view(graph: Graph) -> View:
    """Every metric with how many cases carry it; the most compared first."""
    views = [metric_view(key, graph) for key in graph.metrics]
    views.sort(key=lambda view: (-len(view["rows"]), view["key"]))
    return {"metrics": views}
