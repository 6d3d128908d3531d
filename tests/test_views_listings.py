"""views/listings.py: the pieces of an index page — ancestors, filter facets, entries — and the
tags overview. Paging, pagers and jump links are tested in test_paging.py."""

from __future__ import annotations

import pytest

from helpers import make_case, make_graph, mini_graph
from showcase.views.cards import Link
from showcase.views.listings import (
    Entry,
    ancestors,
    entry_view,
    facet_of,
    index_view,
    tag_view,
    tags_index_view,
)


def test_ancestors_nearest_last_and_only_published() -> None:
    graph = make_graph(
        make_case("city", "province-city", name="省城"),
        make_case("city", "hidden", name="草稿市", parent="province-city", draft=True),
        make_case("city", "county", name="县", parent="province-city"),
        make_case("city", "town", name="镇", parent="county"),
        make_case("city", "village", name="村", parent="hidden"),
    )
    assert [c.id for c in ancestors(graph.cases["town"], graph)] == ["province-city", "county"]
    assert ancestors(graph.cases["province-city"], graph) == []
    assert ancestors(graph.cases["village"], graph) == []  # its parent is a draft
    graph = mini_graph()
    assert [c.id for c in ancestors(graph.cases["steel-plant"], graph)] == ["steel-group"]


@pytest.mark.parametrize(
    ("kind", "fields", "facet"),
    [
        ("city", {"level": "县级市"}, "县级市"),
        ("enterprise", {"city": "c", "ownership": "民营"}, "民营"),
        ("enterprise", {"city": "c"}, "未注明"),
        ("worker", {"city": "c", "honors": [{"title": "a", "level": "省级"}]}, "省级"),
        ("worker", {"city": "c"}, "其他"),
        ("source", {}, None),  # sources are not filtered by category
    ],
)
def test_facet_of(kind: str, fields: dict, facet: str | None) -> None:
    assert facet_of(make_case(kind, "x", **fields)) == facet


def test_entry_view_places_the_case_and_gives_the_filter_its_text() -> None:
    graph = mini_graph()
    entry = entry_view(graph.cases["town-a"], graph, {})
    assert isinstance(entry, Entry)
    assert (entry.id, entry.name, entry.depth, entry.path, entry.facet) == (
        "town-a",
        "甲镇",
        1,
        ["江河市"],
        "镇",
    )
    assert entry.filter_text == "甲镇 江苏省 · 镇 江河市下辖的镇。 江河市"
    river = entry_view(graph.cases["river-city"], graph, {})
    assert river.tags == [Link("技能提升", "tags/技能提升/"), Link("权益保障", "tags/权益保障/")]
    assert river.filter_text.endswith("技能提升 权益保障")


def test_filter_text_is_lower_case() -> None:
    graph = make_graph(make_case("city", "ai", name="AI小镇", summary="Robot 产业。", tags=["VR"]))
    assert (
        entry_view(graph.cases["ai"], graph, {}).filter_text
        == "ai小镇 江苏省 · 地级市 robot 产业。 vr"
    )


def test_index_view_of_the_mini_workers() -> None:
    view = index_view("worker", mini_graph(), {})
    assert (view["kind"], view["kind_label"], view["count"]) == ("worker", "劳模工匠", 2)
    # One worker per honour level: a single sorted list, under no heading.
    assert [(g["title"], g["anchor"], [e.id for e in g["entries"]]) for g in view["groups"]] == [
        ("", "sc-group-1", ["wang-wu", "zhao-liu"]),
    ]
    # Facets in honour order, not alphabetical.
    assert view["facets"] == [{"value": "国家级", "count": 1}, {"value": "其他", "count": 1}]
    assert [(j["title"], j["count"], j["url"]) for j in view["jump"]] == [("", 2, "workers/")]


def test_index_view_groups_workers_by_honour_level() -> None:
    national = [{"title": "全国劳动模范", "level": "国家级"}]
    city_level = [{"title": "市劳动模范", "level": "市级"}]
    graph = make_graph(
        make_case("city", "c"),
        make_case("worker", "a", city="c"),
        make_case("worker", "b", city="c", honors=city_level),
        make_case("worker", "d", city="c", honors=national),
        make_case("worker", "e", city="c", honors=city_level),
        make_case("worker", "f", city="c", honors=national),
        make_case("worker", "g", city="c"),
    )
    view = index_view("worker", graph, {})
    assert [(g["title"], g["anchor"], [e.id for e in g["entries"]]) for g in view["groups"]] == [
        ("国家级", "sc-group-1", ["d", "f"]),
        ("市级", "sc-group-2", ["b", "e"]),
        ("其他", "sc-group-3", ["a", "g"]),
    ]
    assert view["facets"] == [
        {"value": "国家级", "count": 2},
        {"value": "市级", "count": 2},
        {"value": "其他", "count": 2},
    ]
    assert [(j["title"], j["count"], j["url"]) for j in view["jump"]] == [
        ("国家级", 2, "workers/"),
        ("市级", 2, "workers/"),
        ("其他", 2, "workers/"),
    ]


def test_index_view_facets_of_other_kinds_are_sorted() -> None:
    graph = make_graph(
        make_case("city", "c"),
        make_case("enterprise", "a", city="c", ownership="民营"),
        make_case("enterprise", "b", city="c", ownership="国有"),
        make_case("enterprise", "d", city="c"),
        make_case("enterprise", "e", city="c", ownership="国有"),
    )
    assert index_view("enterprise", graph, {})["facets"] == [
        {"value": "国有", "count": 2},
        {"value": "未注明", "count": 1},
        {"value": "民营", "count": 1},
    ]
    assert index_view("source", graph, {})["facets"] == []


def test_tag_view_sections_by_kind() -> None:
    graph = make_graph(
        make_case("worker", "w", city="c", tags=["安全"]),
        make_case("city", "c", tags=["安全"]),
        make_case("source", "s", tags=["安全"]),
    )
    view = tag_view("安全", graph, {})
    assert view["tag"] == "安全" and view["count"] == 3
    assert [(s["title"], [c.id for c in s["cards"]], s["continued"]) for s in view["sections"]] == [
        ("城市", ["c"], False),
        ("劳模工匠", ["w"], False),
        ("出处", ["s"], False),
    ]


def test_tags_index_view_most_used_first() -> None:
    graph = make_graph(
        make_case("city", "a", tags=["安全", "技能 提升"]),
        make_case("city", "b", tags=["技能 提升"]),
    )
    assert tags_index_view(graph) == {
        "tags": [
            {"name": "技能 提升", "url": "tags/技能-提升/", "count": 2},
            {"name": "安全", "url": "tags/安全/", "count": 1},
        ]
    }
    assert tags_index_view(make_graph()) == {"tags": []}
