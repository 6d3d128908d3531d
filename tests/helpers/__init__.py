"""Helpers the unit tests share: cases, corpora and graphs made in memory, and the mini fixture
corpus loaded in-process. Imported as `from helpers import …` (pytest puts tests/ on sys.path,
as it does for conftest).

A case made here goes through the plugin's own reader and model, so it carries the positions
and the validated fields a case read from a file has; only the file itself is skipped.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import yaml

from showcase.domain import KINDS, Case, Corpus
from showcase.graph import Graph, build_graph
from showcase.parsing.frontmatter import parse_front_matter
from showcase.loading.loader import load_corpus
from showcase.models import Metric

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures"
MINI = FIXTURES / "mini"
REPO_OVERRIDES = REPO / "site_src" / "overrides"  # the theme's templates

# The required fields a test does not care about, per kind (name defaults to the id).
REQUIRED = {
    "city": {"summary": "测试用的城市。", "province": "江苏省", "level": "地级市"},
    "enterprise": {"summary": "测试用的企业。", "industry": "钢铁"},
    "worker": {"summary": "测试用的劳模工匠。"},
    "source": {"publisher": "测试单位", "date": "2024"},
}


def case_text(fields: dict[str, Any], body: str = "") -> str:
    """A case file's text: the fields as YAML front matter, then the body."""
    header = yaml.safe_dump(fields, allow_unicode=True, sort_keys=False)
    return f"---\n{header}---\n{body}"


def make_case(kind: str, case_id: str, body: str = "", **fields: Any) -> Case:
    """A validated case of `kind`, as the loader would make it from content/<folder>/<id>.md."""
    path = f"content/{KINDS[kind].folder}/{case_id}.md"
    data = {"name": case_id, **REQUIRED[kind], **fields}
    front = parse_front_matter(case_text(data, body), path)
    assert not isinstance(front, list), [problem.format() for problem in front]
    model = KINDS[kind].model.model_validate(front.data)
    return Case(case_id, kind, path, model, front)


def make_corpus(*cases: Case, metrics: dict[str, tuple[str, str]] | None = None) -> Corpus:
    """A corpus of these cases; `metrics` maps a key to its (label, unit)."""
    return Corpus(
        cases={case.id: case for case in cases},
        metrics={
            key: Metric(label=label, unit=unit) for key, (label, unit) in (metrics or {}).items()
        },
    )


def make_graph(*cases: Case, metrics: dict[str, tuple[str, str]] | None = None) -> Graph:
    return build_graph(make_corpus(*cases, metrics=metrics))


def load_mini() -> Corpus:
    """tests/fixtures/mini loaded through the loader, freshly (a test may change it)."""
    corpus, problems = load_corpus(MINI, "content", "images")
    assert problems == [], [problem.format() for problem in problems]
    return corpus


@functools.cache
def mini_corpus() -> Corpus:
    """The mini corpus loaded once per test session: tests must not change it."""
    return load_mini()


def mini_graph() -> Graph:
    """A graph of the mini corpus, new each call (a graph memoises what pages ask of it)."""
    return build_graph(mini_corpus())


def write_files(root: Path, files: dict[str, str | bytes]) -> Path:
    """Writes each file (path relative to `root`), making folders as needed; returns `root`."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root
