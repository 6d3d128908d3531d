"""Loading the case corpus: find the files, read and validate each (keeping unchanged files'
results across `mkdocs serve` rebuilds), then run the cross-checks of checking/crosscheck.py.

`load_corpus` never raises for a contributor's mistake: it returns the valid cases and the full
list of problems, so one run reports everything at once.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from showcase.checking import bodies
from showcase.checking.crosscheck import (
    METRICS_FILE,
    check_body_links,
    check_cycles,
    check_images,
    check_metrics,
    check_references,
)
from showcase.domain import KIND_OF_FOLDER, KINDS, Case, CaseFile, Corpus
from showcase.loading.messages import problems_from_validation
from showcase.models import ID_MAX_LENGTH, ID_PATTERN, Metric
from showcase.output import images
from showcase.parsing.frontmatter import (
    FrontMatter,
    parse_front_matter,
    parse_yaml_file,
    read_text_file,
)
from showcase.problems import Problem

PHOTO_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".heic", ".bmp", ".tif", ".tiff")


CachedRead = tuple["FrontMatter | None", "Case | None", list[Problem]]


@dataclass
class ReadCache:
    """Kept by the plugin across `mkdocs serve` rebuilds, so one edit costs one file's work: a
    file whose time and size are unchanged is not read or validated again, and while the set of
    ids is unchanged its references and body links are not checked again either."""

    # display path -> ((mtime, ctime, size), what reading it gave); the change time moves on
    # any write, rename or permission change, so a file made unreadable is read again.
    files: dict[str, tuple[tuple[int, int, int], CachedRead]] = field(default_factory=dict)
    # What a file's cross-checks depend on besides the file: every id's kind, the metrics and
    # the photos. While these are unchanged, an unchanged file keeps its verdict.
    inputs: tuple[Any, ...] | None = None
    # display path -> (the front matter that was checked, its reference, link, image and
    # metric problems)
    checks: dict[str, tuple[FrontMatter, list[Problem]]] = field(default_factory=dict)
    # The last listing of content/: the files found and what discover() reported.
    listing: tuple[list[CaseFile], list[Problem]] | None = None
    listing_paths: set[str] = field(default_factory=set)
    listed: Listed | None = None  # what the ids and files of that listing are
    last: LastLoad | None = None  # what the last load made of it


@dataclass
class Listed:
    """What a listing's files are, worked out once per listing (a rebuild under `mkdocs serve`
    that keeps the listing keeps this too): every id's file and kind, and who holds which."""

    found: list[CaseFile]  # the listing itself, compared by identity
    ids: dict[str, CaseFile]
    id_problems: list[Problem]
    kinds_by_id: dict[str, str]
    holders: dict[str, str]
    by_file: dict[str, CaseFile]
    position: dict[str, int]  # display path -> place in the listing

    @classmethod
    def of(cls, found: list[CaseFile]) -> Listed:
        problems: list[Problem] = []
        ids = known_ids(found, problems)
        return cls(
            found,
            ids,
            problems,
            {case_id: item.kind for case_id, item in ids.items()},
            {case_id: item.display for case_id, item in ids.items()},
            {item.file: item for item in found},
            {item.display: index for index, item in enumerate(found)},
        )


@dataclass
class LastLoad:
    """What the last load of a listing made of its files, so that the next one, told which
    files changed, reads and checks those alone."""

    found: list[CaseFile]  # the listing it was made of, compared by identity
    cases: dict[str, Case]
    problems: dict[str, list[Problem]]  # display path -> the file's problems, where it has any
    cycles: list[Problem]


def load_corpus(
    project_dir: Path,
    content_dir: str,
    images_dir: str,
    cache: ReadCache | None = None,
    changed_paths: set[str] | None = None,
) -> tuple[Corpus, list[Problem]]:
    """Every valid case and every problem. With a cache, `changed_paths` (the absolute paths
    a file watcher saw change since the cache was filled) lets the loader trust that no other
    file changed: it neither lists the folders again (unless a file came or went) nor asks
    the file system about the others, and checks only the changed files again, starting from
    the last load's cases and problems. None means: look at every file."""
    content_root = project_dir / content_dir
    problems: list[Problem] = []
    found = _listing(content_root, project_dir, problems, cache, changed_paths)
    trusted = changed_paths if cache is not None else None
    listed = cache.listed if cache is not None and cache.listed is not None else None
    if listed is None or listed.found is not found:
        listed = Listed.of(found)
        if cache is not None:
            cache.listed = listed
    problems += listed.id_problems
    metric_problems: list[Problem] = []
    metrics = read_metrics(content_root, project_dir, metric_problems)
    problems += metric_problems
    images_root = project_dir / images_dir
    inputs = (listed.holders, listed.kinds_by_id, metrics, images.tree_signature(images_root))
    reuse = cache is not None and cache.inputs == inputs
    checker = _FileChecker(
        listed, metrics, not metric_problems, images_root, images_dir, cache, trusted, reuse
    )
    last = cache.last if cache is not None else None
    loaded = None
    if reuse and trusted is not None and last is not None and last.found is found:
        loaded = _load_changed(last, checker, trusted)
    if loaded is None:
        loaded = _load_all(found, checker)
    cases, file_problems, cycles = loaded
    for display in sorted(file_problems, key=listed.position.__getitem__):
        problems += file_problems[display]
    problems += cycles
    if cache is not None:
        cache.inputs = inputs
        cache.last = LastLoad(found, cases, file_problems, cycles)
    return Corpus(cases, metrics), problems


Loaded = tuple[dict[str, Case], dict[str, list[Problem]], list[Problem]]


