"""Checks of a case's Markdown body that `check` can make before anything is rendered.

Whatever passes them renders: Python-Markdown recurses once per level of nested lists (a body
of 500 nested items ended the build with a RecursionError after the site folder was emptied),
and some of its patterns rescan the text for every unclosed `[` or `<` (the time grows with
the square of their number). The limits below are far beyond any real case (the shipped bodies
nest 2 levels deep and have at most 14 brackets) and far below where rendering fails, so a
body that passes them renders in seconds at worst (scripts/bench_bodies.py measures it).

The body's links are read here too: images from other hosts are refused (the site loads
nothing from other hosts; frames, video and other embedded objects never reach a page, as the
contract says), and relative links must lead to a page or file the site has
(`mkdocs build --strict` fails on any other, after the case files were checked).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from showcase.parsing.frontmatter import FrontMatter
from showcase.parsing.links import LineCounter, code_spans, find_wikilinks, in_code, is_remote
from showcase.problems import Problem

# Measured with scripts/bench_bodies.py: the slowest body of this length (50,000 characters
# of code fences) renders in a few seconds; the longest source document of the seeds has 3,742.
MAX_BODY_CHARACTERS = 50_000
# Columns of a line's nesting prefix (indentation, `>` of quotes, list markers; a tab counts
# 4): Python-Markdown fails near 1,000 columns and needs 4 per level of nested lists.
MAX_NESTING_COLUMNS = 100
# `[` and `<` outside [[id]] links: unclosed ones make rendering quadratic (2,000 `<a` take
# 4 s, 1,000 take 1 s); the shipped bodies have at most 14.
MAX_MARKUP = 1_000

FIELD = "正文"
# The theme's files and the photos' derivatives: not the contributor's to link, not listed.
UNCHECKED_FOLDERS = ("assets/",)
_NESTING_PREFIX = re.compile(r"(?:[ \t>]|[-*+][ \t]|\d{1,9}[.)][ \t])*")

# Markdown's own links and images: inline `[text](url "title")`, reference definitions
# `[ref]: url` and their uses `[text][ref]`, `[ref][]`, `[ref]`.
_INLINE = re.compile(
    r"(!?)\[((?:[^\[\]\\\n]|\\.|\[[^\[\]\n]*\]){0,500})\]\(\s*(<[^<>\n]*>|[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)"
)
_DEFINITION = re.compile(r"^ {0,3}\[([^\]\n]+)\]:[ \t]*(<[^<>\n]*>|\S+)", re.MULTILINE)
_REFERENCE = re.compile(r"(!?)\[([^\[\]\n]+)\](?:\[([^\[\]\n]*)\])?(?![(:])")
# Raw HTML that would load something: of such elements the sanitiser keeps only <img> (the
# contract has iframe, video, object… removed from the page, which therefore load nothing).
_MEDIA_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_MEDIA_ATTRIBUTE = re.compile(r"""\b(src|srcset)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class BodyLink:
    url: str
    line: int  # 0-based line within the body
    column: int  # 1-based
    kind: str  # "link", "image" (Markdown) or "media" (raw HTML <img>)


def check_body(path: str, front: FrontMatter) -> list[Problem]:
    """The problems of one body that no other file can change; at most one of each kind."""
    body = front.body
    problems = []
    if len(body) > MAX_BODY_CHARACTERS:
        problems.append(
            Problem(
                path,
                front.body_line,
                1,
                FIELD,
                f"正文太长（{len(body)} 个字符，最多 {MAX_BODY_CHARACTERS} 个）",
                "正文写案例本身；长篇原文请摘要，或拆成几个案例",
            )
        )
    if (nested := too_deep(body)) is not None:
        line, width = nested
        problems.append(
            Problem(
                path,
                front.body_line + line,
                1,
                FIELD,
                f"这一行嵌套太深（列表、引用等的缩进共 {width} 格，最多 {MAX_NESTING_COLUMNS} 格）",
                "列表最多嵌套几层就够了：减少这一行前面的空格、> 或列表符号",
            )
        )
    if len(body) > 2 * MAX_BODY_CHARACTERS:
        return problems  # the rest would cost time for nothing (a file may hold 1 MB)
    if (count := markup_count(body)) > MAX_MARKUP:
        problems.append(
            Problem(
                path,
                front.body_line,
                1,
                FIELD,
                f"正文里的 [ 和 < 太多（{count} 个，最多 {MAX_MARKUP} 个；[[id]] 链接不算）",
                "去掉多余的括号；网页生成时每个括号都要与其余内容逐一比对，太多会非常慢",
            )
        )
    for link in body_links(front):
        if link.kind != "link" and is_remote(link.url):
            problems.append(
                Problem(
                    path,
                    front.body_line + link.line,
                    link.column,
                    FIELD,
                    f"正文里的图片“{link.url}”不是本站的文件：本站不从其他网站加载任何内容",
                    "照片请放进 images/，写在 gallery 字段里；要提到别处的图片，"
                    "改成普通链接，如 [图片说明](https://…)",
                )
            )
            break
    return problems


