"""The plugin's `url` filter gives what MkDocs' own gives, for every kind of value."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jinja2 import Environment
from mkdocs.utils.templates import url_filter as mkdocs_url_filter

from showcase.page_urls import relative_url, url_filter

PAGE_URLS = ["", "cities/", "cities/huaian/", "workers/index/2/", "404.html", "a/b/c.html", "x"]
VALUES = [
    "cities/huaian/",
    "cities/",
    "",
    ".",
    "./",
    "assets/stylesheets/main.css",
    "assets/images/huaian/a-320.webp",
    "tags/技能提升/",
    "tags/a%20b/",
    "../up/",
    "a/../b/",
    "a//b/",
    "/absolute/",
    "//host/path",
    "https://example.com/x",
    "mailto:someone@example.com",
    "#top",
    "search.html?q=1",
    "page/#section",
    "a\\b",
    "feed.xml",
    "cities/huaian",
]


def render(filter_function, value: str, page_url: str | None) -> str:
    env = Environment()
    env.filters["url"] = filter_function
    page = None if page_url is None else SimpleNamespace(url=page_url)
    base = "." if page_url is None else "/".join([".."] * page_url.count("/")) or "."
    return env.from_string("{{ value | url }}").render(value=value, page=page, base_url=base)


@pytest.mark.parametrize("page_url", [*PAGE_URLS, None])
@pytest.mark.parametrize("value", VALUES)
def test_the_filter_answers_as_mkdocs_does(value: str, page_url: str | None) -> None:
    assert render(url_filter, value, page_url) == render(mkdocs_url_filter, value, page_url)


segment = st.sampled_from(["cities", "huaian", "a", "b", "..", ".", "", "index.html", "技能"])
path = st.lists(segment, max_size=5).map("/".join) | st.text(max_size=12)


@given(path, path)
def test_any_path_from_any_page_answers_as_mkdocs_does(value: str, page_url: str) -> None:
    assert render(url_filter, value, page_url) == render(mkdocs_url_filter, value, page_url)


def test_a_page_links_to_its_neighbours_by_the_shortest_way() -> None:
    assert relative_url("cities/wuxi/", "cities/huaian/") == "../wuxi/"
    assert relative_url("workers/ma-ben/", "cities/huaian/") == "../../workers/ma-ben/"
    assert relative_url("cities/huaian/", "") == "cities/huaian/"
    assert relative_url("", "cities/huaian/") == "../.."
