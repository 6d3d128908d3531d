"""Parts of the theme's page frame rendered once per folder instead of once per page.

Case pages are not in the navigation, so on every case page of one folder (`workers/`,
`cities/` …) the theme's navigation sidebar, tabs and configuration script come out the same:
nothing in them is active, and their links are relative to the folder. At 20,000 cases these
parts were about a sixth of the time spent rendering pages. `main.html` asks this cache for
them by the key `frame_key` gives a page, and renders the theme's own block only on a miss.
The cache lives for one build (the navigation may change between builds).
"""

from __future__ import annotations

from markupsafe import Markup

from showcase.routing import PageRole


def frame_key(role: PageRole, url: str, has_toc: bool) -> str | None:
    """The key under which a page's frame is shared, None when it is the page's own: only
    case pages share it, by folder, and only without a table of contents (the sidebar block
    holds it)."""
    if role.kind != "case" or has_toc:
        return None
    return url.rstrip("/").rpartition("/")[0] + "/"


class FrameCache:
    """Rendered blocks by (block, key), for one build."""

    def __init__(self) -> None:
        self.parts: dict[tuple[str, str], Markup] = {}

    def get(self, block: str, key: str) -> Markup | None:
        return self.parts.get((block, key))

    def put(self, block: str, key: str, html: str) -> Markup:
        markup = Markup(html)
        self.parts[(block, key)] = markup
        return markup
