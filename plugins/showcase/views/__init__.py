"""Views: what each page shows, as plain data for the Jinja templates in site_src/overrides.

No HTML here: these functions decide what a page says; the templates decide how it looks. URLs
are site-relative (workers/ma-ben/); templates make them page-relative with the `url` filter.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from showcase.graph import Graph
from showcase.routing import PageRole
from showcase.views.cards import Renditions
from showcase.views.case import case_view
from showcase.views.home import home_view
from showcase.views.listings import index_view, tag_view, tags_index_view
from showcase.views.metrics import metric_view, metrics_index_view
from showcase.views.timeline import timeline_view, year_view

ViewFunction = Callable[[Graph, Renditions, PageRole, int], Any]

# The view of each kind of page (routing.PAGE_KINDS): graph, renditions, role, page size.
VIEWS: dict[str, ViewFunction] = {
    "case": lambda graph, renditions, role, size: case_view(
        graph.cases[role.key], graph, renditions
    ),
    "index": lambda graph, renditions, role, size: index_view(
        role.key, graph, renditions, page=role.page, page_size=size
    ),
    "home": lambda graph, renditions, role, size: home_view(graph, renditions),
    "metric": lambda graph, renditions, role, size: metric_view(role.key, graph),
    "metrics": lambda graph, renditions, role, size: metrics_index_view(graph),
    "tag": lambda graph, renditions, role, size: tag_view(
        role.key, graph, renditions, page=role.page, page_size=size
    ),
    "tags": lambda graph, renditions, role, size: tags_index_view(graph),
    "timeline": lambda graph, renditions, role, size: timeline_view(graph),
    "year": lambda graph, renditions, role, size: year_view(
        int(role.key), graph, page=role.page, page_size=size
    ),
}


def page_view(graph: Graph, renditions: Renditions, role: PageRole, page_size: int) -> Any:
    """The data a page's template shows; None for a page the plugin has no view of."""
    view = VIEWS.get(role.kind)
    return view(graph, renditions, role, page_size) if view else None
