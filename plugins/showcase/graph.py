"""The cross-link graph of published cases, computed once in linear time.

Drafts are validated like every case but never published: relations that would lead to a draft
are left out, so no page links to a page that does not exist.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from showcase.links import find_wikilinks
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

    def get(self, case_id: str | None) -> Case | None:
        """The published case with that id, or None (absent, or a draft)."""
        return self.cases.get(case_id) if case_id else None

    def of_kind(self, kind: str) -> list[Case]:
        return [case for case in self.cases.values() if case.kind == kind]

    def city_of(self, case: Case) -> Case | None:
        """A worker's city is its own, or else its enterprise's (the spec's default)."""
        return self.get(city_id_of(case, self.all_cases))


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
    published = {
        case_id: corpus.cases[case_id]
        for case_id in sorted(corpus.cases)
        if not corpus.cases[case_id].draft
    }
    graph = Graph(cases=published, all_cases=corpus.cases, metrics=corpus.metrics)
    for case in published.values():
        fields = case.fields
        parent = graph.get(getattr(fields, "parent", None))
        if parent and case.kind == "city":
            graph.children[parent.id].append(case)
        if parent and case.kind == "enterprise":
            graph.members[parent.id].append(case)
        if case.kind == "enterprise" and graph.get(fields.city):
            graph.enterprises_in[fields.city].append(case)
        if case.kind == "worker":
            _link_worker(graph, case)
        for source_id in dict.fromkeys(fields.sources):
            if graph.get(source_id):
                graph.citing_cases[source_id].append(case)
        for index, stat in enumerate(fields.stats):
            if graph.get(stat.source):
                graph.citing_stats[stat.source].append(StatRef(case, index, stat))
            if stat.metric in graph.metrics:
                graph.stats_by_metric[stat.metric].append(StatRef(case, index, stat))
        mentioned = {link.target for link in find_wikilinks(case.front.body)}
        for target in sorted(mentioned - {case.id}):
            if graph.get(target):
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
    employer = graph.get(worker.fields.enterprise)
    if employer:
        graph.workers_at[employer.id].append(worker)
    # A city lists its own workers and those of its enterprises, each once.
    cities = {city_id_of(worker, graph.all_cases)}
    if employer:
        cities.add(employer.fields.city)
    for city_id in sorted(c for c in cities if c and graph.get(c)):
        graph.workers_in[city_id].append(worker)
