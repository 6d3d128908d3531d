"""The editor's own checks (admin/checks.js and the patterns of admin/config.yml) say what
`check` says, for every mistake a form can make."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from pydantic import ValidationError
from test_cms_quantity import NODE, run_js

from showcase import models
from showcase.tools import cms
from showcase.parsing.frontmatter import FrontMatter, parse_front_matter
from showcase.domain import KINDS
from showcase.loading.messages import problems_from_validation

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")
CONTRACT = cms.editor_contract()
FOLDER = {kind.name: kind.folder for kind in KINDS.values()}

GOOD = {
    "worker": {"name": "李明", "summary": "电钳工。", "enterprise": "zhangshuanglou-mine"},
    "city": {"name": "淮安市", "summary": "地级市。", "province": "江苏省", "level": "地级市"},
    "enterprise": {"name": "淮钢", "summary": "钢铁。", "city": "huaian", "industry": "钢铁"},
    "source": {"name": "专报", "publisher": "办公室", "date": "2024-08"},
}


def edited(kind: str, **changes: Any) -> tuple[str, dict[str, Any]]:
    data = copy.deepcopy(GOOD[kind])
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return kind, data


# What a contributor can get wrong in the form (selects, number boxes and patterns rule out
# the rest): each row is the form's data.
CASES = [
    edited("worker"),
    edited("worker", name=""),
    edited("worker", name="   "),
    edited("worker", summary=None),
    edited("worker", summary="长" * 160),
    edited("worker", summary="长" * 161),
    edited("worker", summary=" " + "长" * 160 + " "),
    edited("worker", enterprise=None),
    edited("worker", enterprise="", city=""),
    edited("worker", enterprise=None, city="huaian"),
    edited("worker", position="  "),
    edited("worker", stats=[{"label": "培训", "value": "18.3万人次"}]),
    edited("worker", stats=[{"label": "", "value": "18.3万人次"}]),
    edited("worker", stats=[{"label": "培训", "value": ""}]),
    edited("worker", stats=[{"label": "培训", "value": "很多人"}]),
    edited("worker", stats=[{"label": "培训", "value": "三万人"}]),
    edited("worker", stats=[{"label": "培训", "value": "100人以下"}]),
    edited("worker", stats=[{"label": "奖励", "value": 400000}]),
    edited("worker", stats=[{"label": "奖励", "value": 400000, "unit": ""}]),
    edited("worker", stats=[{"label": "奖励", "value": 400000, "unit": "元"}]),
    edited("worker", stats=[{"label": "奖励", "value": "30人", "unit": "元"}]),
    edited("worker", stats=[{"label": "奖励", "value": "18.3", "unit": "万人次"}]),
    edited("worker", stats=[{"label": "奖励", "value": "5—3万人"}]),
    edited("worker", honors=[{"title": ""}, {"title": "全国劳动模范", "year": 2020}]),
    edited("worker", honors=[{"title": "劳模", "level": "省级"}, {"year": 2020}]),
    edited("worker", gallery=[{"src": "workers/li-ming/a.jpg", "caption": ""}]),
    edited("worker", gallery=[{"src": "", "caption": "说明"}]),
    edited("worker", gallery=[{"src": "workers/li-ming/a.jpg", "caption": "说明", "credit": ""}]),
    edited("city", province=None, summary=""),
    edited("city", name="  ", province="  "),
    edited("enterprise", industry=""),
    edited("source"),
    edited("source", publisher="", summary="长" * 161),
    edited("source", issue="   "),
]


def written(kind: str, data: dict[str, Any]) -> str:
    [result] = run_js(
        [
            {
                "module": "case-file",
                "fn": "format",
                "args": [data, CONTRACT["collections"][FOLDER[kind]]],
            }
        ]
    )
    return result["value"]


def check_problems(kind: str, text: str) -> set[tuple[str, str, str]]:
    front = parse_front_matter(text, "x.md")
    assert isinstance(front, FrontMatter), front
    try:
        KINDS[kind].model.model_validate(front.data)
    except ValidationError as error:
        return {
            (p.field, p.message, p.hint)
            for p in problems_from_validation(error, KINDS[kind].model, front, "x.md")
        }
    return set()


@pytest.mark.slow  # a real mkdocs build
def test_the_editor_finds_what_check_finds() -> None:
    results = run_js(
        [
            {
                "module": "checks",
                "fn": "caseProblems",
                "args": [data, CONTRACT["collections"][FOLDER[kind]], CONTRACT],
            }
            for kind, data in CASES
        ]
    )
    differences = []
    for (kind, data), result in zip(CASES, results, strict=True):
        assert result["ok"], result
        editor = {(p["field"], p["message"], p["hint"]) for p in result["value"]}
        check = check_problems(kind, written(kind, data))
        if editor != check:
            differences.append((kind, data, sorted(check - editor), sorted(editor - check)))
    assert differences == []
    # The table holds both good cases and every kind of problem.
    assert sum(1 for r in results if r["value"]) > 20


ID_CASES = [
    ("li-ming", None),
    ("", "缺少 id（文件名）"),
    ("Li_Ming", "文件名“Li_Ming”不能用作 id"),
    ("li--ming", "文件名“li--ming”不能用作 id"),
    ("-li", "文件名“-li”不能用作 id"),
    ("李明", "文件名“李明”不能用作 id"),
    ("index", "index 是保留名，不能用作 id"),
    ("ma-ben", "id“ma-ben”与 content/workers/ma-ben.md 重复"),
]


def test_a_new_id_follows_the_loaders_rules() -> None:
    taken = {"ma-ben": "workers"}
    results = run_js(
        [
            {"module": "checks", "fn": "idProblem", "args": [value, CONTRACT, taken]}
            for value, _ in ID_CASES
        ]
    )
    assert [None if r["value"] is None else r["value"]["message"] for r in results] == [
        expected for _, expected in ID_CASES
    ]
    for value, expected in ID_CASES:
        assert (expected is None) == bool(
            value and models.ID_PATTERN.match(value) and value not in ("index", "ma-ben")
        )


def config_patterns() -> dict[tuple[str, str], str]:
    """(model field path, pattern) of every pattern in the generated configuration."""
    found = {}
    config = cms.editor_config(
        content_dir="content", images_dir="images", metrics={}, backend={"name": "github"}
    )

    def walk(fields: list[dict[str, Any]], where: str) -> None:
        for field in fields:
            if "pattern" in field:
                found[(where, field["name"])] = field["pattern"][0]
            walk(field.get("fields", []), f"{where}.{field['name']}")

    for collection in config["collections"]:
        walk(collection["fields"], collection["name"])
    return found


PATTERN_TEXTS = {
    "summary": ["一句话", "长" * 160, "长" * 161, " " + "长" * 160 + "\n", "两行\n文字"],
    "date": [
        "2024-06-24",
        "2024-06",
        "2023",
        "未载明",
        "2024/06",
        "2024年6月",
        "24-06",
        " 2023 ",
        "2024-6",
    ],
    "url": ["https://www.example.org/a", "http://example.org", "https://", "https://a b"],
    "id": ["ma-ben", "Ma-Ben", "ma--ben", "ma-ben-", "a1", "李明"],
}


def model_accepts(collection: str, name: str, text: str) -> bool:
    kind = CONTRACT["folders"][collection]
    data = {**GOOD[kind], name: text} if name != "id" else GOOD[kind]
    if name == "id":
        return bool(models.ID_PATTERN.match(text))
    try:
        KINDS[kind].model.model_validate(data)
    except ValidationError:
        return False
    return True


def test_field_patterns_accept_what_the_models_accept() -> None:
    """The form's patterns (summary length, publication date, https URL, id) say yes exactly
    when `check` does; the browser's RegExp reads them."""
    rows = [
        (collection, name, pattern, text)
        for (collection, name), pattern in config_patterns().items()
        for text in PATTERN_TEXTS[name]
    ]
    assert {name for _, name, _, _ in rows} == set(PATTERN_TEXTS)
    results = run_js(
        [
            {"module": None, "fn": "regexTest", "args": [pattern, text]}
            for _, _, pattern, text in rows
        ]
    )
    wrong = [
        (collection, name, text, result["value"])
        for (collection, name, _, text), result in zip(rows, results, strict=True)
        if result["value"] != model_accepts(collection, name, text)
    ]
    assert wrong == []
