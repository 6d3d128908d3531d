"""Paged index and tag pages: the pure page lists and views, a strict build of a synthetic
corpus with `page_size: 20` checked in its HTML, and the pager and filter in a browser."""

from __future__ import annotations

import functools
import http.server
import json
import posixpath
import re
import threading
from collections import Counter
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from test_quality import AXE

from conftest import QuietHandler, make_project, run_mkdocs_build
from helpers.html_check import html_errors
from showcase import routing
from showcase.config import DEFAULT_PAGE_SIZE, ShowcaseConfig
from showcase.domain import KINDS
from showcase.graph import Graph, build_graph
from showcase.loading.loader import load_corpus
from showcase.routing import PageRole, case_url
from showcase.site import SiteModel, page_roles, page_source
from showcase.tools import synth
from showcase.views import listings
from showcase.views.cards import KIND_LABELS

CORPUS = {"cities": 12, "enterprises": 30, "workers": 150, "images": 4}
PAGE_SIZE = 20
EVERYTHING = 10**6  # a page size no list here reaches: the unpaged order


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("paging-corpus")
    synth.generate(out, **CORPUS, seed=7, photo_size=(320, 240))
    return out


@pytest.fixture(scope="module")
def graph(corpus_dir: Path) -> Graph:
    corpus, problems = load_corpus(corpus_dir, "content", "images")
    assert problems == []
    return build_graph(corpus)


def ids(cases: list) -> list[str]:
    return [case.id for case in cases]


def entry_ids(view: dict) -> list[str]:
    return [entry.id for group in view["groups"] for entry in group["entries"]]


# --- Page lists ------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("page_size", [1, 7, 20, 100])
def test_index_pages_chunk_the_unpaged_order(graph: Graph, kind: str, page_size: int) -> None:
    paged = routing.index_pages(kind, graph, page_size)
    (whole,) = routing.index_pages(kind, graph, EVERYTHING)
    assert [case for page in paged for case in page] == whole
    assert all(len(page) == page_size for page in paged[:-1])
    assert 1 <= len(paged[-1]) <= page_size
    # The unpaged order is the one the index has always shown.
    assert ids(whole) == entry_ids(listings.index_view(kind, graph, {}, page_size=EVERYTHING))
    assert sorted(ids(whole)) == sorted(ids(graph.of_kind(kind)))


def test_index_order_is_the_grouping(graph: Graph) -> None:
    (workers,) = routing.index_pages("worker", graph, EVERYTHING)
    levels = [routing.top_honor_level(case) for case in workers]
    order = [*routing.HONOR_ORDER, routing.NO_HONOR]
    assert levels == sorted(levels, key=order.index)
    (cities,) = routing.index_pages("city", graph, EVERYTHING)
    provinces = [case.fields.province for case in cities]
    assert provinces == sorted(provinces)
    # Within a province, a city comes before the towns under it.
    seen: set[str] = set()
    for city in cities:
        parent = city.fields.parent
        if (
            parent
            and graph.get(parent)
            and graph.get(parent).fields.province == city.fields.province
        ):
            assert parent in seen, city.id
        seen.add(city.id)


def test_an_empty_kind_has_one_empty_page(graph: Graph) -> None:
    empty = Graph(cases={})
    assert routing.index_pages("worker", empty, 5) == [[]]
    view = listings.index_view("worker", empty, {}, page_size=5)
    assert view["groups"] == [] and view["jump"] == [] and view["pager"]["pages"] == 1


def test_page_size_below_one_is_refused(graph: Graph) -> None:
    with pytest.raises(ValueError):
        routing.index_pages("worker", graph, 0)
    with pytest.raises(ValueError):
        listings.index_view("worker", graph, {}, page=99, page_size=PAGE_SIZE)


