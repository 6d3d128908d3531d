"""Loading the case corpus: find files, read and validate each, then check every reference.

`load_corpus` never raises for a contributor's mistake: it returns the valid cases and the full
list of problems, so one run reports everything at once.
"""

from __future__ import annotations

import difflib
import functools
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from showcase import bodies, images
from showcase.frontmatter import (
    FieldPath,
    FrontMatter,
    format_field,
    parse_front_matter,
    parse_yaml_file,
    read_text_file,
)
from showcase.links import find_wikilinks
from showcase.messages import problems_from_validation
from showcase.models import (
    ID_MAX_LENGTH,
    ID_PATTERN,
    CaseFields,
    City,
    Enterprise,
    Metric,
    Source,
    Worker,
)
from showcase.problems import Problem, shorten

# kind -> (folder under content/, model, Chinese name)
KINDS: dict[str, tuple[str, type[CaseFields], str]] = {
    "city": ("cities", City, "城市"),
    "enterprise": ("enterprises", Enterprise, "企业"),
    "worker": ("workers", Worker, "劳模工匠"),
    "source": ("sources", Source, "出处"),
}
KIND_OF_FOLDER = {folder: kind for kind, (folder, _, _) in KINDS.items()}
METRICS_FILE = "metrics.yml"
PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic", ".bmp", ".tif", ".tiff")


@dataclass
class Case:
    id: str
    kind: str
    path: str  # project-relative, for messages
    fields: CaseFields
    front: FrontMatter

    @property
    def folder(self) -> str:
        return KINDS[self.kind][0]

    @property
    def url(self) -> str:
        """Site-relative URL, as in the open data: workers/ma-ben/."""
        return f"{self.folder}/{self.id}/"

    @property
    def src_uri(self) -> str:
        """Path of the generated Markdown page inside the docs folder."""
        return f"{self.folder}/{self.id}.md"

    @property
    def name(self) -> str:
        return self.fields.name

    @property
    def draft(self) -> bool:
        return self.fields.draft

    def locate(self, path: FieldPath) -> tuple[int, int]:
        return self.front.locate(path)

    @functools.cached_property
    def mentions(self) -> frozenset[str]:
        """The ids its body links to with [[id]]. Computed once per version of the file (the
        plugin keeps unchanged cases across `mkdocs serve` rebuilds)."""
        return frozenset(link.target for link in find_wikilinks(self.front.body))


@dataclass
class Corpus:
    cases: dict[str, Case] = field(default_factory=dict)  # every valid case, drafts included
    metrics: dict[str, Metric] = field(default_factory=dict)


@dataclass
class _Found:
    kind: str
    id: str
    file: str  # a string, not a Path: pathlib costs too much per file at 20,000 files
    display: str


CachedRead = tuple["FrontMatter | None", "Case | None", list[Problem]]


@dataclass
class ReadCache:
    """Kept by the plugin across `mkdocs serve` rebuilds, so one edit costs one file's work: a
    file whose time and size are unchanged is not read or validated again, and while the set of
    ids is unchanged its references and body links are not checked again either."""

    files: dict[str, tuple[tuple[int, int], CachedRead]] = field(default_factory=dict)
    # What a file's cross-checks depend on besides the file: every id's kind, the metrics and
    # the photos. While these are unchanged, an unchanged file keeps its verdict.
    inputs: tuple[Any, ...] | None = None
    # display path -> (the front matter that was checked, its reference, link, image and
    # metric problems)
    checks: dict[str, tuple[FrontMatter, list[Problem]]] = field(default_factory=dict)


