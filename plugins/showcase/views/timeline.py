"""The timeline: source documents and dated figures by year, each linking to its case."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from showcase.config import DEFAULT_PAGE_SIZE
from showcase.domain import Case
from showcase.graph import Graph, StatRef
from showcase.routing import timeline, year_page_url, year_pages
from showcase.views.cards import Link, link, stat_view
from showcase.views.case import CitedStat
from showcase.views.listings import pager_view


@dataclass(frozen=True)
class Document:
    """A source document on the timeline: its title, date and publisher."""

    source: Link
    date: str
    publisher: str


@dataclass(frozen=True)
class Year:
    year: int
    url: str
    documents: list[Document]
    figures: int  # how many figures carry this year


def _document(source: Case, graph: Graph) -> Document:
    graph.note(source)
    return Document(link(source), source.fields.date, source.fields.publisher)


def timeline_view(graph: Graph) -> dict[str, Any]:
    """Every year, newest first, with its documents and how many figures it has."""
    years = []
    for year, entries in timeline(graph).items():
        documents = [_document(e, graph) for e in entries if not isinstance(e, StatRef)]
        years.append(Year(year, year_page_url(year), documents, len(entries) - len(documents)))
    return {"years": years}


def year_view(
    year: int, graph: Graph, page: int = 1, page_size: int = DEFAULT_PAGE_SIZE
) -> dict[str, Any]:
    """One page of a year: its documents, then its figures with the case each belongs to."""
    pages = year_pages(year, graph, page_size)
    if not 1 <= page <= len(pages):
        raise ValueError(f"page {page} of {year} does not exist (there are {len(pages)})")
    shown = pages[page - 1]
    figures = [
        CitedStat(**vars(stat_view(e.stat, graph)), case=link(graph.note(e.case)))
        for e in shown
        if isinstance(e, StatRef)
    ]
    documents = [_document(e, graph) for e in shown if not isinstance(e, StatRef)]
    return {
        "year": year,
        "documents": documents,
        "figures": figures,
        "pager": pager_view(page, pages, lambda number: year_page_url(year, number)),
    }
