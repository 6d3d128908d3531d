"""views/case.py: a case's own page — facts, relations shown back, cited stats — on the mini
corpus and on cases made in memory."""

from __future__ import annotations

import pytest

from helpers import make_case, make_graph, mini_graph
from showcase.views.cards import ImageView, Link
from showcase.views.case import (
    CaseView,
    CitedStat,
    Fact,
    HonorView,
    case_view,
    cited_stats_view,
    facts,
    related_sections,
    tag_link,
)

F = Fact


@pytest.mark.parametrize(
    ("case_id", "expected"),
    [
        (
            "river-city",
            [
                F("省份", "江苏省", None),
                F("行政级别", "地级市", None),
                F("更新于", "2024-06-24", None),
            ],
        ),
        (
            "town-a",
            [
                F("省份", "江苏省", None),
                F("行政级别", "镇", None),
                F("上级", "江河市", "cities/river-city/"),
            ],
        ),
        (
            "steel-plant",
            [
                F("所在城市", "甲镇", "cities/town-a/"),
                F("行业", "钢铁", None),
                F("所属集团", "江河钢铁集团", "enterprises/steel-group/"),
            ],
        ),
        (
            "steel-group",
            [
                F("所在城市", "江河市", "cities/river-city/"),
                F("行业", "钢铁", None),
                F("所有制", "国有", None),
            ],
        ),
        (
            "wang-wu",
            [
                F("工作单位", "甲镇钢厂", "enterprises/steel-plant/"),
                F("所在城市", "甲镇", "cities/town-a/"),
                F("岗位", "炼钢工", None),
            ],
        ),
        ("zhao-liu", [F("所在城市", "山县", "cities/hill-county/")]),
        (
            "report-2024",
            [
                F("发布单位", "江河市总工会", None),
                F("日期", "2024-06-24", None),
                F("期号", "2024 年第 8 期（总第 38 期）", None),
                F("作者", "张三、李四", None),
            ],
        ),
        ("old-brief", [F("发布单位", "江河钢铁集团", None), F("日期", "2020-06", None)]),
    ],
)
def test_facts(case_id: str, expected: list[Fact]) -> None:
    graph = mini_graph()
    assert facts(graph.cases[case_id], graph) == expected


def test_a_draft_parent_or_employer_is_not_a_fact() -> None:
    graph = make_graph(
        make_case("city", "hidden-city", draft=True),
        make_case("city", "town", parent="hidden-city"),
        make_case("enterprise", "hidden-plant", city="town", draft=True),
        make_case("worker", "w", enterprise="hidden-plant"),
    )
    assert [fact.label for fact in facts(graph.cases["town"], graph)] == ["省份", "行政级别"]
    # The draft employer is left out; its city still places the worker.
    assert facts(graph.cases["w"], graph) == [F("所在城市", "town", "cities/town/")]


def sections_of(case_id: str) -> list[tuple[str, list[str]]]:
    graph = mini_graph()
    sections = related_sections(graph.cases[case_id], graph, {})
    return [(section.title, [card.id for card in section.cards]) for section in sections]


@pytest.mark.parametrize(
    ("case_id", "sections"),
    [
        ("river-city", [("下辖地区", ["town-a"]), ("企业", ["steel-group"])]),
        (
            "town-a",
            [
                ("企业", ["steel-plant"]),
                ("劳模工匠", ["wang-wu"]),
                ("提到本案例的页面", ["river-city"]),
            ],
        ),
        (
            "steel-group",
            [("成员企业", ["steel-plant"]), ("提到本案例的页面", ["river-city", "wang-wu"])],
        ),
        # wang-wu mentions steel-plant too, but is listed already among its workers.
        ("steel-plant", [("劳模工匠", ["wang-wu"])]),
        ("report-2024", [("引用本出处的案例", ["river-city", "steel-group", "wang-wu"])]),
        ("wang-wu", []),  # empty sections are left out
    ],
)
def test_related_sections(case_id: str, sections: list) -> None:
    assert sections_of(case_id) == sections


def test_cited_stats_name_their_case() -> None:
    graph = mini_graph()
    cited = cited_stats_view(graph.citing_stats["report-2024"], graph)
    assert [(c.figure, c.label, c.case) for c in cited] == [
        ("18.3万人次", "职业技能培训", Link("江河市", "cities/river-city/")),
        ("1500—4000元", "技能补贴", Link("江河市", "cities/river-city/")),
        ("800元", "技能津贴", Link("王五", "workers/wang-wu/")),
    ]
    assert all(isinstance(c, CitedStat) and c.source.url == "sources/report-2024/" for c in cited)


def test_tag_link() -> None:
    assert tag_link("技能 提升") == Link("技能 提升", "tags/技能-提升/")


def test_case_view_of_a_worker() -> None:
    graph = mini_graph()
    view = case_view(graph.cases["wang-wu"], graph, {})
    assert isinstance(view, CaseView)
    assert (view.name, view.url, view.subtitle) == ("王五", "workers/wang-wu/", "甲镇钢厂 · 炼钢工")
    # Highest level first (ordering is tested in test_front.py).
    assert view.honors == [
        HonorView(title="全国劳动模范", level="国家级", year=2020),
        HonorView(title="江苏省劳动模范", level="省级", year=None),
    ]
    assert view.portrait == ImageView("王五", None, None)
    assert [stat.figure for stat in view.stats] == ["800元"]
    assert view.sources == [Link("江河市产改工作报告", "sources/report-2024/")]
    assert (view.tags, view.gallery, view.sections, view.cited_stats) == ([], [], [], [])
    assert view.url_external is None


def test_case_view_of_a_city_and_a_source() -> None:
    graph = mini_graph()
    city = case_view(graph.cases["river-city"], graph, {})
    assert city.tags == [Link("技能提升", "tags/技能提升/"), Link("权益保障", "tags/权益保障/")]
    assert [(i.caption, i.credit) for i in city.gallery] == [
        ("江河钢厂生产场景", "通讯员 张三"),
        ("江河市产改推进会", None),
    ]
    assert len(city.stats) == 5
    # Beside its name, a city shows its cover, captioned as its first picture (no rendition
    # is given here).
    assert city.portrait == ImageView("江河钢厂生产场景", None, None)
    source = case_view(graph.cases["report-2024"], graph, {})
    assert source.url_external == "https://example.org/report"
    assert source.summary == "江河市总工会 2024-06-24 发布的《江河市产改工作报告》。"
    assert [c.case.name for c in source.cited_stats] == ["江河市", "江河市", "王五"]


def test_case_view_sources_are_published_and_each_once() -> None:
    graph = make_graph(
        make_case("source", "a"),
        make_case("source", "hidden", draft=True),
        make_case("city", "c", sources=["a", "hidden", "a", "missing"]),
    )
    assert case_view(graph.cases["c"], graph, {}).sources == [Link("a", "sources/a/")]


def test_a_case_view_records_what_it_reads() -> None:
    graph = mini_graph()
    with graph.recording() as reads:
        case_view(graph.cases["steel-plant"], graph, {})
    # Its own case, its city, its group, its worker's card (and that card's place).
    assert {"steel-plant", "town-a", "steel-group", "wang-wu"} <= reads
    assert "hill-county" not in reads and "zhao-liu" not in reads
