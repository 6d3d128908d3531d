"""Warnings: likely mistakes, each with file, line, field and a fix; they never fail a check."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO
from showcase.checking.lint import format_github, format_warning, lint_corpus, tag_key
from showcase.domain import Corpus
from showcase.loading.loader import load_corpus
from showcase.problems import Problem

MINI = FIXTURES / "mini"

# The fixture corpus: four stats without a source, six without a period, and one metric whose
# two rows are of different years (2022 and 2023); nothing else to warn about.
# (path, line, field, words the message holds, a word the hint holds)
MIXED = ("期间不一", "江河市 2022年、甲镇 2023年")
MINI_WARNINGS = [
    ("content/cities/river-city.md", 13, "stats[0].metric", MIXED, "period"),
    ("content/cities/river-city.md", 14, "stats[1].period", ("技能补贴", "期间"), "period"),
    ("content/cities/river-city.md", 17, "stats[2].period", ("新增工会会员", "期间"), "period"),
    ("content/cities/river-city.md", 17, "stats[2].source", ("新增工会会员", "出处"), "source"),
    ("content/cities/river-city.md", 19, "stats[3].period", ("奖励", "期间"), "period"),
    ("content/cities/river-city.md", 19, "stats[3].source", ("奖励", "出处"), "source"),
    ("content/cities/river-city.md", 22, "stats[4].period", ("培训人数", "期间"), "period"),
    ("content/cities/river-city.md", 22, "stats[4].source", ("培训人数", "出处"), "source"),
    ("content/cities/town-a.md", 8, "stats[0].source", ("职业技能培训", "出处"), "source"),
    ("content/cities/town-a.md", 11, "stats[0].metric", MIXED, "period"),
    ("content/enterprises/steel-group.md", 9, "stats[0].period", ("职工", "期间"), "period"),
    ("content/workers/wang-wu.md", 15, "stats[0].period", ("技能津贴", "期间"), "period"),
]

CITY = "---\nname: {name}\nsummary: 测试城市。\nprovince: 江苏省\nlevel: 县\n{extra}---\n{body}"
SOURCE = "---\nname: {name}\npublisher: 某单位\ndate: 2024\n{extra}---\n{body}"
WORKER = "---\nname: {name}\nsummary: 测试工人。\ncity: river-city\n{extra}---\n{body}"


def city(name: str = "新城", extra: str = "", body: str = "") -> str:
    return CITY.format(name=name, extra=extra, body=body)


def project_with(tmp_path: Path, files: dict[str, str]) -> Path:
    project = tmp_path / "project"
    shutil.copytree(MINI, project)
    for relative, text in files.items():
        path = project / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return project


def load(tmp_path: Path, files: dict[str, str]) -> Corpus:
    corpus, problems = load_corpus(project_with(tmp_path, files), "content", "images")
    assert problems == [], [problem.format() for problem in problems]
    return corpus


def added(tmp_path: Path, files: dict[str, str]) -> list[Problem]:
    """Warnings beyond those of the fixture corpus."""
    known = {(path, line, field) for path, line, field, _, _ in MINI_WARNINGS}
    return [w for w in lint_corpus(load(tmp_path, files))
            if (w.path, w.line, w.field) not in known]


def test_fixture_warnings(tmp_path: Path) -> None:
    warnings = lint_corpus(load(tmp_path, {}))
    assert [(w.path, w.line, w.field) for w in warnings] == [w[:3] for w in MINI_WARNINGS]
    for warning, (_, _, field, words, hint) in zip(warnings, MINI_WARNINGS, strict=True):
        assert all(word in warning.message for word in words), warning.message
        assert hint in warning.hint
        # A stat's own warning points at its `- ` item; a metric's at the stat's metric value.
        assert warning.column == (13 if field.endswith("metric") else 5)


def test_shipped_content_loads_and_lints() -> None:
    # Warnings are allowed in shipped content; this only checks lint copes with the real corpus.
    corpus, problems = load_corpus(REPO, "content", "images")
    assert problems == []
    assert all(isinstance(warning, Problem) for warning in lint_corpus(corpus))


# --- Tags ------------------------------------------------------------------------------------

# (tags of a new case, expected (field, wrong, right) warnings). Existing fixture tags:
# river-city has 技能提升 and 权益保障.
TAG_CASES = {
    "space inside": (["技能 提升"], [("tags[0]", "技能 提升", "技能提升")]),
    "full-width space": (["权益\u3000保障"], [("tags[0]", "权益\u3000保障", "权益保障")]),
    "trailing tab is stripped by the model, no warning": (["技能提升\t"], []),
    "full-width letters, tie goes to the tidy spelling": (["ＡＩ应用", "AI应用"],
                                                         [("tags[0]", "ＡＩ应用", "AI应用")]),
    "same tag twice, no warning": (["技能提升", "技能提升"], []),
    "different tag": (["技能培训"], []),
    "full-width parentheses are right in Chinese, half-width ones get the warning":
        (["产改(试点)", "产改（试点）", "产改（试点）"], [("tags[0]", "产改(试点)", "产改（试点）")]),
}


@pytest.mark.parametrize("name", list(TAG_CASES))
def test_similar_tags(tmp_path: Path, name: str) -> None:
    tags, expected = TAG_CASES[name]
    extra = "tags:\n" + "".join(f"  - \"{tag}\"\n" for tag in tags)
    files = {"content/workers/tagged.md": WORKER.format(name="标签", extra=extra, body="")}
    warnings = added(tmp_path, files)
    assert [(w.field, w.path) for w in warnings] == [(f, "content/workers/tagged.md")
                                                     for f, _, _ in expected]
    for warning, (field, wrong, right) in zip(warnings, expected):
        assert f"“{wrong}”" in warning.message and f"“{right}”" in warning.message
        assert f"改为“{right}”" in warning.hint
        assert warning.line == 6 + int(field[5:-1])  # tags: is line 5, items follow


def test_most_used_spelling_wins(tmp_path: Path) -> None:
    files = {f"content/workers/w{i}.md": WORKER.format(name="人", extra="tags: [技能 提升]\n", body="")
             for i in range(3)}
    warnings = added(tmp_path, files)
    # Three cases spell it with a space, river-city without: the majority is probably right.
    assert [(w.path, w.field) for w in warnings] == [("content/cities/river-city.md", "tags[0]")]
    assert "改为“技能 提升”" in warnings[0].hint


def test_tag_key() -> None:
    assert tag_key("Ｓ 技能\u3000提升 ") == tag_key("S技能提升")
    assert tag_key("产改（试点）") == tag_key("产改(试点)")


# --- Unlinked cases --------------------------------------------------------------------------

# (files, ids expected to be reported as unlinked)
LINK_CASES = {
    "lone city": ({"content/cities/lone.md": city()}, ["lone"]),
    "city with a child": ({"content/cities/lone.md": city(),
                           "content/cities/child.md": city("子", "parent: lone\n")}, []),
    "city named in another case's body": ({"content/cities/lone.md": city(),
                                           "content/cities/other.md":
                                               city("他", "parent: river-city\n", "见 [[lone]]。")},
                                          []),
    "city naming itself only": ({"content/cities/lone.md": city(body="本市即 [[lone]]。")}, ["lone"]),
    "city with a worker": ({"content/cities/lone.md": city(),
                            "content/workers/resident.md":
                                WORKER.format(name="居民", extra="", body="").replace("river-city",
                                                                                     "lone")}, []),
    "city linked only from a draft": ({"content/cities/lone.md": city(),
                                       "content/cities/hidden.md":
                                           city("草", "draft: true\n", "见 [[lone]]。")}, ["lone"]),
    "draft city is never reported": ({"content/cities/lone.md": city(extra="draft: true\n")}, []),
    "uncited source": ({"content/sources/unread.md": SOURCE.format(name="无人引用", extra="",
                                                                    body="")}, ["unread"]),
    "source cited by a stat only": ({"content/sources/cited.md": SOURCE.format(name="被引", extra="",
                                                                                body=""),
                                     "content/workers/citer.md": WORKER.format(
                                         name="引者", body="",
                                         extra="stats:\n  - label: 人数\n    value: 3人\n"
                                               "    source: cited\n")}, []),
    "source cited in sources": ({"content/sources/cited.md": SOURCE.format(name="被引", extra="",
                                                                            body=""),
                                 "content/workers/citer.md": WORKER.format(
                                     name="引者", body="", extra="sources: [cited]\n")}, []),
    "source citing another source is linked from it": (
        {"content/sources/citing.md": SOURCE.format(name="引用者", extra="sources: [old-brief]\n",
                                                    body="")}, []),
}


@pytest.mark.parametrize("name", list(LINK_CASES))
def test_unlinked_cases(tmp_path: Path, name: str) -> None:
    files, expected = LINK_CASES[name]
    warnings = [w for w in added(tmp_path, files) if "链接到" in w.message]
    assert [Path(w.path).stem for w in warnings] == expected
    for warning in warnings:
        assert warning.line == 2 and warning.column == 7  # the value of `name:`
        assert Path(warning.path).stem in warning.hint


def test_incomplete_corpus_skips_the_link_check(tmp_path: Path) -> None:
    corpus = load(tmp_path, {"content/cities/lone.md": city()})
    assert any("链接到" in w.message for w in lint_corpus(corpus))
    assert not any("链接到" in w.message for w in lint_corpus(corpus, complete=False))


# --- Periods ---------------------------------------------------------------------------------

# A stat of a new worker: (its lines after label and value, a period warning expected)
PERIOD_CASES = {
    "no period": ("", True),
    "a plain year is a period": ("    year: 2023\n", False),
    "a period": ("    period: 近两年\n", False),
    "截至发布时 when the document gives none": ("    period: 截至发布时\n", False),
}


@pytest.mark.parametrize("name", list(PERIOD_CASES))
def test_stats_without_period(tmp_path: Path, name: str) -> None:
    lines, expected = PERIOD_CASES[name]
    stat = f"stats:\n  - label: 带徒\n    value: 12人\n{lines}    source: report-2024\n"
    worker = {"content/workers/x.md": WORKER.format(name="某", extra=stat, body="")}
    warnings = [w for w in added(tmp_path, worker) if w.field.endswith(".period")]
    assert [(w.path, w.line, w.field) for w in warnings] == (
        [("content/workers/x.md", 6, "stats[0].period")] if expected else []
    )


MIXED_METRIC = "growth:\n  label: 培训\n  unit: 人次\n"


def trained(name: str, period: str, source: str = "report-2024", extra: str = "") -> str:
    stat = (f"stats:\n  - label: 培训\n    value: 3人次\n    period: {period}\n"
            f"    source: {source}\n    metric: growth\n")
    return city(name, "parent: river-city\n" + extra + stat)


# (the periods of the metric's rows with their sources and drafts, warned rows)
MIXED_CASES = {
    "one year": ([("2023", "report-2024", ""), ("2023年", "report-2024", "")], 0),
    "two years": ([("2022", "report-2024", ""), ("2023", "report-2024", "")], 2),
    "累计 and 截至发布时 of one dated document stand at the same date":
        ([("累计", "report-2024", ""), ("截至发布时", "report-2024", "")], 0),
    "the same words in documents of different dates":
        ([("累计", "report-2024", ""), ("累计", "old-brief", "")], 2),
    "a draft does not count": ([("2022", "report-2024", ""), ("2023", "report-2024",
                                                               "draft: true\n")], 0),
}


@pytest.mark.parametrize("name", list(MIXED_CASES))
def test_metrics_with_mixed_periods(tmp_path: Path, name: str) -> None:
    rows, expected = MIXED_CASES[name]
    files = {f"content/cities/c{index}.md": trained(f"城{index}", *row)
             for index, row in enumerate(rows)}
    metrics = (MINI / "content/metrics.yml").read_text(encoding="utf-8") + MIXED_METRIC
    files["content/metrics.yml"] = metrics
    warnings = [w for w in added(tmp_path, files) if "growth" in w.message]
    assert len(warnings) == expected
    for warning in warnings:
        assert warning.field == "stats[0].metric" and "期间不一" in warning.message


def test_undated_documents_cannot_be_told_equal(tmp_path: Path) -> None:
    undated = SOURCE.format(name="某通讯", extra="", body="").replace("date: 2024", "date: 未载明")
    files = {
        "content/sources/undated.md": undated,
        "content/cities/c1.md": trained("城一", "累计", "undated", "sources: [undated]\n"),
        "content/cities/c2.md": trained("城二", "累计", "undated"),
        "content/metrics.yml": (MINI / "content/metrics.yml").read_text(encoding="utf-8")
        + MIXED_METRIC,
    }
    warnings = [w for w in added(tmp_path, files) if "growth" in w.message]
    assert len(warnings) == 2 and "城一 累计、城二 累计" in warnings[0].message


# --- Editor's notes ---------------------------------------------------------------------------

NOTE_CASES = {
    "summary": (
        WORKER.format(name="某", extra="", body="").replace("测试工人。", "所据文件未介绍其岗位。"),
        [(3, "summary", "所据文件")],
    ),
    "body, two lines": (
        WORKER.format(
            name="某", extra="", body="第一段。\n\n原文未明言二者关系，故此处只归于城市。\n"
        ),
        [(8, "正文", "原文未")],
    ),
    "stat note and gallery caption": (
        WORKER.format(name="某", body="", extra="stats:\n  - label: 发言\n    value: 4家\n"
                      "    year: 2023\n    source: report-2024\n    note: 简报未收录发言内容\n"),
        [(10, "stats[0].note", "简报未")],
    ),
    "publisher of a source": (
        SOURCE.format(name="某文", extra="sources: [report-2024]\n", body="")
        .replace("某单位", "原文未载明"),
        [(3, "publisher", "原文未")],
    ),
    "资料待补充 and an undated source are fine": (
        SOURCE.format(name="某文", extra="sources: [report-2024]\n", body="")
        .replace("某单位", "资料待补充").replace("date: 2024", "date: 未载明"),
        [],
    ),
    "a YAML comment is for editors": (
        WORKER.format(name="某", extra="# 原文未写岗位，页面不写。\n", body=""),
        [],
    ),
}


@pytest.mark.parametrize("name", list(NOTE_CASES))
def test_editor_notes(tmp_path: Path, name: str) -> None:
    text, expected = NOTE_CASES[name]
    folder = "sources" if "publisher" in text else "workers"
    warnings = [w for w in added(tmp_path, {f"content/{folder}/x.md": text})
                if "写给编辑的说明" in w.message]
    assert [(w.line, w.field) for w in warnings] == [(line, field) for line, field, _ in expected]
    for warning, (_, _, word) in zip(warnings, expected, strict=True):
        assert warning.message.startswith(f"“{word}”")
        assert "YAML 注释" in warning.hint and "资料待补充" in warning.hint


# --- Output ----------------------------------------------------------------------------------


def test_formats() -> None:
    warning = Problem("content/cities/a.md", 3, 5, "tags[0]", "标签有问题", "改为“甲”")
    assert format_warning(warning) == "警告：content/cities/a.md:3: tags[0]: 标签有问题；修改建议：改为“甲”"
    assert format_github(warning, "warning") == (
        "::warning file=content/cities/a.md,line=3,col=5,title=tags[0]::标签有问题；修改建议：改为“甲”"
    )
    assert format_github(warning) == warning.format_github()


def run_check(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python build.py check` in a copy of the repository's build.py and mkdocs.yml."""
    for name in ("build.py", "mkdocs.yml"):
        shutil.copy(REPO / name, project / name)
    return subprocess.run([sys.executable, "build.py", "check", *args], cwd=project,
                          capture_output=True, text=True, check=False)


