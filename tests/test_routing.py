"""routing.py: URLs and source paths, the order of the listings, the kinds of page and what an
edit can change. Paging over many cases is tested in test_paging.py."""

from __future__ import annotations

import pytest

from helpers import REPO_OVERRIDES, make_case, make_graph, mini_graph
from showcase import routing
from showcase.graph import Graph
from showcase.routing import PAGE_KINDS, EditScope, PageRole


@pytest.mark.parametrize(
    ("kind", "case_id", "url", "src_uri"),
    [
        ("city", "river-city", "cities/river-city/", "cities/river-city.md"),
        ("enterprise", "steel-plant", "enterprises/steel-plant/", "enterprises/steel-plant.md"),
        ("worker", "wang-wu", "workers/wang-wu/", "workers/wang-wu.md"),
        ("source", "report-2024", "sources/report-2024/", "sources/report-2024.md"),
    ],
)
def test_case_url_and_source(kind: str, case_id: str, url: str, src_uri: str) -> None:
    places = {"city": "x"} if kind in ("enterprise", "worker") else {}
    case = make_case(kind, case_id, **places)
    assert routing.case_url(case) == url
    assert routing.case_src_uri(case) == src_uri


@pytest.mark.parametrize(
    ("page", "target", "link"),
    [
        ("workers/wang-wu.md", "enterprises/steel-plant.md", "../enterprises/steel-plant.md"),
        ("workers/wang-wu.md", "workers/zhao-liu.md", "zhao-liu.md"),
        ("index.md", "workers/wang-wu.md", "workers/wang-wu.md"),
        ("workers/index/2.md", "cities/town-a.md", "../../cities/town-a.md"),
        ("tags/技能提升/2.md", "tags/技能提升.md", "../技能提升.md"),
    ],
)
def test_href_is_relative_between_sources(page: str, target: str, link: str) -> None:
    assert routing.href(page, target) == link


@pytest.mark.parametrize(
    ("kind", "page", "src_uri", "url"),
    [
        ("city", 1, "cities/index.md", "cities/"),
        ("worker", 1, "workers/index.md", "workers/"),
        ("worker", 2, "workers/index/2.md", "workers/index/2/"),
        ("source", 14, "sources/index/14.md", "sources/index/14/"),
    ],
)
def test_index_pages(kind: str, page: int, src_uri: str, url: str) -> None:
    assert routing.index_page_src_uri(kind, page) == src_uri
    assert routing.index_page_url(kind, page) == url


@pytest.mark.parametrize(
    ("tag", "slug"),
    [
        ("技能提升", "技能提升"),
        (" 技能提升 ", "技能提升"),
        ("技能 提升", "技能-提升"),
        ("技能  \t提升", "技能-提升"),
        ("AI 机器人", "ai-机器人"),  # Latin letters lower case: AI and ai share one page
        ("产改(试点)", "产改(试点)"),
        # Characters that would break a path are not tags at all (paths.tag_problem).
    ],
)
def test_tag_slug(tag: str, slug: str) -> None:
    assert routing.tag_slug(tag) == slug


@pytest.mark.parametrize(
    ("tag", "page", "src_uri", "url"),
    [
        ("技能提升", 1, "tags/技能提升.md", "tags/技能提升/"),
        ("技能 提升", 3, "tags/技能-提升/3.md", "tags/技能-提升/3/"),
    ],
)
def test_tag_pages(tag: str, page: int, src_uri: str, url: str) -> None:
    assert routing.tag_page_src_uri(tag, page) == src_uri
    assert routing.tag_page_url(tag, page) == url


def test_metric_pages() -> None:
    assert routing.metric_src_uri("skills-training") == "metrics/skills-training.md"
    assert routing.metric_url("skills-training") == "metrics/skills-training/"


@pytest.mark.parametrize(
    ("entries", "size", "pages"),
    [(0, 10, 1), (1, 10, 1), (10, 10, 1), (11, 10, 2), (100, 1, 100), (101, 100, 2)],
)
def test_page_count_matches_chunk(entries: int, size: int, pages: int) -> None:
    assert routing.page_count(entries, size) == pages
    cases = [make_case("city", f"c{i}") for i in range(entries)]
    assert len(routing.chunk(cases, size)) == pages


