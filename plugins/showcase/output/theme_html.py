"""Small corrections to the theme's own markup, so every page passes the Nu HTML checker.

mkdocs-material puts `autocomplete` on its hidden checkbox toggles and the non-standard
`autocorrect` on the search field; HTML allows neither there. Removing them changes nothing a
reader sees (the toggles are never shown; browsers that know autocorrect still honour
`autocapitalize` and `spellcheck`). On a page outside the nav tree (every case page) its table
of contents has a label for a toggle that only nav pages have; it becomes a plain title. The
search dialog gets the accessible name screen readers announce.
"""

from __future__ import annotations

import re

_TOGGLE_AUTOCOMPLETE = re.compile(
    r'(<input class="md-toggle"[^>]*?type="checkbox"[^>]*?) autocomplete="off"'
)
_AUTOCORRECT = re.compile(r'(<input [^>]*class="md-search__input"[^>]*?) autocorrect="off"')
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog"'
_TOC_LABEL = re.compile(r'<label class="md-nav__title" for="__toc">(.*?)</label>', re.DOTALL)


def valid_theme_html(html: str) -> str:
    html = _TOGGLE_AUTOCOMPLETE.sub(r"\1", html)
    html = _AUTOCORRECT.sub(r"\1", html)
    html = html.replace(_SEARCH_DIALOG, _SEARCH_DIALOG + ' aria-label="搜索"', 1)
    if 'id="__toc"' not in html:
        html = _TOC_LABEL.sub(r'<div class="md-nav__title">\1</div>', html)
    return html
