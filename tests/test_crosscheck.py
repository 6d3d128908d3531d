"""checking/crosscheck.py: what a case file cannot tell alone, checked on front matter and cases
made in memory."""

from __future__ import annotations

from typing import Any

import pytest

from helpers import MINI, case_text, make_case, make_corpus
from showcase.checking.crosscheck import (
    check_body_links,
    check_cycles,
    check_images,
    check_metrics,
    check_references,
    image_fields,
    reference_problem,
    references,
)
from showcase.domain import KINDS, CaseFile
from showcase.parsing.frontmatter import FrontMatter, parse_front_matter
from showcase.models import Metric
from showcase.problems import Problem

KINDS_BY_ID = {
    "river-city": "city",
    "town-a": "city",
    "steel-group": "enterprise",
    "steel-plant": "enterprise",
    "wang-wu": "worker",
    "report-2024": "source",
}


def item_and_front(
    kind: str, case_id: str, fields: dict[str, Any], body: str = ""
) -> tuple[CaseFile, FrontMatter]:
    display = f"content/{KINDS[kind].folder}/{case_id}.md"
    front = parse_front_matter(case_text(fields, body), display)
    assert isinstance(front, FrontMatter)
    return CaseFile(kind, case_id, display, display), front


def rows(problems: list[Problem]) -> list[tuple[int, str, str, str]]:
    return [(p.line, p.field, p.message, p.hint) for p in problems]


# --- References ------------------------------------------------------------------------------


def test_references_are_read_from_the_raw_front_matter() -> None:
    data = {
        "enterprise": "steel-plant",
        "city": " town-a ",
        "parent": "ignored-for-a-worker",
        "sources": ["report-2024", "Not_An_Id", 7, "old-brief"],
        "stats": [{"source": "report-2024"}, "not a mapping", {"label": "无出处"}],
    }
    assert references("worker", data) == [
        (("enterprise",), "enterprise", "steel-plant"),
        (("city",), "city", "town-a"),
        (("sources", 0), "source", "report-2024"),
        (("sources", 3), "source", "old-brief"),
        (("stats", 0, "source"), "source", "report-2024"),
    ]


@pytest.mark.parametrize(
    ("kind", "data", "expected"),
    [
        ("city", {"parent": "river-city"}, [(("parent",), "city", "river-city")]),
        (
            "enterprise",
            {"city": "town-a", "parent": "steel-group"},
            [(("city",), "city", "town-a"), (("parent",), "enterprise", "steel-group")],
        ),
        ("source", {"parent": "x", "city": "y"}, []),  # a source names no place
        ("worker", {"sources": "report-2024", "stats": {"source": "x"}}, []),  # not lists
    ],
)
def test_reference_fields_of_each_kind(kind: str, data: dict, expected: list) -> None:
    assert references(kind, data) == expected


@pytest.mark.parametrize(
    ("target", "expected", "problem"),
    [
        ("town-a", "city", None),
        (
            "steel-plant",
            "city",
            ("“steel-plant”是企业，不是城市", "这里只能填城市的 id（content/cities/ 下的文件名）"),
        ),
        (
            "river-cty",
            "city",
            (
                "找不到 id 为“river-cty”的城市",
                "你是不是想写 river-city？城市的 id 是 content/cities/ 下的文件名（不含 .md）",
            ),
        ),
        (
            "nowhere",
            "source",
            ("找不到 id 为“nowhere”的出处", "出处的 id 是 content/sources/ 下的文件名（不含 .md）"),
        ),
        # The suggestion is of the right kind: wang-wu is nearer, but a worker.
        (
            "wang-wx",
            "enterprise",
            (
                "找不到 id 为“wang-wx”的企业",
                "企业的 id 是 content/enterprises/ 下的文件名（不含 .md）",
            ),
        ),
    ],
)
def test_reference_problem(target: str, expected: str, problem: tuple | None) -> None:
    assert reference_problem(target, expected, KINDS_BY_ID) == problem


def test_check_references_reports_each_bad_reference_at_its_line() -> None:
    item, front = item_and_front(
        "worker",
        "new-worker",
        {
            "name": "新人",
            "summary": "介绍。",
            "enterprise": "steel-plant",
            "city": "steel-group",
            "sources": ["report-2024", "report-2042"],
        },
    )
    assert rows(check_references(item, front, KINDS_BY_ID)) == [
        (
            5,
            "city",
            "“steel-group”是企业，不是城市",
            "这里只能填城市的 id（content/cities/ 下的文件名）",
        ),
        (
            8,
            "sources[1]",
            "找不到 id 为“report-2042”的出处",
            "你是不是想写 report-2024？出处的 id 是 content/sources/ 下的文件名（不含 .md）",
        ),
    ]
    assert {p.path for p in check_references(item, front, KINDS_BY_ID)} == {item.display}


def test_a_case_cannot_name_itself() -> None:
    item, front = item_and_front("city", "town-a", {"name": "甲镇", "parent": "town-a"})
    assert rows(check_references(item, front, KINDS_BY_ID)) == [
        (3, "parent", "不能引用自己", "填写另一个案例的 id")
    ]


# --- Body links ------------------------------------------------------------------------------