def test_chunk_keeps_order_and_refuses_a_page_size_below_one() -> None:
    cases = [make_case("city", f"c{i}") for i in range(5)]
    assert [[c.id for c in page] for page in routing.chunk(cases, 2)] == [
        ["c0", "c1"],
        ["c2", "c3"],
        ["c4"],
    ]
    assert routing.chunk([], 3) == [[]]
    with pytest.raises(ValueError, match="page_size must be at least 1"):
        routing.chunk(cases, 0)


# --- Listing order ---------------------------------------------------------------------------


def group_ids(kind: str, graph: Graph) -> list[tuple[str, list[str]]]:
    return [(title, [c.id for c in cases]) for title, cases in routing.index_groups(kind, graph)]


def test_mini_index_groups() -> None:
    graph = mini_graph()
    # Each of the mini's groups holds a single case (or there is only one): every index is one
    # sorted list under an untitled group; the cities' still a tree, each city followed by
    # those under it.
    assert group_ids("city", graph) == [("", ["hill-county", "river-city", "town-a"])]
    assert group_ids("enterprise", graph) == [("", ["steel-group", "steel-plant"])]
    assert group_ids("worker", graph) == [("", ["wang-wu", "zhao-liu"])]
    assert group_ids("source", graph) == [("", ["old-brief", "report-2024"])]


def test_index_groups_where_groups_hold_several_cases() -> None:
    graph = make_graph(
        make_case("city", "c"),
        make_case("enterprise", "e1", city="c", industry="煤炭"),
        make_case("enterprise", "e2", city="c", industry="钢铁"),
        make_case("enterprise", "e3", city="c", industry="煤炭"),
        make_case("enterprise", "e4", city="c", industry="钢铁"),
        make_case("enterprise", "e5", city="c", industry="未注明"),
        make_case("enterprise", "e6", city="c", industry="原文未载明"),
        *(make_case("worker", f"w{n}", city="c", honors=NATIONAL) for n in (1, 2)),
        *(make_case("worker", f"w{n}", city="c", honors=PROVINCIAL) for n in (3, 4)),
        *(make_case("worker", f"w{n}", city="c") for n in (5, 6)),
        make_case("source", "s1", publisher="工人日报"),
        make_case("source", "s2", publisher="甲市总工会"),
        make_case("source", "s3", publisher="工人日报"),
        make_case("source", "s4", publisher="甲市总工会"),
    )
    # Groups by value (unstated values under 其他, last), workers by honour level, highest first.
    assert group_ids("enterprise", graph) == [
        ("煤炭", ["e1", "e3"]),
        ("钢铁", ["e2", "e4"]),
        ("其他", ["e5", "e6"]),
    ]
    assert group_ids("worker", graph) == [
        ("国家级", ["w1", "w2"]),
        ("省级", ["w3", "w4"]),
        ("其他", ["w5", "w6"]),
    ]
    assert group_ids("source", graph) == [("工人日报", ["s1", "s3"]), ("甲市总工会", ["s2", "s4"])]


def test_cities_are_shown_as_a_tree_within_their_province() -> None:
    graph = make_graph(
        make_case("city", "a-town", parent="m-city"),
        make_case("city", "b-street", parent="a-town"),
        make_case("city", "m-city"),
        make_case("city", "z-county", parent="m-city"),
        make_case("city", "elsewhere", province="安徽省", parent="m-city"),  # another province
        make_case("city", "orphan", parent="missing"),
    )
    assert group_ids("city", graph) == [
        ("安徽省", ["elsewhere"]),
        ("江苏省", ["m-city", "a-town", "b-street", "z-county", "orphan"]),
    ]


NATIONAL = [{"title": "全国劳动模范", "level": "国家级"}]
PROVINCIAL = [{"title": "省劳动模范", "level": "省级"}]


