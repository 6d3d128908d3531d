"""A case's own page: its facts, honours, stats, gallery, and every relation shown back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from showcase.domain import Case
from showcase.graph import Graph, StatRef
from showcase.models import UNDATED, Honor
from showcase.related import neighbours, place_lists, tag_lists
from showcase.routing import HONOR_ORDER, tag_page_url, year_of_date, year_page_url
from showcase.views.cards import (
    Card,
    ImageView,
    Link,
    Renditions,
    StatView,
    card_fields,
    card_view,
    image_view,
    link,
    stat_view,
)

RELATED_SHOWN = 4  # cards per related list (the list's own page has them all)
# Jump links are short: a phone shows a few at a time.
SHORT_TITLES = {"提到本案例的页面": "提及本案例", "引用本出处的案例": "引用的案例"}


@dataclass(frozen=True)
class Fact:
    """A label/value line at the top of a case page; the value may link to another case."""

    label: str
    text: str
    url: str | None


@dataclass(frozen=True)
class Section:
    title: str
    cards: list[Card]
    anchor: str = ""  # the id of its heading, for the page's jump links
    more: Link | None = None  # the page listing all of them (for suggestions)


@dataclass(frozen=True)
class HonorView:
    title: str
    level: str | None
    year: int | None


@dataclass(frozen=True)
class StatGroup:
    """The stats of a case that cite one source (or none): the source is named once, above
    its cards, rather than on each."""

    source: Link | None
    publisher: str | None
    date: str | None
    stats: list[StatView]


@dataclass(frozen=True)
class Dated:
    """A line of a case's own timeline."""

    date: str  # 2024-06-24, 2020-06 or a year
    text: str
    link: Link | None


@dataclass(frozen=True)
class DatedYear:
    year: int
    url: str | None  # its page on the site's timeline, when this case puts it there
    entries: list[Dated]


@dataclass(frozen=True)
class JumpLink:
    anchor: str
    label: str


@dataclass(frozen=True)
class CitedStat(StatView):
    """On a source's page: a stat that cites it, with the case it belongs to."""

    case: Link | None


@dataclass(frozen=True)
class CaseView(Card):
    tags: list[Link]
    facts: list[Fact]
    url_external: str | None
    honors: list[HonorView]  # highest level first, then newest
    portrait: ImageView | None
    stats: list[StatView]
    stat_groups: list[StatGroup]  # the same stats, by source
    gallery: list[ImageView]
    sources: list[Link]
    sections: list[Section]  # every relation shown back
    related: list[Section]  # suggestions: same city, same group, shared tags
    cited_stats: list[CitedStat]
    dates: list[DatedYear]  # newest year first
    jump: list[JumpLink]  # the page's sections, in order


def tag_link(tag: str) -> Link:
    return Link(tag, tag_page_url(tag))


