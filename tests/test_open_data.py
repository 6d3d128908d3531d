"""output/open_data.py: cases.json and stats.csv made from a graph, and renewed in parts.
The files of a built site are checked against the spec in test_spec_corpora.py and
test_site_build.py; here each function is called on its own."""

from __future__ import annotations

import csv
import io
import json

import pytest

from helpers import make_case, make_graph, mini_graph
from showcase.graph import Graph
from showcase.output.open_data import (
    CSV_COLUMNS,
    OpenDataParts,
    case_csv_rows,
    case_json,
    case_record,
    cases_json,
    ordered_cases,
    parts_to_renew,
    stat_record,
    stats_csv,
)


def places() -> Graph:
    """A city under a draft city, an enterprise in it under a draft group, workers placed
    directly or through their enterprise, and a draft source cited by a stat."""
    return make_graph(
        make_case("city", "hidden-city", draft=True),
        make_case("city", "town", parent="hidden-city"),
        make_case("enterprise", "hidden-group", city="town", draft=True),
        make_case("enterprise", "plant", city="town", parent="hidden-group"),
        make_case("enterprise", "hidden-plant", city="town", draft=True),
        make_case("source", "report"),
        make_case("source", "hidden-report", draft=True),
        make_case(
            "worker",
            "w",
            enterprise="plant",
            sources=["report", "hidden-report"],
            stats=[
                {"label": "带徒, 共计", "value": "约40人", "year": 2023, "source": "hidden-report"}
            ],
        ),
        make_case("worker", "v", enterprise="hidden-plant"),
    )


def test_ordered_cases_by_kind_then_id() -> None:
    assert [case.id for case in ordered_cases(mini_graph())] == [
        "hill-county",
        "river-city",
        "town-a",
        "steel-group",
        "steel-plant",
        "wang-wu",
        "zhao-liu",
        "old-brief",
        "report-2024",
    ]


def test_case_records_name_only_published_cases() -> None:
    graph = places()
    records = {case.id: case_record(case, graph) for case in ordered_cases(graph)}
    assert records["town"] == {
        "id": "town",
        "kind": "city",
        "name": "town",
        "url": "cities/town/",
        "parent": None,  # a draft parent is not published
        "sources": [],
        "stats": [],
    }
    assert (records["plant"]["city"], records["plant"]["parent"]) == ("town", None)
    assert (records["w"]["city"], records["w"]["enterprise"]) == ("town", "plant")
    assert records["w"]["sources"] == ["report"]
    # A worker at a draft enterprise keeps that enterprise's city.
    assert (records["v"]["city"], records["v"]["enterprise"]) == ("town", None)
    assert list(records["report"]) == ["id", "kind", "name", "url", "sources", "stats"]


def test_stat_record() -> None:
    graph = places()
    assert stat_record(graph.cases["w"].fields.stats[0], graph) == {
        "label": "带徒, 共计",
        "text": "约40人",
        "amount": "40",
        "amount_high": None,
        "unit": "人",
        "qualifier": "about",
        "year": 2023,
        "source": None,  # the source is a draft
        "metric": None,
        # Extensions (README): what was counted, and the period (a year is a one-year period).
        "measure": None,
        "period": {
            "text": "2023年",
            "kind": "year",
            "start": 2023,
            "end": 2023,
            "as_of": None,
            "label": "2023年",
        },
    }
    river = mini_graph().cases["river-city"]
    assert stat_record(river.fields.stats[1], mini_graph())["amount_high"] == "4000"
    assert stat_record(river.fields.stats[0], mini_graph())["source"] == "report-2024"


def test_case_json_is_its_record_indented_one_level() -> None:
    graph = mini_graph()
    text = case_json(graph.cases["zhao-liu"], graph)
    assert all(line.startswith(" ") for line in text.split("\n"))
    assert json.loads(text) == case_record(graph.cases["zhao-liu"], graph)
    assert "赵六" in text  # Chinese as itself, not \u escapes


def test_case_csv_rows_one_per_stat_every_cell_quoted() -> None:
    graph = places()
    assert (
        case_csv_rows(graph.cases["w"], graph)
        == '"w","worker","w","带徒, 共计","约40人","40","","人","about","2023","",""\r\n'
    )
    assert case_csv_rows(graph.cases["town"], graph) == ""


def test_whole_files_of_an_empty_graph() -> None:
    empty = make_graph()
    assert cases_json(empty) == "[]\n"
    assert stats_csv(empty) == "\ufeff" + ",".join(f'"{c}"' for c in CSV_COLUMNS) + "\r\n"


def test_whole_files_parse_back() -> None:
    graph = mini_graph()
    records = json.loads(cases_json(graph))
    assert [r["id"] for r in records] == [c.id for c in ordered_cases(graph)]
    rows = list(csv.reader(io.StringIO(stats_csv(graph).removeprefix("\ufeff"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) - 1 == sum(len(r["stats"]) for r in records)


def test_parts_renew_says_whether_anything_changed() -> None:
    graph = mini_graph()
    parts = OpenDataParts()
    assert parts.renew(graph) is True
    assert set(parts.records) == set(graph.cases)
    assert parts.renew(graph) is False  # the same graph gives the same parts
    assert parts.renew(graph, ["zhao-liu"]) is False
    assert cases_json(graph, parts) == cases_json(graph)
    assert stats_csv(graph, parts) == stats_csv(graph)


def test_parts_renew_forgets_a_case_no_longer_published() -> None:
    parts = OpenDataParts()
    parts.renew(mini_graph())
    parts.records["gone"] = parts.rows["gone"] = "stale"
    assert parts.renew(mini_graph(), ["gone"]) is True
    assert "gone" not in parts.records and "gone" not in parts.rows
    assert parts.renew(mini_graph(), ["never-there"]) is False


def test_parts_renew_notices_a_changed_record() -> None:
    before = make_graph(make_case("city", "c"), make_case("worker", "w", city="c"))
    after = make_graph(make_case("city", "c", name="新名"), make_case("worker", "w", city="c"))
    parts = OpenDataParts()
    parts.renew(before)
    assert parts.renew(after, ["c"]) is True
    assert json.loads(cases_json(after, parts))[0]["name"] == "新名"


@pytest.mark.parametrize(
    ("changed", "renew"),
    [
        ({"zhao-liu"}, {"zhao-liu"}),
        # A worker's record names its enterprise and city: renewed with them.
        ({"steel-plant"}, {"steel-plant", "wang-wu"}),
        ({"town-a"}, {"town-a", "steel-plant", "wang-wu"}),
        ({"report-2024"}, {"report-2024", "river-city", "steel-group", "wang-wu"}),
        # river-city only mentions steel-group in its body: that is not in a record.
        ({"river-city"}, {"river-city", "town-a", "steel-group"}),
    ],
)
def test_parts_to_renew(changed: set[str], renew: set[str]) -> None:
    graph = mini_graph()
    assert parts_to_renew(graph, graph, changed) == renew


def test_parts_to_renew_includes_the_workers_of_a_draft_enterprise() -> None:
    # v's record shows hidden-plant's city: a new city there changes v's record.
    graph = places()
    assert parts_to_renew(graph, graph, {"hidden-plant"}) == {"hidden-plant", "v"}