@pytest.mark.parametrize(
    ("honors", "level"),
    [
        ([], "其他"),
        ([{"title": "劳模"}], "其他"),
        ([{"title": "a", "level": "市级"}, {"title": "b", "level": "省级"}], "省级"),
        ([{"title": "a", "level": "企业级"}, {"title": "b", "level": "国家级"}], "国家级"),
    ],
)
def test_top_honor_level(honors: list, level: str) -> None:
    case = make_case("worker", "w", city="c", honors=honors)
    assert routing.top_honor_level(case) == level
    # Among workers of each level, it falls under its own level's heading.
    graph = make_graph(
        make_case("city", "c"),
        case,
        *(make_case("worker", f"n{n}", city="c", honors=NATIONAL) for n in (1, 2)),
        *(make_case("worker", f"p{n}", city="c", honors=PROVINCIAL) for n in (1, 2)),
        make_case("worker", "o1", city="c"),
    )
    assert routing.group_title(graph.cases["w"], graph) == level


def test_group_title_of_each_kind() -> None:
    graph = make_graph(
        *(make_case("city", f"a{n}", province="安徽省") for n in (1, 2)),
        *(make_case("city", f"j{n}", province="江苏省") for n in (1, 2)),
        *(make_case("enterprise", f"m{n}", city="a1", industry="煤炭") for n in (1, 2)),
        *(make_case("enterprise", f"s{n}", city="a1", industry="钢铁") for n in (1, 2)),
        *(make_case("source", f"g{n}", publisher="工人日报") for n in (1, 2)),
        *(make_case("source", f"t{n}", publisher="甲市总工会") for n in (1, 2)),
        *(make_case("source", f"u{n}", publisher="未载明") for n in (1, 2)),
    )
    assert routing.group_title(graph.cases["a1"], graph) == "安徽省"
    assert routing.group_title(graph.cases["m2"], graph) == "煤炭"
    assert routing.group_title(graph.cases["g1"], graph) == "工人日报"
    assert routing.group_title(graph.cases["u1"], graph) == "其他"  # unstated
    # On an index shown as one sorted list (the mini's), a case falls under no heading.
    mini = mini_graph()
    assert {routing.group_title(case, mini) for case in mini.cases.values()} == {""}


# --- The kinds of page -----------------------------------------------------------------------


def test_every_page_of_the_mini_corpus() -> None:
    roles = routing.page_roles(mini_graph(), 100)
    assert {src: (r.kind, r.key, r.page) for src, r in roles.items() if r.kind != "case"} == {
        "cities/index.md": ("index", "city", 1),
        "enterprises/index.md": ("index", "enterprise", 1),
        "workers/index.md": ("index", "worker", 1),
        "sources/index.md": ("index", "source", 1),
        "metrics/skills-training.md": ("metric", "skills-training", 1),
        "metrics/index.md": ("metrics", "", 1),
        "tags/技能提升.md": ("tag", "技能提升", 1),
        "tags/权益保障.md": ("tag", "权益保障", 1),
        "tags/index.md": ("tags", "", 1),
        "index.md": ("home", "", 1),
        # The years of the sources' dates and of the dated stats, newest first.
        "timeline/index.md": ("timeline", "", 1),
        "timeline/2024.md": ("year", "2024", 1),
        "timeline/2023.md": ("year", "2023", 1),
        "timeline/2022.md": ("year", "2022", 1),
        "timeline/2020.md": ("year", "2020", 1),
    }
    cases = {src: r.key for src, r in roles.items() if r.kind == "case"}
    assert cases == {routing.case_src_uri(case): case.id for case in mini_graph().cases.values()}


def test_page_roles_with_a_small_page_size() -> None:
    roles = routing.page_roles(mini_graph(), 1)
    assert roles["cities/index/3.md"] == PageRole("index", "city", 3)
    assert "cities/index/4.md" not in roles
    assert roles["workers/index/2.md"] == PageRole("index", "worker", 2)


def test_each_page_kind_has_its_template() -> None:
    for kind in PAGE_KINDS.values():
        assert (REPO_OVERRIDES / kind.template).is_file(), kind.template
    nav = {name for name, kind in PAGE_KINDS.items() if kind.in_nav}
    assert nav == {"index", "metrics", "tags", "home", "timeline"}


