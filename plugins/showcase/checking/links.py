"""Relative Markdown links of case bodies that lead to no page or file of the site: `mkdocs
build --strict` fails on them, after writing the site, with an English warning naming no case
file. Found here first, at content/…:line, in Chinese (checking/bodies.py finds the links)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from showcase import routing
from showcase.checking import bodies
from showcase.config import DEFAULT_PAGE_SIZE
from showcase.domain import KIND_OF_FOLDER, KINDS, Case, Corpus
from showcase.graph import Graph
from showcase.problems import Problem

# The open data and the feed, at the site root (a case body may link them).
DATA_PATHS = ("data/cases.json", "data/stats.csv", "feed.xml")


def link_problems(graph: Graph, corpus: Corpus, page_size: int, docs_dir: Path) -> list[Problem]:
    """The bodies' relative links against the site's pages (routing) and files."""

    def targets() -> set[str]:
        return set(routing.page_roles(graph, page_size)) | set(DATA_PATHS) | docs_files(docs_dir)

    # The published cases' link sources are carried from one `mkdocs serve` rebuild to the
    # next (Graph.per_case); drafts, not in the graph, are few.
    published = graph.per_case("link_source", _link_source).values()
    drafts = [case for case in corpus.cases.values() if case.draft]
    sources = [source for source in (*published, *map(_link_source, drafts)) if source]
    sources.sort(key=lambda source: source.path)  # in the listing's order, as a full check
    return _relative_link_problems(sources, drafts, targets)


def check_links(
    project_dir: Path,
    corpus: Corpus,
    *,
    content_dir: str,
    docs_dir: Path,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> list[Problem]:
    """The link check of `python build.py check`, which also runs when some case files have
    other problems: the cross-link graph cannot be made then (a reference to a case of the
    wrong kind), so the pages are counted from the files, generously: every case file there
    counts as a page (valid or not, drafts excepted), so that no link is blamed for another
    file's mistakes."""
    content_root = project_dir / content_dir
    drafts = {routing.case_src_uri(case) for case in corpus.cases.values() if case.draft}
    published = [case for case in corpus.cases.values() if not case.draft]

    def targets() -> set[str]:
        found = set(DATA_PATHS) | docs_files(docs_dir)
        for kind in KINDS.values():
            folder = content_root / kind.folder
            names = [entry.name for entry in os.scandir(folder)] if folder.is_dir() else []
            here = {f"{kind.folder}/{name}" for name in names if name.endswith(".md")} - drafts
            found |= here
            for page in range(1, routing.page_count(len(here), page_size) + 1):
                found.add(routing.index_page_src_uri(KIND_OF_FOLDER[kind.folder], page))
        found |= {f"{routing.METRICS_FOLDER}/index.md", f"{routing.TAGS_FOLDER}/index.md"}
        found |= {f"{routing.TIMELINE_FOLDER}/index.md"}
        found |= {routing.metric_src_uri(key) for key in corpus.metrics}
        tag_counts: dict[str, int] = {}
        for case in published:
            for tag in dict.fromkeys(case.fields.tags):
                tag_counts[tag] = tag_counts.get(tag, 0) + 1
        for tag, count in tag_counts.items():
            for page in range(1, routing.page_count(count, page_size) + 1):
                found.add(routing.tag_page_src_uri(tag, page))
        years: dict[int, int] = {}
        for case in published:
            for year in routing.dated_years(case):
                years[year] = years.get(year, 0) + 1
        for year in years:
            found.add(routing.year_page_src_uri(year))
        return found

    sources = [source for source in map(_link_source, corpus.cases.values()) if source]
    draft_cases = [case for case in corpus.cases.values() if case.draft]
    return _relative_link_problems(sources, draft_cases, targets)


def _relative_link_problems(
    sources: list[bodies.LinkSource], drafts: Iterable[Case], targets: Callable[[], set[str]]
) -> list[Problem]:
    """The bodies' links against `targets`; a link to a draft's page says it is a draft."""
    pages = {routing.case_src_uri(case): case.path for case in drafts}
    return bodies.relative_link_problems(sources, targets, pages)


def _link_source(case: Case) -> bodies.LinkSource | None:
    """What the check needs of a case whose body has links (body_links is kept per file
    version); None for the others, most of them."""
    if not bodies.body_links(case.front):
        return None
    return bodies.LinkSource(case.path, routing.case_src_uri(case), case.front)


def docs_files(docs_dir: Path) -> set[str]:
    """The docs folder's files as MkDocs sees them (it leaves out names starting with a dot)."""
    found = set()
    for root, folders, names in os.walk(docs_dir):
        folders[:] = [name for name in folders if not name.startswith(".")]
        relative = Path(root).relative_to(docs_dir).as_posix()
        for name in names:
            if not name.startswith("."):
                found.add(name if relative == "." else f"{relative}/{name}")
    return found
