"""loading/messages.py: pydantic's errors told to a contributor in Chinese, with a fix."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from showcase.parsing.frontmatter import FrontMatter, parse_front_matter
from showcase.loading.messages import (
    allowed_values,
    describe,
    known_fields,
    model_at,
    problems_from_validation,
)
from showcase.models import City, GalleryImage, Honor, Metric, Stat, Worker

WORKER = {"name": "王五", "summary": "炼钢工。", "city": "river-city"}
WORKER_FIELDS = (
    "name、summary、tags、stats、gallery、sources、draft、updated、"
    "enterprise、city、position、honors、portrait"
)


def only_error(model: type[BaseModel], data: dict[str, Any]) -> dict[str, Any]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    [detail] = caught.value.errors(include_url=False)
    return detail


@pytest.mark.parametrize(
    ("model", "data", "message", "hint"),
    [
        (Worker, {"stat": 1}, "未知字段 stat", f"你是不是想写 stats？可用的字段：{WORKER_FIELDS}"),
        (Worker, {"xyz": 1}, "未知字段 xyz", f"可用的字段：{WORKER_FIELDS}"),  # nothing near
        (
            Worker,
            {"honors": [{"title": "劳模", "lvl": "国家级"}]},
            "未知字段 lvl",
            "你是不是想写 level？可用的字段：title、year、level",
        ),
        (
            Worker,
            {"honors": [{"title": "劳模", "level": "国家"}]},
            "“国家”不是允许的值",
            "你是不是想写 国家级？只能是以下之一：国家级、省级、市级、企业级",
        ),
        (
            City,
            {"province": "江苏省", "level": "zzz"},
            "“zzz”不是允许的值",
            "只能是以下之一：省、地级市、县级市、县、区、镇、街道、园区",
        ),
        (
            Worker,
            {"name": 123},
            "应当是文字，实际是“123”",
            '如果是数字、日期或 yes/no，请加引号，例如 "2024"',
        ),
        (Worker, {"name": ""}, "name 不能为空", "写上内容，或删掉这一行"),
        (Worker, {"summary": "字" * 161}, "超过 160 个字（现有 161 个）", "缩短到 160 个字以内"),
        (
            Worker,
            {"honors": [{"title": "劳模", "year": "2020"}]},
            "应当是整数，实际是“2020”",
            "写成 2022 这样的数字，不加引号",
        ),
        (
            Worker,
            {"honors": [{"title": "劳模", "year": 1800}]},
            "年份“1800”不在合理范围内",
            "写成四位年份，例如 2022",
        ),
        (Worker, {"draft": "yes"}, "应当是 true 或 false，实际是“yes”", "写 true 或 false"),
        (Worker, {"tags": "技能"}, "tags 应当是列表", "每一项另起一行，以“- ”开头"),
        (
            Worker,
            {"stats": ["18.3万人次"]},
            "stats 的第 1 项应当是“字段: 值”的组合，实际是“18.3万人次”",
            "每一项以“- label: ……”开头，需要时再另起一行写 value、unit、year、period、measure、"
            "source、note、metric（与 label 左对齐）",
        ),
        (
            Worker,
            {"name": None},
            "应当是文字，实际是“None”",
            '如果是数字、日期或 yes/no，请加引号，例如 "2024"',
        ),
        (
            Worker,
            {"updated": "昨天"},
            "“昨天”不是有效日期",  # the model's own message and hint pass through as written
            "日期写成 YYYY-MM-DD，例如 2024-06-24",
        ),
    ],
)
def test_describe(model: type[BaseModel], data: dict, message: str, hint: str) -> None:
    base = WORKER if model is Worker else {"name": "甲市", "summary": "测试用的城市。"}
    detail = only_error(model, {**base, **data})
    assert describe(detail, model, tuple(detail["loc"])) == (message, hint)


def test_describe_a_missing_field() -> None:
    detail = only_error(Worker, {"summary": "炼钢工。", "city": "river-city"})
    assert describe(detail, Worker, ("name",)) == ("缺少必填字段 name", "加一行 name: ……")


def test_an_error_pydantic_has_no_words_for_keeps_its_own() -> None:
    detail = {
        "type": "uuid_type",
        "loc": ("x",),
        "msg": "UUID input should be a string",
        "input": 5,
    }
    assert describe(detail, Worker, ("x",)) == ("取值“5”无效：UUID input should be a string", "")


@pytest.mark.parametrize(
    ("loc", "model"),
    [
        ((), Worker),
        (("stats", 0), Stat),
        (("honors", 3), Honor),
        (("gallery", 0), GalleryImage),
        (("name",), Worker),  # a plain field: the model that holds it
        (("stats", 0, "value"), Stat),
        (("nonsense", 0), Worker),
    ],
)
def test_model_at(loc: tuple, model: type) -> None:
    assert model_at(Worker, loc) is model


def test_known_fields_and_allowed_values() -> None:
    assert known_fields(Worker, ("honors", 0)) == ["title", "year", "level"]
    assert known_fields(Metric, ()) == [
        "label",
        "unit",
        "measure",
        "period",
        "applies_to",
        "description",
    ]
    assert allowed_values(Worker, ("honors", 0, "level")) == ["国家级", "省级", "市级", "企业级"]
    assert allowed_values(City, ("level",))[:3] == ["省", "地级市", "县级市"]
    assert allowed_values(Worker, ("name",)) == []  # not a choice


FILE = """---
name: 王五
summary: 炼钢工。
city: river-city
stat: 1
stats:
  - label: 人数
    value: 300
honors:
  - title: 劳模
    level: 国家
---
"""


def front_of(text: str) -> FrontMatter:
    front = parse_front_matter(text, "content/workers/wang-wu.md")
    assert isinstance(front, FrontMatter)
    return front


def test_problems_carry_the_file_line_and_field() -> None:
    front = front_of(FILE)
    with pytest.raises(ValidationError) as caught:
        Worker.model_validate(front.data)
    problems = problems_from_validation(caught.value, Worker, front, "content/workers/wang-wu.md")
    assert [(p.line, p.column, p.field, p.message) for p in sorted(problems)] == [
        (5, 1, "stat", "未知字段 stat"),  # an unknown field points at its key
        (8, 12, "stats[0].value", "纯数字 300 缺少 unit"),  # the model names the field
        (11, 12, "honors[0].level", "“国家”不是允许的值"),
    ]
    assert {p.path for p in problems} == {"content/workers/wang-wu.md"}


def test_a_prefix_places_the_mapping_inside_the_file() -> None:
    front = front_of("---\nskills-training:\n  label: 培训\n---\n")
    with pytest.raises(ValidationError) as caught:
        Metric.model_validate(front.data["skills-training"])
    [problem] = problems_from_validation(
        caught.value, Metric, front, "content/metrics.yml", ("skills-training",)
    )
    # A missing field points at the mapping that should hold it.
    assert (problem.field, problem.line, problem.message) == (
        "skills-training.unit",
        2,
        "缺少必填字段 unit",
    )