@pytest.mark.parametrize(
    ("role", "meta"),
    [
        (
            PageRole("case", "wang-wu"),
            {
                "template": "case.html",
                "title": "王五",
                "description": "甲镇钢厂的炼钢工，全国劳动模范。",
            },
        ),
        (
            PageRole("case", "report-2024"),  # no summary of its own: made from its facts
            {
                "template": "case.html",
                "title": "江河市产改工作报告",
                "description": "江河市总工会 2024-06-24 发布的《江河市产改工作报告》。",
            },
        ),
        (PageRole("index", "worker"), {"template": "case-index.html", "title": "劳模工匠"}),
        (PageRole("index", "city", 2), {"template": "case-index.html", "title": "城市（第 2 页）"}),
        (
            PageRole("metric", "skills-training"),
            {
                "template": "metric.html",
                "title": "职业技能培训",
                "description": "各地“职业技能培训”（人次）数据对比",
            },
        ),
        (PageRole("metrics"), {"template": "metrics.html", "title": "数据对比"}),
        (PageRole("tag", "技能提升"), {"template": "tag.html", "title": "主题：技能提升"}),
        (
            PageRole("tag", "技能提升", 3),
            {"template": "tag.html", "title": "主题：技能提升（第 3 页）"},
        ),
        (PageRole("tags"), {"template": "tags.html", "title": "主题"}),
        (PageRole("home"), {"template": "home.html", "title": "首页"}),
    ],
)
def test_page_meta(role: PageRole, meta: dict) -> None:
    assert routing.page_meta(mini_graph(), role) == meta


def test_page_meta_escapes_what_the_theme_prints_unescaped() -> None:
    graph = make_graph(
        make_case("city", "evil", name='<img src=x onerror="a()">', summary="a & b <i>")
    )
    meta = routing.page_meta(graph, PageRole("case", "evil"))
    assert meta["title"] == "&lt;img src=x onerror=&quot;a()&quot;&gt;"
    assert meta["description"] == "a &amp; b &lt;i&gt;"
    # A tag cannot hold <, > or & at all (paths.tag_problem, tested in test_paths.py).


# --- What an edit can change -----------------------------------------------------------------


def test_edit_scope_holds_the_tags_and_metrics_before_and_after() -> None:
    before = make_graph(
        make_case(
            "city", "c", tags=["技能 提升"], stats=[{"label": "数", "value": "3人", "metric": "m"}]
        ),
        metrics={"m": ("数", "人"), "n": ("数", "人")},
    )
    after = make_graph(
        make_case(
            "city", "c", tags=["安全"], stats=[{"label": "数", "value": "3人", "metric": "n"}]
        ),
        make_case("worker", "w", city="c", draft=True),
        metrics={"m": ("数", "人"), "n": ("数", "人")},
    )
    scope = routing.edit_scope((before, after), {"c", "w", "gone"})
    # The city keeps its place in the index (same province, no parent) and the worker is a
    # draft: no index lists differently.
    assert scope == EditScope(kinds=set(), tags={"技能-提升", "安全"}, metrics={"m", "n"})


@pytest.mark.parametrize(
    ("before", "after", "kinds"),
    [
        ({"province": "江苏省"}, {"province": "浙江省"}, {"city"}),  # another group
        ({"parent": None}, {"parent": "p"}, {"city"}),  # under another city
        ({"summary": "旧。"}, {"summary": "新。"}, set()),  # shown through the page's reads
        ({"draft": True}, {}, {"city"}),  # published
        ({}, {"draft": True}, {"city"}),  # unpublished
        ({"draft": True}, {"draft": True, "province": "浙江省"}, set()),  # a draft throughout
    ],
    ids=["group", "parent", "summary", "published", "unpublished", "draft"],
)
def test_edit_scope_names_a_kind_whose_index_places_the_case_differently(
    before: dict, after: dict, kinds: set
) -> None:
    parent = make_case("city", "p")
    graphs = [make_graph(parent, make_case("city", "c", **fields)) for fields in (before, after)]
    assert routing.edit_scope(graphs, {"c"}).kinds == kinds


