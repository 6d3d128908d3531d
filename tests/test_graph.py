"""graph.py: the relations of the published cases, what a page reads, and updating the graph."""

from __future__ import annotations

from typing import Any

import pytest

from helpers import make_case, make_graph, mini_corpus, mini_graph
from showcase import graph as graph_module
from showcase.domain import Case, Corpus
from showcase.graph import (
    RELATIONS,
    Graph,
    StatRef,
    build_graph,
    city_id_of,
    entries_of,
    group_tags,
    listed_case,
    update_graph,
)


def lists(graph: Graph, relation: str) -> dict[str, list[Any]]:
    """A relation as ids (a stat as id#index), leaving out empty lists."""

    def name(item: Any) -> str:
        return f"{item.case.id}#{item.index}" if isinstance(item, StatRef) else item.id

    return {
        key: [name(i) for i in items] for key, items in getattr(graph, relation).items() if items
    }


# --- The mini corpus, relation by relation ---------------------------------------------------

MINI_RELATIONS = {
    "children": {"river-city": ["town-a"]},
    "members": {"steel-group": ["steel-plant"]},
    # draft-corp (a draft) names river-city but is not listed anywhere.
    "enterprises_in": {"river-city": ["steel-group"], "town-a": ["steel-plant"]},
    "workers_at": {"steel-plant": ["wang-wu"]},
    # wang-wu names no city: its enterprise's city is its own.
    "workers_in": {"hill-county": ["zhao-liu"], "town-a": ["wang-wu"]},
    "citing_cases": {
        "old-brief": ["steel-group"],
        "report-2024": ["river-city", "steel-group", "wang-wu"],
    },
    "citing_stats": {
        "old-brief": ["steel-group#0"],
        "report-2024": ["river-city#0", "river-city#1", "wang-wu#0"],
    },
    # river-city's body also names the draft draft-corp: no list for a draft.
    "mentioned_by": {
        "steel-group": ["river-city", "wang-wu"],
        "steel-plant": ["wang-wu"],
        "town-a": ["river-city"],
        "zhao-liu": ["hill-county"],
    },
    "stats_by_metric": {"skills-training": ["river-city#0", "town-a#0"]},
}


@pytest.mark.parametrize("relation", RELATIONS)
def test_mini_corpus_relations(relation: str) -> None:
    assert lists(mini_graph(), relation) == MINI_RELATIONS[relation]


def test_published_cases_by_id_and_drafts_kept_apart() -> None:
    graph = mini_graph()
    assert list(graph.cases) == [
        "hill-county",
        "old-brief",
        "report-2024",
        "river-city",
        "steel-group",
        "steel-plant",
        "town-a",
        "wang-wu",
        "zhao-liu",
    ]
    assert {"draft-corp", "draft-worker"} <= graph.all_cases.keys()
    assert graph.get("draft-corp") is None and graph.get("") is None and graph.get(None) is None
    assert list(graph.tags) == ["技能提升", "权益保障"]
    assert [case.id for case in graph.tags["技能提升"]] == ["river-city"]


def test_of_kind_lists_published_cases_in_id_order() -> None:
    graph = mini_graph()
    assert [case.id for case in graph.of_kind("city")] == ["hill-county", "river-city", "town-a"]
    assert [case.id for case in graph.of_kind("worker")] == ["wang-wu", "zhao-liu"]
    assert graph.of_kind("worker") is graph.of_kind("worker")  # memoised


# --- What a page reads -----------------------------------------------------------------------


def test_recording_collects_the_ids_read_by_get_note_and_city_of() -> None:
    graph = mini_graph()
    graph.get("wang-wu")  # outside a recording: nothing kept
    with graph.recording() as reads:
        graph.get("river-city")
        graph.get("nowhere")  # an absent id is read too: adding it would change the page
        graph.note(graph.cases["old-brief"])
        city = graph.city_of(graph.cases["wang-wu"])
    assert city is not None and city.id == "town-a"
    # city_of reads the enterprise (its city field) and the city itself.
    assert reads == {"river-city", "nowhere", "old-brief", "steel-plant", "town-a"}
    assert graph.reads is None


def test_memo_computes_once_per_graph() -> None:
    graph, calls = mini_graph(), []
    for _ in range(3):
        assert graph.memo("key", lambda: calls.append(1) or ["value"]) == ["value"]
    assert calls == [1]
    assert mini_graph().memo("key", lambda: "fresh") == "fresh"


