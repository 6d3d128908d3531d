"""Property-based hostile input (issue 11): random nesting, aliases, control characters, long
values and path-like tags through the loader, random bodies through the body checks and the
renderer, and a sample of both through a real `mkdocs build`. No exception escapes, nothing
hangs (each example has a deadline far above its normal cost), and a failed build leaves the
previous site as it was."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_bodies import site_markdown

from conftest import FIXTURES, REPO, make_project, run_mkdocs_build
from showcase.checking.bodies import check_body
from showcase.parsing.frontmatter import FrontMatter
from showcase.parsing.links import code_spans
from showcase.loading.loader import load_corpus
from showcase.problems import Problem
from showcase.output.sanitize import sanitize_html
from showcase.checking.links import check_links

CJK = re.compile(r"[\u4e00-\u9fff]")
CASE = "content/workers/fuzz.md"

CONTROL = st.characters(min_codepoint=0, max_codepoint=0x9F).filter(
    lambda c: not c.isprintable() and c not in "\n"
)
plain_text = st.text(
    st.characters(blacklist_categories=["Cs"], blacklist_characters="\r"), max_size=20
)
long_text = st.integers(1_000, 60_000).map(lambda n: "长" * n)
anchors = st.sampled_from(["", "&a ", "&b ", "*a", "*b", "!!str ", "!!set ", "!custom "])


def quoted(text: str) -> str:
    """A YAML double-quoted scalar; control characters become escapes (\\x01)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(c if c.isprintable() else _escape(c) for c in escaped) + '"'


def _escape(character: str) -> str:
    code = ord(character)
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )


scalars = st.one_of(
    plain_text.map(quoted),
    long_text,
    st.lists(CONTROL, min_size=1, max_size=3).map(lambda cs: quoted("值" + "".join(cs))),
    st.sampled_from(["2024", "1e400", "~", "true", "2024-02-30", "9" * 5000, "[[x]]", ":"]),
)
# Values nested in flow style, any depth, with anchors and aliases anywhere.
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(st.tuples(anchors, inner), max_size=4).map(
            lambda items: (
                "[" + ", ".join(a + v if not a.startswith("*") else a for a, v in items) + "]"
            )
        ),
        st.lists(st.tuples(st.sampled_from(["k", "名", "2024", "null"]), inner), max_size=3).map(
            lambda items: "{" + ", ".join(f"{k}: {v}" for k, v in items) + "}"
        ),
    ),
    max_leaves=30,
)
PATHLIKE_TAGS = [
    "..",
    ".",
    "index",
    ".NET开发",
    "a/b",
    "../x",
    "%2e%2e",
    "con",
    "a\\b",
    "#",
    "?",
    "技能 提升",
    "长" * 40,
    "",
    " ",
    "工业4.0",
    "x\x01",
    "CON.",
    "tags",
    "-",
    "a//b",
]
tags = st.lists(st.one_of(st.sampled_from(PATHLIKE_TAGS), plain_text), max_size=5)
BODY_PIECES = [
    "  ",
    "    ",
    "\t",
    "> ",
    "- ",
    "1. ",
    "* ",
    "\n",
    "\n\n",
    "[",
    "]",
    "(",
    ")",
    "![",
    "<",
    ">",
    "<img src=",
    "https://evil.example/t.png",
    "../cities/nowhere.md",
    "[[river-city]]",
    "[[nope]]",
    "`",
    "```",
    "~~~",
    "!!! note",
    "??? note",
    "|a|b|",
    "|-|-|",
    "*",
    "_",
    "文字",
    "<div>",
    "</div>",
    "<!--",
    "-->",
    "&",
    "{: .x }",
    "\x00",
    "\u2028",
]
bodies = st.one_of(
    st.lists(st.sampled_from(BODY_PIECES), max_size=80).map("".join),
    st.tuples(st.sampled_from(["  ", "    ", "> ", "- "]), st.integers(1, 600)).map(
        lambda pair: "".join(pair[0] * level + "- 层\n" for level in range(pair[1]))
    ),
    st.tuples(
        st.sampled_from(["[", "![", "<a", "<http://a", "[[", "```\n"]), st.integers(1, 30_000)
    ).map(lambda pair: pair[0] * pair[1]),
)


@st.composite
def case_files(draw: st.DrawFn) -> str:
    fields = {
        "name": draw(scalars),
        "summary": draw(st.one_of(scalars, st.just('"一个测试用的工人。"'))),
        # References of every kind, right and wrong: `check` must not trip over either.
        "city": draw(st.sampled_from(["river-city", "steel-plant", "wang-wu", "nope"])),
        "enterprise": draw(st.sampled_from(["steel-plant", "river-city", "report-2024", "~"])),
        "tags": "[" + ", ".join(quoted(tag) for tag in draw(tags)) + "]",
    }
    keys = st.sampled_from(["position", "stats", "honors", "gallery", "x", "2024-01-01"])
    aliased = st.sampled_from(["&a [lol, lol]", "*a", "&a x", "[*a, *a]", "&a [x, *a]"])
    extra = draw(st.lists(st.tuples(keys, st.one_of(values, aliased)), max_size=3))
    lines = [f"{key}: {value}" for key, value in [*fields.items(), *extra]]
    return "---\n" + "\n".join(lines) + "\n---\n" + draw(bodies)