@pytest.mark.parametrize("page_size", [1, 3, 20])
def test_tag_pages_chunk_the_unpaged_order(graph: Graph, page_size: int) -> None:
    for tag in routing.all_tags(graph):
        paged = routing.tag_pages(tag, graph, page_size)
        (whole,) = routing.tag_pages(tag, graph, EVERYTHING)
        assert [case for page in paged for case in page] == whole
        assert all(len(page) == page_size for page in paged[:-1])
        unpaged = listings.tag_view(tag, graph, {}, page_size=EVERYTHING)
        assert ids(whole) == [card.id for s in unpaged["sections"] for card in s["cards"]]
        kinds = [case.kind for case in whole]
        assert kinds == sorted(kinds, key=list(KINDS).index)


# --- Views of one page -----------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(KINDS))
def test_index_view_pages_add_up_to_the_index(graph: Graph, kind: str) -> None:
    paged = routing.index_pages(kind, graph, PAGE_SIZE)
    views = [
        listings.index_view(kind, graph, {}, page=number, page_size=PAGE_SIZE)
        for number in range(1, len(paged) + 1)
    ]
    for number, (view, cases) in enumerate(zip(views, paged, strict=True), 1):
        assert entry_ids(view) == ids(cases)
        assert view["count"] == len(graph.of_kind(kind))
        assert view["pager"]["page"] == number and view["pager"]["pages"] == len(paged)
        assert view["pager"]["shown"] == len(cases)
        # The filter's category counts are this page's.
        facets = Counter(listings.facet_of(case) for case in cases if listings.facet_of(case))
        assert {f["value"]: f["count"] for f in view["facets"]} == dict(facets)
    unpaged = listings.index_view(kind, graph, {}, page_size=EVERYTHING)
    assert [entry for view in views for entry in entry_ids(view)] == entry_ids(unpaged)


def test_a_group_split_over_pages_has_its_heading_on_both(graph: Graph) -> None:
    paged = routing.index_pages("worker", graph, PAGE_SIZE)
    views = [
        listings.index_view("worker", graph, {}, page=n, page_size=PAGE_SIZE)
        for n in range(1, len(paged) + 1)
    ]
    split = 0
    for before, after in pairwise(views):
        last, first = before["groups"][-1], after["groups"][0]
        if last["title"] == first["title"]:
            split += 1
            assert first["continued"] and first["anchor"] == last["anchor"]
        else:
            assert not first["continued"]
    assert split >= 2  # 150 workers in five honour levels, 20 a page
    # Every group heading of the whole index appears, not continued, exactly once.
    starts = [g["title"] for view in views for g in view["groups"] if not g["continued"]]
    assert starts == [title for title, _ in routing.index_groups("worker", graph)]


@pytest.mark.parametrize("kind", list(KINDS))
def test_jump_links_point_where_each_group_starts(graph: Graph, kind: str) -> None:
    groups = routing.index_groups(kind, graph)
    paged = routing.index_pages(kind, graph, PAGE_SIZE)
    page_of = {case.id: n for n, cases in enumerate(paged, 1) for case in cases}
    for number in range(1, len(paged) + 1):
        view = listings.index_view(kind, graph, {}, page=number, page_size=PAGE_SIZE)
        assert [(j["title"], j["count"]) for j in view["jump"]] == [
            (title, len(cases)) for title, cases in groups
        ]
        for jump, (_, cases) in zip(view["jump"], groups, strict=True):
            start = page_of[cases[0].id]
            assert jump["url"] == routing.index_page_url(kind, start)
            assert jump["here"] == (start == number)
            target = listings.index_view(kind, graph, {}, page=start, page_size=PAGE_SIZE)
            heading = next(g for g in target["groups"] if g["anchor"] == jump["anchor"])
            assert heading["title"] == jump["title"] and not heading["continued"]


def test_one_page_looks_as_before(graph: Graph) -> None:
    view = listings.index_view("worker", graph, {}, page_size=EVERYTHING)
    assert all(jump["here"] for jump in view["jump"])
    assert [g["anchor"] for g in view["groups"]] == [
        f"sc-group-{n}" for n in range(1, len(view["groups"]) + 1)
    ]
    assert not any(g["continued"] for g in view["groups"])
    pager = view["pager"]
    assert (pager["pages"], pager["prev"], pager["next"]) == (1, None, None)