def test_a_shared_part_notes_what_it_read_on_every_page_that_uses_it() -> None:
    graph, calls = mini_graph(), []

    def card() -> str:
        calls.append(1)
        city = graph.city_of(graph.cases["wang-wu"])
        return city.name if city else ""

    with graph.recording() as first:
        graph.get("river-city")
        name = graph.memo_reading("card", card)
    with graph.recording() as second:
        assert graph.memo_reading("card", card) == name
    assert calls == [1]  # made once
    assert first == {"river-city", "steel-plant", "town-a"}
    assert second == {"steel-plant", "town-a"}  # read again, not made again
    assert graph.memo_reading("card", card) == name and graph.reads is None  # outside a page


@pytest.mark.parametrize(
    ("worker", "city"),
    [
        ({"city": "own-city", "enterprise": "plant"}, "own-city"),
        ({"enterprise": "plant"}, "plant-city"),
        ({"enterprise": "draft-plant"}, "draft-city"),  # a draft employer still places it
        ({"enterprise": "missing"}, None),
        ({"city": "own-city"}, "own-city"),
    ],
)
def test_city_id_of_a_worker(worker: dict, city: str | None) -> None:
    cases = {
        "plant": make_case("enterprise", "plant", city="plant-city"),
        "draft-plant": make_case("enterprise", "draft-plant", city="draft-city", draft=True),
    }
    assert city_id_of(make_case("worker", "w", **worker), cases) == city


def test_city_id_of_other_kinds_is_their_own_field() -> None:
    assert city_id_of(make_case("enterprise", "e", city="c"), {}) == "c"
    assert city_id_of(make_case("city", "c"), {}) is None


# --- Where a case is listed ------------------------------------------------------------------


def test_entries_of_a_worker_placed_in_two_cities() -> None:
    graph = make_graph(
        make_case("city", "east"),
        make_case("city", "west"),
        make_case("source", "report"),
        make_case("enterprise", "plant", city="west"),
        worker := make_case(
            "worker",
            "w",
            "见 [[plant]]、[[w]] 和 [[nowhere]]。",
            city="east",
            enterprise="plant",
            sources=["report", "report", "missing"],
            stats=[
                {"label": "数", "value": "3人", "source": "report", "metric": "people"},
                {"label": "数", "value": "3人", "metric": "unknown"},
            ],
        ),
        metrics={"people": ("人数", "人")},
    )
    entries = [
        (relation, key, listed_case(item).id) for relation, key, item in entries_of(worker, graph)
    ]
    assert entries == [
        ("workers_at", "plant", "w"),
        ("workers_in", "east", "w"),  # its own city and its enterprise's, each once, by id
        ("workers_in", "west", "w"),
        ("citing_cases", "report", "w"),  # a source named twice is listed once
        ("citing_stats", "report", "w"),
        ("stats_by_metric", "people", "w"),
        ("mentioned_by", "plant", "w"),  # not itself, not an unknown id
    ]
    assert lists(graph, "workers_in") == {"east": ["w"], "west": ["w"]}


def test_listed_case_of_a_stat_is_its_case() -> None:
    case = make_case("city", "c", stats=[{"label": "数", "value": "3人"}])
    assert listed_case(case) is case
    assert listed_case(StatRef(case, 0, case.fields.stats[0])) is case


# --- Tags ------------------------------------------------------------------------------------


def test_group_tags_merges_spellings_that_differ_in_spacing_and_counts_each_case_once() -> None:
    cases = [
        make_case("city", "a", tags=["技能 提升", "技能 提升", "安全"]),
        make_case("city", "b", tags=["技能  提升", "安全"]),
        make_case("city", "c", tags=["技能提升", "安全"]),
    ]
    tags = group_tags(cases)
    assert {tag: [case.id for case in members] for tag, members in tags.items()} == {
        "安全": ["a", "b", "c"],  # most used first
        "技能 提升": ["a", "b"],  # the first spelling names the page
        "技能提升": ["c"],
    }
    assert list(tags) == ["安全", "技能 提升", "技能提升"]


# --- Updating the last build's graph ---------------------------------------------------------


def corpus_after(changes: dict[str, Case | None]) -> Corpus:
    """The mini corpus with some cases replaced or added (id -> case), or deleted (id -> None);
    the other cases are the very objects of the mini corpus, as the read cache keeps them."""
    cases = dict(mini_corpus().cases)
    for case_id, case in changes.items():
        if case is None:
            del cases[case_id]
        else:
            cases[case_id] = case
    return Corpus(cases, mini_corpus().metrics)


