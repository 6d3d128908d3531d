"""Reading a case file: YAML front matter with the line of every value, and the Markdown body.

MkDocs' own front-matter reader swallows YAML errors, so case files never go through it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from showcase.problems import Problem

# libyaml is many times faster than the pure-Python parser and keeps the same marks.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

FieldPath = tuple[str | int, ...]


class _CaseLoader(_Loader):  # type: ignore[misc, valid-type]
    """The safe loader, except that a date-shaped value that is no real date (2024-02-30) stays
    text: the model then reports it with its line instead of the YAML library crashing."""


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_CaseLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)
_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")


@dataclass
class FrontMatter:
    data: dict[str, Any]
    # Position (line, column), 1-based in the whole file, of each value and of each mapping key.
    value_positions: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # line of the file where the body starts

    def locate(self, path: FieldPath, *, key: bool = False) -> tuple[int, int]:
        """Where a field is written; for a field that is absent, where its parent is."""
        if key and path in self.key_positions:
            return self.key_positions[path]
        if path in self.value_positions:
            return self.value_positions[path]
        # An absent field: point at the key of the mapping that should hold it.
        while path:
            path = path[:-1]
            if path in self.key_positions:
                return self.key_positions[path]
            if path in self.value_positions:
                return self.value_positions[path]
        return self.value_positions.get((), (1, 1))


def normalise_text(text: str) -> str:
    """A BOM and Windows or old-Mac line ends are tolerated: contributors use many editors."""
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str, path: str) -> tuple[str, str, int] | Problem:
    """Returns (yaml_text, body, body_line) or the problem that prevents reading the file."""
    lines = text.split("\n")
    if not lines or not _FENCE.match(lines[0]) or lines[0].startswith("..."):
        return Problem(
            path,
            1,
            1,
            "",
            "文件开头缺少 YAML 头部（front matter）",
            "第一行写 ---，接着写 name: 等字段，再用一行 --- 结束，正文写在其后",
        )
    for index in range(1, len(lines)):
        if _FENCE.match(lines[index]):
            yaml_text = "\n".join(lines[1:index])
            body = "\n".join(lines[index + 1 :])
            return yaml_text, body, index + 2
    return Problem(
        path,
        1,
        1,
        "",
        "YAML 头部没有结束行",
        "在最后一个字段之后另起一行写 ---，把头部和正文分开",
    )


def parse_front_matter(text: str, path: str) -> FrontMatter | list[Problem]:
    """Parses a whole case file. Problems carry file lines, not lines of the YAML block."""
    split = split_front_matter(normalise_text(text), path)
    if isinstance(split, Problem):
        return [split]
    yaml_text, body, body_line = split
    # The YAML block starts on line 2 of the file (line 1 is the opening ---).
    offset = 1
    try:
        loader = _CaseLoader(yaml_text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1 + offset, mark.column + 1) if mark else (1 + offset, 1)
        problem = error.problem or str(error)
        return [
            Problem(
                path,
                line,
                column,
                "",
                f"YAML 语法错误：{explain_yaml_problem(problem)}",
                "检查这一行及上一行：缩进只用空格、冒号后要有空格、引号要成对、列表项以“- ”开头",
            )
        ]
    except (yaml.YAMLError, ValueError, TypeError) as error:
        return [Problem(path, 1 + offset, 1, "", f"YAML 无法读取：{error}", "检查头部的写法")]
    if data is None:
        data, node = {}, None
    if not isinstance(data, dict):
        return [
            Problem(
                path,
                1 + offset,
                1,
                "",
                "YAML 头部应当是“字段: 值”的列表",
                "每行写一个字段，如 name: 马奔",
            )
        ]
    front = FrontMatter(data=data, body=body, body_line=body_line)
    problems: list[Problem] = []
    if node is not None:
        _record_positions(node, (), front, offset, path, problems)
    else:
        front.value_positions[()] = (1, 1)
    return problems or front


# What libyaml says, in words a contributor understands; the original stays for searching.
_YAML_PROBLEMS = (
    ("expected ',' or ']'", "方括号 [ ] 列表没有正确闭合"),
    ("expected ',' or '}'", "花括号 { } 没有正确闭合"),
    ("expected node content", "这里缺少内容，或括号、引号没有闭合"),
    ("mapping values are not allowed", "冒号位置不对：值里含有冒号时，请给整个值加引号"),
    ("expected key", "缩进不一致，或这一行缺少“字段: 值”中的冒号"),
    ("expected ':'", "缺少冒号"),
    ("'\\t'", "用了 Tab 缩进，请改用空格"),
    (
        "found character that cannot start any token",
        "这里有不能出现在开头的字符：多半是用了 Tab 缩进（请改用空格），或值以 @ 或反引号开头（请加引号）",
    ),
    ("tab", "用了 Tab 缩进，请改用空格"),
    ("end of stream", "引号或括号没有成对，写到文件头部结束也没有闭合"),
    ("expected '-' indicator", "列表项的缩进不一致"),
    ("expected <block end>", "缩进不一致：同一层的字段要对齐"),
    ("found undefined alias", "不要以 * 开头写值：需要时请给值加引号"),
    ("found character '@'", "不要以 @ 或 ` 开头写值：需要时请给值加引号"),
)


def explain_yaml_problem(problem: str) -> str:
    for pattern, explanation in _YAML_PROBLEMS:
        if pattern in problem:
            return f"{explanation}（YAML: {problem}）"
    return f"YAML: {problem}"


def _record_positions(
    node: yaml.Node,
    path: FieldPath,
    front: FrontMatter,
    offset: int,
    file_path: str,
    problems: list[Problem],
) -> None:
    """Walks the YAML node tree once, remembering positions and catching duplicate keys
    (PyYAML silently keeps the last one, which would hide a contributor's mistake)."""
    front.value_positions[path] = (node.start_mark.line + 1 + offset, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            child = (*path, key)
            position = (key_node.start_mark.line + 1 + offset, key_node.start_mark.column + 1)
            if key in seen:
                problems.append(
                    Problem(
                        file_path,
                        *position,
                        format_field(child),
                        "字段重复出现",
                        "同一个字段只能写一次，删掉多余的那一行",
                    )
                )
            seen.add(key)
            front.key_positions[child] = position
            _record_positions(value_node, child, front, offset, file_path, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_positions(item, (*path, index), front, offset, file_path, problems)


def format_field(path: FieldPath) -> str:
    """('stats', 0, 'value') -> 'stats[0].value'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
