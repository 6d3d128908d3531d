"""A case's own page: its facts, honours, stats, gallery, and every relation shown back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from showcase.domain import Case
from showcase.graph import Graph, StatRef
from showcase.models import UNDATED
from showcase.routing import tag_page_url
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


@dataclass(frozen=True)
class CitedStat(StatView):
    """On a source's page: a stat that cites it, with the case it belongs to."""

    case: Link | None


@dataclass(frozen=True)
class CaseView(Card):
    tags: list[Link]
    facts: list[Fact]
    url_external: str | None
    honors: list[dict[str, Any]]
    portrait: ImageView | None
    stats: list[StatView]
    gallery: list[ImageView]
    sources: list[Link]
    sections: list[Section]
    cited_stats: list[CitedStat]


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
    return [
        Section(title, [card_view(item, graph, renditions) for item in items])
        for title, items in sections
        if items
    ]


def cited_stats_view(refs: list[StatRef], graph: Graph) -> list[CitedStat]:
    return [
        CitedStat(**vars(stat_view(ref.stat, graph)), case=link(graph.note(ref.case)))
        for ref in refs
    ]


def case_view(case: Case, graph: Graph, renditions: Renditions) -> CaseView:
    fields = case.fields
    portrait = getattr(fields, "portrait", None)
    return CaseView(
        **card_fields(card_view(case, graph, renditions)),
        tags=[tag_link(tag) for tag in fields.tags],
        facts=facts(case, graph),
        url_external=getattr(fields, "url", None),
        honors=[h.model_dump() for h in getattr(fields, "honors", [])],
        portrait=image_view(renditions.get(portrait), fields.name, None) if portrait else None,
        stats=[stat_view(stat, graph) for stat in fields.stats],
        gallery=[
            image_view(renditions.get(item.src), item.caption, item.credit)
            for item in fields.gallery
        ],
        sources=[link(graph.get(s)) for s in dict.fromkeys(fields.sources) if graph.get(s)],
        sections=related_sections(case, graph, renditions),
        cited_stats=cited_stats_view(graph.citing_stats[case.id], graph),
    )