def test_update_graph_without_a_previous_graph_or_with_new_metrics() -> None:
    assert update_graph(None, mini_corpus()) is None
    previous = mini_graph()
    assert update_graph(previous, Corpus(dict(mini_corpus().cases), {})) is None


@pytest.mark.parametrize(
    "change",
    [
        {"new-city": make_case("city", "new-city")},  # added
        {"hill-county": None},  # removed
        {
            "zhao-liu": make_case("worker", "zhao-liu", city="hill-county", draft=True)
        },  # unpublished
        {"draft-worker": make_case("worker", "draft-worker", enterprise="draft-corp")},  # published
    ],
    ids=["added", "removed", "made-draft", "published"],
)
def test_update_graph_leaves_the_set_of_published_cases_to_build_graph(change: dict) -> None:
    assert update_graph(mini_graph(), corpus_after(change)) is None


def test_update_graph_gives_up_beyond_its_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    change = {
        "zhao-liu": make_case("worker", "zhao-liu", city="hill-county", summary="改了。"),
        "wang-wu": make_case("worker", "wang-wu", enterprise="steel-plant", summary="改了。"),
    }
    assert update_graph(mini_graph(), corpus_after(change)) is not None
    monkeypatch.setattr(graph_module, "UPDATE_LIMIT", 1)
    assert update_graph(mini_graph(), corpus_after(change)) is None


def test_an_updated_graph_moves_a_worker_and_leaves_the_previous_graph_alone() -> None:
    previous = mini_graph()
    before = {relation: lists(previous, relation) for relation in RELATIONS}
    moved = make_case(
        "worker", "wang-wu", enterprise="steel-group", tags=["新标签"], sources=["old-brief"]
    )
    corpus = corpus_after({"wang-wu": moved})
    updated = update_graph(previous, corpus)
    assert updated is not None
    fresh = build_graph(corpus)
    for relation in RELATIONS:
        assert lists(updated, relation) == lists(fresh, relation), relation
    assert lists(updated, "workers_at") == {"steel-group": ["wang-wu"]}
    assert lists(updated, "workers_in")["river-city"] == ["wang-wu"]
    assert {tag: [c.id for c in cases] for tag, cases in updated.tags.items()} == {
        tag: [c.id for c in cases] for tag, cases in fresh.tags.items()
    }
    assert updated.cases["wang-wu"] is moved
    assert {relation: lists(previous, relation) for relation in RELATIONS} == before


def test_an_updated_graph_with_the_same_tags_lists_the_edited_case_itself() -> None:
    cases = {
        case.id: case
        for case in (
            make_case("city", "a", tags=["技能 提升", "安全"]),
            make_case("city", "b", tags=["技能  提升", "安全"]),
            make_case("city", "c", tags=["技能提升"]),
        )
    }
    previous = build_graph(Corpus(dict(cases), {}))
    before = {tag: list(members) for tag, members in previous.tags.items()}
    edited = make_case("city", "b", tags=["技能  提升", "安全"], summary="改了。")
    corpus = Corpus({**cases, "b": edited}, {})
    updated = update_graph(previous, corpus)
    assert updated is not None
    fresh = build_graph(corpus)
    assert {tag: [c.id for c in members] for tag, members in updated.tags.items()} == {
        tag: [c.id for c in members] for tag, members in fresh.tags.items()
    }
    assert list(updated.tags) == list(fresh.tags)
    listed = [case for members in updated.tags.values() for case in members]
    assert all(case is corpus.cases[case.id] for case in listed)
    assert updated.tags["技能提升"] is previous.tags["技能提升"]  # no edited case: kept as is
    assert previous.tags == before


def test_an_updated_graphs_per_case_values_are_computed_again_for_the_changed_cases() -> None:
    previous = mini_graph()
    asked: list[str] = []

    def summary_length(case: Case) -> int:
        asked.append(case.id)
        return len(case.summary)

    assert previous.per_case("length", summary_length) == {
        case_id: len(case.summary) for case_id, case in previous.cases.items()
    }
    assert previous.per_case("length", summary_length) is previous.per_case("length", len)
    edited = make_case("worker", "zhao-liu", city="hill-county", summary="改了摘要。")
    corpus = corpus_after({"zhao-liu": edited})
    updated = update_graph(previous, corpus)
    assert updated is not None
    asked.clear()
    values = updated.per_case("length", summary_length)
    assert asked == ["zhao-liu"]
    assert values == build_graph(corpus).per_case("length", summary_length)
    assert list(values) == list(updated.cases)
    assert previous.per_case("length", summary_length)["zhao-liu"] != values["zhao-liu"]
