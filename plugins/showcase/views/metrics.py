"""Comparison pages: every stat of a metric side by side, as a table and a bar chart."""

from __future__ import annotations

from typing import Any

from showcase.graph import Graph
from showcase.routing import metric_url
from showcase.views.cards import KIND_LABELS, link, place_label, stat_view

View = dict[str, Any]
QUALIFIER_WORDS = {"more": "以上", "nearly": "接近", "about": "约"}


def metric_rows(key: str, graph: Graph) -> list[View]:
    """Every published stat of a metric, largest first (ties by case name for a stable order)."""
    refs = sorted(
        graph.stats_by_metric[key],
        key=lambda ref: (-ref.stat.quantity.amount, ref.case.name, ref.index),
    )
    return [
        {
            "case": link(graph.note(ref.case)),
            "kind_label": KIND_LABELS[ref.case.kind],
            "level": place_label(ref.case),  # 地级市, 镇, 企业…: what is being compared
            "amount": ref.stat.quantity.amount,
            "amount_high": ref.stat.quantity.amount_high,
            "qualifier": QUALIFIER_WORDS.get(ref.stat.quantity.qualifier or ""),
            **vars(stat_view(ref.stat, graph)),
        }
        for ref in refs
    ]


def bar_chart(
    rows: list[View],
    *,
    plot_share: float = 72.0,
    label_height: int = 18,
    bar_height: int = 14,
    gap: int = 14,
) -> View:
    """Geometry of a bar chart drawn as SVG at build time (no JavaScript needed). Bars are
    lengths in percent of the width the chart has (the longest is `plot_share`%, leaving room
    for its figure), rows are pixels, so the chart fills a phone or a desktop column with its
    text at one size. Each row is the case's name over its bar; a range is a solid bar to its
    low end and a lighter one to its high end."""
    top = max((row["amount_high"] or row["amount"] for row in rows), default=0)
    row_height = label_height + bar_height + gap

    def scale(amount: Any) -> float:
        return round(max(float(amount) / float(top) * plot_share, 0.5), 1) if top else 0.5

    bars = []
    for index, row in enumerate(rows):
        low = scale(row["amount"])
        high = scale(row["amount_high"]) if row["amount_high"] is not None else low
        bars.append({**row, "y": index * row_height, "low": low, "high": high})
    return {
        "height": max(len(rows) * row_height - gap, 0),
        "label_height": label_height,
        "bar_height": bar_height,
        "bars": bars,
    }


def metric_view(key: str, graph: Graph) -> View:
    metric = graph.metrics[key]
    rows = metric_rows(key, graph)
    return {
        "key": key,
        "label": metric.label,
        "unit": metric.unit,
        "url": metric_url(key),
        "rows": rows,
        "chart": bar_chart(rows),
        # Different kinds of place side by side (a prefecture city, a town, a mine) say so.
        "levels": list(dict.fromkeys(row["level"] for row in rows)),
    }


def metrics_index_view(graph: Graph) -> View:
    """Every metric with how many cases carry it; the most compared first."""
    views = [metric_view(key, graph) for key in graph.metrics]
    views.sort(key=lambda view: (-len(view["rows"]), view["key"]))
    return {"metrics": views}
