"""Cross-checks: what a case file cannot tell alone. Every id it names exists and is of the
right kind, its [[id]] links lead somewhere, its metric stats fit their metric, its photos are
safe to publish, and no parent chain comes back to where it started.

Each check returns problems (never raises), so one run reports every mistake of every file.
References and image paths are read from the raw front matter, so they are checked even in a
file whose other fields fail validation.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from showcase import comparability
from showcase.domain import KINDS, Case, CaseFile, Corpus, image_fields
from showcase.models import ID_PATTERN, Metric
from showcase.output import images
from showcase.parsing.frontmatter import FieldPath, FrontMatter, format_field
from showcase.parsing.links import find_wikilinks
from showcase.problems import Problem, shorten

METRICS_FILE = "metrics.yml"


# The fields of each kind that name another case, and the kind they must name.
REFERENCE_FIELDS = {
    "city": (("parent", "city"),),
    "enterprise": (("city", "city"), ("parent", "enterprise")),
    "worker": (("enterprise", "enterprise"), ("city", "city")),
    "source": (),
}


def references(kind: str, data: dict) -> list[tuple[FieldPath, str, str]]:
    """Every well-formed id a case file refers to: (field path, expected kind, id). Read from
    the raw front matter, so it works on files that fail other checks; a malformed id is the
    model's to report."""
    refs: list[tuple[FieldPath, str, str]] = []

    def add(path: FieldPath, expected: str, value: object) -> None:
        if isinstance(value, str) and ID_PATTERN.fullmatch(value.strip()):
            refs.append((path, expected, value.strip()))

    for name, expected in REFERENCE_FIELDS[kind]:
        add((name,), expected, data.get(name))
    sources = data.get("sources")
    for index, source in enumerate(sources if isinstance(sources, list) else []):
        add(("sources", index), "source", source)
    stats = data.get("stats")
    for index, stat in enumerate(stats if isinstance(stats, list) else []):
        if isinstance(stat, dict):
            add(("stats", index, "source"), "source", stat.get("source"))
    return refs


def check_references(
    item: CaseFile, front: FrontMatter, kinds_by_id: dict[str, str]
) -> list[Problem]:
    problems = []
    for path, expected, target in references(item.kind, front.data):
        line, column = front.locate(path)
        problem = reference_problem(target, expected, kinds_by_id)
        if problem:
            problems.append(Problem(item.display, line, column, format_field(path), *problem))
        elif target == item.id and expected == item.kind:
            problems.append(
                Problem(
                    item.display,
                    line,
                    column,
                    format_field(path),
                    "不能引用自己",
                    "填写另一个案例的 id",
                )
            )
    return problems


def reference_problem(
    target: str, expected: str, kinds_by_id: dict[str, str]
) -> tuple[str, str] | None:
    """(message, hint) when `target` is not an id of kind `expected`."""
    folder, label = KINDS[expected].folder, KINDS[expected].label
    actual = kinds_by_id.get(target)
    if actual == expected:
        return None
    if actual is not None:
        return (
            f"“{target}”是{KINDS[actual].label}，不是{label}",
            f"这里只能填{label}的 id（content/{folder}/ 下的文件名）",
        )
    same_kind = [case_id for case_id, kind in kinds_by_id.items() if kind == expected]
    nearest = difflib.get_close_matches(target, same_kind, n=1, cutoff=0.6)
    hint = f"你是不是想写 {nearest[0]}？" if nearest else ""
    return (
        f"找不到 id 为“{target}”的{label}",
        hint + f"{label}的 id 是 content/{folder}/ 下的文件名（不含 .md）",
    )


def check_body_links(
    item: CaseFile, front: FrontMatter, kinds_by_id: dict[str, str]
) -> list[Problem]:
    problems = []
    for link in find_wikilinks(front.body):
        if link.target in kinds_by_id:
            continue
        nearest = difflib.get_close_matches(link.target, list(kinds_by_id), n=1, cutoff=0.6)
        hint = (
            f"你是不是想写 [[{nearest[0]}]]？"
            if nearest
            else "[[ ]] 里填案例的 id，即文件名（不含 .md）"
        )
        problems.append(
            Problem(
                item.display,
                front.body_line + link.line,
                link.column,
                "正文",
                f"链接 [[{shorten(link.target)}]] 指向不存在的案例",
                hint,
            )
        )
    return problems


def check_metrics(case: Case, metrics: dict[str, Metric]) -> list[Problem]:
    problems = []
    for index, stat in enumerate(case.fields.stats):
        if stat.metric is None:
            continue
        path = ("stats", index, "metric")
        line, column = case.locate(path)
        metric = metrics.get(stat.metric)
        if metric is None:
            nearest = difflib.get_close_matches(stat.metric, list(metrics), n=1, cutoff=0.5)
            hint = (
                f"你是不是想写 {nearest[0]}？"
                if nearest
                else f"先在 content/{METRICS_FILE} 中定义这个指标"
            )
            problems.append(
                Problem(
                    case.path,
                    line,
                    column,
                    format_field(path),
                    f"未定义的指标“{stat.metric}”",
                    hint,
                )
            )
        elif stat.quantity.unit != metric.unit:
            problems.append(
                Problem(
                    case.path,
                    line,
                    column,
                    format_field(path),
                    f"单位“{stat.quantity.unit}”与指标 {stat.metric} 的单位“{metric.unit}”不一致",
                    f"把数值换算成以“{metric.unit}”为单位，或去掉 metric",
                )
            )
        if metric is not None:
            for message, hint in comparability.misfits(
                stat.metric, metric, stat, case.kind, case.fields
            ):
                problems.append(Problem(case.path, line, column, format_field(path), message, hint))
    return problems


def check_images(
    item: CaseFile,
    front: FrontMatter,
    images_root: Path,
    images_dir: str,
    checked: dict[str, str | None],
) -> list[Problem]:
    problems = []
    for path, src in image_fields(front.data):
        if src not in checked:
            checked[src] = images.check_image_source(images_root, src)
        if checked[src]:
            line, column = front.locate(path)
            problems.append(
                Problem(
                    item.display,
                    line,
                    column,
                    format_field(path),
                    checked[src],
                    f"图片路径相对于 {images_dir}/ 文件夹填写",
                )
            )
    return problems


def check_cycles(corpus: Corpus) -> list[Problem]:
    """A parent chain that comes back to where it started would make the hierarchy endless."""
    problems = []
    for case in corpus.cases.values():
        if case.kind not in ("city", "enterprise"):
            continue  # only these have a parent (and asking a worker's model costs time)
        seen = {case.id}
        parent = case.fields.parent
        if parent == case.id:
            continue  # reported by check_references
        while parent is not None and parent in corpus.cases:
            if parent == case.id:
                line, column = case.locate(("parent",))
                problems.append(
                    Problem(
                        case.path,
                        line,
                        column,
                        "parent",
                        "parent 形成了循环（上级最终又指回自己）",
                        "检查这条上级链，去掉其中一个 parent",
                    )
                )
                break
            if parent in seen:
                break
            seen.add(parent)
            parent = getattr(corpus.cases[parent].fields, "parent", None)
    return problems
