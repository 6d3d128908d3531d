"""`python build.py new`: commented templates that pass `check` as soon as they are written."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, REPO
from showcase.domain import KINDS
from showcase.loading.loader import load_corpus
from showcase.loading.messages import model_at
from showcase.parsing.frontmatter import parse_front_matter
from showcase.tools import scaffold
from showcase.tools.scaffold import ScaffoldError, create_case, suggest_id

MINI = FIXTURES / "mini"

# The least each kind needs, naming cases of the fixture corpus.
MINIMAL = {
    "city": {"province": "江苏省", "level": "镇"},
    "enterprise": {"city": "river-city", "industry": "钢铁"},
    "worker": {"enterprise": "steel-plant"},
    "source": {"publisher": "江河市总工会", "date": "2024-06"},
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    target = tmp_path / "project"
    shutil.copytree(MINI, target)
    return target


def problems_of(project: Path) -> list[str]:
    return [problem.format() for problem in load_corpus(project, "content", "images")[1]]


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("summary", ["一句话介绍。", None])
def test_new_file_passes_check(project: Path, kind: str, summary: str | None) -> None:
    created = create_case(project, "content", kind, "new-case", "新案例", summary, MINIMAL[kind])
    assert created.path == project / "content" / KINDS[kind].folder / "new-case.md"
    assert created.display == f"content/{KINDS[kind].folder}/new-case.md"
    assert problems_of(project) == []
    corpus, _ = load_corpus(project, "content", "images")
    case = corpus.cases["new-case"]
    assert case.name == "新案例" and case.kind == kind
    # Without a summary the case waits as a draft (a source needs no summary).
    assert created.draft == case.draft == (summary is None and kind != "source")
    text = created.path.read_text(encoding="utf-8")
    assert text.startswith("---\n# ") and text.endswith("---\n") and "\r" not in text


def test_folder_names_and_both_worker_places(project: Path) -> None:
    create_case(project, "content", "workers", "li-ming", "李明", "工人。",
                {"enterprise": "steel-plant", "city": "town-a"})
    fields = load_corpus(project, "content", "images")[0].cases["li-ming"].fields
    assert (fields.enterprise, fields.city) == ("steel-plant", "town-a")


def test_optional_options_fill_their_line(project: Path) -> None:
    created = create_case(project, "content", "enterprise", "sub-plant", "分厂", "分厂。",
                          {"city": "town-a", "industry": "钢铁", "ownership": "国有",
                           "parent": "steel-group"})
    text = created.path.read_text(encoding="utf-8")
    assert "\nownership: 国有\n" in text and "\nparent: steel-group\n" in text
    assert "# ownership:" not in text and "# parent:" not in text
    assert problems_of(project) == []


def test_awkward_values_are_quoted(project: Path) -> None:
    name = "甲: 乙 # 丙 \"丁\""
    created = create_case(project, "content", "source", "odd", name, "yes",
                          {"publisher": "no", "date": "2023"})
    data = parse_front_matter(created.path.read_text(encoding="utf-8"), "x").data
    assert (data["name"], data["summary"], data["publisher"], data["date"]) == (
        name, "yes", "no", "2023")
    assert problems_of(project) == []


# (kind, id, options, words the refusal must contain)
REFUSED = {
    "id in another kind": ("source", "steel-group", MINIMAL["source"],
                           ["steel-group", "content/enterprises/steel-group.md"]),
    "id of a draft": ("city", "draft-worker", MINIMAL["city"], ["content/workers/draft-worker.md"]),
    "upper case and underscore": ("worker", "Li_Ming", MINIMAL["worker"], ["Li_Ming", "li-ming"]),
    "spaces": ("worker", "li ming", MINIMAL["worker"], ["li-ming"]),
    "file name typed with .md": ("worker", "li-ming.md", MINIMAL["worker"], ["改成 li-ming"]),
    "chinese id": ("worker", "李明", MINIMAL["worker"], ["拼音"]),
    "reserved index": ("city", "index", MINIMAL["city"], ["保留"]),
    "unknown kind": ("person", "li-ming", {}, ["person", "worker", "workers"]),
    "enterprise without city": ("enterprise", "e-1", {"industry": "钢铁"}, ["--city"]),
    "worker without a place": ("worker", "w-1", {}, ["--enterprise", "--city"]),
    "city without level and province": ("city", "c-1", {}, ["--province", "--level"]),
    "source without date": ("source", "s-1", {"publisher": "某"}, ["--date", "未载明"]),
    "reference of the wrong kind": ("worker", "w-1", {"city": "steel-group"},
                                    ["--city", "steel-group", "企业", "城市"]),
    "misspelt reference": ("enterprise", "e-1", {"city": "rivercity", "industry": "钢铁"},
                           ["rivercity", "river-city"]),
    "option the kind lacks": ("worker", "w-1", {"city": "river-city", "industry": "钢铁"},
                              ["--industry", "--enterprise"]),
    "level not allowed": ("city", "c-1", {"province": "江苏省", "level": "市"},
                          ["--level", "地级市"]),
    "bad date": ("source", "s-1", {"publisher": "某", "date": "2024年6月"}, ["--date", "YYYY-MM"]),
}


@pytest.mark.parametrize("name", list(REFUSED))
def test_refusals(project: Path, name: str) -> None:
    kind, case_id, options, words = REFUSED[name]
    before = sorted(project.rglob("*"))
    with pytest.raises(ScaffoldError) as error:
        create_case(project, "content", kind, case_id, "名称", "介绍。", options)
    for word in words:
        assert word in str(error.value)
    assert re.search(r"[\u4e00-\u9fff]", str(error.value))
    assert sorted(project.rglob("*")) == before  # nothing written


def test_summary_too_long_names_the_option(project: Path) -> None:
    with pytest.raises(ScaffoldError, match="--summary：超过 160 个字"):
        create_case(project, "content", "city", "c-1", "某", "长" * 161, MINIMAL["city"])


def test_missing_name(project: Path) -> None:
    with pytest.raises(ScaffoldError, match="--name"):
        create_case(project, "content", "city", "c-1", None, None, MINIMAL["city"])


def test_missing_content_folder_is_created(tmp_path: Path) -> None:
    created = create_case(tmp_path, "content", "source", "first", "第一份", None,
                          {"publisher": "某", "date": "未载明"})
    assert created.path.is_file()


@pytest.mark.parametrize(("typed", "suggested"), [
    ("Ma Ben", "ma-ben"), ("ma_ben", "ma-ben"), ("MA--BEN", "ma-ben"), ("-ma-ben-", "ma-ben"),
    ("ｍａ－ｂｅｎ", "ma-ben"), ("ma-ben.md", "ma-ben"), ("马奔", None), ("ma.ben", None),
    ("Index", None), ("", None),
])
def test_suggest_id(typed: str, suggested: str | None) -> None:
    assert suggest_id(typed) == suggested


@pytest.mark.parametrize("text", [
    "马奔", "a: b", "# 注释", "yes", "no", "2024", "2024-06-24", "1.5", "null", "~", "'单引号'",
    "\"双引号\"", "[列表]", "{映射}", "*别名", "&锚", "!标签", "@", "`", "- 开头", "? 问", "| 竖线",
    "> 大于", "%", "结尾冒号:", "a #b", "反斜杠\\n", "tab\there", "  前后空格  ", "2024-13-45",
    "行\u2028分隔",
])
def test_yaml_scalar_round_trips(text: str) -> None:
    assert yaml.safe_load(f"key: {scaffold.yaml_scalar(text)}") == {"key": text.strip()}


# --- Templates -------------------------------------------------------------------------------

FIELD_LINE = re.compile(r"^(?:# )?([a-z]+):", re.MULTILINE)
COMMENTED_YAML = re.compile(r"^# ((?: *- | *)[a-z]+:.*| +- .*)$", re.MULTILINE)


@pytest.mark.parametrize("kind", list(KINDS))
def test_template_lists_every_field_once(kind: str) -> None:
    text = scaffold.template(kind)
    model = KINDS[kind].model
    top = FIELD_LINE.findall(text)
    assert sorted(top) == sorted(model.model_fields), "each field once, commented or not"
    # Fields of nested items (stats, gallery, honors) appear in the commented examples.
    for name in model.model_fields:
        inner = model_at(model, (name, 0))
        if inner is not model:
            for field in inner.model_fields:
                assert re.search(rf"^#\s+(?:- )?{field}:", text, re.MULTILINE), (name, field)


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_line_of_a_template_is_explained(kind: str) -> None:
    """Each field line follows a Chinese comment, so a contributor knows what it is for."""
    lines = scaffold.template(kind).splitlines()
    for index, line in enumerate(lines):
        if FIELD_LINE.match(line):
            above = lines[index - 1]
            assert above.startswith("# ") and re.search(r"[\u4e00-\u9fff]", above), line
            assert not FIELD_LINE.match(above), f"{line!r} has no explanation"


@pytest.mark.parametrize("kind", list(KINDS))
def test_uncommented_template_is_valid(kind: str) -> None:
    """Every example in the comments is written correctly: uncommenting all of them gives a
    file the model accepts (references aside, which need real cases)."""
    text = COMMENTED_YAML.sub(r"\1", scaffold.template(kind))
    front = parse_front_matter(text, "template")
    assert not isinstance(front, list), [p.format() for p in front]
    model = KINDS[kind].model
    assert set(front.data) == set(model.model_fields)
    model.model_validate(front.data)


# --- Command line ----------------------------------------------------------------------------


def run_new(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    for name in ("build.py", "mkdocs.yml"):
        shutil.copy(REPO / name, project / name)
    return subprocess.run([sys.executable, "build.py", "new", *args], cwd=project,
                          capture_output=True, text=True, check=False)


def test_command_line(project: Path) -> None:
    result = run_new(project, "worker", "li-ming", "--name", "李明", "--city", "river-city")
    assert result.returncode == 0, result.stderr
    assert "已创建 content/workers/li-ming.md" in result.stdout
    assert "draft: true" in result.stdout
    again = run_new(project, "worker", "li-ming", "--name", "李明", "--city", "river-city")
    assert again.returncode == 1
    assert again.stderr.startswith("未创建文件：id“li-ming”已被 content/workers/li-ming.md 使用")
    assert problems_of(project) == []