def load_corpus(
    project_dir: Path, content_dir: str, images_dir: str, cache: ReadCache | None = None
) -> tuple[Corpus, list[Problem]]:
    content_root = project_dir / content_dir
    problems: list[Problem] = []
    found = discover(content_root, project_dir, problems)
    ids = known_ids(found, problems)
    kinds_by_id = {case_id: item.kind for case_id, item in ids.items()}
    metric_problems: list[Problem] = []
    corpus = Corpus(metrics=read_metrics(content_root, project_dir, metric_problems))
    problems += metric_problems
    image_checks: dict[str, str | None] = {}  # an image used by many cases is checked once
    images_root = project_dir / images_dir
    holders = {case_id: item.display for case_id, item in ids.items()}
    inputs = (holders, kinds_by_id, corpus.metrics, images.tree_signature(images_root))
    reuse = cache is not None and cache.inputs == inputs
    for item in found:
        front, case, file_problems = read_case_file(item, cache)
        problems += file_problems
        if front is None:
            continue
        hit = cache.checks.get(item.display) if cache is not None and reuse else None
        if hit is not None and hit[0] is front:
            problems += hit[1]
        else:
            # References, links and images are checked even when other fields are wrong, so
            # the contributor sees every mistake of the file in one run.
            checks = check_references(item, front, kinds_by_id)
            checks += check_body_links(item, front, kinds_by_id)
            checks += check_images(item, front, images_root, images_dir, image_checks)
            # While metrics.yml itself is wrong, what it defines is unknown: the stats that use
            # it are not blamed for it.
            if case is not None and ids.get(case.id) is item and not metric_problems:
                checks += check_metrics(case, corpus.metrics)
            if cache is not None:
                cache.checks[item.display] = (front, checks)
            problems += checks
        if case is not None and ids.get(case.id) is item:
            corpus.cases[case.id] = case
    problems += check_cycles(corpus)
    if cache is not None:
        cache.inputs = inputs
    return corpus, problems


def read_case_file(
    item: _Found, cache: ReadCache | None = None
) -> tuple[FrontMatter | None, Case | None, list[Problem]]:
    """The file's front matter and validated case (None where they fail), with its problems."""
    signature = (0, 0)
    if cache is not None:
        stat = os.stat(item.file)
        signature = (stat.st_mtime_ns, stat.st_size)
        hit = cache.files.get(item.display)
        if hit is not None and hit[0] == signature:
            return hit[1]
    problems: list[Problem] = []
    front = read_front_matter(item, problems)
    case = validate_case(item, front, problems) if front is not None else None
    if cache is not None:
        cache.files[item.display] = (signature, (front, case, problems))
    return front, case, problems


def _display(path: Path, project_dir: Path) -> str:
    try:
        return path.relative_to(project_dir).as_posix()
    except ValueError:
        return path.as_posix()


def discover(content_root: Path, project_dir: Path, problems: list[Problem]) -> list[_Found]:
    """Every case file, in a stable order; anything else in content/ is reported."""
    found: list[_Found] = []
    if not content_root.is_dir():
        problems.append(
            Problem(
                _display(content_root, project_dir),
                0,
                0,
                "",
                "找不到案例文件夹",
                "检查 mkdocs.yml 中 showcase 插件的 content_dir 设置",
            )
        )
        return found
    for entry in sorted(content_root.iterdir()):
        display = _display(entry, project_dir)
        # metrics.yml of any file type: read_metrics refuses one that is no regular file.
        if (
            entry.name.startswith(".")
            or entry.name == METRICS_FILE
            or (entry.is_file() and entry.name == "README.md")
        ):
            continue
        if entry.is_dir() and entry.name in KIND_OF_FOLDER:
            found += _discover_kind(entry, KIND_OF_FOLDER[entry.name], project_dir, problems)
            continue
        folders = "、".join(f"{folder}/" for folder, _, _ in KINDS.values())
        problems.append(
            Problem(
                display,
                0,
                0,
                "",
                "不认识的文件或文件夹",
                f"案例文件放在 {folders} 之一；可比指标写在 {METRICS_FILE}",
            )
        )
    return found


def _discover_kind(
    folder: Path, kind: str, project_dir: Path, problems: list[Problem]
) -> list[_Found]:
    found = []
    # os.scandir and string paths: at 20,000 files pathlib's per-entry work costs a second.
    prefix = _display(folder, project_dir) + "/"
    with os.scandir(folder) as scan:
        entries = sorted(scan, key=lambda entry: entry.name)
    for entry in entries:
        display = prefix + entry.name
        if entry.name.startswith("."):
            continue
        stem, suffix = os.path.splitext(entry.name)
        if entry.is_dir():
            problems.append(
                Problem(
                    display,
                    0,
                    0,
                    "",
                    "案例文件夹里不能再有子文件夹",
                    f"把案例文件直接放在 {folder.name}/ 下",
                )
            )
        elif suffix != ".md":
            hint = "照片请放在 images/ 文件夹" if suffix.lower() in PHOTO_SUFFIXES else ""
            problems.append(
                Problem(
                    display, 0, 0, "", "案例文件必须是 .md 文件", hint or "把文件改名为 <id>.md"
                )
            )
        elif stem == "index":
            problems.append(
                Problem(
                    display,
                    0,
                    0,
                    "",
                    "index 是保留名，不能用作 id",
                    f"index 是 {folder.name}/ 目录页的名字，请换一个文件名",
                )
            )
        elif not ID_PATTERN.fullmatch(stem):
            problems.append(
                Problem(
                    display,
                    0,
                    0,
                    "",
                    f"文件名“{stem}”不能用作 id",
                    f"文件名只用小写英文字母、数字和单个连字符，最长 {ID_MAX_LENGTH} 个字符，"
                    "例如 ma-ben.md",
                )
            )
        else:
            found.append(_Found(kind, stem, entry.path, display))
    return found


