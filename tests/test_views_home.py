"""views/home.py: the home page's lead story, latest updates, ways in by place, headline
figures, comparison, counts, timeline years and featured workers. The shipped corpus's home
page is tested in test_front.py."""

from __future__ import annotations

from helpers import make_case, make_graph, mini_graph
from showcase.views.cards import Link
from showcase.views.home import (
    BELOW_SHOWN,
    CHART_ROWS,
    FEATURED_WORKERS,
    HEADLINE_FIGURES,
    PLACES_SHOWN,
    UPDATES_SHOWN,
    Headline,
    KindCount,
    YearLink,
    home_view,
)
from showcase.views.metrics import metric_view


def test_home_view_of_the_mini_corpus() -> None:
    view = home_view(mini_graph(), {})
    assert view.kinds == [
        KindCount("city", "城市", "cities/", 3),
        KindCount("enterprise", "企业", "enterprises/", 2),
        KindCount("worker", "劳模工匠", "workers/", 2),
        KindCount("source", "出处", "sources/", 2),
    ]
    # No featured case: the lead is the newest update, and is not repeated among the updates.
    assert (view.lead.card.id, view.lead.featured) == ("river-city", False)
    assert [f.figure for f in view.lead.figures] == ["18.3万人次", "1500—4000元", "2万多人"]
    assert [(u.case.name, u.date, u.verb) for u in view.updates] == [
        ("江河市产改工作报告", "2024-06-24", "发布"),
        ("集团产改简报", "2020-06", "发布"),
    ]
    # A figure from each city, each with a measure no other headline figure has: town-a's only
    # figure is of the same metric as river-city's; hill-county has none.
    assert [(h.figure, h.label, h.case, h.owner_label) for h in view.headline] == [
        ("18.3万人次", "职业技能培训", Link("江河市", "cities/river-city/"), "地级市")
    ]
    assert all(isinstance(h, Headline) for h in view.headline)
    assert [card.id for card in view.workers] == ["wang-wu", "zhao-liu"]
    # Ways in by place: provinces, their top-level cities, town-a under river-city; each
    # counts its enterprises and workers (a province: its cities too).
    assert [
        (p.name, p.count, [(c.name, c.count, [b.name for b in c.below]) for c in p.places])
        for p in view.provinces
    ] == [
        ("安徽省", 2, [("山县", 1, [])]),
        ("江苏省", 5, [("江河市", 1, ["甲镇"])]),
    ]
    # The cities' index is one list (see test_routing.py): the provinces link to its start.
    assert [p.url for p in view.provinces] == ["cities/", "cities/"]
    # The chart of its two figures (the home page makes no other row of the metric).
    comparison = view.comparison
    assert (comparison["key"], comparison["chart_total"]) == ("skills-training", 2)
    assert [bar["case"].name for bar in comparison["chart"]["bars"]] == ["江河市", "甲镇"]
    assert "rows" not in comparison
    assert view.years == [
        YearLink(2024, "timeline/2024/", 1, 0),
        YearLink(2023, "timeline/2023/", 0, 1),
        YearLink(2022, "timeline/2022/", 0, 1),
        YearLink(2020, "timeline/2020/", 1, 0),
    ]
    assert (view.year_span, view.metric_count) == ("2020—2024", 1)


def test_home_view_featured_case_and_page_size() -> None:
    graph = mini_graph()
    view = home_view(graph, {}, featured="report-2024")
    assert (view.lead.card.id, view.lead.featured) == ("report-2024", True)
    assert [u.case.url for u in view.updates] == ["cities/river-city/", "sources/old-brief/"]
    # A draft (or unknown) featured case is no lead story (the build reports it).
    for featured in ("draft-worker", "no-such-case"):
        lead = home_view(graph, {}, featured=featured).lead
        assert (lead.card.id, lead.featured) == ("river-city", False)
    # Where the cities' index is grouped, a province links to where it starts, on its page.
    cities = make_graph(
        *(make_case("city", f"a{n}", province="安徽省") for n in (1, 2)),
        *(make_case("city", f"j{n}", province="江苏省") for n in (1, 2)),
    )
    assert [p.url for p in home_view(cities, {}).provinces] == [
        "cities/#sc-group-1",
        "cities/#sc-group-2",
    ]
    assert [p.url for p in home_view(cities, {}, page_size=2).provinces] == [
        "cities/#sc-group-1",
        "cities/index/2/#sc-group-2",
    ]


