"""views/__init__.py: every kind of page has its view, and page_view dispatches by role."""

from __future__ import annotations

import pytest

from helpers import mini_graph
from showcase.routing import PAGE_KINDS, PageRole, page_roles
from showcase.views import VIEWS, ViewSettings, page_view
from showcase.views.case import CaseView


def test_every_page_kind_has_a_view_and_every_view_a_page_kind() -> None:
    assert set(VIEWS) == set(PAGE_KINDS)


@pytest.mark.parametrize(
    ("role", "check"),
    [
        (PageRole("case", "wang-wu"), lambda v: isinstance(v, CaseView) and v.id == "wang-wu"),
        (PageRole("index", "city"), lambda v: v["kind"] == "city" and v["count"] == 3),
        (PageRole("index", "city", 2), lambda v: v["pager"]["page"] == 2),
        (PageRole("home"), lambda v: [kind.count for kind in v.kinds] == [3, 2, 2, 2]),
        (PageRole("metric", "skills-training"), lambda v: len(v["rows"]) == 2),
        (PageRole("metrics"), lambda v: [m["key"] for m in v["metrics"]] == ["skills-training"]),
        (PageRole("tag", "技能提升"), lambda v: v["tag"] == "技能提升" and v["count"] == 1),
        (PageRole("tags"), lambda v: [t["name"] for t in v["tags"]] == ["技能提升", "权益保障"]),
    ],
    ids=lambda value: value.kind if isinstance(value, PageRole) else "",
)
def test_page_view_dispatches_by_kind(role: PageRole, check) -> None:
    # A page size of 2 gives the cities' index a second page.
    assert check(page_view(mini_graph(), {}, role, ViewSettings(page_size=2)))


def test_page_view_passes_the_featured_case_to_the_home_page() -> None:
    view = page_view(mini_graph(), {}, PageRole("home"), ViewSettings(featured="zhao-liu"))
    assert view.lead.card.id == "zhao-liu" and view.lead.featured


def test_a_hand_written_page_has_no_view() -> None:
    assert page_view(mini_graph(), {}, PageRole("other"), ViewSettings(page_size=100)) is None


def test_every_page_the_mini_site_has_gets_a_view() -> None:
    graph = mini_graph()
    for src_uri, role in page_roles(graph, 1).items():
        assert page_view(graph, {}, role, ViewSettings(page_size=1)) is not None, src_uri
