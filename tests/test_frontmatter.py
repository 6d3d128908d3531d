"""Reading case files and metrics.yml: the YAML rules every file under content/ follows, and
reading that stays within bounds whatever a file holds (frontmatter.py)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from showcase.parsing import frontmatter
from showcase.parsing.frontmatter import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_VALUES,
    parse_front_matter,
    parse_yaml_file,
    read_text_file,
)
from showcase.problems import Problem

PATH = "content/workers/x.md"


def problems_of(yaml_text: str, body: str = "") -> list[str]:
    result = parse_front_matter(f"---\n{yaml_text}---\n{body}", PATH)
    assert isinstance(result, list), f"expected problems, read {result.data!r}"
    return [problem.format() for problem in result]


def data_of(yaml_text: str) -> frontmatter.FrontMatter:
    result = parse_front_matter(f"---\n{yaml_text}---\n", PATH)
    assert not isinstance(result, list), [problem.format() for problem in result]
    return result


def test_values_and_positions_as_before() -> None:
    front = data_of("name: 马奔\nstats:\n  - label: 培训\n    value: 3人\n    year: 2022\n")
    assert front.data == {
        "name": "马奔",
        "stats": [{"label": "培训", "value": "3人", "year": 2022}],
    }
    assert front.key_positions[("stats", 0, "value")] == (5, 5)
    assert front.value_positions[("stats", 0, "year")] == (6, 11)
    assert front.value_positions[("stats", 0)] == (4, 5)


def test_scalars_are_typed_as_yaml_types_them() -> None:
    front = data_of(
        "a: 2024\nb: 1.5\nc: true\nd: ~\ne: 2024-06-24\nf: 2024-02-30\ng: '2024'\nh: !!str 12\n"
    )
    assert front.data == {
        "a": 2024,
        "b": 1.5,
        "c": True,
        "d": None,
        "e": dt.date(2024, 6, 24),
        "f": "2024-02-30",  # no real day: stays text for the model to report
        "g": "2024",
        "h": "12",
    }


def test_keys_are_the_text_written() -> None:
    """pyyaml made `2024-01-01:` a date and `null:` None, which messages printed as
    `datetime.date(2024, 1, 1)` and `None`."""
    front = data_of("2024-01-01: x\nnull: y\n~: z\n3: w\n")
    assert list(front.data) == ["2024-01-01", "null", "~", "3"]


def test_an_empty_header_is_an_empty_mapping() -> None:
    assert data_of("").data == {}
    assert data_of("# 只有注释\n").data == {}


@pytest.mark.parametrize(
    ("yaml_text", "expected"),
    [
        (
            "a: &a [lol, lol]\nb: [*a, *a]\n",
            "content/workers/x.md:2: a: 不支持 YAML 锚点“&a”（以 & 开头的写法）；"
            '修改建议：删掉“&a”；如果值本身以这个符号开头，请给整个值加引号，如 "&a"',
        ),
        (
            "tags: [x, *a]\n",
            "content/workers/x.md:2: tags[1]: 不支持 YAML 别名“*a”（以 * 开头的写法）；"
            "修改建议：把要重复的内容直接写出来；"
            '如果值本身以这个符号开头，请给整个值加引号，如 "*a"',
        ),
        (
            "tags: &a [x, *a]\n",
            "content/workers/x.md:2: tags: 不支持 YAML 锚点“&a”（以 & 开头的写法）；"
            '修改建议：删掉“&a”；如果值本身以这个符号开头，请给整个值加引号，如 "&a"',
        ),
    ],
)
def test_anchors_and_aliases_are_refused(yaml_text: str, expected: str) -> None:
    assert problems_of(yaml_text) == [expected]


def test_nesting_beyond_the_limit_is_refused_at_its_line() -> None:
    deep = "tags:\n" + "".join("  " * (level + 1) + "-\n" for level in range(MAX_DEPTH + 2))
    [problem] = problems_of(deep)
    assert problem.startswith(f"content/workers/x.md:{MAX_DEPTH + 2}: tags")
    assert f"嵌套太深（超过 {MAX_DEPTH} 层）" in problem


def test_flow_nesting_that_crashed_libyaml_is_refused() -> None:
    """100,000 nested brackets made libyaml's composer overflow the C stack (a segfault)."""
    [problem] = problems_of("tags: " + "[" * 100_000 + "]" * 100_000 + "\n")
    assert "嵌套太深" in problem


def test_too_many_values_are_refused() -> None:
    [problem] = problems_of("tags: [" + ", ".join(["a"] * (MAX_VALUES + 5)) + "]\n")
    assert f"YAML 头部的内容太多（超过 {MAX_VALUES} 项）" in problem


