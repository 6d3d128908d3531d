"""views/cards.py: links, images, stat cards and case cards as the templates receive them."""

from __future__ import annotations

import pytest

from helpers import make_case, make_graph, mini_graph
from showcase.output.images import Rendition, Variant
from showcase.views.cards import (
    CARD_FIGURES,
    KIND_LABELS,
    Card,
    Image,
    ImageView,
    Link,
    MetricLink,
    StatView,
    card_fields,
    card_view,
    image_view,
    link,
    stat_view,
    subtitle,
)


def rendition(*variants: tuple[str, int, str]) -> Rendition:
    """A rendition of (file name, width, format) variants, 4:3."""
    made = tuple(Variant(name, width, width * 3 // 4, fmt) for name, width, fmt in variants)
    return Rendition("river/plant.jpg", made[-1].width, made[-1].height, made)


def test_kind_labels() -> None:
    assert KIND_LABELS == {
        "city": "城市",
        "enterprise": "企业",
        "worker": "劳模工匠",
        "source": "出处",
    }


def test_link() -> None:
    graph = mini_graph()
    assert link(graph.cases["wang-wu"]) == Link("王五", "workers/wang-wu/")
    assert link(None) is None


def test_image_view_gives_both_srcsets_smallest_first_and_the_large_versions() -> None:
    view = image_view(
        rendition(
            ("p-960.webp", 960, "webp"),
            ("p-480.jpeg", 480, "jpeg"),
            ("p-480.webp", 480, "webp"),
            ("p-960.jpeg", 960, "jpeg"),
        ),
        "江河钢厂生产场景",
        "通讯员 张三",
    )
    assert view == ImageView(
        "江河钢厂生产场景",
        "通讯员 张三",
        Image(
            src="assets/images/p-480.jpeg",
            width=480,
            height=360,
            srcset=[("assets/images/p-480.jpeg", 480), ("assets/images/p-960.jpeg", 960)],
            webp_srcset=[("assets/images/p-480.webp", 480), ("assets/images/p-960.webp", 960)],
            large="assets/images/p-960.jpeg",
            large_webp="assets/images/p-960.webp",
        ),
    )


def test_image_view_with_a_png_fallback_or_webp_alone() -> None:
    png = image_view(rendition(("m-480.png", 480, "png"), ("m-480.webp", 480, "webp")), "会", None)
    assert png.image is not None
    assert (png.image.src, png.image.large) == (
        "assets/images/m-480.png",
        "assets/images/m-480.png",
    )
    only_webp = image_view(rendition(("w-480.webp", 480, "webp")), "图", None)
    assert only_webp.image is not None
    assert only_webp.image.src == "assets/images/w-480.webp"
    assert (only_webp.image.srcset, only_webp.image.large) == ([], None)


def test_image_view_without_derivatives_keeps_its_caption() -> None:
    assert image_view(None, "说明", "摄影") == ImageView("说明", "摄影", None)


@pytest.mark.parametrize(
    ("kind", "fields", "cover"),
    [
        (
            "worker",
            {"city": "c", "portrait": "p.jpg", "gallery": [{"src": "g.jpg", "caption": "图"}]},
            "p.jpg",
        ),
        ("worker", {"city": "c", "gallery": [{"src": "g.jpg", "caption": "图"}]}, "g.jpg"),
        (
            "city",
            {"gallery": [{"src": "a.jpg", "caption": "甲"}, {"src": "b.jpg", "caption": "乙"}]},
            "a.jpg",
        ),
        ("city", {}, None),
    ],
)
def test_cover_is_the_portrait_else_the_first_gallery_image(
    kind: str, fields: dict, cover: str | None
) -> None:
    assert make_case(kind, "x", **fields).cover_src == cover


def test_stat_view_links_a_published_source_and_a_known_metric() -> None:
    graph = mini_graph()
    river = graph.cases["river-city"]
    assert stat_view(river.fields.stats[0], graph) == StatView(
        figure="18.3万人次",
        label="职业技能培训",
        year=2022,
        period="2022年",
        measure=None,
        note=None,
        source=Link("江河市产改工作报告", "sources/report-2024/"),
        metric=MetricLink("职业技能培训", "metrics/skills-training/"),
    )
    assert stat_view(river.fields.stats[3], graph) == StatView(
        "400000元", "奖励", None, None, None, None, None, None
    )
    assert stat_view(river.fields.stats[4], graph).note == "全年合计"


def test_stat_view_leaves_out_a_draft_source_and_an_undefined_metric() -> None:
    stat = {"label": "数", "value": "3人", "source": "hidden", "metric": "undefined"}
    graph = make_graph(
        make_case("source", "hidden", draft=True), make_case("city", "c", stats=[stat])
    )
    view = stat_view(graph.cases["c"].fields.stats[0], graph)
    assert (view.source, view.metric) == (None, None)


@pytest.mark.parametrize(
    ("case_id", "line"),
    [
        ("river-city", "江苏省 · 地级市"),
        ("steel-group", "钢铁 · 国有"),
        ("steel-plant", "钢铁"),  # no ownership given
        ("wang-wu", "甲镇钢厂 · 炼钢工"),
        ("zhao-liu", "山县"),  # no enterprise, no position
        ("report-2024", "江河市总工会 · 2024-06-24"),
        ("old-brief", "江河钢铁集团 · 2020-06"),
    ],
)
def test_subtitle(case_id: str, line: str) -> None:
    graph = mini_graph()
    assert subtitle(graph.cases[case_id], graph) == line


def test_subtitle_of_a_worker_at_a_draft_enterprise_is_its_city_and_of_an_undated_source() -> None:
    graph = make_graph(
        make_case("city", "town", name="某镇"),
        make_case("enterprise", "hidden", city="town", draft=True),
        make_case("worker", "w", enterprise="hidden", position="焊工"),
        make_case("source", "s", publisher="某报", date="未载明"),
    )
    assert subtitle(graph.cases["w"], graph) == "某镇 · 焊工"
    assert subtitle(graph.cases["s"], graph) == "某报"


def test_card_view_of_a_case() -> None:
    graph = mini_graph()
    river = graph.cases["river-city"]
    renditions = {"river/plant.jpg": rendition(("p-480.jpeg", 480, "jpeg"))}
    with graph.recording() as reads:
        card = card_view(river, graph, renditions)
    assert (card.id, card.kind, card.kind_label, card.name, card.url) == (
        "river-city",
        "city",
        "城市",
        "江河市",
        "cities/river-city/",
    )
    assert card.summary == river.summary and card.subtitle == "江苏省 · 地级市"
    assert [figure.figure for figure in card.figures] == ["18.3万人次", "1500—4000元"]
    assert len(card.figures) == CARD_FIGURES
    assert card.cover is not None and card.cover.caption == "江河市"
    assert card.cover.image is not None and card.cover.image.src == "assets/images/p-480.jpeg"
    assert reads == {"river-city", "report-2024"}  # the card's case and its figures' source


def test_card_view_without_a_photo_or_stats() -> None:
    graph = mini_graph()
    card = card_view(graph.cases["zhao-liu"], graph, {})
    assert (card.figures, card.cover) == ([], None)
    # A photo not derived (yet) still makes a cover with its caption.
    assert card_view(graph.cases["steel-plant"], graph, {}).cover == ImageView(
        "甲镇钢厂", None, None
    )


def test_card_fields_rebuild_the_card() -> None:
    graph = mini_graph()
    card = card_view(graph.cases["wang-wu"], graph, {})
    assert Card(**card_fields(card)) == card
    assert list(card_fields(card)) == list(Card.__dataclass_fields__)
