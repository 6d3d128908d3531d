"""The cross-link graph of published cases, computed once in linear time.

Drafts are validated like every case but never published: relations that would lead to a draft
are left out, so no page links to a page that does not exist.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from showcase.domain import Case, Corpus
from showcase.models import Metric, Stat
from showcase.paths import tag_slug


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
    # Made by update_graph from the last build's graph, so its published cases are the same.
    updated: bool = field(default=False, repr=False, compare=False)
    # name -> {case id: value} of per_case(), this build's; and the last build's with the ids
    # of the cases changed since, handed on by update_graph.
    case_values: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False, compare=False)
    carried: tuple[dict[str, dict[str, Any]], frozenset[str]] = field(
        default=({}, frozenset()), repr=False, compare=False
    )

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

    def memo_reading(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """compute(), once per graph, like memo(), for a part of a page's view that many pages
        show (a case's card): the cases it read are noted again on every call, so that each
        page showing it depends on them as if it had computed it itself."""
        entry = self.derived.get(key)
        if entry is None:
            outer, self.reads = self.reads, set()
            try:
                entry = (compute(), frozenset(self.reads))
            finally:
                self.reads = outer
            self.derived[key] = entry
        value, reads = entry
        if self.reads is not None:
            self.reads.update(reads)
        return value

    def per_case(self, name: str, compute: Callable[[Case], Any]) -> dict[str, Any]:
        """{case id: compute(case)} for every published case, in the graph's order, once per
        graph. A graph updated from the last build's starts from that graph's values and
        computes only the changed cases' again, so `compute` must read its case alone: under
        `mkdocs serve` an edit then costs a copy of the values, not 20,000 calls."""
        values = self.case_values.get(name)
        if values is None:
            last, changed = self.carried
            if name in last:
                values = dict(last[name])
                values.update((case_id, compute(self.cases[case_id])) for case_id in changed)
            else:
                values = {case_id: compute(case) for case_id, case in self.cases.items()}
            self.case_values[name] = values
        return values

    def of_kind(self, kind: str) -> list[Case]:
        return self.memo(
            ("of_kind", kind), lambda: [case for case in self.cases.values() if case.kind == kind]
        )

    def city_of(self, case: Case) -> Case | None:
        """A worker's city is its own, or else its enterprise's (the spec's default)."""
        if self.reads is not None and case.kind == "worker" and case.fields.enterprise:
            self.reads.add(case.fields.enterprise)  # its city field is read, draft or not
        return self.get(city_id_of(case, self.all_cases))


def city_id_of(case: Case, all_cases: dict[str, Case]) -> str | None:
    own = getattr(case.fields, "city", None)
    if own or case.kind != "worker":
        return own
    employer = all_cases.get(case.fields.enterprise or "")
    return getattr(employer.fields, "city", None) if employer else None


# The relation lists: each keyed by the case that shows it, each in the order of the listed
# cases' ids (for stats: id, then the stat's position).
RELATIONS = (
    "children",
    "members",
    "enterprises_in",
    "workers_at",
    "workers_in",
    "citing_cases",
    "citing_stats",
    "mentioned_by",
    "stats_by_metric",
)
# The relations listing the cases that name their key in a reference field (parent, city,
# enterprise, sources, a stat's source); the others list body mentions and metric stats.
REFERENCE_RELATIONS = tuple(r for r in RELATIONS if r not in ("mentioned_by", "stats_by_metric"))
Entry = tuple[str, str, "Case | StatRef"]  # (relation, key, the case or stat listed there)


def listed_case(item: Case | StatRef) -> Case:
    """The case a relation list's item is, or holds (a stat's case)."""
    return item.case if isinstance(item, StatRef) else item


def entries_of(case: Case, graph: Graph) -> Iterator[Entry]:
    """Where a published case is listed. Only published keys get a list (no page shows a
    draft's lists), and a city lists its own workers and those of its enterprises, each once.
    This runs for every case on every rebuild, so it reads each kind's own fields directly."""
    published, fields = graph.cases, case.fields
    if case.kind == "city" and fields.parent in published:
        yield "children", fields.parent, case
    elif case.kind == "enterprise":
        if fields.parent in published:
            yield "members", fields.parent, case
        if fields.city in published:
            yield "enterprises_in", fields.city, case
    elif case.kind == "worker":
        employer = published.get(fields.enterprise or "")
        if employer:
            yield "workers_at", employer.id, case
        cities = {city_id_of(case, graph.all_cases), employer.fields.city if employer else None}
        for city_id in sorted(c for c in cities if c in published):
            yield "workers_in", city_id, case
    for source_id in dict.fromkeys(fields.sources):
        if source_id in published:
            yield "citing_cases", source_id, case
    for index, stat in enumerate(fields.stats):
        ref = StatRef(case, index, stat)
        if stat.source in published:
            yield "citing_stats", stat.source, ref
        if stat.metric in graph.metrics:
            yield "stats_by_metric", stat.metric, ref
    if case.mentions:
        for target in sorted(case.mentions - {case.id}):
            if target in published:
                yield "mentioned_by", target, case


def build_graph(corpus: Corpus) -> Graph:
    # Sorting by id (pinyin-based) gives stable, roughly alphabetical lists on every build.
    published = {
        case_id: corpus.cases[case_id]
        for case_id in sorted(corpus.cases)
        if not corpus.cases[case_id].draft
    }
    graph = Graph(cases=published, all_cases=corpus.cases, metrics=corpus.metrics)
    for case in published.values():
        for relation, key, item in entries_of(case, graph):
            getattr(graph, relation)[key].append(item)
    graph.tags = group_tags(published.values())
    return graph


# Beyond this many changed cases a whole new graph is as quick.
UPDATE_LIMIT = 200


def _order(item: Case | StatRef) -> tuple[str, int]:
    return (item.case.id, item.index) if isinstance(item, StatRef) else (item.id, 0)


def update_graph(previous: Graph | None, corpus: Corpus) -> Graph | None:
    """The graph of `corpus`, made from the last build's graph when a few published cases
    changed and none was added, removed, published or unpublished (a contributor editing
    under `mkdocs serve`): their entries are taken out of the lists and put back in order.
    None when build_graph must do it (it gives the same graph; tests compare the two)."""
    if previous is None or previous.metrics != corpus.metrics:
        return None
    before, after = previous.all_cases, corpus.cases
    if before.keys() != after.keys():
        return None
    changed = [case_id for case_id in after if after[case_id] is not before[case_id]]
    if len(changed) > UPDATE_LIMIT:
        return None
    if any(before[case_id].draft or after[case_id].draft for case_id in changed):
        return None
    graph = Graph(
        cases={case_id: after[case_id] for case_id in previous.cases},
        all_cases=after,
        metrics=corpus.metrics,
        updated=True,
        carried=(previous.case_values, frozenset(changed)),
    )
    for relation in RELATIONS:
        setattr(graph, relation, defaultdict(list, getattr(previous, relation)))
    # A worker's city may come from its enterprise, so an enterprise's workers move with it.
    moved = set(changed)
    for case_id in changed:
        moved.update(worker.id for worker in previous.workers_at.get(case_id, ()))
    copied: set[tuple[str, str]] = set()

    def own_list(relation: str, key: str) -> list[Any]:
        """The new graph's list, copied first: the previous graph must stay as it was."""
        lists = getattr(graph, relation)
        if (relation, key) not in copied:
            lists[key] = list(lists[key])
            copied.add((relation, key))
        return lists[key]

    for case_id in moved:
        old, new = before[case_id], after[case_id]
        for relation, key, _ in entries_of(old, previous):
            items = own_list(relation, key)
            items[:] = [
                item for item in items if item is not old and getattr(item, "case", None) is not old
            ]
        for relation, key, item in entries_of(new, graph):
            bisect.insort(own_list(relation, key), item, key=_order)
    if all(before[case_id].fields.tags == after[case_id].fields.tags for case_id in changed):
        # The same cases under each tag: only the lists holding a changed case are made again.
        pages = {tag_slug(tag): tag for tag in previous.tags}
        graph.tags = dict(previous.tags)
        holding = {pages[tag_slug(t)] for case_id in changed for t in after[case_id].fields.tags}
        for tag in holding:
            graph.tags[tag] = [after[case.id] for case in previous.tags[tag]]
    else:
        graph.tags = group_tags(graph.cases.values())
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
