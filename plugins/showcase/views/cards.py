"""The pieces every page is made of: a link, an image, a stat card, a case card."""

from __future__ import annotations

from dataclasses import dataclass

from showcase.comparability import timeframe
from showcase.domain import KINDS, Case
from showcase.graph import Graph
from showcase.models import UNDATED, Stat
from showcase.output.images import Rendition
from showcase.routing import IMAGE_URL_PREFIX, case_url, metric_url

KIND_LABELS = {kind.name: kind.label for kind in KINDS.values()}
CARD_FIGURES = 2

Renditions = dict[str, Rendition]


@dataclass(frozen=True)
class Link:
    name: str
    url: str  # site-relative


@dataclass(frozen=True)
class MetricLink:
    label: str
    url: str  # its comparison page


@dataclass(frozen=True)
class Image:
    """A derived image: the smallest fallback as `src`, both `srcset`s, its intrinsic size and
    the large versions the lightbox opens."""

    src: str
    width: int
    height: int
    srcset: list[tuple[str, int]]
    webp_srcset: list[tuple[str, int]]
    large: str | None
    large_webp: str | None


@dataclass(frozen=True)
class ImageView:
    caption: str
    credit: str | None
    image: Image | None  # None while the photo has no derivatives (never in a built site)


@dataclass(frozen=True)
class StatView:
    figure: str  # as the contributor wrote it
    label: str
    year: int | None
    period: str | None  # what time the figure covers, in words (periods.Timeframe.label)
    measure: str | None  # what was counted: 培训, 评定, 奖励 …
    note: str | None
    source: Link | None
    metric: MetricLink | None


@dataclass(frozen=True)
class Card:
    """A case as a card on index pages and in relation lists."""

    id: str
    kind: str
    kind_label: str
    name: str
    url: str
    summary: str
    figures: list[StatView]
    cover: ImageView | None
    subtitle: str


def link(case: Case | None) -> Link | None:
    return Link(case.name, case_url(case)) if case else None


def image_view(rendition: Rendition | None, caption: str, credit: str | None) -> ImageView:
    """A gallery or cover image: both `srcset`s, the intrinsic size and the large version."""
    if rendition is None:
        return ImageView(caption, credit, None)
    by_format: dict[str, list] = {}
    for variant in rendition.variants:
        by_format.setdefault(variant.format, []).append(variant)
    webp = sorted(by_format.pop("webp", []), key=lambda v: v.width)
    fallback = sorted(next(iter(by_format.values()), []), key=lambda v: v.width)
    smallest = fallback[0] if fallback else webp[0]
    image = Image(
        src=IMAGE_URL_PREFIX + smallest.filename,
        width=smallest.width,
        height=smallest.height,
        srcset=[(IMAGE_URL_PREFIX + v.filename, v.width) for v in fallback],
        webp_srcset=[(IMAGE_URL_PREFIX + v.filename, v.width) for v in webp],
        large=IMAGE_URL_PREFIX + fallback[-1].filename if fallback else None,
        large_webp=IMAGE_URL_PREFIX + webp[-1].filename if webp else None,
    )
    return ImageView(caption, credit, image)


def stat_view(stat: Stat, graph: Graph) -> StatView:
    source = graph.get(stat.source)
    metric = graph.metrics.get(stat.metric or "")
    # A relative period (近两年, 累计) ends at the cited document's date.
    when = timeframe(stat, source.fields.date if source else None)
    return StatView(
        figure=stat.display,
        label=stat.label,
        year=stat.year,
        period=when.label if when else None,
        measure=stat.measure,
        note=stat.note,
        source=link(source),
        metric=MetricLink(metric.label, metric_url(stat.metric))
        if metric and stat.metric
        else None,
    )


def card_view(case: Case, graph: Graph, renditions: Renditions) -> Card:
    """A case's card: the same on every page that shows it, so made once per build (a case
    page shows about fifteen: its relations and its related cases)."""
    return graph.memo_reading(
        ("card", case.id, id(renditions)), lambda: _card_view(case, graph, renditions)
    )


def _card_view(case: Case, graph: Graph, renditions: Renditions) -> Card:
    graph.note(case)
    cover = case.cover_src
    return Card(
        id=case.id,
        kind=case.kind,
        kind_label=KIND_LABELS[case.kind],
        name=case.name,
        url=case_url(case),
        summary=case.summary,
        figures=[stat_view(stat, graph) for stat in case.fields.stats[:CARD_FIGURES]],
        cover=image_view(renditions.get(cover), case.name, None) if cover else None,
        subtitle=subtitle(case, graph),
    )


def card_fields(card: Card) -> dict:
    """A card's fields, to build a richer record on it (an index entry, a case page)."""
    return {name: getattr(card, name) for name in Card.__dataclass_fields__}


def place_label(case: Case) -> str:
    """What kind of place or body a case is, for figures set side by side: a city's level
    (地级市, 镇, 园区…), else its kind (企业, 劳模工匠, 出处)."""
    return case.fields.level if case.kind == "city" else KIND_LABELS[case.kind]


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
