"""Comparison pages: every stat of a metric side by side, as a table and a bar chart."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from showcase.comparability import case_type, timeframe
from showcase.graph import Graph, StatRef
from showcase.periods import KIND_DESCRIPTIONS, Timeframe
from showcase.routing import kept, metric_url
from showcase.views.cards import KIND_LABELS, link, stat_view

View = dict[str, Any]
QUALIFIER_WORDS = {"more": "以上", "nearly": "接近", "about": "约"}


def metric_rows(key: str, graph: Graph) -> list[View]:
    """Every published stat of a metric, largest first (ties by case name for a stable order).
    Each row says what the case is (地级市, 镇, 企业 …) and the period of its figure."""
    return [metric_row(ref, graph) for ref in sorted_refs(key, graph)]


def sorted_refs(key: str, graph: Graph) -> list[StatRef]:
    """A metric's stats in the order of its rows."""
    return sorted(
        graph.stats_by_metric[key],
        key=lambda ref: (-ref.stat.quantity.amount, ref.case.name, ref.index),
    )


def metric_row(ref: StatRef, graph: Graph) -> View:
    when = stat_period(ref, graph)
    return {
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


def stat_period(ref: StatRef, graph: Graph) -> Timeframe | None:
    """The period of a stat's figure, placed in time with its source's date; kept with the
    case's file version for that date (every rebuild under `mkdocs serve` asks it of every
    compared figure, for the home page)."""
    source = graph.get(ref.stat.source)
    published = source.fields.date if source else None
    periods = kept(ref.case, "stat_periods", lambda case: {})
    key = (ref.index, published)
    if key not in periods:
        periods[key] = timeframe(ref.stat, published)
    return periods[key]


Placed = tuple[object, int | None]  # a period's key (None: cannot be placed) and its end year


def _row_placed(row: View) -> Placed:
    return row["period_key"], row["period_end"]


def period_groups(
    rows: list[Any], by_period: bool, placed: Callable[[Any], Placed] = _row_placed
) -> list[list[Any]]:
    """Rows that share a period, the latest first: a metric that states its kind of period
    only ever charts figures of the same time side by side. A metric that does not (written
    as the spec shows) keeps all its rows together; the lint warns when their periods differ.
    A row whose period cannot be placed in time stands alone. `placed` tells a row's period
    (rows of metric_rows by default; stats, for what needs no rows)."""
    if not by_period:
        return [rows] if rows else []
    groups: dict[object, list[Any]] = {}
    for index, row in enumerate(rows):
        groups.setdefault(placed(row)[0] or ("alone", index), []).append(row)

    def latest_first(group: list[Any]) -> tuple[bool, int]:
        period_key, period_end = placed(group[0])
        return period_key is None, -(period_end or 0)

    return sorted(groups.values(), key=latest_first)


def _stat_groups(refs: list[StatRef], key: str, graph: Graph) -> list[list[StatRef]]:
    """period_groups of a metric's stats, reading each one's case and source as its row would
    (its figure counts, its source dates it)."""
    placed = [(graph.note(ref.case), stat_period(ref, graph), ref) for ref in refs]
    groups = period_groups(
        placed,
        graph.metrics[key].period is not None,
        lambda item: (item[1].key, item[1].end) if item[1] else (None, None),
    )
    return [[ref for _, _, ref in group] for group in groups]


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


def metric_header(key: str, graph: Graph) -> View:
    """What a metric is, as its page and the home page's comparison head it."""
    metric = graph.metrics[key]
    return {
        "key": key,
        "label": metric.label,
        "unit": metric.unit,
        "measure": metric.measure,
        "period_kind": KIND_DESCRIPTIONS[metric.period] if metric.period else None,
        "applies_to": list(metric.applies_to),
        "description": metric.description,
        "url": metric_url(key),
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
        **metric_header(key, graph),
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
    group of figures of one period. The home page asks it of every metric on every rebuild
    under `mkdocs serve`; it reads the same cases and sources the rows would."""
    groups = _stat_groups(graph.stats_by_metric[key], key, graph)
    return max(map(len, groups), default=0)


def comparable_rows(key: str, graph: Graph, count: int) -> tuple[list[View], int]:
    """The first `count` rows of the metric's largest comparable group (its chart's) and that
    group's size, making no other row: the home page's chart."""
    groups = _stat_groups(sorted_refs(key, graph), key, graph)
    largest = max(groups, key=len, default=[])
    return [metric_row(ref, graph) for ref in largest[:count]], len(largest)


def most_compared(graph: Graph) -> list[str]:
    """Metrics with two comparable rows or more, the most compared first (as on metrics/)."""
    counts = {key: compared_count(key, graph) for key in graph.metrics}
    return sorted((key for key in counts if counts[key] >= 2), key=lambda k: (-counts[k], k))


def metrics_index_view(graph: Graph) -> View:
    """Every metric with how many cases carry it; the most compared first."""
    views = [metric_view(key, graph) for key in graph.metrics]
    views.sort(key=lambda view: (-len(view["rows"]), view["key"]))
    return {"metrics": views}
