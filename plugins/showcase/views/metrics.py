"""Comparison pages: every stat of a metric side by side, as a table and a bar chart."""

from __future__ import annotations

from typing import Any

from showcase.comparability import case_type, timeframe
from showcase.graph import Graph, StatRef
from showcase.periods import KIND_DESCRIPTIONS, Timeframe
from showcase.routing import metric_url
from showcase.views.cards import KIND_LABELS, link, stat_view

View = dict[str, Any]
QUALIFIER_WORDS = {"more": "以上", "nearly": "接近", "about": "约"}


def metric_rows(key: str, graph: Graph) -> list[View]:
    """Every published stat of a metric, largest first (ties by case name for a stable order).
    Each row says what the case is (地级市, 镇, 企业 …) and the period of its figure."""
    refs = sorted(
        graph.stats_by_metric[key],
        key=lambda ref: (-ref.stat.quantity.amount, ref.case.name, ref.index),
    )
    rows = []
    for ref in refs:
        when = stat_period(ref, graph)
        rows.append(
            {
                "case": link(graph.note(ref.case)),
                "kind_label": KIND_LABELS[ref.case.kind],
                "case_type": case_type(ref.case.kind, ref.case.fields),
                "amount": ref.stat.quantity.amount,
                "amount_high": ref.stat.quantity.amount_high,
                "qualifier": QUALIFIER_WORDS.get(ref.stat.quantity.qualifier or ""),
                "period_key": when.key if when else None,
                "period_end": when.end if when else None,
                **vars(stat_view(ref.stat, graph)),
            }
        )
    return rows


def stat_period(ref: StatRef, graph: Graph) -> Timeframe | None:
    """The period of a stat's figure, its source's date standing in when the stat names none."""
    source = graph.get(ref.stat.source)
    return timeframe(ref.stat, source.fields.date if source else None)


def period_group(period_key: object, index: int) -> object:
    """The group of the index-th row: its period, or a group of its own when it has none."""
    return period_key or ("alone", index)


def period_groups(rows: list[View], by_period: bool) -> list[list[View]]:
    """Rows that share a period, the latest first: a metric that states its kind of period
    only ever charts figures of the same time side by side. A metric that does not (written
    as the spec shows) keeps all its rows together; the lint warns when their periods differ.
    A row whose period cannot be placed in time stands alone."""
    if not by_period:
        return [rows] if rows else []
    groups: dict[object, list[View]] = {}
    for index, row in enumerate(rows):
        groups.setdefault(period_group(row["period_key"], index), []).append(row)
    return sorted(
        groups.values(),
        key=lambda group: (group[0]["period_key"] is None, -(group[0]["period_end"] or 0)),
    )


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
    groups = [
        {
            "key": f"{key}-{number}",
            "period": group[0]["period"] if metric.period else None,
            "rows": group,
            "chart": bar_chart(group),
        }
        for number, group in enumerate(period_groups(rows, metric.period is not None), 1)
    ]
    comparable = max(groups, key=lambda group: len(group["rows"]), default=None)
    return {
        "key": key,
        "label": metric.label,
        "unit": metric.unit,
        "measure": metric.measure,
        "period_kind": KIND_DESCRIPTIONS[metric.period] if metric.period else None,
        "applies_to": list(metric.applies_to),
        "description": metric.description,
        "url": metric_url(key),
        "rows": rows,
        "groups": groups,
        # The largest set of rows that may stand side by side; its chart is the metric's.
        "chart": comparable["chart"] if comparable else None,
        "compared": len(comparable["rows"]) if comparable else 0,
        # Different kinds of place side by side (a prefecture city, a town, a mine) say so.
        "levels": list(dict.fromkeys(row["case_type"] for row in rows)),
    }


def compared_count(key: str, graph: Graph) -> int:
    """metric_view(key)["compared"] without making the rows: the size of the metric's largest
    group of figures of one period (period_groups). The home page asks it of every metric on
    every rebuild under `mkdocs serve`; it reads the same cases and sources the rows would."""
    refs = graph.stats_by_metric[key]
    if not refs:
        return 0
    by_period = graph.metrics[key].period is not None
    sizes: dict[object, int] = {}
    for index, ref in enumerate(refs):
        graph.note(ref.case)
        when = stat_period(ref, graph)
        group = period_group(when.key if when else None, index) if by_period else None
        sizes[group] = sizes.get(group, 0) + 1
    return max(sizes.values())


def most_compared(graph: Graph) -> list[str]:
    """Metrics with two comparable rows or more, the most compared first (as on metrics/)."""
    counts = {key: compared_count(key, graph) for key in graph.metrics}
    return sorted((key for key in counts if counts[key] >= 2), key=lambda k: (-counts[k], k))


def metrics_index_view(graph: Graph) -> View:
    """Every metric with how many cases carry it; the most compared first."""
    views = [metric_view(key, graph) for key in graph.metrics]
    views.sort(key=lambda view: (-len(view["rows"]), view["key"]))
    return {"metrics": views}