def too_deep(body: str) -> tuple[int, int] | None:
    """(0-based line, width) of the first line nested beyond the limit."""
    for number, line in enumerate(body.split("\n")):
        if 4 * len(line) <= MAX_NESTING_COLUMNS:
            continue  # cannot be wider, even if it were all tabs
        prefix = _NESTING_PREFIX.match(line).group()  # type: ignore[union-attr]
        width = len(prefix) + 3 * prefix.count("\t")
        if width > MAX_NESTING_COLUMNS:
            return number, width
    return None


def markup_count(body: str) -> int:
    """The `[` and `<` that Python-Markdown's inline patterns try to match; [[id]] links become
    plain links before rendering, which cost nothing of the kind."""
    count = body.count("[") + body.count("<")
    if count <= MAX_MARKUP:
        return count
    return count - 2 * sum(1 for _ in find_wikilinks(body))


def body_links(front: FrontMatter) -> list[BodyLink]:
    """Every link, image and media source of a body outside code, in order. Computed once per
    version of the file (FrontMatter.derived)."""
    if "links" not in front.derived:
        front.derived["links"] = _find_links(front.body)
    return front.derived["links"]


def _find_links(body: str) -> list[BodyLink]:
    if not any(mark in body for mark in ("](", "]:", "][", "<")):
        return []  # the common case: no link syntax at all ([[id]] links are not these)
    code = code_spans(body)
    found: list[tuple[int, str, str]] = []  # (offset, url, kind)
    for match in _INLINE.finditer(body):
        if not in_code(match.start(), code) and not body.startswith("[[", match.start()):
            kind = "image" if match.group(1) else "link"
            found.append((match.start(), match.group(3).strip("<>"), kind))
    definitions: dict[str, str] = {}
    for match in _DEFINITION.finditer(body):
        if not in_code(match.start(), code):
            definitions.setdefault(_label(match.group(1)), match.group(2).strip("<>"))
    if definitions:
        for match in _REFERENCE.finditer(body):
            label = _label(match.group(3) or match.group(2))
            if label in definitions and not in_code(match.start(), code):
                kind = "image" if match.group(1) else "link"
                found.append((match.start(), definitions[label], kind))
    for match in _MEDIA_TAG.finditer(body):
        if in_code(match.start(), code):
            continue
        for attribute in _MEDIA_ATTRIBUTE.finditer(match.group()):
            value = attribute.group(2).strip("\"'")
            # A srcset lists several "url width" pairs; other attributes hold one URL.
            urls = value.split(",") if attribute.group(1).lower() == "srcset" else [value]
            found += [(match.start(), url.split()[0], "media") for url in urls if url.strip()]
    found.sort(key=lambda item: item[0])
    lines = LineCounter(body)
    return [BodyLink(url, *lines.position(offset), kind) for offset, url, kind in found]


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


def link_target(page_src_uri: str, url: str) -> str | None:
    """The docs-relative path a relative link leads to, as MkDocs resolves it; None for what
    MkDocs does not check (other hosts, site-absolute links, anchors, links to folders)."""
    if is_remote(url) or url.startswith(("/", "\\")):
        return None
    path = unquote(urlsplit(url).path)
    if not path or not posixpath.splitext(path)[1]:
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(page_src_uri), path).lstrip("/"))


@dataclass(frozen=True)
class LinkSource:
    """A case as the link check sees it: its file, its page and its front matter."""

    path: str
    page_src_uri: str
    front: FrontMatter


def relative_link_problems(
    sources: Iterable[LinkSource],
    targets: Callable[[], set[str]],
    drafts: dict[str, str],
) -> list[Problem]:
    """A problem for each relative link of a body that leads to no page or file of the site.
    `targets` gives every docs-relative path the site has (asked only when some body has a
    relative link); `drafts` maps the page a draft would have to its file."""
    problems = []
    known: set[str] | None = None
    for source in sources:
        for link in body_links(source.front):
            # MkDocs checks Markdown's links and images; raw HTML it leaves as written.
            target = link_target(source.page_src_uri, link.url) if link.kind != "media" else None
            if target is None:
                continue
            if known is None:
                known = targets()
            if target in known or target.startswith(UNCHECKED_FOLDERS):
                continue
            if target in drafts:
                message = f"链接“{link.url}”指向草稿 {drafts[target]}：草稿不生成页面"
                hint = "等它发布后再链接，或改用 [[id]]：链接到草稿时只显示文字"
            elif link.kind == "link":
                message = f"链接“{link.url}”指向的页面或文件不存在（{target}）"
                hint = "链接其他案例请用 [[id]]，如 [[huaian]]；或检查相对路径与文件名的拼写"
            else:
                message = f"图片“{link.url}”不存在（{target}）"
                hint = "照片请放进 images/，写在 gallery 字段里；正文不能直接引用 images/ 中的原图"
            problems.append(
                Problem(
                    source.path,
                    source.front.body_line + link.line,
                    link.column,
                    FIELD,
                    message,
                    hint,
                )
            )
    return problems