@pytest.mark.parametrize(
    "page, count, shown",
    [
        (1, 1, ["[1]"]),
        (1, 2, ["[1]", "2"]),
        (1, 10, ["[1]", "2", "3", "…", "10"]),
        (4, 10, ["1", "2", "3", "[4]", "5", "6", "…", "10"]),  # a gap of one page shows it
        (6, 10, ["1", "…", "4", "5", "[6]", "7", "8", "9", "10"]),
        (50, 140, ["1", "…", "48", "49", "[50]", "51", "52", "…", "140"]),
        (140, 140, ["1", "…", "138", "139", "[140]"]),
    ],
)
def test_pager_numbers(page: int, count: int, shown: list[str]) -> None:
    lists = [[object()] * 3 for _ in range(count)]
    pager = listings.pager_view(page, lists, lambda number: f"p/{number}/")
    assert [
        "…" if item["gap"] else f"[{item['number']}]" if item["current"] else str(item["number"])
        for item in pager["numbers"]
    ] == shown
    assert all(item["url"] == f"p/{item['number']}/" for item in pager["numbers"] if item["number"])
    assert pager["prev"] == (f"p/{page - 1}/" if page > 1 else None)
    assert pager["next"] == (f"p/{page + 1}/" if page < count else None)
    assert (pager["first"], pager["last"], pager["total"]) == (3 * page - 2, 3 * page, 3 * count)


def test_tag_view_pages(graph: Graph) -> None:
    tag = next(iter(routing.all_tags(graph)))
    paged = routing.tag_pages(tag, graph, PAGE_SIZE)
    assert len(paged) >= 2
    previous_kinds: set[str] = set()
    for number, cases in enumerate(paged, 1):
        view = listings.tag_view(tag, graph, {}, page=number, page_size=PAGE_SIZE)
        assert [c.id for s in view["sections"] for c in s["cards"]] == ids(cases)
        assert view["count"] == len(routing.all_tags(graph)[tag])
        for section in view["sections"]:
            kind = next(k for k, label in KIND_LABELS.items() if label == section["title"])
            assert section["continued"] == (kind in previous_kinds)
        previous_kinds |= {case.kind for case in cases}
        assert view["pager"]["prev"] == (
            routing.tag_page_url(tag, number - 1) if number > 1 else None
        )


# --- Roles and page sources ------------------------------------------------------------------


def test_page_roles_and_sources_of_later_pages(graph: Graph, tmp_path: Path) -> None:
    site = SiteModel(
        corpus=None, graph=graph, images_root=tmp_path, cache_dir=tmp_path, page_size=PAGE_SIZE
    )  # type: ignore[arg-type]
    roles = page_roles(site)
    workers = len(routing.index_pages("worker", graph, PAGE_SIZE))
    assert (
        roles["workers/index.md"] == PageRole("index", "worker") == PageRole("index", "worker", 1)
    )
    for number in range(2, workers + 1):
        role = roles[f"workers/index/{number}.md"]
        assert role == PageRole("index", "worker", number)
        source = page_source(site, role)
        assert f'title: "劳模工匠（第 {number} 页）"' in source
        assert site.view(role)["pager"]["page"] == number
    assert f"workers/index/{workers + 1}.md" not in roles
    assert 'title: "劳模工匠"' in page_source(site, roles["workers/index.md"])
    for tag in routing.all_tags(graph):
        count = len(routing.tag_pages(tag, graph, PAGE_SIZE))
        slug = routing.tag_slug(tag)
        assert roles[f"tags/{slug}.md"] == PageRole("tag", tag, 1)
        for number in range(2, count + 1):
            role = roles[f"tags/{slug}/{number}.md"]
            assert role == PageRole("tag", tag, number)
            assert f"（第 {number} 页）" in page_source(site, role)
            assert site.view(role)["pager"]["page"] == number