def facts(case: Case, graph: Graph) -> list[Fact]:
    fields = case.fields
    rows: list[tuple[str, Any]] = []
    if case.kind == "city":
        rows += [
            ("省份", fields.province),
            ("行政级别", fields.level),
            ("上级", link(graph.get(fields.parent))),
        ]
    elif case.kind == "enterprise":
        city = graph.get(fields.city)
        place = "所在地区" if city and city.fields.level == "省" else "所在城市"
        rows += [
            (place, link(city)),
            ("行业", fields.industry),
            ("所有制", fields.ownership),
            ("所属集团", link(graph.get(fields.parent))),
        ]
    elif case.kind == "worker":
        rows += [
            ("工作单位", link(graph.get(fields.enterprise))),
            ("所在城市", link(graph.city_of(case))),
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
        if isinstance(value, Link):
            views.append(Fact(label, value.name, value.url))
        elif value:
            views.append(Fact(label, str(value), None))
    return views


def related_sections(case: Case, graph: Graph, renditions: Renditions) -> list[Section]:
    """Every relation shown back on this page, each a titled list of cards."""
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
    shown = [(title, items) for title, items in sections if items]
    return [
        Section(title, [card_view(item, graph, renditions) for item in items], f"sc-rel-{n}")
        for n, (title, items) in enumerate(shown, 1)
    ]


def suggestions(case: Case, graph: Graph, renditions: Renditions, shown: set[str]) -> list[Section]:
    """Related cases (related.py): the neighbours of this case in its city's, group's or
    employer's lists, then the cases sharing most of its tags among its neighbours in each
    tag's list. A case already on the page (`shown`, this one included) is not suggested
    again, and none twice."""
    seen = set(shown)
    sections = []
    for number, related in enumerate(place_lists(case, graph), 1):
        picked = [other for other in neighbours(related.cases, case) if other.id not in seen]
        seen.update(other.id for other in picked)
        if picked:
            cards = [card_view(other, graph, renditions) for other in picked[:RELATED_SHOWN]]
            # Always the way to all of them: whether there are more than these depends on the
            # list's length, which an edit far from this case can change.
            more = link(related.owner)
            sections.append(Section(related.title, cards, f"sc-near-{number}", more))
    shared: dict[str, int] = {}
    for related in tag_lists(case, graph):
        for other in neighbours(related.cases, case):
            if other.id not in seen:
                shared[other.id] = shared.get(other.id, 0) + 1
    if shared:
        # Most shared tags first; ties in the order the tags' lists gave them (a stable sort).
        ranked = sorted(shared, key=lambda case_id: -shared[case_id])[:RELATED_SHOWN]
        cards = [card_view(graph.cases[case_id], graph, renditions) for case_id in ranked]
        sections.append(Section("主题相近", cards, "sc-near-tags"))
    return sections


def sorted_honors(honors: list[Honor]) -> list[HonorView]:
    """Highest level first (国家级, 省级, 市级, 企业级, then unstated), newest first within a
    level (undated after dated), and otherwise as written."""
    rank = {level: index for index, level in enumerate(HONOR_ORDER)}

    def key(item: tuple[int, Honor]) -> tuple[int, int, int]:
        index, honor = item
        level = rank.get(honor.level or "", len(HONOR_ORDER))
        return (level, -(honor.year or 0), index)

    return [
        HonorView(honor.title, honor.level, honor.year)
        for _, honor in sorted(enumerate(honors), key=key)
    ]


def stat_groups(case: Case, stats: list[StatView], graph: Graph) -> list[StatGroup]:
    """The case's stats (and their views, in the same order) by the published source they
    cite, in the order each source first appears; stats citing none come last."""
    grouped: dict[str | None, list[StatView]] = {}
    for stat, view in zip(case.fields.stats, stats, strict=True):
        source = graph.get(stat.source)
        grouped.setdefault(source.id if source else None, []).append(view)
    if None in grouped:
        grouped[None] = grouped.pop(None)
    groups = []
    for source_id, views in grouped.items():
        source = graph.get(source_id)
        dated = source is not None and year_of_date(source.fields.date) is not None
        groups.append(
            StatGroup(
                link(source),
                source.fields.publisher if source else None,
                source.fields.date if dated else None,
                views,
            )
        )
    return groups


def dated_entries(case: Case, graph: Graph) -> list[DatedYear]:
    """The case's own timeline: when the documents it draws on were published, the years of
    its figures and of a worker's honours. Undated things are left out, not guessed."""
    entries: list[tuple[int, Dated]] = []
    on_timeline: set[int] = set()  # years whose timeline page lists one of these entries
    source_ids = [*case.fields.sources, *(stat.source for stat in case.fields.stats)]
    if case.kind == "source":
        source_ids.insert(0, case.id)
    for source_id in dict.fromkeys(filter(None, source_ids)):
        source = graph.get(source_id)
        year = year_of_date(source.fields.date) if source else None
        if source is not None and year is not None:
            text = f"{source.fields.publisher}发布《{source.name}》"
            own = source is case
            entries.append((year, Dated(source.fields.date, text, None if own else link(source))))
            on_timeline.add(year)
    for honor in getattr(case.fields, "honors", []):
        if honor.year is not None:
            entries.append((honor.year, Dated(str(honor.year), f"获“{honor.title}”", None)))
    for stat in case.fields.stats:
        if stat.year is not None:
            text = f"{stat.label}：{stat.display}"
            entries.append((stat.year, Dated(str(stat.year), text, None)))
            on_timeline.add(stat.year)
    years: dict[int, list[Dated]] = {}
    for year, entry in sorted(entries, key=lambda item: -item[0]):  # stable within a year
        years.setdefault(year, []).append(entry)
    return [
        DatedYear(year, year_page_url(year) if year in on_timeline else None, items)
        for year, items in years.items()
    ]


def header_image(case: Case, renditions: Renditions) -> ImageView | None:
    """The photo beside the case's name: a worker's portrait, else its cover."""
    src = case.cover_src
    if not src:
        return None
    caption = case.fields.name if case.kind == "worker" else case.fields.gallery[0].caption
    return image_view(renditions.get(src), caption, None)


def jump_links(view: dict[str, Any], has_body: bool) -> list[JumpLink]:
    """The page's sections in order, for the jump links under its header."""
    links = []
    if view["honors"]:
        links.append(JumpLink("sc-honors", "荣誉"))
    if view["stat_groups"]:
        links.append(JumpLink("sc-stats", "数据"))
    if has_body:
        links.append(JumpLink("sc-body", "正文"))
    if view["gallery"]:
        links.append(JumpLink("sc-gallery", "图片"))
    links += [
        JumpLink(section.anchor, SHORT_TITLES.get(section.title, section.title))
        for section in view["sections"]
    ]
    if view["cited_stats"]:
        links.append(JumpLink("sc-cited", "引用的数据"))
    if view["dates"]:
        links.append(JumpLink("sc-dates", "时间"))
    if view["related"]:
        links.append(JumpLink("sc-related", "相关案例"))
    if view["sources"]:
        links.append(JumpLink("sc-sources", "出处"))
    return links


def cited_stats_view(refs: list[StatRef], graph: Graph) -> list[CitedStat]:
    return [
        CitedStat(**vars(stat_view(ref.stat, graph)), case=link(graph.note(ref.case)))
        for ref in refs
    ]


def case_view(case: Case, graph: Graph, renditions: Renditions) -> CaseView:
    fields = case.fields
    sections = related_sections(case, graph, renditions)
    stats = [stat_view(stat, graph) for stat in fields.stats]
    shown = {case.id} | {card.id for section in sections for card in section.cards}
    parts: dict[str, Any] = {
        "honors": sorted_honors(getattr(fields, "honors", [])),
        "stat_groups": stat_groups(case, stats, graph),
        "gallery": [
            image_view(renditions.get(item.src), item.caption, item.credit)
            for item in fields.gallery
        ],
        "sections": sections,
        "related": suggestions(case, graph, renditions, shown),
        "cited_stats": cited_stats_view(graph.citing_stats[case.id], graph),
        "dates": dated_entries(case, graph),
        "sources": [link(graph.get(s)) for s in dict.fromkeys(fields.sources) if graph.get(s)],
    }
    return CaseView(
        **card_fields(card_view(case, graph, renditions)),
        tags=[tag_link(tag) for tag in fields.tags],
        facts=facts(case, graph),
        url_external=getattr(fields, "url", None),
        portrait=header_image(case, renditions),
        stats=stats,
        jump=jump_links(parts, bool(case.front.body.strip())),
        **parts,
    )
