"""parsing/frontmatter.py: reading a case file's YAML front matter with the line of every value."""

from __future__ import annotations

import datetime as dt

import pytest

from showcase.parsing.frontmatter import (
    FrontMatter,
    explain_yaml_problem,
    format_field,
    normalise_text,
    parse_front_matter,
    split_front_matter,
)
from showcase.problems import Problem

PATH = "content/workers/ma-ben.md"

CASE = """---
name: 马奔
tags: [技能提升, 班组建设]
stats:
  - label: 带徒
    value: 40人
  - label: 专利
    value: 7
    unit: ""
updated: 2024-06-24
---
正文第一行。
[[steel-plant]]
"""


def parsed(text: str) -> FrontMatter:
    front = parse_front_matter(text, PATH)
    assert isinstance(front, FrontMatter), [p.format() for p in front]
    return front


def problems_of(text: str) -> list[Problem]:
    front = parse_front_matter(text, PATH)
    assert isinstance(front, list), "expected problems"
    return front


def test_data_body_and_where_the_body_starts() -> None:
    front = parsed(CASE)
    assert front.data == {
        "name": "马奔",
        "tags": ["技能提升", "班组建设"],
        "stats": [{"label": "带徒", "value": "40人"}, {"label": "专利", "value": 7, "unit": ""}],
        "updated": dt.date(2024, 6, 24),
    }
    assert front.body == "正文第一行。\n[[steel-plant]]\n"
    assert front.body_line == 12
    assert CASE.split("\n")[front.body_line - 1] == "正文第一行。"


@pytest.mark.parametrize(
    ("path", "key", "position"),
    [
        (("name",), False, (2, 7)),
        (("name",), True, (2, 1)),
        (("tags", 1), False, (3, 14)),  # columns count characters, not bytes
        (("stats", 0, "value"), False, (6, 12)),
        (("stats", 1), False, (7, 5)),
        (("stats", 1, "unit"), True, (9, 5)),
        (("updated",), False, (10, 10)),
        # Absent fields: where the mapping that should hold them is.
        (("stats", 0, "year"), False, (5, 5)),
        (("summary",), False, (2, 1)),
        # key=True for a value without a key (a list item) falls back to the value.
        (("tags", 0), True, (3, 8)),
    ],
)
def test_positions_are_lines_and_columns_of_the_whole_file(
    path: tuple, key: bool, position: tuple[int, int]
) -> None:
    assert parsed(CASE).locate(path, key=key) == position


def test_an_absent_field_points_at_the_nearest_thing_written_above_it() -> None:
    front = parsed(CASE)
    # stats[0] is a list item, without a key of its own: its value is where it starts.
    assert front.locate(("stats", 0, "year")) == front.value_positions[("stats", 0)]
    assert front.locate(("stats", 5, "year")) == front.key_positions[("stats",)]
    assert front.locate(("honors", 0, "level")) == (2, 1)  # nothing at all: the mapping


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\ufeff---\nname: a\n---\n", "---\nname: a\n---\n"),
        ("---\r\nname: a\r\n---\r\n", "---\nname: a\n---\n"),
        ("---\rname: a\r---\r", "---\nname: a\n---\n"),
        ("---\nname: a\n---\n", "---\nname: a\n---\n"),
    ],
)
def test_normalise_text(text: str, expected: str) -> None:
    assert normalise_text(text) == expected


def test_bom_and_windows_line_ends_give_the_same_positions() -> None:
    windows = parsed("\ufeff" + CASE.replace("\n", "\r\n"))
    assert windows.data == parsed(CASE).data
    assert windows.value_positions == parsed(CASE).value_positions


