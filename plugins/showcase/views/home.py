"""The home page: counts per kind, headline figures, featured cases and two comparisons."""

from __future__ import annotations

from typing import Any

from showcase.domain import KINDS
from showcase.graph import Graph
from showcase.views.cards import Renditions, card_view, link, stat_view
from showcase.views.case import CitedStat
from showcase.views.metrics import metric_view, most_compared


def home_view(
    graph: Graph, renditions: Renditions, headline_count: int = 6, comparisons: int = 2
) -> dict[str, Any]:
    """Counts per kind, and the first figure of each city as headline figures."""
    headline = []
    for city in graph.of_kind("city"):
        if graph.note(city).fields.stats and len(headline) < headline_count:
            stat = stat_view(city.fields.stats[0], graph)
            headline.append(CitedStat(**vars(stat), case=link(city)))
    return {
        "counts": [
            {
                "kind": kind.name,
                "label": kind.label,
                "url": f"{kind.folder}/",
                "count": len(graph.of_kind(kind.name)),
            }
            for kind in KINDS.values()
        ],
        "headline": headline,
        "featured_workers": [card_view(c, graph, renditions) for c in graph.of_kind("worker")[:6]],
        "cities": [
            card_view(c, graph, renditions)
            for c in graph.of_kind("city")
            if not getattr(graph.note(c).fields, "parent", None)
        ][:8],
        "comparisons": [metric_view(key, graph) for key in most_compared(graph)[:comparisons]],
    }
