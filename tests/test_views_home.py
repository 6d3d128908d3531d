"""views/home.py: the home page's counts, headline figures, featured cases and comparisons."""

from __future__ import annotations

from helpers import make_case, make_graph, mini_graph
from showcase.views.cards import Link
from showcase.views.case import CitedStat
from showcase.views.home import home_view


def test_home_view_of_the_mini_corpus() -> None:
    view = home_view(mini_graph(), {})
    assert view["counts"] == [
        {"kind": "city", "label": "城市", "url": "cities/", "count": 3},
        {"kind": "enterprise", "label": "企业", "url": "enterprises/", "count": 2},
        {"kind": "worker", "label": "劳模工匠", "url": "workers/", "count": 2},
        {"kind": "source", "label": "出处", "url": "sources/", "count": 2},
    ]
    # Each city's first figure, in the cities' order; hill-county has none.
    assert [(h.figure, h.label, h.case) for h in view["headline"]] == [
        ("18.3万人次", "职业技能培训", Link("江河市", "cities/river-city/")),
        ("近2万人次", "职业技能培训", Link("甲镇", "cities/town-a/")),
    ]
    assert all(isinstance(h, CitedStat) for h in view["headline"])
    assert [card.id for card in view["featured_workers"]] == ["wang-wu", "zhao-liu"]
    # Only cities without a parent: town-a sits under river-city.
    assert [card.id for card in view["cities"]] == ["hill-county", "river-city"]
    assert [(m["key"], len(m["rows"])) for m in view["comparisons"]] == [("skills-training", 2)]


def test_home_view_limits() -> None:
    view = home_view(mini_graph(), {}, headline_count=1, comparisons=0)
    assert [h.case.name for h in view["headline"]] == ["江河市"]
    assert view["comparisons"] == []


def test_home_view_shows_at_most_six_workers_and_eight_cities() -> None:
    graph = make_graph(
        *(make_case("city", f"city-{n:02}") for n in range(10)),
        *(make_case("worker", f"worker-{n:02}", city="city-00") for n in range(9)),
    )
    view = home_view(graph, {})
    assert [card.id for card in view["featured_workers"]] == [f"worker-{n:02}" for n in range(6)]
    assert [card.id for card in view["cities"]] == [f"city-{n:02}" for n in range(8)]
    assert view["counts"][2]["count"] == 9


def test_an_empty_site_has_an_empty_home_page() -> None:
    view = home_view(make_graph(), {})
    assert [count["count"] for count in view["counts"]] == [0, 0, 0, 0]
    assert (view["headline"], view["featured_workers"], view["cities"], view["comparisons"]) == (
        [],
        [],
        [],
        [],
    )


def test_home_view_reads_every_city_it_considers() -> None:
    graph = mini_graph()
    with graph.recording() as reads:
        home_view(graph, {})
    # A city gaining its first stat or losing its parent changes the home page.
    assert {"hill-county", "river-city", "town-a", "wang-wu", "zhao-liu"} <= reads