@pytest.mark.parametrize(
    ("text", "result"),
    [
        ("---\nname: a\n---\nbody", ("name: a", "body", 4)),
        ("--- \nname: a\n...\nbody\n", ("name: a", "body\n", 4)),
        ("---\n---\n", ("", "", 3)),
    ],
)
def test_split_front_matter(text: str, result: tuple[str, str, int]) -> None:
    assert split_front_matter(text, PATH) == result


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: a\n", "文件开头缺少 YAML 头部（front matter）"),
        ("...\nname: a\n...\n", "文件开头缺少 YAML 头部（front matter）"),
        ("", "文件开头缺少 YAML 头部（front matter）"),
        ("---\nname: a\n", "YAML 头部没有结束行"),
    ],
)
def test_a_file_without_front_matter_is_one_problem_on_line_one(text: str, message: str) -> None:
    [problem] = problems_of(text)
    assert (problem.path, problem.line, problem.column, problem.field) == (PATH, 1, 1, "")
    assert problem.message == message and problem.hint


def test_empty_front_matter_is_an_empty_mapping() -> None:
    front = parsed("---\n---\n正文")
    assert front.data == {} and front.body == "正文"
    assert front.locate(("name",)) == (2, 1)  # where a field would be added: the header's end


@pytest.mark.parametrize("block", ["- a\n- b", "只是一句话", "42"])
def test_front_matter_must_be_a_mapping(block: str) -> None:
    [problem] = problems_of(f"---\n{block}\n---\n")
    assert (problem.line, problem.message) == (2, "YAML 头部应当是“字段: 值”的列表")


@pytest.mark.parametrize(
    ("block", "line", "column", "explanation"),
    [
        ("name: [马奔\nsummary: x", 3, 8, "方括号 [ ] 列表没有正确闭合"),
        ("name: 马奔\nsummary: a: b", 3, 11, "冒号位置不对"),
        ("name: 马奔\n\tsummary: x", 3, 1, "用了 Tab 缩进"),
        ("name: 马奔\n  summary: x\nlevel: 镇", 3, 10, "“summary:”这一行比它上面同一层的字段缩进得多"),
        ("name: '马奔\nsummary: x", 3, 11, "引号或括号没有成对"),  # at the end of the block
    ],
)
def test_yaml_errors_name_the_file_line_and_a_reason(
    block: str, line: int, column: int, explanation: str
) -> None:
    [problem] = problems_of(f"---\n{block}\n---\n")
    assert (problem.path, problem.line, problem.column) == (PATH, line, column)
    assert problem.message.startswith("YAML 语法错误：" + explanation), problem.message
    assert "（YAML: " in problem.message  # the library's words stay, for searching


def test_duplicate_keys_are_problems_at_the_second_key() -> None:
    problems = problems_of(
        "---\nname: 马奔\nsummary: a\nname: 马奔二\nstats:\n  - label: a\n    label: b\n---\n"
    )
    assert [(p.line, p.column, p.field, p.message) for p in problems] == [
        (4, 1, "name", "字段重复出现"),
        (7, 5, "stats[0].label", "字段重复出现"),
    ]


def test_an_impossible_date_stays_text_for_the_model_to_report() -> None:
    front = parsed("---\nupdated: 2024-02-30\ndate: 2024-02-29\n---\n")
    assert front.data == {"updated": "2024-02-30", "date": dt.date(2024, 2, 29)}


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ((), ""),
        (("name",), "name"),
        (("stats", 0, "value"), "stats[0].value"),
        (("gallery", 2, "src"), "gallery[2].src"),
        (("skills-training", "unit"), "skills-training.unit"),
        (("sources", 0), "sources[0]"),
    ],
)
def test_format_field(path: tuple, text: str) -> None:
    assert format_field(path) == text


@pytest.mark.parametrize(
    ("problem", "explanation"),
    [
        ("expected ',' or ']', but got '<stream end>'", "方括号 [ ] 列表没有正确闭合（YAML: "),
        ("found character '\\t' that cannot start any token", "用了 Tab 缩进，请改用空格（YAML: "),
        ("found undefined alias 'a'", "不要以 * 开头写值：需要时请给值加引号（YAML: "),
        ("something libyaml never said", "YAML: something libyaml never said"),
    ],
)
def test_explain_yaml_problem(problem: str, explanation: str) -> None:
    text = explain_yaml_problem(problem)
    assert text.startswith(explanation)
    assert text.endswith(problem + ("）" if "（" in text else ""))
