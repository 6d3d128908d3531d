"""output/sanitize.py: contributor HTML loses what can run code and keeps what Markdown makes."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
import pytest
import yaml

from helpers import REPO
from showcase.output.sanitize import sanitize_html


@pytest.mark.parametrize(
    ("html", "clean"),
    [
        ("<script>alert(1)</script>正文", "正文"),
        ("<style>body{display:none}</style>正文", "正文"),
        ('<iframe src="https://example.com"></iframe>正文', "正文"),
        ('<object data="x.swf"></object>正文', "正文"),
        ("<svg><script>alert(1)</script></svg>正文", "正文"),
        ('<p onclick="steal()">点击无效</p>', "<p>点击无效</p>"),
        ('<img src="../i.jpg" alt="图" onerror="x()">', '<img src="../i.jpg" alt="图">'),
        ('<a href="javascript:alert(1)">危险链接</a>', "<a>危险链接</a>"),
        ('<a href="JaVaScRiPt:alert(1)">危险链接</a>', "<a>危险链接</a>"),
        ('<a href="vbscript:x">v</a>', "<a>v</a>"),
        ('<img src="data:image/png;base64,AAAA" alt="图">', '<img alt="图">'),
        ('<form action="https://evil.example"><button>提交</button></form>', "提交"),
        ('<h2 id="zuo-fa" style="color:red">做法</h2>', '<h2 id="zuo-fa">做法</h2>'),
        ('<div data-track="1">d</div>', "<div>d</div>"),
    ],
)
def test_what_could_run_or_mislead_is_removed(html: str, clean: str) -> None:
    assert sanitize_html(html) == clean


@pytest.mark.parametrize(
    "html",
    [
        '<a href="../../workers/wang-wu/" title="王五">王五</a>',
        '<a href="https://example.org/report">报告</a>',
        '<a href="mailto:office@example.org">邮件</a>',
        '<a href="tel:+86-10-1234">电话</a>',
        '<a href="#zuo-fa">跳到做法</a>',
        '<img src="../../assets/images/a.jpg" alt="图" width="300" height="200" loading="lazy">',
        '<div class="admonition note"><p class="admonition-title">说明</p></div>',
        '<details class="tip" open=""><summary>展开</summary><p>详情</p></details>',
        '<ul><li><input type="checkbox" checked="" disabled=""> 已完成</li></ul>',
        '<ol start="3" type="a"><li>三</li></ol>',
        "<section><label>标签</label></section>",
        '<p lang="en" dir="ltr">text</p>',
        '<abbr title="产业工人队伍建设改革">产改</abbr>',
        "<p><del>删去</del> <strong>加粗</strong> <em>斜体</em> <code>代码</code></p>",
        "<blockquote><p>引用</p></blockquote>",
    ],
)
def test_what_markdown_and_readers_need_is_kept(html: str) -> None:
    assert sanitize_html(html) == html


def test_no_rel_is_added_to_links() -> None:
    # The theme decides how links look; the sanitiser adds nothing.
    assert "rel=" not in sanitize_html('<a href="https://example.org">外链</a>')


def site_markdown() -> markdown.Markdown:
    """Markdown with the extensions mkdocs.yml enables, as MkDocs renders a case body."""
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Tolerant)
    names, options = [], {}
    for entry in config["markdown_extensions"]:
        name, settings = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        if settings:
            options[name] = settings
    return markdown.Markdown(extensions=names, extension_configs=options)


class Tolerant(yaml.SafeLoader):
    """mkdocs.yml may hold tags (!ENV, !!python/name) only MkDocs understands."""


Tolerant.add_multi_constructor("", lambda loader, suffix, node: None)

BODY = """## 主要做法 {#zuo-fa}

!!! note "说明"
    这是说明。

??? tip "展开"
    详情。

~~删去~~ 与 **加粗**、*斜体*、`代码`。

```python
print("产改")
```

1. 一
2. 二

> 引用

[报告](../../sources/report-2024/ "出处")
"""


class Events(HTMLParser):
    """HTML as the tags, attributes and text a browser would build from it: `<img />` and
    `<img>`, `&quot;` and `"` are the same."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.events: list[tuple] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.events.append(("start", tag, sorted((k, v or "") for k, v in attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.events.append(("end", tag))

    def handle_data(self, data: str) -> None:
        self.events.append(("text", data))


def test_a_body_rendered_with_the_sites_extensions_passes_unchanged() -> None:
    html = site_markdown().convert(BODY)
    assert 'class="admonition note"' in html and "<details" in html and "<del>" in html
    assert Events(sanitize_html(html)).events == Events(html).events


def test_table_column_alignment_survives() -> None:
    # `|---:|` makes style="text-align: right;" on its cells: figures line up on the right.
    html = site_markdown().convert("| 指标 | 数值 |\n|:---|---:|\n| 培训 | 18.3万人次 |\n")
    assert 'style="text-align: right;"' in html
    clean = sanitize_html(html)
    assert Events(clean).events == Events(html.replace(": ", ":").replace(";", "")).events


def row(cell: str) -> str:
    return f"<table><tbody><tr>{cell}</tr></tbody></table>"


@pytest.mark.parametrize(
    ("html", "clean"),
    [
        # Of a style only the alignment stays, and only on table cells.
        (
            row(
                '<td style="text-align: center; position: fixed; background: url(https://x/t.gif)">1</td>'
            ),
            row('<td style="text-align:center">1</td>'),
        ),
        (row('<th style="color: red">列</th>'), row('<th style="">列</th>')),  # empty: harmless
        ('<p style="text-align: right">段落</p>', "<p>段落</p>"),
    ],
)
def test_no_other_style_gets_through(html: str, clean: str) -> None:
    assert sanitize_html(html) == clean