@st.composite
def tame_case_files(draw: st.DrawFn) -> str:
    """Files that should build: odd but allowed names, tags and figures, bodies of harmless
    pieces. Half of the real builds get one, so that a sample also checks what is published."""
    name = draw(
        st.text(
            st.characters(blacklist_categories=["Cs", "Cc", "Zl", "Zp"]), min_size=1, max_size=300
        ).filter(str.strip)
    )
    label = draw(st.sampled_from(["=SUM(1)", "+1", "-1", "@x", "培训", " =x"]))
    tag_list = draw(
        st.lists(st.sampled_from(["技能提升", "工业4.0", "AI 应用", "C++", "5G"]), max_size=3)
    )
    body = draw(
        st.lists(
            st.sampled_from(
                [
                    "文字",
                    "\n",
                    "\n\n",
                    "- 项\n",
                    "> 引\n",
                    "[[river-city]]",
                    "**粗**",
                    "`码`",
                    "[外](https://a.example/)",
                ]
            ),
            max_size=30,
        ).map("".join)
    )
    return (
        f"---\nname: {quoted(name)}\nsummary: 一个测试用的工人。\ncity: river-city\n"
        f"updated: 2030-01-01\ntags: [{', '.join(tag_list)}]\n"
        f"stats:\n  - label: {quoted(label)}\n    value: 3人\n---\n{body}"
    )


def assert_well_formed(problems: list[Problem]) -> None:
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.path and problem.line >= 0 and problem.column >= 0
        assert CJK.search(problem.message), problem
        text = problem.format()
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f]", text), text  # no control characters
        problem.format_github()


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("fuzz") / "mini"
    shutil.copytree(FIXTURES / "mini", project)
    return project


@settings(
    max_examples=150,
    deadline=timedelta(seconds=20),  # a hang, not a slow example: one takes well under 1 s
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@pytest.mark.slow  # a real mkdocs build
@given(text=case_files())
def test_hostile_case_files_are_answered_with_problems(template: Path, text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "project"
        shutil.copytree(template, project)
        (project / CASE).write_bytes(text.encode("utf-8", "surrogatepass"))
        corpus, problems = load_corpus(project, "content", "images")
        problems += check_links(
            project,
            corpus,
            content_dir="content",
            docs_dir=REPO / "site_src/pages",
        )
        assert_well_formed(problems)
        assert problems or "fuzz" in corpus.cases
        assert all(p.path == CASE for p in problems), [p.format() for p in problems]


MARKDOWN = site_markdown()


@pytest.mark.slow  # a real mkdocs build
@settings(max_examples=300, deadline=timedelta(seconds=20))
@given(body=bodies)
def test_a_body_that_passes_the_checks_renders(body: str) -> None:
    front = FrontMatter(data={}, body=body, body_line=5)
    problems = check_body(CASE, front)
    assert_well_formed(problems)
    if problems:
        return
    MARKDOWN.reset()
    html = sanitize_html(MARKDOWN.convert(body))
    assert not re.search(r"<img[^>]+src=\"(?:https?:)?//", html), html


OLD_CODE = re.compile(r"^(```|~~~)[^\n]*\n.*?^\1[ \t]*$|`[^`\n]+`", re.MULTILINE | re.DOTALL)


@settings(max_examples=500)
@given(
    st.lists(
        st.sampled_from(["```", "~~~", "```py", "``` ", "`a`", "`", "x", "\n", "````"]), max_size=40
    ).map("".join)
)
def test_linear_code_spans_find_what_the_old_expression_found(body: str) -> None:
    assert code_spans(body) == [match.span() for match in OLD_CODE.finditer(body)]


def snapshot(site: Path) -> dict[str, str]:
    return {
        str(path.relative_to(site)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_project(tmp_path_factory.mktemp("fuzz-build") / "project", FIXTURES / "mini")
    result = run_mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project


@pytest.mark.slow
@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=st.one_of(case_files(), tame_case_files()))
def test_a_sample_through_a_real_build(built: Path, text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "project"
        shutil.copytree(built, project, symlinks=True)
        before = snapshot(project / "site")
        (project / CASE).write_bytes(text.encode("utf-8", "surrogatepass"))
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict"],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=600,
        )
        output = result.stdout + result.stderr
        assert "Traceback" not in output, output[-3000:]
        if result.returncode != 0:
            assert snapshot(project / "site") == before
            return
        assert (project / "site/workers/fuzz/index.html").is_file()
        ET.parse(project / "site/feed.xml")
        raw = (project / "site/data/stats.csv").read_text(encoding="utf-8-sig")
        for row in csv.reader(io.StringIO(raw)):
            assert not any(cell.lstrip(" ").startswith(("=", "+", "-", "@")) for cell in row)
