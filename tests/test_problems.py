"""problems.py: how a problem is written for a contributor, for GitHub, and as a whole report."""

from __future__ import annotations

import pytest

from showcase.problems import Problem, format_report

PATH = "content/workers/ma-ben.md"


@pytest.mark.parametrize(
    ("problem", "text"),
    [
        (
            Problem(PATH, 5, 3, "stat", "未知字段 stat", "你是不是想写 stats？"),
            "content/workers/ma-ben.md:5: stat: 未知字段 stat；修改建议：你是不是想写 stats？",
        ),
        (
            Problem(PATH, 0, 0, "", "文件不是 UTF-8 编码", "另存为 UTF-8"),
            "content/workers/ma-ben.md: 文件不是 UTF-8 编码；修改建议：另存为 UTF-8",
        ),
        (
            Problem(PATH, 2, 1, "name", "name 不能为空"),
            "content/workers/ma-ben.md:2: name: name 不能为空",
        ),
        (Problem(PATH, 0, 0, "", "无法读取文件"), "content/workers/ma-ben.md: 无法读取文件"),
        # A message ending its own sentence does not get a second stop before the hint.
        (
            Problem(PATH, 7, 0, "parent", "parent 形成了循环。", "去掉一个 parent"),
            "content/workers/ma-ben.md:7: parent: parent 形成了循环；修改建议：去掉一个 parent",
        ),
    ],
)
def test_format(problem: Problem, text: str) -> None:
    assert problem.format() == text


@pytest.mark.parametrize(
    ("problem", "level", "annotation"),
    [
        (
            Problem(PATH, 5, 3, "stats[0].value", "无法识别", "写成 3人"),
            "error",
            "::error file=content/workers/ma-ben.md,line=5,col=3,title=stats[0].value"
            "::无法识别；修改建议：写成 3人",
        ),
        (
            Problem(PATH, 5, 0, "city", "找不到"),
            "warning",
            "::warning file=content/workers/ma-ben.md,line=5,title=city::找不到",
        ),
        (
            Problem(PATH, 0, 0, "", "文件不是 UTF-8 编码"),
            "error",
            "::error file=content/workers/ma-ben.md,title=案例文件::文件不是 UTF-8 编码",
        ),
        # Newlines, percent signs, colons and commas would end the annotation early.
        (
            Problem(PATH, 1, 1, "a:b,c", "第一行\n第二行 100%", "x\r\ny"),
            "notice",
            "::notice file=content/workers/ma-ben.md,line=1,col=1,title=a%3Ab%2Cc"
            "::第一行%0A第二行 100%25；修改建议：x%0D%0Ay",
        ),
    ],
)
def test_format_github(problem: Problem, level: str, annotation: str) -> None:
    assert problem.format_github(level) == annotation


def test_problems_sort_by_file_then_line_then_column() -> None:
    problems = [
        Problem("content/workers/b.md", 2, 1, "", "甲"),
        Problem("content/cities/a.md", 9, 1, "", "乙"),
        Problem("content/workers/b.md", 1, 5, "", "丙"),
        Problem("content/workers/b.md", 1, 2, "", "丁"),
    ]
    assert [(p.path, p.line, p.column) for p in sorted(problems)] == [
        ("content/cities/a.md", 9, 1),
        ("content/workers/b.md", 1, 2),
        ("content/workers/b.md", 1, 5),
        ("content/workers/b.md", 2, 1),
    ]


def test_format_report_counts_and_sorts_every_problem() -> None:
    report = format_report(
        [
            Problem("content/workers/b.md", 4, 1, "city", "找不到 id 为“x”的城市", "换一个 id"),
            Problem("content/cities/a.md", 0, 0, "", "不认识的文件或文件夹"),
        ]
    )
    assert report.split("\n") == [
        "案例文件检查未通过，共 2 处问题，请逐条修改后重新构建：",
        "content/cities/a.md: 不认识的文件或文件夹",
        "content/workers/b.md:4: city: 找不到 id 为“x”的城市；修改建议：换一个 id",
    ]


def test_a_problem_is_a_value() -> None:
    first = Problem(PATH, 1, 1, "name", "缺少")
    assert first == Problem(PATH, 1, 1, "name", "缺少") and len({first, first}) == 1
    with pytest.raises(AttributeError):
        first.line = 2  # type: ignore[misc]