def test_a_second_document_is_refused_where_it_starts() -> None:
    result = parse_yaml_file("a:\n  label: x\n  unit: 人\n---\nb:\n  label: y\n", "content/m.yml")
    assert [problem.format() for problem in result] == [  # type: ignore[union-attr]
        "content/m.yml:4: 这里的 --- 开始了第二个 YAML 文档：它后面的内容都不会被读取；"
        "修改建议：一个文件只能有一组字段：删掉这一行的 ---（字段之间不需要分隔线）"
    ]


def test_duplicate_keys_are_all_reported() -> None:
    assert problems_of("name: a\nname: b\nsummary: x\nsummary: y\n") == [
        "content/workers/x.md:3: name: 字段重复出现；"
        "修改建议：同一个字段只能写一次，删掉多余的那一行",
        "content/workers/x.md:5: summary: 字段重复出现；"
        "修改建议：同一个字段只能写一次，删掉多余的那一行",
    ]


def test_unsupported_tags_are_refused() -> None:
    [problem] = problems_of("x: !!python/object:os.system ls\n")
    assert "x: 不支持 YAML 标签“!!python/object:os.system”" in problem
    [problem] = problems_of("x: !!set {a}\n")
    assert "不支持 YAML 标签“!!set”" in problem


def test_an_unreadable_number_is_a_problem_not_a_crash() -> None:
    [problem] = problems_of("value: " + "9" * 5000 + "\n")
    assert problem.startswith("content/workers/x.md:2: value: 这个值无法读取")


def test_control_characters_are_refused_with_their_line() -> None:
    assert problems_of("name: 测试\x01工人\n") == [
        "content/workers/x.md:2: 这一行第 9 个字符是看不见的控制字符 U+0001；"
        "修改建议：删掉这个字符（它多半是从别处复制时带进来的）；看不出在哪里时，把这一行删掉重新输入"
    ]
    [escaped] = problems_of('summary: x\nname: "测试\\x01\\x0b工人"\n')
    assert escaped.startswith("content/workers/x.md:3: name: 值里有看不见的控制字符 U+0001")
    [in_body] = problems_of("name: x\n", body="第一行\n第二\x00行\n")
    assert in_body.startswith("content/workers/x.md:5: ")
    [surrogate] = problems_of('name: "\\ud800"\n')  # libyaml refuses it: no surrogate gets in
    assert "引号里的 \\u 或 \\x 转义不是有效的字符" in surrogate


def test_an_indented_field_is_told_as_indentation() -> None:
    """libyaml says "mapping values are not allowed", which used to be explained as a colon
    inside a value."""
    [problem] = problems_of("honors:\n  - title: 全国劳动模范\n     year: 2020\n")
    assert "“year:”这一行比它上面同一层的字段缩进得多" in problem
    [colon] = problems_of("position: 班长: 负责人\n")
    assert "值里含有冒号时，请给整个值加引号" in colon


def write(tmp_path: Path, data: bytes) -> str:
    path = tmp_path / "case.md"
    path.write_bytes(data)
    return str(path)


def test_text_files_are_utf8_with_an_optional_bom(tmp_path: Path) -> None:
    assert read_text_file(write(tmp_path, "\ufeff马奔".encode()), "c.md") == "\ufeff马奔"
    problem = read_text_file(write(tmp_path, "---\n名字\n".encode("gbk")), "c.md")
    assert problem == Problem(
        "c.md", 2, 0, "", "文件不是 UTF-8 编码", "用编辑器把文件另存为 UTF-8 编码"
    )


def test_a_file_above_the_limit_is_not_read_whole(tmp_path: Path) -> None:
    problem = read_text_file(write(tmp_path, b"a" * (MAX_FILE_BYTES + 1)), "c.md")
    assert isinstance(problem, Problem) and "文件太大（超过 1 MB）" in problem.message


def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.md"
    os.mkfifo(pipe)
    problem = read_text_file(str(pipe), "content/workers/pipe.md")
    assert isinstance(problem, Problem)
    assert problem.message.startswith("不是普通文件")


def test_a_folder_is_refused(tmp_path: Path) -> None:
    problem = read_text_file(str(tmp_path), "content/workers/dir.md")
    assert isinstance(problem, Problem) and problem.message.startswith("不是普通文件")


def test_messages_quote_at_most_a_line_of_a_value() -> None:
    from showcase.problems import QUOTE_LIMIT, shorten

    assert shorten("短值") == "短值"
    assert shorten("长" * (QUOTE_LIMIT + 10)) == "长" * QUOTE_LIMIT + "……"
    assert shorten("第一行\n第二行") == "第一行……"
    problem = Problem("c.md", 3, 1, "name", f"“{'长' * 50_000}”不行", "")
    assert len(problem.format()) < 100