def test_check_prints_warnings_and_succeeds(tmp_path: Path) -> None:
    result = run_check(project_with(tmp_path, {}))
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    count = len(MINI_WARNINGS)
    assert lines[0] == f"另有 {count} 处警告（不影响发布，但多半需要修改）："
    assert lines[1].startswith("警告：content/cities/river-city.md:13: stats[0].metric: ")
    assert lines[-1] == f"检查通过：11 个案例，有 {count} 处警告。"


def test_check_github_annotations(tmp_path: Path) -> None:
    result = run_check(project_with(tmp_path, {}), "--format", "github")
    assert result.returncode == 0
    *annotations, verdict = result.stdout.splitlines()
    assert len(annotations) == len(MINI_WARNINGS)
    files = [f"::warning file={path}," for path, *_ in MINI_WARNINGS]
    assert [line[: len(file)] for line, file in zip(annotations, files, strict=True)] == files
    assert verdict == f"检查通过：11 个案例，有 {len(MINI_WARNINGS)} 处警告。"


def test_errors_come_first_and_fail(tmp_path: Path) -> None:
    broken = {"content/workers/broken.md": WORKER.format(name="坏", extra="stat: 1\n", body="")}
    result = run_check(project_with(tmp_path, broken))
    assert result.returncode == 1
    out = result.stdout
    assert out.index("案例文件检查未通过") < out.index("警告：")
    github = run_check(project_with(tmp_path / "again", broken), "--format", "github")
    assert github.returncode == 1
    assert github.stdout.splitlines()[0].startswith("::error file=content/workers/broken.md")
