"""output/feed.py: the Atom feed, read back with an XML parser, and which edits can change it."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from helpers import make_case, make_graph, mini_graph
from showcase.output.feed import ATOM, atom_feed, may_change

NS = {"atom": ATOM}


def parse(feed: str) -> ET.Element:
    """The feed's root element; the parser raises on anything that is not well-formed XML."""
    assert feed.startswith('<?xml version="1.0" encoding="utf-8"?>\n')
    root = ET.fromstring(feed.encode("utf-8"))
    assert root.tag == f"{{{ATOM}}}feed"
    return root


def text(element: ET.Element, path: str) -> str | None:
    found = element.find(path, NS)
    return None if found is None else found.text


def entries(root: ET.Element) -> list[dict[str, str | None]]:
    return [
        {
            "title": text(entry, "atom:title"),
            "id": text(entry, "atom:id"),
            "link": entry.find("atom:link", NS).get("href"),
            "updated": text(entry, "atom:updated"),
            "summary": text(entry, "atom:summary"),
            "category": entry.find("atom:category", NS).get("term"),
        }
        for entry in root.findall("atom:entry", NS)
    ]


def dated(case_id: str, day: str, kind: str = "city", **fields: object):
    places = {"city": "c"} if kind in ("worker", "enterprise") else {}
    return make_case(kind, case_id, updated=dt.date.fromisoformat(day), **places, **fields)


def test_the_mini_feed_lists_its_one_dated_case() -> None:
    root = parse(atom_feed(mini_graph(), title="产改案例馆：案例更新", site_url=None))
    assert text(root, "atom:title") == "产改案例馆：案例更新"
    assert text(root, "atom:id") == "urn:showcase:feed.xml"
    assert root.find("atom:link", NS).attrib == {"rel": "self", "href": "feed.xml"}
    assert text(root, "atom:updated") == "2024-06-24T00:00:00Z"
    assert entries(root) == [
        {
            "title": "江河市",
            "id": "urn:showcase:river-city",
            "link": "cities/river-city/",
            "updated": "2024-06-24T00:00:00Z",
            "summary": "江河市是测试用的地级市，用来检查城市页面、下辖地区和数据卡片。",
            "category": "city",
        }
    ]


@pytest.mark.parametrize("site_url", ["https://example.org/guan/", "https://example.org/guan"])
def test_links_are_absolute_when_the_site_url_is_known(site_url: str) -> None:
    root = parse(atom_feed(mini_graph(), title="馆", site_url=site_url))
    assert text(root, "atom:id") == "https://example.org/guan/feed.xml"
    assert root.find("atom:link", NS).get("href") == "https://example.org/guan/feed.xml"
    [entry] = entries(root)
    assert entry["id"] == entry["link"] == "https://example.org/guan/cities/river-city/"


def test_newest_first_drafts_and_undated_cases_left_out_and_a_limit() -> None:
    graph = make_graph(
        make_case("city", "c"),
        dated("old", "2023-01-05"),
        dated("new-b", "2024-03-01", "worker"),
        dated("new-a", "2024-03-01", "enterprise"),
        dated("newest", "2024-05-01", "source"),
        dated("hidden", "2025-01-01", draft=True),
    )
    root = parse(atom_feed(graph, title="馆", site_url=None))
    listed = [(e["title"], e["updated"][:10], e["category"]) for e in entries(root)]
    assert listed == [
        ("newest", "2024-05-01", "source"),
        ("new-b", "2024-03-01", "worker"),  # same day: by id, as the newest are
        ("new-a", "2024-03-01", "enterprise"),
        ("old", "2023-01-05", "city"),
    ]
    assert text(root, "atom:updated") == "2024-05-01T00:00:00Z"
    limited = parse(atom_feed(graph, title="馆", site_url=None, limit=2))
    assert [e["title"] for e in entries(limited)] == ["newest", "new-b"]


def test_text_that_looks_like_markup_stays_text() -> None:
    name = '<b>甲 & 乙</b> "厂"'
    graph = make_graph(dated("c", "2024-01-01", name=name, summary="a < b && c > d"))
    feed = atom_feed(graph, title="馆 & <站>", site_url=None)
    assert "<b>" not in feed
    root = parse(feed)
    assert text(root, "atom:title") == "馆 & <站>"
    [entry] = entries(root)
    assert (entry["title"], entry["summary"]) == (name, "a < b && c > d")


def test_a_source_without_summary_is_summarised_by_its_name() -> None:
    graph = make_graph(dated("s", "2024-01-01", "source", name="报告"))
    [entry] = entries(parse(atom_feed(graph, title="馆", site_url=None)))
    assert entry["summary"] == "报告"


def test_an_empty_feed_is_still_a_valid_feed() -> None:
    root = parse(atom_feed(make_graph(make_case("city", "c")), title="馆", site_url=None))
    assert entries(root) == []
    assert text(root, "atom:updated") == "1970-01-01T00:00:00Z"


@pytest.mark.parametrize(
    ("before", "after", "changes"),
    [
        ({"summary": "旧。"}, {"summary": "新。"}, False),  # no date before or after
        ({}, {"updated": dt.date(2024, 1, 1)}, True),  # dated now
        ({"updated": dt.date(2024, 1, 1)}, {}, True),  # no longer dated
        ({"updated": dt.date(2024, 1, 1)}, {"updated": dt.date(2024, 1, 1), "name": "新"}, True),
        # A draft's date counts: it may just have been published or unpublished.
        ({"draft": True, "updated": dt.date(2024, 1, 1)}, {"draft": True}, True),
    ],
)
def test_may_change(before: dict, after: dict, changes: bool) -> None:
    old = make_graph(make_case("city", "c", **before), dated("other", "2024-02-02"))
    new = make_graph(make_case("city", "c", **after), dated("other", "2024-02-02"))
    assert may_change(old, new, {"c"}) is changes


def test_may_change_for_a_case_added_or_removed() -> None:
    old = make_graph(make_case("city", "c"))
    new = make_graph(make_case("city", "c"), dated("d", "2024-02-02"))
    assert may_change(old, new, {"d"}) and may_change(new, old, {"d"})
    assert not may_change(old, old, set())
