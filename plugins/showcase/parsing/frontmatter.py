"""Reading a case file: YAML front matter with the line of every value, and the Markdown body.

MkDocs' own front-matter reader swallows YAML errors, so case files never go through it. Every
file under content/ (case files and metrics.yml) is read by `read_text_file` and its YAML by
`_read_yaml`, so all of them follow the same rules: a regular file of at most MAX_FILE_BYTES,
UTF-8 with an optional BOM, no control characters, one YAML document, no duplicate keys, no
anchors or aliases, at most MAX_DEPTH levels and MAX_VALUES values.

The YAML is read from the parser's events in one pass, without the library's composer and
constructor: those follow aliases (nine levels of them turn a 458-byte file into 387 million
values), recurse once per level (100,000 nested brackets crash libyaml's composer), and lose
what was written for a key (`2024-01-01:` becomes a date). Here memory and time are linear in
the file's size and bounded by the limits, and a key is always the text that was written.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from typing import Any

import yaml

from showcase.problems import Problem

# libyaml is many times faster than the pure-Python parser and keeps the same marks.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

FieldPath = tuple[str | int, ...]

# A case file is a page of fields and a body: the largest shipped one is 7 KB. These bound
# what a careless or hostile file can cost (memory of `check` stays under 200 MB above its
# baseline whatever one file holds; tests/test_hostile.py measures it under a limit).
MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 8  # a case file needs 3 (stats → one stat → its fields)
MAX_VALUES = 10_000  # values and keys of one file's YAML; a case file has a few dozen

# Characters no file may hold: C0 controls but tab and line feed (carriage returns are made
# line feeds first), DEL, C1 controls, lone surrogates (from "\ud800" escapes), U+FFFE and
# U+FFFF. XML (the feed) forbids most of them; all are invisible in an editor.
_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


class _CaseLoader(_Loader):  # type: ignore[misc, valid-type]
    """The safe loader, except that a date-shaped value that is no real date (2024-02-30) stays
    text: the model then reports it with its line instead of the YAML library crashing."""


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_CaseLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)
_SCALAR_TAGS = {
    f"tag:yaml.org,2002:{name}"
    for name in ("null", "bool", "int", "float", "str", "timestamp", "binary")
}
_COLLECTION_TAGS = {None, "!", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
_FENCE = re.compile(r"^(---|\.\.\.)[ \t]*$")
_QUOTE_HINT = "如果值本身以这个符号开头，请给整个值加引号"


@dataclass
class FrontMatter:
    data: dict[str, Any]
    # Position (line, column), 1-based in the whole file, of each value and of each mapping key.
    value_positions: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # line of the file where the body starts
    # What other modules compute from this version of the file, once (bodies.py): the plugin
    # keeps unchanged files' FrontMatter across `mkdocs serve` rebuilds.
    derived: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

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


def read_text_file(path: str, display: str, *, limit: int = MAX_FILE_BYTES) -> str | Problem:
    """The text of a file under content/, or the problem that prevents reading it. Only a
    regular file is read (a named pipe would block the build forever, a device never end), at
    most `limit` bytes of it, as UTF-8 with an optional BOM."""
    try:
        # O_NONBLOCK: opening a pipe that has no writer must not wait for one.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        return Problem(
            display,
            0,
            0,
            "",
            f"无法读取文件：{os_error_words(error)}",
            "检查文件是否存在、能否打开",
        )
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return Problem(
                display,
                0,
                0,
                "",
                "不是普通文件（是文件夹、管道、设备或其他特殊文件），无法读取",
                "删掉它：content/ 里的案例文件和 metrics.yml 都必须是普通的文本文件",
            )
        with os.fdopen(descriptor, "rb", closefd=False) as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        return Problem(display, 0, 0, "", f"无法读取文件：{os_error_words(error)}", "")
    finally:
        os.close(descriptor)
    if len(data) > limit:
        return Problem(
            display,
            0,
            0,
            "",
            f"文件太大（超过 {limit // 1_000_000} MB）",
            "案例文件只写字段和正文；大段原文请摘要，照片放进 images/",
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return Problem(
            display, line, 0, "", "文件不是 UTF-8 编码", "用编辑器把文件另存为 UTF-8 编码"
        )


def os_error_words(error: OSError) -> str:
    """An operating-system error in words, without the absolute paths Python adds."""
    return error.strerror or type(error).__name__


def forbidden_character_problem(text: str, path: str, line_offset: int = 0) -> Problem | None:
    """The first control character of a (normalised) text, if any, with its line."""
    match = _FORBIDDEN.search(text)
    if match is None:
        return None
    line = text.count("\n", 0, match.start()) + 1 + line_offset
    column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    return Problem(
        path,
        line,
        column,
        "",
        f"这一行第 {column} 个字符是看不见的控制字符 {_codepoint(match.group())}",
        "删掉这个字符（它多半是从别处复制时带进来的）；看不出在哪里时，把这一行删掉重新输入",
    )


def _codepoint(character: str) -> str:
    return f"U+{ord(character):04X}"


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
    text = normalise_text(text)
    forbidden = forbidden_character_problem(text, path)
    if forbidden is not None:
        return [forbidden]
    split = split_front_matter(text, path)
    if isinstance(split, Problem):
        return [split]
    yaml_text, body, body_line = split
    # The YAML block starts on line 2 of the file (line 1 is the opening ---).
    front = _read_yaml(yaml_text, path, line_offset=1)
    if isinstance(front, list):
        return front
    if front.data is None:  # an empty header: the model reports the missing fields
        front.data = {}
    if not isinstance(front.data, dict):
        return [
            Problem(
                path,
                2,
                1,
                "",
                "YAML 头部应当是“字段: 值”的列表",
                "每行写一个字段，如 name: 马奔",
            )
        ]
    front.body, front.body_line = body, body_line
    return front


def parse_yaml_file(text: str, path: str) -> FrontMatter | list[Problem]:
    """Parses a data file that is YAML alone (metrics.yml), by the same rules as case files.
    Its data may be any YAML value (None for an empty file); the caller checks its shape."""
    text = normalise_text(text)
    forbidden = forbidden_character_problem(text, path)
    if forbidden is not None:
        return [forbidden]
    return _read_yaml(text, path, line_offset=0)


def _read_yaml(yaml_text: str, path: str, line_offset: int) -> FrontMatter | list[Problem]:
    loader = _CaseLoader(yaml_text)
    try:
        return _EventReader(loader, path, line_offset).read()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (
            (mark.line + 1 + line_offset, mark.column + 1) if mark else (1 + line_offset, 1)
        )
        problem = error.problem or str(error)
        lines = yaml_text.split("\n")
        source_line = lines[mark.line] if mark and mark.line < len(lines) else ""
        return [
            Problem(
                path,
                line,
                column,
                "",
                f"YAML 语法错误：{explain_yaml_problem(problem, source_line, column)}",
                "检查这一行及上一行：缩进只用空格、冒号后要有空格、引号要成对、列表项以“- ”开头",
            )
        ]
    except yaml.YAMLError as error:
        return [
            Problem(
                path,
                1 + line_offset,
                1,
                "",
                f"YAML 头部无法读取（YAML: {error}）",
                "检查头部的写法：每行一个“字段: 值”",
            )
        ]
    finally:
        loader.dispose()


class _Stop(Exception):
    """Reading cannot go on (an alias, too deep, too many values…): the problem says why."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem


@dataclass
class _Collection:
    value: dict[str, Any] | list[Any]
    path: FieldPath
    key: str | None = None  # in a mapping, the key whose value comes next


class _EventReader:
    """Builds the data of one YAML document from the parser's events, with the position of
    every key and value; iterative, so nesting costs no recursion."""

    def __init__(self, loader: Any, path: str, line_offset: int) -> None:
        self.loader = loader
        self.path = path
        self.offset = line_offset
        self.front = FrontMatter(data={})
        self.problems: list[Problem] = []
        self.count = 0

    def position(self, event: yaml.Event) -> tuple[int, int]:
        return event.start_mark.line + 1 + self.offset, event.start_mark.column + 1

    def stop(self, event: yaml.Event, message: str, hint: str, field: FieldPath = ()) -> _Stop:
        return _Stop(Problem(self.path, *self.position(event), format_field(field), message, hint))

    def read(self) -> FrontMatter | list[Problem]:
        get = self.loader.get_event
        get()  # StreamStart
        event = get()
        if isinstance(event, yaml.StreamEndEvent):  # nothing but comments, or nothing at all
            self.front.data = None  # type: ignore[assignment]
            self.front.value_positions[()] = (1 + self.offset, 1)
            return self.front
        try:
            self.front.data = self.document()
            event = get()
            if not isinstance(event, yaml.StreamEndEvent):
                raise self.stop(
                    event,
                    "这里的 --- 开始了第二个 YAML 文档：它后面的内容都不会被读取",
                    "一个文件只能有一组字段：删掉这一行的 ---（字段之间不需要分隔线）",
                )
        except _Stop as stop:
            return [*self.problems, stop.problem]
        return self.problems or self.front

    def document(self) -> Any:
        """The value of one document, from its first node to its DocumentEnd event."""
        get = self.loader.get_event
        stack: list[_Collection] = []
        root: Any = None
        while True:
            event = get()
            top = stack[-1] if stack else None
            if isinstance(event, yaml.DocumentEndEvent):
                return root
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                stack.pop()
                continue
            if top is not None and isinstance(top.value, dict) and top.key is None:
                self.refuse_anchors(event, top.path)
                top.key = self.key(event, top)
                continue
            if top is None:
                location: FieldPath = ()
            elif isinstance(top.value, dict):
                location = (*top.path, top.key)  # type: ignore[arg-type]
            else:
                location = (*top.path, len(top.value))
            self.refuse_anchors(event, location)
            self.front.value_positions[location] = self.position(event)
            value = self.value(event, location, len(stack))
            if top is None:
                root = value
            elif isinstance(top.value, dict):
                top.value[top.key] = value  # type: ignore[index]
                top.key = None
            else:
                top.value.append(value)
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                stack.append(_Collection(value, location))

    def counted(self, event: yaml.Event) -> None:
        self.count += 1
        if self.count > MAX_VALUES:
            raise self.stop(
                event,
                f"YAML 头部的内容太多（超过 {MAX_VALUES} 项），其余部分没有读取",
                "一个案例只写它自己的字段；大量数据请拆成几个案例",
            )

    def refuse_anchors(self, event: yaml.Event, location: FieldPath) -> None:
        # A case file has no use for them, and aliases are how a tiny file becomes a huge one.
        if isinstance(event, yaml.AliasEvent):
            raise self.stop(
                event,
                f"不支持 YAML 别名“*{event.anchor}”（以 * 开头的写法）",
                f'把要重复的内容直接写出来；{_QUOTE_HINT}，如 "*{event.anchor}"',
                location,
            )
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            raise self.stop(
                event,
                f"不支持 YAML 锚点“&{anchor}”（以 & 开头的写法）",
                f'删掉“&{anchor}”；{_QUOTE_HINT}，如 "&{anchor}"',
                location,
            )

    def key(self, event: yaml.Event, mapping: _Collection) -> str:
        """A mapping key is the text written for it, whatever YAML would make of it."""
        self.counted(event)
        if not isinstance(event, yaml.ScalarEvent):
            raise self.stop(
                event,
                "字段名必须是一个词，这里却是一个列表或一组字段",
                "每行写“字段名: 值”，如 name: 马奔",
                mapping.path,
            )
        key = event.value
        child = (*mapping.path, key)
        if (bad := _FORBIDDEN.search(key)) is not None:
            raise self.stop(
                event,
                f"字段名里有看不见的控制字符 {_codepoint(bad.group())}",
                "删掉这个字符",
                mapping.path,
            )
        position = self.position(event)
        if key in mapping.value:
            self.problems.append(
                Problem(
                    self.path,
                    *position,
                    format_field(child),
                    "字段重复出现",
                    "同一个字段只能写一次，删掉多余的那一行",
                )
            )
        self.front.key_positions[child] = position
        return key

    def value(self, event: yaml.Event, location: FieldPath, depth: int) -> Any:
        self.counted(event)
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if depth >= MAX_DEPTH:
                raise self.stop(
                    event,
                    f"嵌套太深（超过 {MAX_DEPTH} 层）",
                    "案例文件最多用到“stats → 一条数据 → 它的字段”这样三层",
                    location,
                )
            if event.tag not in _COLLECTION_TAGS:
                raise self.tag_problem(event, location)
            return {} if isinstance(event, yaml.MappingStartEvent) else []
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag not in _SCALAR_TAGS:
            if tag == "tag:yaml.org,2002:merge":  # `<<` as a value is just text
                return event.value
            raise self.tag_problem(event, location)
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            value = self.loader.yaml_constructors[tag](self.loader, node)
        except (ValueError, OverflowError, TypeError, yaml.YAMLError):
            raise self.stop(
                event,
                "这个值无法读取（数字位数太多，或写法不合 YAML 规定）",
                "如果它是文字，请给整个值加引号",
                location,
            ) from None
        if isinstance(value, str) and (bad := _FORBIDDEN.search(value)) is not None:
            raise self.stop(
                event,
                f"值里有看不见的控制字符 {_codepoint(bad.group())}"
                "（多半是引号里写了 \\x01 这样的转义）",
                "删掉这个字符或转义",
                location,
            )
        return value

    def tag_problem(self, event: yaml.Event, location: FieldPath) -> _Stop:
        tag = str(event.tag).replace("tag:yaml.org,2002:", "!!")
        return self.stop(
            event,
            f"不支持 YAML 标签“{tag}”（以 ! 开头的写法）",
            f"删掉“{tag}”；{_QUOTE_HINT}",
            location,
        )


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
        "这里有不能出现在开头的字符：多半是用了 Tab 缩进（请改用空格），"
        "或值以 @ 或反引号开头（请加引号）",
    ),
    ("tab", "用了 Tab 缩进，请改用空格"),
    ("end of stream", "引号或括号没有成对，写到文件头部结束也没有闭合"),
    ("expected '-' indicator", "列表项的缩进不一致"),
    ("expected <block end>", "缩进不一致：同一层的字段要对齐"),
    ("found undefined alias", "不要以 * 开头写值：需要时请给值加引号"),
    ("found character '@'", "不要以 @ 或 ` 开头写值：需要时请给值加引号"),
    ("invalid Unicode character escape", "引号里的 \\u 或 \\x 转义不是有效的字符：删掉这个转义"),
    (
        "did not find expected alphabetic or numeric character",
        "以 & 或 * 开头的值会被当作 YAML 的锚点或别名：请给整个值加引号",
    ),
)
# A line that starts with a field name and its colon ("     year: 2020"): when libyaml finds a
# colon there it is not allowed, the line is indented more than the field before it.
_KEY_AT_LINE_START = re.compile(r"[ \t]*(?:-[ \t]+)?[A-Za-z_][\w-]*[ \t]*$")


def explain_yaml_problem(problem: str, source_line: str = "", column: int = 0) -> str:
    """`column` is 1-based, where libyaml stopped on `source_line`."""
    if (
        "mapping values are not allowed" in problem
        and source_line[:1] in (" ", "\t")
        and _KEY_AT_LINE_START.fullmatch(source_line[: column - 1])
    ):
        name = source_line[: column - 1].strip(" \t-")
        return (
            f"“{name}:”这一行比它上面同一层的字段缩进得多，被当成了上一个值的一部分："
            f"让 {name} 与上面的字段左对齐（YAML: {problem}）"
        )
    for pattern, explanation in _YAML_PROBLEMS:
        if pattern in problem:
            return f"{explanation}（YAML: {problem}）"
    return f"YAML: {problem}"


def format_field(path: FieldPath) -> str:
    """('stats', 0, 'value') -> 'stats[0].value'."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
