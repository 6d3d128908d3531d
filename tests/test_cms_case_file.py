"""How the editor reads and writes case files (site_src/overrides/admin/case-file.js).

The editor's format must keep a file as written wherever the form changed nothing, write every
value so that `check` (PyYAML) reads back the same value, and put new fields where
`python build.py new` puts them.
"""

from __future__ import annotations

import datetime as dt
import difflib
import glob
import random
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_cms_quantity import NODE, run_js

from conftest import FIXTURES, REPO
from showcase import models
from showcase.domain import KINDS
from showcase.parsing.frontmatter import parse_front_matter
from showcase.tools.cms import editor_contract

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")
CONTRACT = editor_contract()


def case_files(root: Path) -> list[tuple[str, Path]]:
    return [
        (folder, Path(path))
        for folder in CONTRACT["folders"]
        for path in sorted(
            glob.glob(str(root / "**" / "content" / folder / "*.md"), recursive=True)
        )
    ]


def round_trips(files: list[tuple[str, Path]]) -> list[dict[str, Any]]:
    return run_js(
        [
            {
                "module": "case-file",
                "fn": "roundTrip",
                "args": [path.read_text(encoding="utf-8"), CONTRACT["collections"][folder]],
            }
            for folder, path in files
        ]
    )


def test_every_shipped_case_file_is_written_back_byte_for_byte() -> None:
    files = [
        (folder, path)
        for folder in CONTRACT["folders"]
        for path in sorted((REPO / "content" / folder).glob("*.md"))
    ]
    assert len(files) == len(list((REPO / "content").rglob("*.md"))) > 30
    changed = [
        str(path.relative_to(REPO))
        for (_, path), result in zip(files, round_trips(files), strict=True)
        if not result["ok"] or result["value"] != path.read_text(encoding="utf-8")
    ]
    assert changed == []


def readable_fixtures() -> list[tuple[str, Path]]:
    found = []
    for folder, path in case_files(FIXTURES):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if not isinstance(parse_front_matter(text, str(path)), list):
            found.append((folder, path))
    return found


def test_fixture_files_keep_their_values_where_the_layout_changes() -> None:
    """The fixture corpora use what the shipped content does not (flow lists, a BOM): the
    editor writes those in block style, and `check` reads back exactly the same data."""
    files = readable_fixtures()
    assert len(files) > 150
    rewritten = []
    for (_, path), result in zip(files, round_trips(files), strict=True):
        assert result["ok"], (path, result)
        original = path.read_text(encoding="utf-8")
        before = parse_front_matter(original, str(path))
        after = parse_front_matter(result["value"], str(path))
        assert not isinstance(after, list), (path, after)
        assert (after.data, after.body) == (before.data, before.body), path
        if result["value"] != original:
            rewritten.append(path)
    # Only files with what the shipped content never uses (flow lists or mappings, a BOM) are
    # written anew, in block style.
    unusual = [
        path
        for _, path in files
        if re.search(
            r"^\ufeff|^\s*(- )?[a-z_]+: [\[{]|^\s*- [\[{]", path.read_text(encoding="utf-8"), re.M
        )
    ]
    assert rewritten == unusual


def format_case(folder: str, data: dict[str, Any]) -> str:
    [result] = run_js(
        [{"module": "case-file", "fn": "format", "args": [data, CONTRACT["collections"][folder]]}]
    )
    assert result["ok"], result
    return result["value"]


def parse_case(text: str) -> dict[str, Any]:
    [result] = run_js([{"module": "case-file", "fn": "parse", "args": [text]}])
    assert result["ok"], result
    return result["value"]


def test_changing_one_stat_changes_one_line() -> None:
    path = REPO / "content/enterprises/zhangshuanglou-mine.md"
    original = path.read_text(encoding="utf-8")
    data = parse_case(original)
    [stat] = [stat for stat in data["stats"] if stat["value"] == "129名"]
    stat["value"] = "130名"
    written = format_case("enterprises", data)
    changes = [
        line
        for line in difflib.unified_diff(
            original.splitlines(), written.splitlines(), lineterm="", n=0
        )
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]
    assert changes == ["-    value: 129名", "+    value: 130名"]