def test_edit_scope_names_the_kinds_of_cases_added_or_removed() -> None:
    before = make_graph(make_case("city", "c"))
    after = make_graph(make_case("city", "c"), make_case("worker", "w", city="c"))
    assert routing.edit_scope((before, after), {"w"}).kinds == {"worker"}
    assert routing.edit_scope((after, before), {"w"}).kinds == {"worker"}


@pytest.mark.parametrize(
    ("role", "in_scope"),
    [
        (PageRole("index", "city"), True),
        (PageRole("index", "worker", 2), False),
        (PageRole("tag", "技能 提升"), True),  # by slug
        (PageRole("tag", "安全"), False),
        (PageRole("tags"), True),
        (PageRole("metric", "m"), True),
        (PageRole("metric", "n"), False),
        (PageRole("metrics"), True),
        (PageRole("home"), True),
        (PageRole("case", "c"), False),  # case pages are found through their lists instead
    ],
)
def test_which_listings_an_edit_can_change(role: PageRole, in_scope: bool) -> None:
    scope = EditScope(kinds={"city"}, tags={"技能-提升"}, metrics={"m"})
    assert PAGE_KINDS[role.kind].in_scope(scope, role) is in_scope


def test_nothing_in_scope_changes_only_the_home_page() -> None:
    empty = EditScope()
    changed = {
        name for name, kind in PAGE_KINDS.items() if kind.in_scope(empty, PageRole(name, "2024"))
    }
    assert changed == {"home"}


def test_layouts_tell_what_a_listing_lists() -> None:
    graph = mini_graph()

    def layout(role: PageRole, page_size: int = 100):
        return PAGE_KINDS[role.kind].layout(graph, role, page_size)

    assert layout(PageRole("case", "wang-wu")) == routing.LISTS_BY_REFERENCE
    # The mini's cities are one untitled group of three (see test_mini_index_groups).
    assert layout(PageRole("index", "city")) == (
        ("hill-county", "river-city", "town-a"),
        1,
        (("", 3),),
    )
    assert layout(PageRole("index", "city", 2), 2) == (("town-a",), 2, (("", 3),))
    assert layout(PageRole("tag", "技能提升")) == (("river-city",), 1, (("city", 1),))
    assert layout(PageRole("metric", "skills-training")) == (("river-city", 0), ("town-a", 0))
    assert layout(PageRole("tags")) == (("技能提升", 1), ("权益保障", 1))


def test_what_listings_need_of_a_case_is_kept_with_its_file_version() -> None:
    case, calls = make_case("city", "li-ming"), []

    def heading(of):
        calls.append(of.id)
        return "国家级"

    assert routing.kept(case, "heading", heading) == "国家级"
    assert routing.kept(case, "heading", heading) == "国家级"
    assert calls == ["li-ming"]  # made once for this version of the file
    again = make_case("city", "li-ming")  # the file read again: a new case, a new version
    assert routing.kept(again, "heading", heading) == "国家级" and calls == ["li-ming"] * 2


@pytest.mark.parametrize("spread", [True, False])
def test_the_newest_updates_alone_are_the_first_of_all_updates(spread: bool) -> None:
    """latest_updates(graph, n) looks only at the newest dates; its n are the whole order's
    first n, turns by kind included, whether dates are spread or many cases share one."""
    kinds = ["city", "enterprise", "worker", "source"]
    cases = []
    for number in range(60):
        kind = kinds[number % 4]
        day = (number % 7 + 1) if spread else 1
        fields = {"date": f"2024-03-{day:02d}"} if kind == "source" else {}
        updated = {"updated": f"2024-{number % 3 + 1:02d}-{day:02d}"} if kind != "source" else {}
        if kind in ("enterprise", "worker"):
            fields["city"] = "city-0"
        cases.append(make_case(kind, f"{kind}-{number}", **fields, **updated))
    graph = make_graph(*cases)
    everything = routing.latest_updates(graph)
    assert len(everything) == 60
    for count in (1, 5, 12, 59, 60, 80):
        assert routing.latest_updates(make_graph(*cases), count) == everything[:count]
