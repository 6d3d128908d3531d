"""Body checks (bodies.py): limits that keep rendering safe, images from other hosts, and
relative links that lead nowhere. What passes renders: tested against Python-Markdown with
the site's own extensions."""

from __future__ import annotations

import re

import markdown
import pytest
import yaml

from conftest import REPO
from showcase.checking.bodies import (
    MAX_BODY_CHARACTERS,
    MAX_MARKUP,
    MAX_NESTING_COLUMNS,
    LinkSource,
    body_links,
    check_body,
    link_target,
    relative_link_problems,
)
from showcase.parsing.frontmatter import FrontMatter

PATH = "content/workers/x.md"


def front(body: str) -> FrontMatter:
    return FrontMatter(data={}, body=body, body_line=10)


def messages(body: str) -> list[str]:
    return [problem.format() for problem in check_body(PATH, front(body))]


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # !ENV and the like


def site_markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions and settings of the repository's mkdocs.yml."""
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    names, settings = [], {}
    for item in config["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        names.append(name)
        settings[name] = options or {}
    return markdown.Markdown(extensions=names, extension_configs=settings)


def test_a_body_of_500_nested_items_is_refused_with_its_line() -> None:
    """The issue's reproduction: it used to pass `check` and crash the build."""
    body = "".join("  " * level + "- 层\n" for level in range(500))
    found = messages(body)
    assert any(m.startswith(f"{PATH}:10: 正文: 正文太长") for m in found), found
    deepest = MAX_NESTING_COLUMNS // 2  # its indentation and "- " go beyond the limit
    assert (
        f"{PATH}:{10 + deepest}: 正文: 这一行嵌套太深（列表、引用等的缩进共 {2 * deepest + 2} 格，"
        f"最多 {MAX_NESTING_COLUMNS} 格）；修改建议：列表最多嵌套几层就够了："
        "减少这一行前面的空格、> 或列表符号"
    ) in found


@pytest.mark.parametrize(
    "line",
    [
        " " * (MAX_NESTING_COLUMNS + 1) + "x",
        "\t" * (MAX_NESTING_COLUMNS // 4 + 1) + "x",
        "> " * (MAX_NESTING_COLUMNS // 2 + 1) + "x",
        "- " * (MAX_NESTING_COLUMNS // 2 + 1) + "x",
        "1. " * (MAX_NESTING_COLUMNS // 3 + 1) + "x",
    ],
)
def test_every_kind_of_nesting_counts(line: str) -> None:
    assert any("这一行嵌套太深" in m for m in messages("正文\n" + line + "\n"))


def test_deep_but_allowed_nesting_renders() -> None:
    body = "".join("    " * level + "- 层\n" for level in range(MAX_NESTING_COLUMNS // 4))
    assert messages(body) == []
    assert site_markdown().convert(body).count("<ul>") == MAX_NESTING_COLUMNS // 4


def test_too_many_brackets_are_refused_but_wikilinks_do_not_count() -> None:
    assert any("正文里的 [ 和 < 太多" in m for m in messages("![" * (MAX_MARKUP + 1)))
    assert messages("[[huaian]] " * MAX_MARKUP) == []


def test_a_body_at_the_size_limit_is_accepted() -> None:
    assert messages("字" * MAX_BODY_CHARACTERS) == []
    assert len(messages("字" * (MAX_BODY_CHARACTERS + 1))) == 1


REMOTE = [
    "![x](https://evil.example/t.png)",
    "![x](//evil.example/t.png)",
    '![x](http://evil.example/t.png "标题")',
    "![x][pic]\n\n[pic]: https://evil.example/t.png",
    '<img src="https://evil.example/t.png">',
    "<IMG SRC=https://evil.example/t.png>",
    '<img srcset="a.png 1x, https://evil.example/t.png 2x">',
]


@pytest.mark.parametrize("body", REMOTE)
def test_images_from_other_hosts_are_refused(body: str) -> None:
    [message] = messages("开头\n" + body + "\n")
    assert message.startswith(f"{PATH}:11: 正文: 正文里的图片“")
    assert "不是本站的文件：本站不从其他网站加载任何内容" in message


@pytest.mark.parametrize(
    "body",
    [
        "[链接](https://other.example/page)",  # links to other hosts stay allowed
        "<https://other.example/>",
        "`![x](https://evil.example/t.png)`",  # code is shown, not loaded
        "```\n![x](https://evil.example/t.png)\n```",
        '<iframe src="https://example.org/embed"></iframe>',  # removed from the page
    ],
)
def test_what_loads_nothing_is_not_refused(body: str) -> None:
    assert messages(body) == []


def test_links_are_found_with_their_lines() -> None:
    body = "第一行\n见[旧链接](../cities/nowhere.md)。[文档][d]\n\n[d]: ../about.md\n"
    links = [(link.url, link.line, link.column, link.kind) for link in body_links(front(body))]
    assert links == [
        ("../cities/nowhere.md", 1, 2, "link"),
        ("../about.md", 1, 30, "link"),
    ]


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("../cities/nowhere.md", "cities/nowhere.md"),
        ("../about.md#section", "about.md"),
        ("ma-ben.md", "workers/ma-ben.md"),
        ("../../images/a.jpg", "../images/a.jpg"),
        ("%E6%96%87.md", "workers/文.md"),
        ("../cities/huaian/", None),  # a folder: MkDocs does not check it
        ("#anchor", None),
        ("/cities/huaian/", None),
        ("https://example.org/a.md", None),
        ("mailto:a@b.c", None),
    ],
)
def test_link_targets_resolve_as_mkdocs_does(url: str, target: str | None) -> None:
    assert link_target("workers/x.md", url) == target


def test_relative_links_must_lead_to_a_page_or_file() -> None:
    body = (
        "见[旧链接](../cities/nowhere.md)。[好](../cities/huaian.md) [关于](../about.md)\n"
        "![图](../../images/a.jpg) [草稿](draft.md) [样式](../assets/x.css)\n"
    )
    source = LinkSource(PATH, "workers/x.md", front(body))
    targets = {"cities/huaian.md", "about.md"}
    found = relative_link_problems([source], lambda: targets, {"workers/draft.md": "content/d.md"})
    assert [problem.format() for problem in found] == [
        f"{PATH}:10: 正文: 链接“../cities/nowhere.md”指向的页面或文件不存在（cities/nowhere.md）；"
        "修改建议：链接其他案例请用 [[id]]，如 [[huaian]]；或检查相对路径与文件名的拼写",
        f"{PATH}:11: 正文: 图片“../../images/a.jpg”不存在（../images/a.jpg）；"
        "修改建议：照片请放进 images/，写在 gallery 字段里；正文不能直接引用 images/ 中的原图",
        f"{PATH}:11: 正文: 链接“draft.md”指向草稿 content/d.md：草稿不生成页面；"
        "修改建议：等它发布后再链接，或改用 [[id]]：链接到草稿时只显示文字",
    ]


def test_targets_are_only_listed_when_some_body_has_a_relative_link() -> None:
    def fail() -> set[str]:
        raise AssertionError("listed the site's files for bodies without relative links")

    sources = [LinkSource(PATH, "workers/x.md", front("[[huaian]] [外](https://a.b/)"))]
    assert relative_link_problems(sources, fail, {}) == []


def test_links_are_read_once_per_version_of_a_file() -> None:
    body = front("[a](b.md)")
    assert body_links(body) is body_links(body)


def test_the_benchmark_renders_every_shape_it_accepts(capsys: pytest.CaptureFixture[str]) -> None:
    import sys

    sys.path.insert(0, str(REPO / "scripts"))
    import bench_bodies

    assert bench_bodies.main(["--scale", "0.05"]) == 0
    printed = capsys.readouterr().out
    for shape in bench_bodies.shapes(0.05):
        assert re.search(rf"^{re.escape(shape)} +\d+ +[\d.]+ +[\d.]+$", printed, re.M), printed


def test_the_sanitiser_drops_images_from_other_hosts_whatever_form_check_missed() -> None:
    from showcase.output.sanitize import sanitize_html

    html = sanitize_html(
        '<p><img src="https://evil.example/t.png" alt="a"><img src="//evil.example/u.png">'
        '<img src="../assets/images/ok.webp" alt="本站"><a href="https://other.example/">链接</a></p>'
    )
    assert "evil.example" not in html
    assert 'src="../assets/images/ok.webp"' in html and 'href="https://other.example/"' in html
