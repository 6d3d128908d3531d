"""Whatever a contributor's file holds, the checks answer with problems, never with a crash."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from showcase.checking.lint import lint_corpus
from showcase.domain import KINDS
from showcase.loading.loader import load_corpus
from showcase.loading.messages import problems_from_validation
from showcase.parsing.frontmatter import parse_front_matter
from showcase.problems import Problem
from showcase.tools.scaffold import yaml_scalar

CJK = re.compile(r"[\u4e00-\u9fff]")

# Pieces of case files, right and wrong, for text that looks like front matter.
FRAGMENTS = [
    "---", "---\n", "\n", "\r\n", "\t", " ", "  ", "- ", ": ", ":", "#", "'", '"', "[", "]", "{", "}",
    ",", "|", ">", "&a", "*a", "!!str ", "!!binary ", "? ", "...", "%YAML 1.1\n", "\ufeff",
    "name: ", "summary: ", "stats:", "stats:\n  - ", "label: ", "value: ", "unit: ", "year: ",
    "source: ", "metric: ", "tags: ", "gallery:\n  - src: ", "caption: ", "portrait: ",
    "sources: [", "city: ", "enterprise: ", "parent: ", "level: ", "province: ", "industry: ",
    "honors:\n  - title: ", "publisher: ", "date: ", "url: ", "draft: ", "updated: ",
    "river-city", "report-2024", "river/plant.jpg", "../x.jpg", "/etc/passwd", "18.3万人次",
    "１８．３万人次", "超千人次", "1500—4000元", "三万人", "-5人", "400000", "1e400", ".inf", "null",
    "~", "true", "yes", "2024-06-24", "2024-13-45", "未载明", "马奔", "地级市", "国家级", "江苏省",
    "[[river-city]]", "[[nope]]", "`[[x]]`", "0x1F", "<<: *a", "\x00", "\u2028", "\ud7ff", "😀",
]
yamlish = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), max_size=40).map(
    "".join)
as_text = st.one_of(yamlish, st.binary(max_size=300).map(lambda b: b.decode("utf-8", "replace")),
                    st.text(max_size=200))


def assert_well_formed(problems: list[Problem], path: str | None = None) -> None:
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.path and (path is None or problem.path == path)
        assert problem.line >= 0 and problem.column >= 0
        assert problem.message.strip() and CJK.search(problem.message), problem
        assert isinstance(problem.field, str) and isinstance(problem.hint, str)
        problem.format()
        problem.format_github()


@settings(max_examples=200, deadline=None)
@given(text=as_text, kind=st.sampled_from(list(KINDS)))
def test_parse_and_validate_never_raise(text: str, kind: str) -> None:
    path = f"content/{KINDS[kind].folder}/case.md"
    front = parse_front_matter(text, path)
    if isinstance(front, list):
        assert front, "a failed parse says why"
        assert_well_formed(front, path)
        return
    model = KINDS[kind].model
    try:
        model.model_validate(front.data)
    except ValidationError as error:
        problems = problems_from_validation(error, model, front, path)
        assert problems
        assert_well_formed(problems, path)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=st.one_of(as_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
                         st.binary(max_size=300)),
       kind=st.sampled_from(list(KINDS)))
def test_load_corpus_never_raises(content: bytes, kind: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder)
        (project / "images").mkdir()
        case = project / "content" / KINDS[kind].folder / "case.md"
        case.parent.mkdir(parents=True)
        case.write_bytes(content)
        corpus, problems = load_corpus(project, "content", "images")
        assert_well_formed(problems)
        assert problems or set(corpus.cases) == {"case"}
        assert_well_formed(lint_corpus(corpus, complete=not problems))


@settings(max_examples=200, deadline=None)
@given(text=st.text(st.characters(exclude_categories=["Cs"]), max_size=30) | yamlish)
def test_new_writes_any_value_so_that_yaml_reads_it_back(text: str) -> None:
    """`python build.py new` puts names and summaries into YAML: whatever was typed, quoting
    must bring it back exactly (less surrounding blanks)."""
    assert yaml.safe_load(f"key: {yaml_scalar(text)}") == {"key": text.strip()}