def test_home_view_limits_its_headline_updates_and_workers() -> None:
    graph = make_graph(
        *(
            make_case(
                "city",
                f"city-{n:02}",
                updated=f"2024-01-{n + 1:02}",
                stats=[{"label": f"数据{n}", "value": f"{n}人"}],
            )
            for n in range(10)
        ),
        *(make_case("worker", f"worker-{n:02}", city="city-00") for n in range(9)),
    )
    view = home_view(graph, {})
    assert (FEATURED_WORKERS, UPDATES_SHOWN, HEADLINE_FIGURES) == (4, 6, 6)
    assert [card.id for card in view.workers] == [f"worker-{n:02}" for n in range(4)]
    # Newest first: city-09 leads, the next six are the updates.
    assert view.lead.card.id == "city-09"
    assert [u.case.url for u in view.updates] == [f"cities/city-{n:02}/" for n in range(8, 2, -1)]
    assert [h.case.name for h in view.headline] == [f"city-{n:02}" for n in range(6)]
    # At most PLACES_SHOWN cities of a province, those with the most cases, in their order;
    # the rest are counted (the cities' index lists them all).
    [province] = view.provinces
    assert PLACES_SHOWN == 8
    assert [place.name for place in province.places] == [f"city-{n:02}" for n in range(8)]
    assert province.more_places == 2 and province.count == 10 + 9
    assert view.kinds[2].count == 9


def test_an_empty_site_has_an_empty_home_page() -> None:
    view = home_view(make_graph(), {})
    assert [kind.count for kind in view.kinds] == [0, 0, 0, 0]
    assert (view.lead, view.comparison, view.year_span, view.metric_count) == (None, None, None, 0)
    assert (view.updates, view.headline, view.workers, view.provinces, view.years) == (
        [],
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


def test_the_ways_in_stay_short_however_many_places_a_province_has() -> None:
    """At national scale a province has hundreds of places: the home page shows the busiest."""
    graph = make_graph(
        *(make_case("city", f"city-{n:02}", province="江苏省") for n in range(20)),
        *(make_case("city", f"town-{n:02}", province="江苏省", parent="city-19") for n in range(9)),
        *(make_case("worker", f"w-{n}", city="town-05") for n in range(3)),
        *(make_case("worker", f"v-{n}", city="city-03") for n in range(2)),
    )
    [province] = home_view(graph, {}).provinces
    names = [place.name for place in province.places]
    # city-19 (nine towns, three workers below) and city-03 (two workers) come first by
    # weight, shown in tree order with the first others.
    assert len(names) == PLACES_SHOWN and {"city-19", "city-03"} <= set(names)
    assert names == sorted(names)
    assert province.more_places == 20 - PLACES_SHOWN
    [big] = [place for place in province.places if place.name == "city-19"]
    assert len(big.below) == BELOW_SHOWN and big.more_below == 9 - BELOW_SHOWN
    # The town with workers and the first others, in tree order.
    assert [b.name for b in big.below] == ["town-00", "town-01", "town-02", "town-05"]


def test_the_home_chart_shows_the_highest_figures_of_a_long_comparison() -> None:
    graph = make_graph(
        *(
            make_case(
                "city", f"c{n:02}", stats=[{"label": "人数", "value": f"{n}人", "metric": "m"}]
            )
            for n in range(1, 13)
        ),
        metrics={"m": ("人数", "人")},
    )
    comparison = home_view(graph, {}).comparison
    assert CHART_ROWS == 8
    # All twelve are comparable, and the metric's own page has them all.
    assert comparison["chart_total"] == 12 and len(metric_view("m", graph)["rows"]) == 12
    assert [bar["figure"] for bar in comparison["chart"]["bars"]] == [
        f"{n}人" for n in range(12, 4, -1)
    ]