def test_body_links_to_unknown_ids_are_reported_at_their_line_and_column() -> None:
    body = "第一行。\n见 [[wang-wu]] 与 [[wang-wv]]。\n`[[in-code]]` 与 [[zzz]]"
    item, front = item_and_front("city", "river-city", {"name": "江河市"}, body)
    problems = check_body_links(item, front, KINDS_BY_ID)
    assert [(p.line, p.column, p.field, p.message, p.hint) for p in problems] == [
        (5, 17, "正文", "链接 [[wang-wv]] 指向不存在的案例", "你是不是想写 [[wang-wu]]？"),
        (
            6,
            17,
            "正文",
            "链接 [[zzz]] 指向不存在的案例",
            "[[ ]] 里填案例的 id，即文件名（不含 .md）",
        ),
    ]
    # Line 4 of the file is the body's first line (after the two fences and one field).
    assert front.body_line == 4


# --- Metrics ---------------------------------------------------------------------------------

METRICS = {"skills-training": Metric(label="职业技能培训", unit="人次")}


def test_metric_stats_must_name_a_metric_in_its_unit() -> None:
    case = make_case(
        "city",
        "river-city",
        stats=[
            {"label": "培训", "value": "18.3万人次", "metric": "skills-training"},
            {"label": "培训", "value": "3000人", "metric": "skills-training"},
            {"label": "培训", "value": "3人次", "metric": "skills-trainin"},
            {"label": "培训", "value": "3人次", "metric": "wages"},
            {"label": "无指标", "value": "3人"},
        ],
    )
    assert rows(check_metrics(case, METRICS)) == [
        (
            12,
            "stats[1].metric",
            "单位“人”与指标 skills-training 的单位“人次”不一致",
            "把数值换算成以“人次”为单位，或去掉 metric",
        ),
        (15, "stats[2].metric", "未定义的指标“skills-trainin”", "你是不是想写 skills-training？"),
        (18, "stats[3].metric", "未定义的指标“wages”", "先在 content/metrics.yml 中定义这个指标"),
    ]


# --- Images ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            {"portrait": " river/plant.jpg ", "gallery": [{"src": "a.jpg"}, {"src": "b.jpg"}]},
            [
                (("portrait",), "river/plant.jpg"),
                (("gallery", 0, "src"), "a.jpg"),
                (("gallery", 1, "src"), "b.jpg"),
            ],
        ),
        ({"gallery": [{"caption": "无图"}, "a.jpg", {"src": "  "}, {"src": 5}]}, []),
        ({"portrait": "", "gallery": "a.jpg"}, []),
        ({}, []),
    ],
)
def test_image_fields_put_the_cover_first(data: dict, expected: list) -> None:
    assert image_fields(data) == expected


def test_check_images_checks_each_path_once_and_reports_where_it_is_used() -> None:
    item, front = item_and_front(
        "worker",
        "wang-wu",
        {
            "name": "王五",
            "portrait": "river/plant.jpg",
            "gallery": [
                {"src": "river/missing.jpg", "caption": "缺"},
                {"src": "river/plant.jpg", "caption": "同一张"},
            ],
        },
    )
    checked: dict[str, str | None] = {"river/missing.jpg": "已检查过的结论"}
    problems = check_images(item, front, MINI / "images", "images", checked)
    # The cached verdict is reused, not checked again; the real photo passes.
    assert rows(problems) == [
        (5, "gallery[0].src", "已检查过的结论", "图片路径相对于 images/ 文件夹填写")
    ]
    assert checked == {"river/missing.jpg": "已检查过的结论", "river/plant.jpg": None}


def test_check_images_reports_a_missing_photo() -> None:
    item, front = item_and_front("worker", "wang-wu", {"name": "王五", "portrait": "river/x.jpg"})
    [problem] = check_images(item, front, MINI / "images", "images", {})
    assert (problem.line, problem.field) == (3, "portrait")
    assert "river/x.jpg" in problem.message


# --- Cycles ----------------------------------------------------------------------------------


def test_parent_cycles_are_reported_for_each_member() -> None:
    corpus = make_corpus(
        make_case("city", "a", parent="b"),
        make_case("city", "b", parent="c"),
        make_case("city", "c", parent="a"),
        make_case("city", "d", parent="a"),  # leads into the cycle without being in it
        make_case("enterprise", "e", city="a", parent="f"),
        make_case("enterprise", "f", city="a", parent="e"),
    )
    problems = check_cycles(corpus)
    assert sorted((p.path, p.line, p.field) for p in problems) == [
        ("content/cities/a.md", 6, "parent"),
        ("content/cities/b.md", 6, "parent"),
        ("content/cities/c.md", 6, "parent"),
        ("content/enterprises/e.md", 6, "parent"),
        ("content/enterprises/f.md", 6, "parent"),
    ]
    assert {p.message for p in problems} == {"parent 形成了循环（上级最终又指回自己）"}


@pytest.mark.parametrize(
    "cases",
    [
        [("a", "b"), ("b", "c"), ("c", None)],  # a chain that ends
        [("a", "missing")],  # a parent that does not exist is check_references' to report
        [("a", "a")],  # so is a case naming itself
    ],
)
def test_no_cycle_no_problem(cases: list[tuple[str, str | None]]) -> None:
    corpus = make_corpus(*(make_case("city", name, parent=parent) for name, parent in cases))
    assert check_cycles(corpus) == []