def test_page_size_option() -> None:
    def validate(options: dict) -> tuple[list, ShowcaseConfig]:
        config = ShowcaseConfig()
        config.load_dict(options)
        errors, _ = config.validate()
        return errors, config

    errors, config = validate({})
    assert errors == [] and config.page_size == DEFAULT_PAGE_SIZE == 100
    assert validate({"page_size": 1})[0] == []
    for bad in (0, -5, "20", True):
        errors, _ = validate({"page_size": bad})
        assert [name for name, _ in errors] == ["page_size"], bad


# --- The built site --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def paged_site(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("paged"), corpus_dir)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    config, replaced = re.subn(
        r"(?m)^(  - showcase:\n(?:      .*\n)+)", rf"\1      page_size: {PAGE_SIZE}\n", config
    )
    assert replaced == 1
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = run_mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def html_of(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def resolve(page_url: str, href: str) -> str:
    """A link of a page as a site-relative URL ("" is the home page)."""
    path = href.split("#")[0]
    if not path:
        return page_url
    joined = posixpath.normpath(posixpath.join("/" + page_url, path)).lstrip("/")
    return joined + "/" if joined not in ("", ".") else ""


def pager_links(html: str) -> list[tuple[str, str]]:
    """(href, the rest of the <a> tag) of every link in the pager."""
    nav = re.search(r'<nav class="sc-pager" aria-label="分页">(.*?)</nav>', html, re.S)
    assert nav, "no pager"
    return re.findall(r'<a class="sc-pager__link" href="([^"]*)"([^>]*)>', nav.group(1))


def index_urls(site: Path, kind: str) -> list[str]:
    folder = KINDS[kind].folder
    count = 1 + len(list((site / folder / "index").glob("*/index.html")))
    return [f"{folder}/"] + [f"{folder}/index/{n}/" for n in range(2, count + 1)]


@pytest.mark.slow  # a real mkdocs build
def test_build_has_every_page_the_lists_need(paged_site: Path, graph: Graph) -> None:
    for kind in KINDS:
        count = len(routing.index_pages(kind, graph, PAGE_SIZE))
        assert index_urls(paged_site, kind) == [
            routing.index_page_url(kind, n) for n in range(1, count + 1)
        ]
    assert (paged_site / "workers/index/2/index.html").is_file()
    for tag in routing.all_tags(graph):
        for number in range(1, len(routing.tag_pages(tag, graph, PAGE_SIZE)) + 1):
            assert (paged_site / routing.tag_page_url(tag, number) / "index.html").is_file()
    tag = next(iter(routing.all_tags(graph)))
    assert (paged_site / routing.tag_page_url(tag, 2) / "index.html").is_file()


@pytest.mark.slow  # a real mkdocs build of a synthetic corpus
def test_every_worker_is_on_exactly_one_index_page(paged_site: Path, graph: Graph) -> None:
    listed: Counter[str] = Counter()
    for url in index_urls(paged_site, "worker"):
        html = html_of(paged_site, url)
        hrefs = re.findall(r'<p class="sc-entry__name"><a href="([^"]+)"', html)
        assert 1 <= len(hrefs) <= PAGE_SIZE, url
        listed.update(resolve(url, href) for href in hrefs)
    assert listed == Counter(case_url(case) for case in graph.of_kind("worker"))


@pytest.mark.slow  # a real mkdocs build of a synthetic corpus
def test_every_tagged_case_is_on_exactly_one_tag_page(paged_site: Path, graph: Graph) -> None:
    for tag, cases in routing.all_tags(graph).items():
        listed: Counter[str] = Counter()
        for number in range(1, len(routing.tag_pages(tag, graph, PAGE_SIZE)) + 1):
            url = routing.tag_page_url(tag, number)
            hrefs = re.findall(r'<a class="sc-card__link" href="([^"]+)"', html_of(paged_site, url))
            listed.update(resolve(url, href) for href in hrefs)
        assert listed == Counter(case_url(case) for case in cases), tag


@pytest.mark.parametrize("kind", ["worker", "tag"])
@pytest.mark.slow  # a real mkdocs build of a synthetic corpus
def test_pager_links_resolve_to_built_pages(paged_site: Path, graph: Graph, kind: str) -> None:
    if kind == "worker":
        urls = index_urls(paged_site, "worker")
    else:
        tag = next(iter(routing.all_tags(graph)))
        count = len(routing.tag_pages(tag, graph, PAGE_SIZE))
        urls = [routing.tag_page_url(tag, n) for n in range(1, count + 1)]
    assert len(urls) >= 2
    for number, url in enumerate(urls, 1):
        html = html_of(paged_site, url)
        links = pager_links(html)
        for href, _ in links:
            assert (paged_site / resolve(url, href) / "index.html").is_file(), (url, href)
        current = [resolve(url, h) for h, rest in links if 'aria-current="page"' in rest]
        assert current == [url]
        prev = [resolve(url, h) for h, rest in links if 'rel="prev"' in rest]
        following = [resolve(url, h) for h, rest in links if 'rel="next"' in rest]
        assert prev == (urls[number - 2 : number - 1] if number > 1 else [])
        assert following == urls[number : number + 1]
        # Which page it is, in the title and the heading.
        title = re.search(r"<title>(.*?)</title>", html).group(1)
        heading = re.search(r"<h1>(.*?)<span", html).group(1)
        if number > 1:
            assert f"（第 {number} 页）" in title and heading.endswith(f"（第 {number} 页）")
        else:
            assert "页）" not in title and "页）" not in heading
        assert f"第 {number} / {len(urls)} 页" in html


@pytest.mark.slow  # a real mkdocs build of a synthetic corpus
def test_jump_links_resolve_to_the_group_heading(paged_site: Path) -> None:
    for url in index_urls(paged_site, "worker"):
        html = html_of(paged_site, url)
        nav = re.search(r'<nav class="sc-index__jump" aria-label="分组">(.*?)</nav>', html, re.S)
        jumps = re.findall(r'<a href="([^"]*)#(sc-group-\d+)">([^（<]+)（(\d+)）</a>', nav.group(1))
        assert len(jumps) == 5  # every honour level of the whole index, on every page
        for href, anchor, title, _ in jumps:
            target = html_of(paged_site, resolve(url, href))
            heading = re.search(rf'<h2 id="{anchor}">([^<]+)(<span class="sc-continued">)?', target)
            assert heading and heading.group(1) == title and not heading.group(2), (url, href)


@pytest.mark.slow  # a real mkdocs build of a synthetic corpus
def test_filter_says_it_filters_the_page(paged_site: Path) -> None:
    html = html_of(paged_site, "workers/index/2/")
    assert 'placeholder="筛选本页；查找全部请用站内搜索"' in html
    assert "data-sc-filter-paged" in html
    assert f'data-sc-facet="">全部 {PAGE_SIZE}</button>' in html


@pytest.mark.slow  # the Nu HTML checker starts a Java VM: about 4 s of CPU
def test_paged_pages_are_valid_html(paged_site: Path, graph: Graph) -> None:
    tag = next(iter(routing.all_tags(graph)))
    urls = [*index_urls(paged_site, "worker"), "cities/", routing.tag_page_url(tag, 2)]
    result = html_errors(paged_site / url / "index.html" for url in urls)
    assert result.returncode == 0, result.stderr[:5000]


# --- In the browser --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def paged_url(paged_site: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(paged_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


VIEWPORTS = pytest.mark.parametrize("viewport", [(390, 844), (1280, 800)], ids=["phone", "desktop"])


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    width, height = request.node.callspec.params["viewport"]
    page = browser.new_page(viewport={"width": width, "height": height})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    page.close()
    assert errors == []


@VIEWPORTS
@pytest.mark.slow  # a real mkdocs build of a synthetic corpus
def test_pager_is_visible_and_clickable(
    page: Page, paged_url: str, viewport: tuple[int, int]
) -> None:
    page.goto(paged_url + "workers/index/2/", wait_until="networkidle")
    pager = page.get_by_role("navigation", name="分页")
    pager.scroll_into_view_if_needed()
    expect(pager).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]
    current = pager.locator('[aria-current="page"]')
    expect(current).to_have_text("2")
    for link in pager.locator("a").all():
        box = link.bounding_box()
        assert box and box["width"] >= 24 and box["height"] >= 24  # WCAG 2.2 target size
        assert box["x"] >= 0 and box["x"] + box["width"] <= viewport[0]
    pager.get_by_role("link", name="下一页").click()
    page.wait_for_url(paged_url + "workers/index/3/")
    expect(page.locator("h1")).to_contain_text("劳模工匠（第 3 页）")
    pager = page.get_by_role("navigation", name="分页")
    pager.get_by_role("link", name="第 1 页").click()
    page.wait_for_url(paged_url + "workers/")
    expect(
        page.get_by_role("navigation", name="分页").locator('[aria-current="page"]')
    ).to_have_text("1")
    expect(
        page.get_by_role("navigation", name="分页").get_by_role("link", name="上一页")
    ).to_have_count(0)


