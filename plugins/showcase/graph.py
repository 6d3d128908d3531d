"""The cross-link graph of published cases, computed once in linear time.

Drafts are validated like every case but never published: relations that would lead to a draft
are left out, so no page links to a page that does not exist.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from showcase.loader import Case, Corpus
from showcase.models import Metric, Stat


@dataclass(frozen=True)
class StatRef:
    case: Case
    index: int
    stat: Stat


@dataclass
class Graph:
    cases: dict[str, Case]  # published cases only, by id
    children: dict[str, list[Case]] = field(default_factory=lambda: defaultdict(list))
    enterprises_in: dict[str, list[Case]] = field(default_factory=lambda: defaultdict(list))
    members: dict[str, list[Case]] = field(default_factory=lambda: defaultdict(list))
    workers_at: dict[str, list[Case]] = field(default_factory=lambda: defaultdict(list))
    workers_in: dict[str, list[Case]] = field(default_factory=lambda: defaultdict(list))
    citing_cases: dict[str, list[Case]] = field(default_factory=lambda: defaultdict(list))
    citing_stats: dict[str, list[StatRef]] = field(default_factory=lambda: defaultdict(list))
    mentioned_by: dict[str, list[Case]] = field(default_factory=lambda: defaultdict(list))
    all_cases: dict[str, Case] = field(default_factory=dict)  # drafts included, for derived facts
    tags: dict[str, list[Case]] = field(default_factory=dict)  # tag -> cases, most used first
    metrics: dict[str, Metric] = field(default_factory=dict)
    stats_by_metric: dict[str, list[StatRef]] = field(default_factory=lambda: defaultdict(list))
    # While a page's view is computed: the ids of the cases whose data it reads, so that a
    # rebuild under `mkdocs serve` knows which pages an edit can change (incremental.py).
    reads: set[str] | None = field(default=None, repr=False, compare=False)
    # Lists derived from the whole graph (an index's order, a kind's cases), computed once per
    # build however many pages ask for them; see memo().
    derived: dict[Hashable, Any] = field(default_factory=dict, repr=False, compare=False)

    def get(self, case_id: str | None) -> Case | None:
        """The published case with that id, or None (absent, or a draft)."""
        if not case_id:
            return None
        if self.reads is not None:
            self.reads.add(case_id)
        return self.cases.get(case_id)

    def note(self, case: Case) -> Case:
        """Marks a case reached through a relation list as read by the page being computed."""
        if self.reads is not None:
            self.reads.add(case.id)
        return case

    @contextmanager
    def recording(self) -> Iterator[set[str]]:
        """The ids read while the block runs (by get, note and city_of)."""
        self.reads = set()
        try:
            yield self.reads
        finally:
            self.reads = None

    def memo(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """compute(), once per graph (a graph lives for one build). Callers must not change
        what it returns."""
        if key not in self.derived:
            self.derived[key] = compute()
        return self.derived[key]

    def of_kind(self, kind: str) -> list[Case]:
        return self.memo(
            ("of_kind", kind), lambda: [case for case in self.cases.values() if case.kind == kind]
        )

    def city_of(self, case: Case) -> Case | None:
        """A worker's city is its own, or else its enterprise's (the spec's default)."""
        if self.reads is not None and case.kind == "worker" and case.fields.enterprise:
            self.reads.add(case.fields.enterprise)  # its city field is read, draft or not
        return self.get(city_id_of(case, self.all_cases))


@functools.lru_cache(maxsize=4096)
def tag_slug(tag: str) -> str:
    """The tag itself makes the URL (/tags/技能提升/); only characters that would break a path
    are replaced."""
    return re.sub(r"[\s/\\?#%]+", "-", tag.strip()).strip("-") or "tag"


def city_id_of(case: Case, all_cases: dict[str, Case]) -> str | None:
    own = getattr(case.fields, "city", None)
    if own or case.kind != "worker":
        return own
    employer = all_cases.get(case.fields.enterprise or "")
    return getattr(employer.fields, "city", None) if employer else None


def build_graph(corpus: Corpus) -> Graph:
    # Sorting by id (pinyin-based) gives stable, roughly alphabetical lists on every build.
    # The loop runs on every rebuild under `mkdocs serve`, so it reads the published cases'
    # dict directly and each kind's own fields (no getattr falling back through pydantic).
    published = {
        case_id: corpus.cases[case_id]
        for case_id in sorted(corpus.cases)
        if not corpus.cases[case_id].draft
    }
    graph = Graph(cases=published, all_cases=corpus.cases, metrics=corpus.metrics)
    for case in published.values():
        fields = case.fields
        if case.kind == "city" and fields.parent in published:
            graph.children[fields.parent].append(case)
        elif case.kind == "enterprise":
            if fields.parent in published:
                graph.members[fields.parent].append(case)
            if fields.city in published:
                graph.enterprises_in[fields.city].append(case)
        elif case.kind == "worker":
            _link_worker(graph, case)
        for source_id in dict.fromkeys(fields.sources):
            if source_id in published:
                graph.citing_cases[source_id].append(case)
        for index, stat in enumerate(fields.stats):
            if stat.source in published:
                graph.citing_stats[stat.source].append(StatRef(case, index, stat))
            if stat.metric in graph.metrics:
                graph.stats_by_metric[stat.metric].append(StatRef(case, index, stat))
        if case.mentions:
            for target in sorted(case.mentions - {case.id}):
                if target in published:
                    graph.mentioned_by[target].append(case)
    graph.tags = group_tags(published.values())
    return graph


def group_tags(cases: Iterable[Case]) -> dict[str, list[Case]]:
    """tag -> its cases; tags that differ only in spacing share a page (the first spelling)."""
    tags: dict[str, list[Case]] = {}
    names: dict[str, str] = {}
    for case in cases:
        for tag in dict.fromkeys(case.fields.tags):
            name = names.setdefault(tag_slug(tag), tag)
            tags.setdefault(name, []).append(case)
    return dict(sorted(tags.items(), key=lambda item: (-len(item[1]), item[0])))


def _link_worker(graph: Graph, worker: Case) -> None:
    employer = graph.cases.get(worker.fields.enterprise or "")
    if employer:
        graph.workers_at[employer.id].append(worker)
    # A city lists its own workers and those of its enterprises, each once.
    cities = {city_id_of(worker, graph.all_cases)}
    if employer:
        cities.add(employer.fields.city)
    for city_id in sorted(c for c in cities if c and c in graph.cases):
        graph.workers_in[city_id].append(worker)
