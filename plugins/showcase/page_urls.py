"""The templates' `url` filter, made cheap: the same answer as MkDocs' own filter
(`mkdocs.utils.templates.url_filter`), in a fraction of the time.

A case page links to dozens of other pages and images (cards, figures, photos, the theme's
assets), and MkDocs' filter normalises both paths from scratch on every call: at 20,000 cases
it ran 2.4 million times and was one of the build's largest costs. Here the parts of each path
are computed once (a page's own URL is asked for by every link on it; a card's by every page
that shows it), and anything but a plain relative path (a scheme, `..`, `#`, `?`, a backslash,
a leading slash) goes to MkDocs' own `normalize_url`, so that what MkDocs would have written is
written. tests/test_page_urls.py holds the two against each other.
"""

from __future__ import annotations

import functools
import posixpath
import re

from jinja2 import pass_context
from jinja2.runtime import Context
from mkdocs.utils import normalize_url

# Relative paths that MkDocs leaves as they are before making them relative to the page.
_PLAIN = re.compile(r"[^\\/:?#\s][^\\:?#\s]*")


@functools.lru_cache(maxsize=1 << 16)
def _parts(path: str) -> tuple[str, ...]:
    """MkDocs' `_norm_parts`: the normalised segments of a path below the root."""
    normal = posixpath.normpath(path if path.startswith("/") else "/" + path)[1:]
    return tuple(normal.split("/")) if normal else ()


@functools.lru_cache(maxsize=1 << 12)
def _page_parts(page_url: str) -> tuple[str, ...]:
    """The folder a page's relative links start from (a file name, with a dot, is dropped)."""
    folder, _, name = page_url.rpartition("/")
    return _parts(folder if "." in name else page_url)


def relative_url(url: str, page_url: str) -> str:
    """`url` (a plain relative path from the site root) as seen from the page at `page_url`:
    what `mkdocs.utils.get_relative_url` returns."""
    start, destination = _page_parts(page_url), _parts(url)
    common = 0
    for a, b in zip(start, destination, strict=False):  # the shorter one decides
        if a != b:
            break
        common += 1
    relative = "/".join(("..",) * (len(start) - common) + destination[common:]) or "."
    return relative + "/" if url.endswith("/") else relative


@pass_context
def url_filter(context: Context, value: object) -> str:
    """The `url` filter of MkDocs' template environment, with the same results."""
    text, page = str(value), context.get("page")
    if page is None or not _PLAIN.fullmatch(text) or ".." in text.split("/"):
        return normalize_url(text, page=page, base=context.get("base_url", ""))
    return relative_url(text, page.url)
