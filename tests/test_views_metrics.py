"""views/metrics.py: a metric's stats side by side, and the bar chart's geometry."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from helpers import make_case, make_graph, mini_graph
from showcase.graph import build_graph
from showcase.loading.loader import load_corpus
from showcase.tools import synth
from showcase.views.cards import Link
from showcase.views.metrics import (
    bar_chart,
    comparable_rows,
    compared_count,
    metric_rows,
    metric_view,
    metrics_index_view,
    most_compared,
)

METRICS = {"people": ("职工人数", "人"), "trained": ("培训", "人次"), "unused": ("未用", "元")}


def stat(value: str, metric: str = "people", **more: object) -> dict:
    return {"label": "职工", "value": value, "metric": metric, **more}


def graph_of_people():
    return make_graph(
        make_case(
            "city", "b-city", name="乙市", stats=[stat("约3000人"), stat("10人次", "trained")]
        ),
        make_case("city", "a-city", name="甲市", stats=[stat("3000人", year=2023)]),
        make_case("worker", "w", name="丙", city="a-city", stats=[stat("1万多人")]),
        make_case("enterprise", "e", name="丁厂", city="a-city", stats=[stat("200—500人")]),
        make_case("city", "hidden", draft=True, stats=[stat("9万人")]),
        metrics=METRICS,
    )


def test_metric_rows_largest_first_ties_by_name() -> None:
    rows = metric_rows("people", graph_of_people())
    assert [(r["case"], r["kind_label"], r["amount"], r["figure"]) for r in rows] == [
        (Link("丙", "workers/w/"), "劳模工匠", Decimal("10000"), "1万多人"),
        # A tie goes by name as text: 乙 (U+4E59) before 甲 (U+7532).
        (Link("乙市", "cities/b-city/"), "城市", Decimal("3000"), "约3000人"),
        (Link("甲市", "cities/a-city/"), "城市", Decimal("3000"), "3000人"),
        (Link("丁厂", "enterprises/e/"), "企业", Decimal("200"), "200—500人"),
    ]
    assert [r["qualifier"] for r in rows] == ["以上", "约", None, None]
    assert [r["amount_high"] for r in rows] == [None, None, None, Decimal("500")]
    assert rows[2]["year"] == 2023 and rows[2]["label"] == "职工"


def test_metric_rows_of_the_mini_corpus() -> None:
    rows = metric_rows("skills-training", mini_graph())
    assert [(r["case"].name, r["figure"], r["qualifier"], r["year"]) for r in rows] == [
        ("江河市", "18.3万人次", None, 2022),
        ("甲镇", "近2万人次", "接近", 2023),
    ]


@pytest.mark.parametrize(
    ("amounts", "lows", "highs", "height"),
    [
        # Bars are percentages of the chart's width: the longest is 72%, room for its figure.
        ([(100, None), (50, None), (0, None)], [72.0, 36.0, 0.5], [72.0, 36.0, 0.5], 124),
        ([(50, 100), (25, None)], [36.0, 18.0], [72.0, 18.0], 78),  # a range to its high end
        ([(1, None), (1000000, None)], [0.5, 72.0], [0.5, 72.0], 78),  # never thinner than 0.5%
        ([(0, None), (0, None)], [0.5, 0.5], [0.5, 0.5], 78),  # nothing to scale by
        ([(1, None), (3, None)], [24.0, 72.0], [24.0, 72.0], 78),
        ([], [], [], 0),
    ],
)
def test_bar_chart_geometry(
    amounts: list[tuple[int, int | None]], lows: list, highs: list, height: int
) -> None:
    rows = [
        {"amount": Decimal(a), "amount_high": None if h is None else Decimal(h)} for a, h in amounts
    ]
    chart = bar_chart(rows)
    assert [bar["low"] for bar in chart["bars"]] == lows
    assert [bar["high"] for bar in chart["bars"]] == highs
    # Each row is a label line over its bar; rows are 18 + 14 + 14 pixels apart.
    assert [bar["y"] for bar in chart["bars"]] == [46 * i for i in range(len(amounts))]
    assert (chart["height"], chart["label_height"], chart["bar_height"]) == (height, 18, 14)
    # No width in pixels: the chart takes the width of its column, on a phone or a desktop.
    assert set(chart) == {"height", "label_height", "bar_height", "bars"}


def test_bar_chart_keeps_the_rows_fields() -> None:
    rows = [{"amount": Decimal(5), "amount_high": None, "figure": "5人"}]
    assert bar_chart(rows, plot_share=100.0)["bars"] == [
        {
            "amount": Decimal(5),
            "amount_high": None,
            "figure": "5人",
            "y": 0,
            "low": 100.0,
            "high": 100.0,
        }
    ]


def test_metric_view() -> None:
    view = metric_view("people", graph_of_people())
    assert (view["key"], view["label"], view["unit"], view["url"]) == (
        "people",
        "职工人数",
        "人",
        "metrics/people/",
    )
    assert [row["figure"] for row in view["rows"]] == ["1万多人", "约3000人", "3000人", "200—500人"]
    assert [bar["figure"] for bar in view["chart"]["bars"]] == [
        row["figure"] for row in view["rows"]
    ]


def test_metrics_index_view_most_compared_first() -> None:
    views = metrics_index_view(graph_of_people())["metrics"]
    assert [(v["key"], len(v["rows"])) for v in views] == [
        ("people", 4),
        ("trained", 1),
        ("unused", 0),
    ]


def test_most_compared_metrics_need_two_stats() -> None:
    def stat(metric: str) -> dict:
        return {"label": "数", "value": "3人", "metric": metric}

    graph = make_graph(
        make_case("city", "a", stats=[stat("m-two"), stat("m-three"), stat("m-one")]),
        make_case("city", "b", stats=[stat("m-two"), stat("m-three"), stat("a-two")]),
        make_case("city", "c", stats=[stat("m-three"), stat("a-two")]),
        metrics={key: ("数", "人") for key in ("m-one", "m-two", "m-three", "a-two")},
    )
    # Most compared first; ties by key.
    assert most_compared(graph) == ["m-three", "a-two", "m-two"]


@pytest.mark.parametrize("corpus", ["shipped", "synthetic"])
def test_compared_count_is_the_views_count_and_reads_the_same_cases(corpus, tmp_path) -> None:
    """The home page counts every metric's comparable figures on each rebuild without making
    the rows; the count, and the cases it depends on, must be the full view's."""
    project = Path(__file__).parents[1] if corpus == "shipped" else tmp_path
    if corpus == "synthetic":
        synth.generate(tmp_path, cities=8, enterprises=20, workers=60, images=2, seed=3)
    loaded, problems = load_corpus(project, "content", "images")
    assert problems == []
    graph = build_graph(loaded)
    assert any(graph.stats_by_metric[key] for key in graph.metrics)
    for key in graph.metrics:
        with graph.recording() as counted:
            count = compared_count(key, graph)
        with graph.recording() as viewed:
            view = metric_view(key, graph)
        assert (key, count) == (key, view["compared"])
        assert counted == viewed
        # The home page's chart: the first rows of the view's largest group, and its size.
        with graph.recording() as charted:
            rows, total = comparable_rows(key, graph, 3)
        largest = max(view["groups"], key=lambda group: len(group["rows"]), default=None)
        assert (rows, total) == ((largest["rows"][:3], count) if largest else ([], 0))
        assert charted == viewed