def visible_names(page: Page) -> list[str]:
    return page.locator(".sc-entry:visible .sc-entry__name a").all_inner_texts()


@VIEWPORTS
@pytest.mark.slow  # a real mkdocs build of a synthetic corpus
def test_filter_on_page_two_filters_that_page(
    page: Page, paged_url: str, paged_site: Path, viewport: tuple[int, int]
) -> None:
    first_page = re.findall(
        r'<p class="sc-entry__name"><a href="[^"]+">([^<]+)</a>', html_of(paged_site, "workers/")
    )
    page.goto(paged_url + "workers/index/2/", wait_until="networkidle")
    everything = visible_names(page)
    assert len(everything) == PAGE_SIZE
    only_there = next(name for name in first_page if name not in everything)
    field = page.locator("[data-sc-filter-input]")
    assert field.get_attribute("placeholder") == "筛选本页；查找全部请用站内搜索"
    field.fill(everything[3])
    shown = visible_names(page)
    assert everything[3] in shown and len(shown) < len(everything)
    status = page.locator("[data-sc-filter-status]").inner_text()
    assert status == f"本页显示 {len(shown)} / {PAGE_SIZE} 项"
    # A worker on page 1 is not found here: the filter says so and points to the search.
    field.fill(only_there)
    assert visible_names(page) == []
    empty = page.locator("[data-sc-filter-empty]")
    expect(empty).to_be_visible()
    expect(empty).to_contain_text("本页没有符合条件的劳模工匠")
    field.fill("")
    # Each category button counts this page's entries.
    for chip in page.locator("[data-sc-facet]").all()[1:]:
        chip.click()
        assert len(visible_names(page)) == int(chip.inner_text().split()[-1])


@VIEWPORTS
@pytest.mark.parametrize("url", ["workers/", "workers/index/2/", "tags/{tag}/2/"])
@pytest.mark.slow  # a real mkdocs build of a synthetic corpus
def test_paged_pages_have_no_serious_accessibility_violation(
    page: Page, paged_url: str, graph: Graph, url: str, viewport: tuple[int, int]
) -> None:
    url = url.format(tag=routing.tag_slug(next(iter(routing.all_tags(graph)))))
    # Before the page's own scripts and outside its Content-Security-Policy, which refuses a
    # script tag added afterwards.
    page.add_init_script(path=str(AXE))
    page.goto(paged_url + url, wait_until="networkidle")
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"][:5]]}
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == [], json.dumps(serious, ensure_ascii=False, indent=1)
