"""output/theme_html.py: the theme's markup corrected so that pages pass the Nu HTML checker."""

from __future__ import annotations

import pytest

from showcase.output.theme_html import valid_theme_html

TOGGLE = (
    '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" '
    'autocomplete="off">'
)
SEARCH = (
    '<input type="text" class="md-search__input" name="query" placeholder="搜索" '
    'autocapitalize="off" autocorrect="off" autocomplete="off" spellcheck="false">'
)
DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
TOC_LABEL = '<label class="md-nav__title" for="__toc">\n  <span>目录</span>\n</label>'


@pytest.mark.parametrize(
    ("html", "fixed"),
    [
        (TOGGLE, TOGGLE.replace(' autocomplete="off"', "")),
        # The search field keeps autocomplete (allowed on a text field), loses autocorrect.
        (SEARCH, SEARCH.replace(' autocorrect="off"', "")),
        (DIALOG, DIALOG.replace('role="dialog"', 'role="dialog" aria-label="搜索"')),
        # Without the toggle it labels, the table of contents' label becomes a plain title.
        (TOC_LABEL, '<div class="md-nav__title">\n  <span>目录</span>\n</div>'),
        ('<p>正文里的 autocomplete="off" 不动</p>', '<p>正文里的 autocomplete="off" 不动</p>'),
    ],
)
def test_each_correction(html: str, fixed: str) -> None:
    assert valid_theme_html(html) == fixed


def test_a_toc_label_with_its_toggle_stays_a_label() -> None:
    page = '<input class="md-toggle" type="checkbox" id="__toc">' + TOC_LABEL
    assert valid_theme_html(page) == page


def test_every_toggle_of_a_page_is_corrected() -> None:
    page = TOGGLE + TOGGLE.replace("__drawer", "__search") + TOGGLE.replace("__drawer", "__toc")
    fixed = valid_theme_html(page)
    assert "autocomplete" not in fixed and fixed.count('class="md-toggle"') == 3
