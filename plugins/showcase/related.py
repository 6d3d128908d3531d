"""Related cases: the cases a case page suggests beside its own relations — enterprises of the
same city, members of the same group, workers of the same enterprise or city, cities under the
same parent, and cases sharing a tag.

A city may have thousands of enterprises and a tag thousands of cases, so a page does not
suggest all of them: it takes the cases next to it in each list (the lists are in id order),
`NEIGHBOURS` on each side. Taking neighbours is symmetric, which keeps rebuilds under
`mkdocs serve` cheap and right: when a case joins, leaves or changes, the only pages whose
suggestions can change are its own neighbours' (`pages_near`), found by position in O(log n).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass

from showcase.domain import Case
from showcase.graph import Graph, entries_of
from showcase.paths import tag_slug

NEIGHBOURS = 2  # suggested from each list on each side of the case


@dataclass(frozen=True)
class RelatedList:
    """A list a case page draws suggestions from: what it is and whose page holds it."""

    title: str  # 同城企业, 同集团企业, 同单位劳模工匠…
    cases: list[Case]  # in id order, the case itself among them
    owner: Case | None  # the case whose page lists all of them (the city, the group…)
    tag: str | None = None  # for a tag's list: the tag (its page lists all of them)


def neighbours(cases: list[Case], case: Case, width: int = NEIGHBOURS) -> list[Case]:
    """The cases within `width` places of `case` in `cases` (ordered by id), nearest first on
    each side; empty when it is not in the list."""
    position = bisect.bisect_left(cases, case.id, key=lambda item: item.id)
    if position == len(cases) or cases[position].id != case.id:
        return []
    before = cases[max(0, position - width) : position]
    return before[::-1] + cases[position + 1 : position + 1 + width]


def tag_names(graph: Graph) -> dict[str, str]:
    """tag slug -> the tag as its page names it (graph.tags' first spelling)."""
    return graph.memo("tag_names", lambda: {tag_slug(name): name for name in graph.tags})


def place_lists(case: Case, graph: Graph) -> Iterator[RelatedList]:
    """The lists of the case's places and bodies that it is on: its city's, group's,
    enterprise's or parent city's."""
    fields = case.fields
    if case.kind == "enterprise":
        city = graph.get(fields.city)
        if city is not None:
            yield RelatedList("同城企业", graph.enterprises_in.get(city.id, []), city)
        group = graph.get(fields.parent)
        if group is not None:
            yield RelatedList("同集团企业", graph.members.get(group.id, []), group)
    elif case.kind == "worker":
        employer = graph.get(fields.enterprise)
        if employer is not None:
            yield RelatedList("同单位劳模工匠", graph.workers_at.get(employer.id, []), employer)
        city = graph.city_of(case)
        if city is not None:
            yield RelatedList("同城劳模工匠", graph.workers_in.get(city.id, []), city)
    elif case.kind == "city":
        parent = graph.get(fields.parent)
        if parent is not None:
            yield RelatedList("同属地区", graph.children.get(parent.id, []), parent)


def tag_lists(case: Case, graph: Graph) -> Iterator[RelatedList]:
    names = tag_names(graph)
    for tag in dict.fromkeys(tag_slug(tag) for tag in case.fields.tags):
        name = names.get(tag)
        if name is not None:
            yield RelatedList("主题相近", graph.tags[name], None, name)


# The relations place_lists() draws from (graph.entries_of names the lists a case is on).
PLACE_RELATIONS = ("enterprises_in", "members", "workers_at", "workers_in", "children")


def pages_near(case: Case, graph: Graph) -> set[str]:
    """The ids of the cases whose suggestions include this case's place in a list: its
    neighbours in every list it is on (each city it is listed under, its group, its employer,
    its parent city, its tags). An edit to it can change their suggestions and no others'."""
    lists = [related.cases for related in tag_lists(case, graph)]
    lists += [
        getattr(graph, relation)[key]
        for relation, key, _ in entries_of(case, graph)
        if relation in PLACE_RELATIONS
    ]
    return {item.id for cases in lists for item in neighbours(cases, case)}
