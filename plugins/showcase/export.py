"""Open data: data/cases.json and data/stats.csv, exactly as the spec defines them."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from showcase.graph import Graph, city_id_of
from showcase.loader import KINDS, Case
from showcase.models import Stat
from showcase.quantity import format_decimal

STAT_COLUMNS = ("label", "text", "amount", "amount_high", "unit", "qualifier", "year", "source",
                "metric")
CSV_COLUMNS = ("id", "kind", "name", *STAT_COLUMNS)


def ordered_cases(graph: Graph) -> list[Case]:
    """Cities, enterprises, workers, sources; by id within a kind: the same order every build."""
    rank = {kind: index for index, kind in enumerate(KINDS)}
    return sorted(graph.cases.values(), key=lambda case: (rank[case.kind], case.id))


def stat_record(stat: Stat, graph: Graph) -> dict[str, Any]:
    quantity = stat.quantity
    return {
        "label": stat.label,
        "text": stat.text,
        "amount": format_decimal(quantity.amount),
        "amount_high": format_decimal(quantity.amount_high) if quantity.amount_high is not None else None,
        "unit": quantity.unit,
        "qualifier": quantity.qualifier,
        "year": stat.year,
        # A draft source is not published: pointing at it would lead nowhere.
        "source": stat.source if graph.get(stat.source) else None,
        "metric": stat.metric,
    }


def case_record(case: Case, graph: Graph) -> dict[str, Any]:
    fields = case.fields
    record: dict[str, Any] = {"id": case.id, "kind": case.kind, "name": case.name, "url": case.url}

    def published(case_id: str | None) -> str | None:
        return case_id if graph.get(case_id) else None

    if case.kind == "worker":
        record["city"] = published(city_id_of(case, graph.all_cases))
        record["enterprise"] = published(fields.enterprise)
    if case.kind == "enterprise":
        record["city"] = published(fields.city)
    if case.kind in ("city", "enterprise"):
        record["parent"] = published(fields.parent)
    record["sources"] = [source for source in fields.sources if graph.get(source)]
    record["stats"] = [stat_record(stat, graph) for stat in fields.stats]
    return record


def cases_json(graph: Graph) -> str:
    records = [case_record(case, graph) for case in ordered_cases(graph)]
    return json.dumps(records, ensure_ascii=False, indent=1) + "\n"


def stats_csv(graph: Graph) -> str:
    """UTF-8 with a byte-order mark, so spreadsheet programs read the Chinese text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for case in ordered_cases(graph):
        for stat in case.fields.stats:
            record = stat_record(stat, graph)
            row = [case.id, case.kind, case.name] + [record[column] for column in STAT_COLUMNS]
            writer.writerow(["" if value is None else value for value in row])
    return "\ufeff" + buffer.getvalue()
