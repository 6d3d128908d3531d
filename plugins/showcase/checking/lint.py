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

from showcase.comparability import timeframe
from showcase.domain import KINDS, Case, Corpus
from showcase.graph import Graph, build_graph
from showcase.parsing.frontmatter import FieldPath, format_field
from showcase.periods import PERIOD_FORMS_HINT
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
    warnings = similar_tags(corpus) + stats_without_source(corpus) + stats_without_period(corpus)
    warnings += metrics_with_mixed_periods(corpus) + editor_notes(corpus)
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


def stats_without_period(corpus: Corpus) -> list[Problem]:
    """18.3万人次 in total and 6万人次 in one year read alike unless the card says which."""
    warnings = []
    for case in corpus.cases.values():
        for index, stat in enumerate(case.fields.stats):
            if stat.effective_period is not None:
                continue
            line, column = case.locate(("stats", index))
            warnings.append(
                Problem(
                    case.path,
                    line,
                    column,
                    f"stats[{index}].period",
                    f"数据“{stat.label}”没有写期间（period）：读者看不出是一年的、几年的还是累计的",
                    f"照原文加一行 period：{PERIOD_FORMS_HINT}；原文没写期间的，写 截至发布时",
                )
            )
    return warnings


def metrics_with_mixed_periods(corpus: Corpus) -> list[Problem]:
    """A metric whose published rows cover different times (2022 beside 2023, 近两年 beside
    累计): each such row is told, with the others' periods, so the editor can decide."""
    rows: dict[str, list[tuple[Case, int, str, object]]] = defaultdict(list)
    for case in corpus.cases.values():
        if case.draft:
            continue
        for index, stat in enumerate(case.fields.stats):
            if stat.metric not in corpus.metrics:
                continue
            source = corpus.cases.get(stat.source or "")
            is_source = source is not None and source.kind == "source"
            published = source.fields.date if is_source else None
            when = timeframe(stat, published)
            if when is not None:  # a row without period has a warning of its own
                rows[stat.metric].append((case, index, when.label, when.key))
    warnings = []
    for key, items in rows.items():
        periods = {period for _, _, _, period in items}
        if len(items) < 2 or (len(periods) == 1 and None not in periods):
            continue
        metric = corpus.metrics[key]
        listing = "、".join(f"{case.name} {label}" for case, _, label, _ in items)
        for case, index, _, _ in items:
            path = ("stats", index, "metric")
            line, column = case.locate(path)
            warnings.append(
                Problem(
                    case.path,
                    line,
                    column,
                    format_field(path),
                    f"指标 {key}（{metric.label}）的数据期间不一（{listing}），"
                    "期间不同的数字放在一起会误导读者",
                    "只让同一期间的数据用这个指标；或在 content/metrics.yml 里给它写上 period"
                    "（年度、时段或截至），网站就按期间分开列出",
                )
            )
    return warnings


# --- Editor's notes on reader pages ----------------------------------------------------------

# Words with which an editor explains the documents instead of telling the reader a fact:
# "所据文件未介绍…", "原文未明言…，故此处…", "简报未收录发言内容".
EDITOR_NOTE_WORDS = (
    "所据文件",
    "原文未",
    "原文没有",
    "原文不详",
    "文中未",
    "文中没有",
    "简报未",
    "报道未",
    "文件未",
    "未载明",
    "未介绍",
    "未收录",
    "未说明",
    "未明言",
    "未提及",
    "故此处",
    "本馆",
)
_EDITOR_NOTE = re.compile("|".join(EDITOR_NOTE_WORDS))
# Fields a reader sees as text (the source `date` 未载明 is a marker the pages never show).
_TEXT_FIELDS = ("name", "summary", "industry", "position", "publisher", "issue")


def reader_texts(case: Case) -> list[tuple[FieldPath | None, int, str]]:
    """(field path, body line, text) of every text a reader sees; body lines have no path."""
    fields = case.fields
    texts: list[tuple[FieldPath | None, int, str]] = []
    for name in _TEXT_FIELDS:
        value = getattr(fields, name, None)
        if isinstance(value, str):
            texts.append(((name,), 0, value))
    for index, stat in enumerate(fields.stats):
        for name in ("label", "note"):
            texts.append((("stats", index, name), 0, getattr(stat, name) or ""))
    for index, image in enumerate(fields.gallery):
        for name in ("caption", "credit"):
            texts.append((("gallery", index, name), 0, getattr(image, name) or ""))
    for index, honor in enumerate(getattr(fields, "honors", [])):
        texts.append((("honors", index, "title"), 0, honor.title))
    for number, line in enumerate(case.front.body.split("\n")):
        texts.append((None, case.front.body_line + number, line))
    return texts


def editor_notes(corpus: Corpus) -> list[Problem]:
    """Reader-facing text that talks about the documents rather than the case."""
    warnings = []
    for case in corpus.cases.values():
        for path, body_line, text in reader_texts(case):
            match = _EDITOR_NOTE.search(text)
            if match is None:
                continue
            if path is None:
                line, column, field = body_line, match.start() + 1, "正文"
            else:
                (line, column), field = case.locate(path), format_field(path)
            warnings.append(
                Problem(
                    case.path,
                    line,
                    column,
                    field,
                    f"“{match.group(0)}”读起来像写给编辑的说明，不该出现在读者看到的页面上",
                    "原文没写的，页面就不写；给编辑的说明写成 YAML 注释（以 # 开头的行）；"
                    "模板非要一个词时写 资料待补充",
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
