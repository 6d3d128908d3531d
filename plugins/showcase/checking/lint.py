"""Warnings: likely mistakes that do not stop the build.

Errors (loader.py) are what the contract forbids; warnings are what is allowed but probably not
meant: two spellings of one tag, a figure without its source, a page that no other page links
to. They reuse `Problem` and are kept in a list of their own, so the caller decides how to show
them (`python build.py check` prints them after the errors, prefixed 警告, and still succeeds).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict

from showcase.domain import KINDS, Corpus
from showcase.graph import Graph, build_graph
from showcase.problems import Problem

WARNING_PREFIX = "警告："
_SPACE = re.compile(r"\s+")
# Full-width ASCII letters and digits (Ａ, ０): in Chinese text these are always a slip, unlike
# full-width punctuation (（）、，), which is right and must not count against a spelling.
_WIDE_ALNUM = re.compile(r"[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")


def lint_corpus(corpus: Corpus, *, complete: bool = True) -> list[Problem]:
    """Every warning for the valid cases of `corpus`, sorted by file and line.

    `complete=False` says that some files failed to load (there were errors): then nobody can
    tell which pages are really linked, so that check is left out rather than guessed."""
    warnings = similar_tags(corpus) + stats_without_source(corpus)
    if complete:
        warnings += unlinked_cases(build_graph(corpus))
    return sorted(warnings)


# --- Tags ------------------------------------------------------------------------------------


def tag_key(tag: str) -> str:
    """What a tag means once width (Ｓ/S, full-width spaces) and spacing are ignored."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", tag))


def _preferred(spellings: Counter[str]) -> str:
    """The spelling the others should become: the most used one; on a tie the tidiest (no
    spaces, no full-width letters or digits); then the first in code-point order, for a stable
    answer."""
    return min(
        spellings,
        key=lambda tag: (
            -spellings[tag],
            len(_SPACE.findall(tag)) + len(_WIDE_ALNUM.findall(tag)),
            tag,
        ),
    )


def similar_tags(corpus: Corpus) -> list[Problem]:
    """A tag that differs from another tag only by width or spacing splits one theme in two."""
    groups: dict[str, Counter[str]] = defaultdict(Counter)
    for case in corpus.cases.values():
        for tag in case.fields.tags:
            groups[tag_key(tag)][tag] += 1
    preferred = {
        key: _preferred(spellings) for key, spellings in groups.items() if len(spellings) > 1
    }
    warnings = []
    for case in corpus.cases.values():
        for index, tag in enumerate(case.fields.tags):
            right = preferred.get(tag_key(tag))
            if right is None or tag == right:
                continue
            path = ("tags", index)
            line, column = case.locate(path)
            warnings.append(
                Problem(
                    case.path,
                    line,
                    column,
                    f"tags[{index}]",
                    f"标签“{tag}”与已有标签“{right}”只差全角/半角或空格，会被当成两个不同的主题",
                    f"改为“{right}”（{groups[tag_key(tag)][right]} 处在用），让同一主题的案例归在一起",
                )
            )
    return warnings


# --- Stats -----------------------------------------------------------------------------------


def stats_without_source(corpus: Corpus) -> list[Problem]:
    """Readers should be able to check every figure. A source's own figures come from itself."""
    warnings = []
    for case in corpus.cases.values():
        if case.kind == "source":
            continue
        for index, stat in enumerate(case.fields.stats):
            if stat.source is not None:
                continue
            line, column = case.locate(("stats", index))
            warnings.append(
                Problem(
                    case.path,
                    line,
                    column,
                    f"stats[{index}].source",
                    f"数据“{stat.label}”没有注明出处（source）",
                    "在这条数据下加一行 source: 出处的 id（content/sources/ 下的文件名），"
                    "让读者能查到原文；出处还没收录的，先为它新建一个出处文件",
                )
            )
    return warnings


# --- Links -----------------------------------------------------------------------------------


def linked_ids(graph: Graph) -> set[str]:
    """Published cases that some other published page links to. Every reference is shown both
    ways (spec, "References"), so a case that names another one is linked from that one's page
    too: a worker from its enterprise, a case that cites a source from the source."""
    linked: set[str] = set()
    relations = (
        graph.children,
        graph.enterprises_in,
        graph.members,
        graph.workers_at,
        graph.workers_in,
        graph.citing_cases,
        graph.mentioned_by,
    )
    for relation in relations:
        for target, cases in relation.items():
            if cases:
                linked.add(target)
                linked.update(case.id for case in cases)
    for target, stats in graph.citing_stats.items():
        if stats:
            linked.add(target)
            linked.update(ref.case.id for ref in stats)
    # graph.mentioned_by leaves out a case's [[own id]]: a page never links itself.
    return linked


_UNLINKED_HINTS = {
    "city": "给它加上 parent（所属的上级城市），或在它的企业、劳模工匠的 city 字段里填它的 id，"
    "或在相关案例的正文里写 [[{id}]]",
    "enterprise": "检查 city、parent 指向的案例是否还是草稿，或在相关案例的正文里写 [[{id}]]",
    "worker": "检查 enterprise、city 指向的案例是否还是草稿，或在相关案例的正文里写 [[{id}]]",
    "source": "在引用这份文件的案例的 sources 列表或数据的 source 里填 {id}；"
    "暂时没有案例引用它，可以先加 draft: true 不发布",
}


def unlinked_cases(graph: Graph) -> list[Problem]:
    """A published case no other page leads to is reachable only from the index pages."""
    linked = linked_ids(graph)
    warnings = []
    for case in graph.cases.values():
        if case.id in linked:
            continue
        line, column = case.locate(("name",))
        warnings.append(
            Problem(
                case.path,
                line,
                column,
                "",
                f"没有其他已发布的案例链接到这个{KINDS[case.kind].label}（{case.name}），"
                "读者只能从目录页找到它",
                _UNLINKED_HINTS[case.kind].format(id=case.id),
            )
        )
    return warnings


# --- Output ----------------------------------------------------------------------------------


def format_warning(warning: Problem) -> str:
    """`警告：path:line: field: message；修改建议：hint`."""
    return WARNING_PREFIX + warning.format()


def format_github(problem: Problem, level: str = "error") -> str:
    """A GitHub Actions annotation of the given level (`error`, `warning` or `notice`)."""
    return problem.format_github(level)


def format_warnings(warnings: list[Problem]) -> str:
    """All warnings under one heading; they never stop the build."""
    lines = [f"另有 {len(warnings)} 处警告（不影响发布，但多半需要修改）："]
    lines += [format_warning(warning) for warning in sorted(warnings)]
    return "\n".join(lines)
