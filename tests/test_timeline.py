"""The timeline, a kind of page added through routing.PAGE_KINDS, views.VIEWS and its template
alone: years newest first, each with its documents and figures, each linking to its case."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import FIXTURES, read_page
from showcase.graph import StatRef, build_graph
from showcase.loading.loader import load_corpus
from showcase.routing import PAGE_KINDS, dated_years, page_roles, timeline, year_of_date
from showcase.views.timeline import timeline_view, year_view


@pytest.fixture(scope="module")
def graph():
    corpus, problems = load_corpus(FIXTURES / "mini", "content", "images")
    assert problems == []
    return build_graph(corpus)


@pytest.mark.parametrize(
    ("date", "year"), [("2024-06-24", 2024), ("2020-06", 2020), ("2023", 2023), ("未载明", None)]
)
def test_year_of_a_source_date(date: str, year: int | None) -> None:
    assert year_of_date(date) == year


def test_years_newest_first_with_documents_then_figures(graph) -> None:
    years = timeline(graph)
    assert list(years) == sorted(years, reverse=True)
    every_year = set()
    for case in graph.cases.values():
        every_year |= dated_years(case)
    assert set(years) == every_year
    for entries in years.values():
        kinds = ["figure" if isinstance(e, StatRef) else "document" for e in entries]
        assert kinds == sorted(kinds, key=lambda k: k == "figure")  # documents first
        for entry in entries:
            if isinstance(entry, StatRef):
                assert entry.stat.year in years and entries is years[entry.stat.year]


def test_every_dated_figure_is_on_its_years_page(graph) -> None:
    expected = {
        (case.id, stat.label, stat.year)
        for case in graph.cases.values()
        for stat in case.fields.stats
        if stat.year is not None
    }
    shown = set()
    for year in timeline(graph):
        view = year_view(year, graph, page_size=2)
        pages = view["pager"]["pages"]
        for page in range(1, pages + 1):
            for figure in year_view(year, graph, page=page, page_size=2)["figures"]:
                case_id = figure.case.url.split("/")[1]
                shown.add((case_id, figure.label, year))
    assert shown == expected and expected


def test_overview_counts_figures_and_lists_documents(graph) -> None:
    view = timeline_view(graph)
    for year in view["years"]:
        entries = timeline(graph)[year.year]
        assert year.figures == sum(isinstance(e, StatRef) for e in entries)
        assert [d.source.name for d in year.documents] == [
            e.name for e in entries if not isinstance(e, StatRef)
        ]
        assert year.url == f"timeline/{year.year}/"


def test_the_pages_are_in_the_site(graph) -> None:
    roles = page_roles(graph, page_size=1)
    assert roles["timeline/index.md"].kind == "timeline"
    for year, entries in timeline(graph).items():
        assert roles[f"timeline/{year}.md"].kind == "year"
        if len(entries) > 1:
            assert roles[f"timeline/{year}/2.md"].page == 2
    assert PAGE_KINDS["timeline"].in_nav and not PAGE_KINDS["year"].in_nav


def test_built_timeline_links_each_entry_to_its_case(mini_site: Path) -> None:
    overview = read_page(mini_site, "timeline")
    assert re.findall(r'<h2 class="sc-timeline__heading"><a href="(\d{4})/">', overview) == [
        "2024",
        "2023",
        "2022",
        "2020",
    ]
    assert "2024 年的数据" not in overview  # the 2024 report has no figure of that year
    year = read_page(mini_site, "timeline/2023")
    assert "近2万人次" in year and 'href="../../cities/town-a/"' in year
