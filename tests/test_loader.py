"""Validation: every rule of the spec broken once, each reported with file, line and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, run_mkdocs_build
from helpers.reads import counting_reads
from showcase.loading.loader import load_corpus
from showcase.problems import Problem

MINI = FIXTURES / "mini"

WORKER = """---
name: 测试工人
summary: 一个测试用的工人。
city: river-city
{extra}---
正文。
"""


def corpus_with(tmp_path: Path, files: dict[str, str | bytes]) -> list[Problem]:
    """Problems of the fixture corpus plus the given files (path under the project)."""
    project = tmp_path / "project"
    shutil.copytree(MINI, project)
    for relative, text in files.items():
        path = project / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    _, problems = load_corpus(project, "content", "images")
    return problems


def worker(extra: str) -> dict[str, str]:
    return {"content/workers/test-worker.md": WORKER.format(extra=extra)}


def test_fixture_corpus_is_valid(tmp_path: Path) -> None:
    assert corpus_with(tmp_path, {}) == []


# (files, expected line, expected field, words the message or hint must contain)
BROKEN = {
    "unknown field with suggestion": (
        worker("stat:\n  - label: x\n"),
        5,
        "stat",
        ["未知字段", "stats"],
    ),
    "typo in nested field": (
        worker("stats:\n  - lable: 培训\n    value: 3人\n"),
        6,
        "stats[0].lable",
        ["未知字段", "label"],
    ),
    "missing name": (
        {"content/workers/no-name.md": "---\nsummary: 无名\ncity: river-city\n---\n"},
        2,
        "name",
        ["缺少必填字段 name"],
    ),
    "missing summary": (
        {"content/cities/no-summary.md": "---\nname: 某市\nprovince: 江苏省\nlevel: 地级市\n---\n"},
        2,
        "summary",
        ["缺少必填字段 summary"],
    ),
    "summary too long": (
        worker("").__class__(
            {
                "content/workers/test-worker.md": WORKER.replace(
                    "一个测试用的工人。", "长" * 161
                ).format(extra="")
            }
        ),
        3,
        "summary",
        ["160"],
    ),
    "bad level with allowed values": (
        {
            "content/cities/bad-level.md": "---\nname: 某市\nsummary: 某市\nprovince: 江苏省\n"
            "level: 地级\n---\n"
        },
        5,
        "level",
        ["地级市", "县级市", "园区"],
    ),
    "bad ownership": (
        {
            "content/enterprises/bad-own.md": "---\nname: 某企\nsummary: 某企\ncity: river-city\n"
            "industry: 钢铁\nownership: 私营\n---\n"
        },
        6,
        "ownership",
        ["国有", "民营"],
    ),
    "bad honor level": (
        worker("honors:\n  - title: 劳模\n    level: 国家\n"),
        7,
        "honors[0].level",
        ["国家级"],
    ),
    "worker without city or enterprise": (
        {"content/workers/nowhere.md": "---\nname: 某人\nsummary: 某人\n---\n"},
        2,
        "city",
        ["city"],
    ),
    "missing city reference": (
        worker("").__class__(
            {
                "content/workers/test-worker.md": WORKER.replace("river-city", "river-cty").format(
                    extra=""
                )
            }
        ),
        4,
        "city",
        ["river-cty", "river-city"],
    ),
    "wrong kind reference": (
        worker("enterprise: town-a\n"),
        5,
        "enterprise",
        ["town-a", "城市", "企业"],
    ),
    "missing source in list": (
        worker("sources: [report-2024, nope-source]\n"),
        5,
        "sources[1]",
        ["nope-source"],
    ),
    "missing stat source": (
        worker("stats:\n  - label: 人数\n    value: 3人\n    source: report-2025\n"),
        8,
        "stats[0].source",
        ["report-2025", "report-2024"],
    ),
    "enterprise parent of wrong kind": (
        {
            "content/enterprises/sub.md": "---\nname: 子公司\nsummary: 子公司\ncity: river-city\n"
            "industry: 钢铁\nparent: river-city\n---\n"
        },
        6,
        "parent",
        ["城市", "企业"],
    ),
    "unparsable stat value": (
        worker("stats:\n  - label: 人数\n    value: 很多人\n"),
        7,
        "stats[0].value",
        ["很多人"],
    ),
    "plain number without unit": (
        worker("stats:\n  - label: 奖励\n    value: 400000\n"),
        7,
        "stats[0].value",
        ["unit"],
    ),
    "stat without label": (worker("stats:\n  - value: 3人\n"), 6, "stats[0].label", ["label"]),
    "unknown metric": (
        worker("stats:\n  - label: 培训\n    value: 3人次\n    metric: skill-training\n"),
        8,
        "stats[0].metric",
        ["skill-training", "skills-training"],
    ),
    "metric unit mismatch": (
        worker("stats:\n  - label: 培训\n    value: 3人\n    metric: skills-training\n"),
        8,
        "stats[0].metric",
        ["人次"],
    ),
    "year not a number": (
        worker("stats:\n  - label: 人数\n    value: 3人\n    year: 去年\n"),
        8,
        "stats[0].year",
        ["整数"],
    ),
    "draft not boolean": (worker("draft: 也许\n"), 5, "draft", ["true"]),
    "updated not a date": (worker("updated: 2024/06/24\n"), 5, "updated", ["YYYY-MM-DD"]),
    "tags not a list item string": (worker("tags:\n  - [a, b]\n"), 6, "tags[0]", ["文字"]),
    "gallery without caption": (
        worker("gallery:\n  - src: river/plant.jpg\n"),
        6,
        "gallery[0].caption",
        ["caption"],
    ),
    "gallery image missing": (
        worker("gallery:\n  - src: river/nope.jpg\n    caption: 无\n"),
        6,
        "gallery[0].src",
        ["river/nope.jpg"],
    ),
    "gallery path escapes images": (
        worker("gallery:\n  - src: ../content/cities/town-a.md\n    caption: 无\n"),
        6,
        "gallery[0].src",
        [".."],
    ),
    "portrait absolute path": (worker("portrait: /etc/passwd\n"), 5, "portrait", ["绝对"]),
    "source without publisher": (
        {"content/sources/no-pub.md": "---\nname: 某文\ndate: 2024-01-01\n---\n"},
        2,
        "publisher",
        ["publisher"],
    ),
    "source bad date": (
        {
            "content/sources/bad-date.md": "---\nname: 某文\npublisher: 某单位\n"
            "date: 2024年6月\n---\n"
        },
        4,
        "date",
        ["YYYY-MM"],
    ),
    "source http url": (
        {
            "content/sources/http.md": "---\nname: 某文\npublisher: 某单位\ndate: 2024-06\nurl: http://x.org\n---\n"
        },
        5,
        "url",
        ["https://"],
    ),
    "body link to unknown id": (
        {"content/workers/test-worker.md": WORKER.format(extra="") + "\n见 [[steel-plnt]]。\n"},
        8,
        "正文",
        ["steel-plnt", "steel-plant"],
    ),
    "yaml syntax error": (
        {"content/workers/bad-yaml.md": "---\nname: [未闭合\nsummary: x\n---\n"},
        3,
        "",
        ["YAML"],
    ),
    "duplicate key": (worker("name: 又一个名字\n"), 5, "name", ["重复"]),
    "no front matter": ({"content/workers/no-front.md": "只有正文。\n"}, 1, "", ["YAML 头部"]),
    "unclosed front matter": ({"content/workers/unclosed.md": "---\nname: x\n"}, 1, "", ["结束"]),
    "front matter not a mapping": (
        {"content/workers/list.md": "---\n- a\n- b\n---\n"},
        2,
        "",
        ["字段"],
    ),
    "bad file name": (
        {"content/workers/Ma_Ben.md": WORKER.format(extra="")},
        0,
        "",
        ["Ma_Ben", "小写"],
    ),
    "stray file in content": ({"content/notes.txt": "x"}, 0, "", ["不认识"]),
    "photo in case folder": ({"content/workers/photo.jpg": b"\xff\xd8"}, 0, "", ["images/"]),
    "duplicate id across kinds": (
        {"content/sources/wang-wu.md": "---\nname: 文\npublisher: 某\ndate: 2024\n---\n"},
        0,
        "",
        ["wang-wu", "重复"],
    ),
    "parent cycle": (
        {
            "content/cities/loop-a.md": "---\nname: 甲\nsummary: 甲\nprovince: 江苏省\nlevel: 镇\n"
            "parent: loop-b\n---\n",
            "content/cities/loop-b.md": "---\nname: 乙\nsummary: 乙\nprovince: 江苏省\nlevel: 镇\n"
            "parent: loop-a\n---\n",
        },
        6,
        "parent",
        ["循环"],
    ),
    "not utf-8": (
        {"content/workers/gbk.md": "---\nname: 马奔\n---\n".encode("gbk")},
        2,  # the line of the first byte that is not UTF-8
        "",
        ["UTF-8"],
    ),
    "metrics file broken": (
        {
            "content/metrics.yml": "skills-training:\n  label: 培训\n  unit: 人次\n"
            "bad-metric:\n  label: 缺单位\n"
        },
        4,
        "bad-metric.unit",
        ["unit"],
    ),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_each_broken_rule_is_reported(tmp_path: Path, name: str) -> None:
    files, line, field, words = BROKEN[name]
    problems = corpus_with(tmp_path, files)
    assert problems, "no problem reported"
    matching = [p for p in problems if p.field == field and p.line == line]
    assert matching, [p.format() for p in problems]
    text = " ".join(p.format() for p in matching)
    for word in words:
        assert word in text, text
    # The file is always named, relative to the project.
    changed = [path for path in files if not path.startswith("content/metrics")]
    if changed:
        assert any(p.path in changed for p in matching), text


def test_all_problems_are_reported_together(tmp_path: Path) -> None:
    files = {
        **worker("stat: 1\n"),
        "content/cities/bad.md": "---\nname: 某市\nsummary: 某市\nprovince: 江苏省\n"
        "level: 市\n---\n",
        "content/workers/bad-yaml.md": "---\nname: [\n---\n",
    }
    problems = corpus_with(tmp_path, files)
    paths = {p.path for p in problems}
    assert paths == {
        "content/workers/test-worker.md",
        "content/cities/bad.md",
        "content/workers/bad-yaml.md",
    }


def test_bom_and_windows_line_ends_are_tolerated(tmp_path: Path) -> None:
    text = "\ufeff" + WORKER.format(extra="").replace("\n", "\r\n")
    assert corpus_with(tmp_path, {"content/workers/test-worker.md": text}) == []


def test_failed_build_reports_everything_and_keeps_previous_site(
    tmp_path: Path, mini_site: Path
) -> None:
    # A copy of the mini project as its last successful build left it, site and cache.
    project = shutil.copytree(mini_site.parent, tmp_path / "project", symlinks=True)
    home = project / "site" / "index.html"
    before = home.read_bytes()
    (project / "content/workers/broken.md").write_text(
        "---\nname: 坏\nsummary: 坏\ncity: nowhere\nstat: 1\n---\n", encoding="utf-8"
    )
    (project / "content/cities/broken-city.md").write_text("---\nname: [\n---\n", encoding="utf-8")
    result = run_mkdocs_build(project)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    assert "content/workers/broken.md:4: city: 找不到 id 为“nowhere”的城市" in output
    assert "content/workers/broken.md:5: stat: 未知字段 stat" in output
    assert "content/cities/broken-city.md:3" in output
    assert "共 3 处问题" in output
    assert home.read_bytes() == before
    assert (project / "site/workers/wang-wu/index.html").is_file()


def test_unchanged_files_are_not_read_again_with_a_cache(tmp_path: Path, monkeypatch) -> None:
    """Under `mkdocs serve` the plugin keeps a cache across rebuilds."""
    import showcase.loading.loader as loader

    project = tmp_path / "project"
    shutil.copytree(MINI, project)
    cache = loader.ReadCache()
    first, problems = load_corpus(project, "content", "images", cache)
    assert problems == [] and len(cache.files) == 11
    reads = counting_reads(monkeypatch)
    worker = project / "content/workers/wang-wu.md"
    worker.write_text(
        worker.read_text(encoding="utf-8").replace("炼钢工", "炼钢技师"), encoding="utf-8"
    )
    second, problems = load_corpus(project, "content", "images", cache)
    assert problems == []
    assert reads == ["content/workers/wang-wu.md"]
    assert second.cases["wang-wu"].fields.summary.startswith("甲镇钢厂的炼钢技师")
    assert second.cases["town-a"] is first.cases["town-a"]


def test_a_cached_file_is_checked_again_when_what_it_refers_to_changes(tmp_path: Path) -> None:
    """Unchanged files keep their verdict across rebuilds only while the ids, metrics and
    photos they are checked against are unchanged too."""
    import showcase.loading.loader as loader

    project = tmp_path / "project"
    shutil.copytree(MINI, project)
    cache = loader.ReadCache()
    assert load_corpus(project, "content", "images", cache)[1] == []
    # wang-wu.md itself is untouched; the enterprise it names disappears.
    (project / "content/enterprises/steel-plant.md").unlink()
    messages = [p.format() for p in load_corpus(project, "content", "images", cache)[1]]
    assert any(m.startswith("content/workers/wang-wu.md:") and "steel-plant" in m for m in messages)
    shutil.copytree(
        MINI / "content/enterprises", project / "content/enterprises", dirs_exist_ok=True
    )
    assert load_corpus(project, "content", "images", cache)[1] == []
    # A photo the city uses is replaced by a broken file.
    (project / "images/river/meeting.png").write_bytes(b"not a picture")
    messages = [p.format() for p in load_corpus(project, "content", "images", cache)[1]]
    assert any(m.startswith("content/cities/river-city.md:") and "gallery" in m for m in messages)


def test_with_the_watchers_paths_only_those_files_are_looked_at(tmp_path: Path, monkeypatch):
    """Under `mkdocs serve` the watcher says which files changed: the others are neither read
    nor asked about, and the folders are listed again only when a file came or went."""
    import showcase.loading.loader as loader

    project = (tmp_path / "project").resolve()
    shutil.copytree(MINI, project)
    cache = loader.ReadCache()
    assert load_corpus(project, "content", "images", cache)[1] == []
    stats: list[str] = []
    listings: list[str] = []
    real_stat, real_discover = loader.os.stat, loader.discover
    monkeypatch.setattr(
        loader.os, "stat", lambda path, *a, **k: stats.append(str(path)) or real_stat(path, *a, **k)
    )
    monkeypatch.setattr(
        loader, "discover", lambda *a: listings.append("listed") or real_discover(*a)
    )
    worker = project / "content/workers/wang-wu.md"
    city = project / "content/cities/town-a.md"
    for path, old, new in ((worker, "炼钢工", "炼钢技师"), (city, "summary:", "summary: 改过")):
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    # Only the worker is named: the edited city is trusted to be as it was.
    corpus, problems = load_corpus(project, "content", "images", cache, {str(worker)})
    assert problems == []
    assert corpus.cases["wang-wu"].fields.summary.startswith("甲镇钢厂的炼钢技师")
    assert not corpus.cases["town-a"].fields.summary.startswith("改过")
    assert {s for s in stats if s.endswith(".md")} == {str(worker)}
    assert listings == []
    # A new file is a listing change: the folders are listed again.
    new = project / "content/workers/new-one.md"
    new.write_text(worker.read_text(encoding="utf-8"), encoding="utf-8")
    corpus, _ = load_corpus(project, "content", "images", cache, {str(new)})
    assert listings == ["listed"] and "new-one" in corpus.cases
    # Without the watcher's word (None), every file is looked at again.
    corpus, _ = load_corpus(project, "content", "images", cache, None)
    assert corpus.cases["town-a"].fields.summary.startswith("改过")


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# Edits one after another, each named by the watcher: what the load after each one gives must
# be what a load of every file from nothing gives.
WATCHED_EDITS = [
    ("cities/town-a.md", "summary: 江河市下辖的镇。", "summary: 江河市下辖的一个镇。"),
    ("workers/wang-wu.md", "炼钢工", "炼钢技师"),
    ("cities/river-city.md", "level: 地级市", "level: 地级市\nparent: town-a"),  # a cycle
    ("cities/town-a.md", "summary:", "# 一行注释\nsummary:"),  # the cycle's lines move
    ("cities/river-city.md", "level: 地级市\nparent: town-a", "level: 地级市"),  # cycle gone
    ("cities/town-a.md", "level: 镇", "level: 镇\nmotto: 未知字段"),  # a problem appears
    ("cities/town-a.md", "level: 镇\nmotto: 未知字段", "level: 镇"),  # and is fixed
    ("workers/wang-wu.md", "name:", "name: [\n"),  # the file no longer reads: a case goes
    ("workers/wang-wu.md", "name: [\n", "name:"),  # and comes back
]


def test_a_load_told_which_files_changed_gives_what_a_full_load_gives(tmp_path: Path) -> None:
    import showcase.loading.loader as loader

    project = (tmp_path / "project").resolve()
    shutil.copytree(MINI, project)
    cache = loader.ReadCache()
    assert load_corpus(project, "content", "images", cache)[1] == []
    problems_seen = []
    for name, old, new in WATCHED_EDITS:
        path = project / "content" / name
        _replace(path, old, new)
        corpus, problems = load_corpus(project, "content", "images", cache, {str(path)})
        fresh, fresh_problems = load_corpus(project, "content", "images")
        assert list(corpus.cases) == list(fresh.cases), name
        assert {i: c.fields for i, c in corpus.cases.items()} == {
            i: c.fields for i, c in fresh.cases.items()
        }
        assert [p.format() for p in problems] == [p.format() for p in fresh_problems], (name, new)
        problems_seen.append(len(problems))
    # The edits did make problems come and go (the comparison above is not of empty lists).
    assert problems_seen == [0, 0, *problems_seen[2:4], 0, problems_seen[5], 0, problems_seen[7], 0]
    assert min(problems_seen[2], problems_seen[3], problems_seen[5], problems_seen[7]) > 0


def test_a_load_told_which_files_changed_checks_only_those(tmp_path: Path, monkeypatch) -> None:
    import showcase.loading.loader as loader

    project = (tmp_path / "project").resolve()
    shutil.copytree(MINI, project)
    cache = loader.ReadCache()
    assert load_corpus(project, "content", "images", cache)[1] == []
    checked: list[str] = []
    real = loader.check_references
    monkeypatch.setattr(
        loader, "check_references", lambda item, *a: checked.append(item.display) or real(item, *a)
    )
    worker = project / "content/workers/wang-wu.md"
    _replace(worker, "炼钢工", "炼钢技师")
    corpus, problems = load_corpus(project, "content", "images", cache, {str(worker)})
    assert problems == [] and checked == ["content/workers/wang-wu.md"]
    assert cache.last is not None and cache.last.cases is corpus.cases