@dataclass
class _FileChecker:
    """Reads and checks one case file against the others' ids, the metrics and the photos."""

    listed: Listed
    metrics: dict[str, Metric]
    metrics_valid: bool  # while metrics.yml itself is wrong, stats are not blamed for it
    images_root: Path
    images_dir: str
    cache: ReadCache | None
    trusted: set[str] | None
    reuse: bool  # the cache's verdicts hold (same ids, metrics and photos)
    image_checks: dict[str, str | None] = field(default_factory=dict)  # each image once

    def load(self, item: CaseFile) -> tuple[Case | None, list[Problem]]:
        """The file's case (None when invalid, or when another file holds its id) and all
        its problems."""
        front, case, problems = read_case_file(item, self.cache, self.trusted)
        problems = list(problems)
        if front is None:
            return None, problems
        cache = self.cache
        hit = cache.checks.get(item.display) if cache is not None and self.reuse else None
        own = case is not None and self.listed.ids.get(case.id) is item
        if hit is not None and hit[0] is front:
            problems += hit[1]
        else:
            # References, links and images are checked even when other fields are wrong, so
            # the contributor sees every mistake of the file in one run.
            kinds_by_id = self.listed.kinds_by_id
            checks = check_references(item, front, kinds_by_id)
            checks += check_body_links(item, front, kinds_by_id)
            checks += check_images(
                item, front, self.images_root, self.images_dir, self.image_checks
            )
            if case is not None and own and self.metrics_valid:
                checks += check_metrics(case, self.metrics)
            if cache is not None:
                cache.checks[item.display] = (front, checks)
            problems += checks
        return (case if own else None), problems


def _load_all(found: list[CaseFile], checker: _FileChecker) -> Loaded:
    cases: dict[str, Case] = {}
    file_problems: dict[str, list[Problem]] = {}
    for item in found:
        case, problems = checker.load(item)
        if problems:
            file_problems[item.display] = problems
        if case is not None:
            cases[case.id] = case
    return cases, file_problems, check_cycles(Corpus(cases))


def _load_changed(last: LastLoad, checker: _FileChecker, trusted: set[str]) -> Loaded | None:
    """The last load with the trusted files read and checked again; None when a case came or
    went (a file turned valid or invalid): the full load keeps the cases in listing order."""
    listed = checker.listed
    cases = dict(last.cases)
    file_problems = dict(last.problems)
    changed = [listed.by_file[path] for path in trusted if path in listed.by_file]
    displays = {item.display for item in changed}
    # A cycle's message names the line of a parent, which an edit of that file may move.
    recheck_cycles = any(problem.path in displays for problem in last.cycles)
    for item in changed:
        case, problems = checker.load(item)
        old = last.cases.get(item.id) if listed.ids.get(item.id) is item else None
        if (case is None) != (old is None):
            return None
        if problems:
            file_problems[item.display] = problems
        else:
            file_problems.pop(item.display, None)
        if case is not None and old is not None:
            cases[case.id] = case
            parent = getattr(case.fields, "parent", None)
            recheck_cycles = recheck_cycles or parent != getattr(old.fields, "parent", None)
    cycles = check_cycles(Corpus(cases)) if recheck_cycles else last.cycles
    return cases, file_problems, cycles


def _listing(
    content_root: Path,
    project_dir: Path,
    problems: list[Problem],
    cache: ReadCache | None,
    changed_paths: set[str] | None,
) -> list[CaseFile]:
    """discover()'s files and problems, from the cache when no file came or went: every
    changed path under content/ is a file the last listing already had, and still there."""
    if cache is not None and cache.listing is not None and changed_paths is not None:
        known = cache.listing_paths
        root = os.path.normpath(content_root) + os.sep
        inside = [path for path in changed_paths if path.startswith(root)]
        metrics = os.path.normpath(content_root / METRICS_FILE)
        if all((path in known or path == metrics) and os.path.isfile(path) for path in inside):
            problems += cache.listing[1]
            return cache.listing[0]
    listed: list[Problem] = []
    found = discover(content_root, project_dir, listed)
    problems += listed
    if cache is not None:
        cache.listing = (found, listed)
        cache.listing_paths = {item.file for item in found}
    return found


def read_case_file(
    item: CaseFile, cache: ReadCache | None = None, changed_paths: set[str] | None = None
) -> tuple[FrontMatter | None, Case | None, list[Problem]]:
    """The file's front matter and validated case (None where they fail), with its problems.
    A cached file is read again when its times or size changed, or, where `changed_paths` is
    known, only when it is among them."""
    signature = (0, 0, 0)
    if cache is not None:
        hit = cache.files.get(item.display)
        if hit is not None and changed_paths is not None:
            if item.file not in changed_paths:  # both normalised: built from Path objects
                return hit[1]
        stat = os.stat(item.file)
        signature = (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size)
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


def discover(content_root: Path, project_dir: Path, problems: list[Problem]) -> list[CaseFile]:
    """Every case file, in a stable order; anything else in content/ is reported."""
    found: list[CaseFile] = []
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
        folders = "、".join(f"{kind.folder}/" for kind in KINDS.values())
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
) -> list[CaseFile]:
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
            found.append(CaseFile(kind, stem, entry.path, display))
    return found


def known_ids(found: Iterable[CaseFile], problems: list[Problem]) -> dict[str, CaseFile]:
    """id -> its file. Ids are unique across kinds; every holder of a shared id is told."""
    by_id: dict[str, list[CaseFile]] = {}
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


def read_front_matter(item: CaseFile, problems: list[Problem]) -> FrontMatter | None:
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


def validate_case(item: CaseFile, front: FrontMatter, problems: list[Problem]) -> Case | None:
    model = KINDS[item.kind].model
    try:
        fields = model.model_validate(front.data)
    except ValidationError as error:
        problems += problems_from_validation(error, model, front, item.display)
        return None
    return Case(item.id, item.kind, item.display, fields, front)


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
