"""Views: what each page shows, as plain data for the Jinja templates in site_src/overrides.

No HTML here: these functions decide what a page says; the templates decide how it looks. URLs
are site-relative (workers/ma-ben/); templates make them page-relative with the `url` filter.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from showcase.config import DEFAULT_PAGE_SIZE
from showcase.graph import Graph
from showcase.routing import PageRole
from showcase.views.cards import Renditions
from showcase.views.case import case_view
from showcase.views.home import home_view
from showcase.views.listings import index_view, tag_view, tags_index_view
from showcase.views.metrics import metric_view, metrics_index_view
from showcase.views.timeline import timeline_view, year_view


@dataclass(frozen=True)
class ViewSettings:
    """The options in mkdocs.yml that change what pages show (config.ShowcaseConfig)."""

    page_size: int = DEFAULT_PAGE_SIZE  # entries per index, tag or year page
    featured: str | None = None  # the id of the home page's lead story


ViewFunction = Callable[[Graph, Renditions, PageRole, ViewSettings], Any]

# The view of each kind of page (routing.PAGE_KINDS): graph, renditions, role, settings.
VIEWS: dict[str, ViewFunction] = {
    "case": lambda graph, renditions, role, settings: case_view(
        graph.cases[role.key], graph, renditions
    ),
    "index": lambda graph, renditions, role, settings: index_view(
        role.key, graph, renditions, page=role.page, page_size=settings.page_size
    ),
    "home": lambda graph, renditions, role, settings: home_view(
        graph, renditions, featured=settings.featured, page_size=settings.page_size
    ),
    "metric": lambda graph, renditions, role, settings: metric_view(role.key, graph),
    "metrics": lambda graph, renditions, role, settings: metrics_index_view(graph),
    "tag": lambda graph, renditions, role, settings: tag_view(
        role.key, graph, renditions, page=role.page, page_size=settings.page_size
    ),
    "tags": lambda graph, renditions, role, settings: tags_index_view(graph),
    "timeline": lambda graph, renditions, role, settings: timeline_view(graph),
    "year": lambda graph, renditions, role, settings: year_view(
        int(role.key), graph, page=role.page, page_size=settings.page_size
    ),
}


def page_view(graph: Graph, renditions: Renditions, role: PageRole, settings: ViewSettings) -> Any:
    """The data a page's template shows; None for a page the plugin has no view of."""
    view = VIEWS.get(role.kind)
    return view(graph, renditions, role, settings) if view else None