def test_a_new_case_is_written_in_the_order_of_build_py_new() -> None:
    data = {
        "id": "li-ming",
        "body": "李明是[[zhangshuanglou-mine]]的电钳工。",
        "tags": ["劳模工匠"],
        "stats": [
            {"value": "30余项", "label": "攻克设备难题", "unit": "", "source": ""},
            {"label": "带徒", "value": 12, "unit": "人"},
        ],
        "portrait": "workers/li-ming/photo.jpg",
        "enterprise": "zhangshuanglou-mine",
        "summary": "张双楼煤矿综采一区电钳工。",
        "name": "李明",
        "draft": False,
        "honors": [],
        "city": "",
        "updated": "2026-12-01",
    }
    assert format_case("workers", data) == (
        "---\n"
        "name: 李明\n"
        "summary: 张双楼煤矿综采一区电钳工。\n"
        "enterprise: zhangshuanglou-mine\n"
        "portrait: workers/li-ming/photo.jpg\n"
        "tags:\n"
        "  - 劳模工匠\n"
        "stats:\n"
        "  - label: 攻克设备难题\n"
        "    value: 30余项\n"
        "  - label: 带徒\n"
        "    value: 12\n"
        "    unit: 人\n"
        "updated: 2026-12-01\n"
        "---\n"
        "\n"
        "李明是[[zhangshuanglou-mine]]的电钳工。\n"
    )


def test_a_field_added_to_a_file_goes_after_its_predecessor() -> None:
    original = (REPO / "content/workers/ma-ben.md").read_text(encoding="utf-8")
    data = parse_case(original)
    data["stats"] = [{"label": "带徒", "value": "12人"}]
    written = format_case("workers", data)
    lines = written.splitlines()
    # ma-ben.md has no stats: they go after tags, the field before them in the contract.
    assert lines[lines.index("stats:") - 3 : lines.index("stats:")] == [
        "tags:",
        "  - 劳模工匠",
        "  - 人才发展",
    ]


TRICKY_TEXTS = [
    "yes",
    "No",
    "on",
    "null",
    "~",
    "2024",
    "3.15",
    "1_000",
    "1:20",
    ".5",
    "-3",
    "+3",
    "0x1F",
    "2024-06-24",
    "a: b",
    "a:",
    "#号",
    "x #y",
    "- 项",
    "[1]",
    "{a}",
    "*星",
    "&x",
    "!x",
    "|",
    ">",
    "'引号'",
    '"引号"',
    "@x",
    "`x`",
    "%x",
    " 前空格",
    "后空格 ",
    "两行\n文字",
    "制表\t符",
    "",
    "18.3万人次",
    "“全国劳动模范”",
    "张双楼煤矿：综采",
    "<<",
    "=",
    "5G",
    "1e5",
    "NaN",
    ".inf",
    "\u2028",
    "\x85",
    "\ufeff开头",
]


def random_texts(count: int) -> list[str]:
    rng = random.Random(16)
    alphabet = list("ab01:#-[]{}'\" \t\n,.&*!|>%@`?~=+_xyYN") + [
        "是",
        "：",
        "，",
        "“",
        "yes",
        "null",
    ]
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8))) for _ in range(count)]


@pytest.mark.parametrize("field", ["position", "updated"])
def test_text_is_read_back_as_the_same_value(field: str) -> None:
    texts = TRICKY_TEXTS + random_texts(1500)
    results = run_js(
        [
            {
                "module": "case-file",
                "fn": "format",
                "args": [
                    {"name": "名", "summary": "一句", "city": "x", field: text},
                    CONTRACT["collections"]["workers"],
                ],
            }
            for text in texts
        ]
    )
    wrong = []
    for text, result in zip(texts, results, strict=True):
        if not text.strip():
            continue  # an empty or blank optional field is left out
        front = parse_front_matter(result["value"], "x.md")
        value = None if isinstance(front, list) else front.data.get(field)
        expected: Any = text
        if field == "updated" and text == "2024-06-24":
            expected = dt.date(2024, 6, 24)  # a date field keeps its date written plain
        if value != expected:
            wrong.append((text, result["value"]))
    assert wrong == []


def test_numbers_and_booleans_keep_their_type() -> None:
    written = format_case(
        "workers",
        {
            "name": "名",
            "summary": "一句",
            "city": "x",
            "draft": True,
            "honors": [{"title": "劳模", "year": 2020}],
            "stats": [
                {"label": "奖励", "value": 400000, "unit": ""},
                {"label": "比例", "value": 2.78, "unit": "%"},
            ],
        },
    )
    data = yaml.safe_load(written.split("---")[1])
    assert data["draft"] is True
    assert data["honors"] == [{"title": "劳模", "year": 2020}]
    assert data["stats"] == [
        {"label": "奖励", "value": 400000, "unit": ""},
        {"label": "比例", "value": 2.78, "unit": "%"},
    ]
    models.Worker.model_validate(data)


def test_the_form_only_fields_never_reach_the_file() -> None:
    data = parse_case((REPO / "content/workers/chen-fei.md").read_text(encoding="utf-8"))
    assert data["__keys"][0] == "name"
    assert data["honors"][0]["__keys"] == ["title", "level"]
    data["id"] = "chen-fei"
    written = format_case("workers", data)
    assert "__keys" not in written and "id:" not in written and "body:" not in written


def test_every_kind_has_a_contract() -> None:
    assert sorted(CONTRACT["folders"]) == sorted(kind.folder for kind in KINDS.values())