def known_ids(found: Iterable[_Found], problems: list[Problem]) -> dict[str, _Found]:
    """id -> its file. Ids are unique across kinds; every holder of a shared id is told."""
    by_id: dict[str, list[_Found]] = {}
    for item in found:
        by_id.setdefault(item.id, []).append(item)
    ids = {}
    for case_id, items in by_id.items():
        if len(items) > 1:
            for item in items:
                others = "、".join(other.display for other in items if other is not item)
                problems.append(
                    Problem(
                        item.display,
                        0,
                        0,
                        "",
                        f"id“{case_id}”与 {others} 重复",
                        "id 在所有类别中必须唯一，给其中一个文件换个名字",
                    )
                )
        ids[case_id] = items[0]
    return ids


def read_front_matter(item: _Found, problems: list[Problem]) -> FrontMatter | None:
    text = read_text_file(item.file, item.display)
    if isinstance(text, Problem):
        problems.append(text)
        return None
    front = parse_front_matter(text, item.display)
    if isinstance(front, list):
        problems += front
        return None
    problems += bodies.check_body(item.display, front)
    return front


def validate_case(item: _Found, front: FrontMatter, problems: list[Problem]) -> Case | None:
    model = KINDS[item.kind][1]
    try:
        fields = model.model_validate(front.data)
    except ValidationError as error:
        problems += problems_from_validation(error, model, front, item.display)
        return None
    return Case(item.id, item.kind, item.display, fields, front)


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
    item: _Found, front: FrontMatter, kinds_by_id: dict[str, str]
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
    folder, _, label = KINDS[expected]
    actual = kinds_by_id.get(target)
    if actual == expected:
        return None
    if actual is not None:
        return (
            f"“{target}”是{KINDS[actual][2]}，不是{label}",
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
    item: _Found, front: FrontMatter, kinds_by_id: dict[str, str]
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


def read_metrics(
    content_root: Path, project_dir: Path, problems: list[Problem]
) -> dict[str, Metric]:
    path = content_root / METRICS_FILE
    if not os.path.lexists(path):
        return {}
    display = _display(path, project_dir)
    # Read by the same rules and reader as case files (encoding, size, one document…).
    text = read_text_file(str(path), display)
    front = parse_yaml_file(text, display) if isinstance(text, str) else [text]
    if isinstance(front, list):
        problems += front
        return {}
    if front.data is None:
        return {}
    if not isinstance(front.data, dict):
        problems.append(
            Problem(
                display,
                1,
                1,
                "",
                f"{METRICS_FILE} 应当是“指标名: 定义”的组合",
                "每个指标写成 skills-training: 一行，下面缩进两格写 label: 和 unit:",
            )
        )
        return {}
    metrics = {}
    for key, value in front.data.items():
        line, column = front.locate((key,), key=True)
        if not ID_PATTERN.fullmatch(str(key)) or key == "index":
            problems.append(
                Problem(
                    display,
                    line,
                    column,
                    str(key),
                    f"指标名“{key}”无效",
                    f"指标名只用小写英文字母、数字和单个连字符，最长 {ID_MAX_LENGTH} 个字符，"
                    "如 skills-training",
                )
            )
            continue
        try:
            metrics[str(key)] = Metric.model_validate(value)
        except ValidationError as error:
            problems += problems_from_validation(error, Metric, front, display, (key,))
    return metrics


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
    return problems


def image_fields(data: dict) -> list[tuple[FieldPath, str]]:
    """Every image path a case file names, with its field; the cover comes first (a worker's
    portrait, else the first gallery image). Read from raw front matter, like references()."""
    used: list[tuple[FieldPath, str]] = []
    portrait = data.get("portrait")
    if isinstance(portrait, str) and portrait.strip():
        used.append((("portrait",), portrait.strip()))
    gallery = data.get("gallery")
    for index, image in enumerate(gallery if isinstance(gallery, list) else []):
        src = image.get("src") if isinstance(image, dict) else None
        if isinstance(src, str) and src.strip():
            used.append((("gallery", index, "src"), src.strip()))
    return used


def check_images(
    item: _Found,
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
