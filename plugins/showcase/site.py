"""The site as the plugin sees it: the loaded corpus, its graph, the images, and which page is
which. Plain data with small functions, so tests can use it without running MkDocs."""

from __future__ import annotations

import html
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from showcase import bodies, export, pages
from showcase.config import DEFAULT_PAGE_SIZE, ShowcaseConfig
from showcase.graph import Graph, build_graph, update_graph
from showcase.images import Rendition
from showcase.loader import KINDS, Corpus, ReadCache, image_fields, load_corpus
from showcase.problems import Problem

CACHE_DIR = ".cache/showcase"
# Readers look for places, enterprises and people first; a source document that merely
# mentions them ranks after the case itself.
SEARCH_BOOST = {"city": 3, "enterprise": 3, "worker": 3, "source": 1}


@dataclass(frozen=True)
class PageRole:
    kind: str  # "case", "index", "home", "metric", "metrics", "tag", "tags" or "other"
    key: str = ""  # the case id, the kind of an index, a metric's key or a tag
    page: int = 1  # which page of an index or a tag (see pages.index_pages, pages.tag_pages)


@dataclass
class SiteModel:
    corpus: Corpus
    graph: Graph
    images_root: Path
    cache_dir: Path
    renditions: dict[str, Rendition] = field(default_factory=dict)
    roles: dict[str, PageRole] = field(default_factory=dict)
    page_size: int = DEFAULT_PAGE_SIZE  # entries per index or tag page

    def role(self, src_uri: str) -> PageRole:
        return self.roles.get(src_uri, PageRole("other"))

    def case_file(self, src_uri: str | None) -> str | None:
        """The case file a generated page shows (content/workers/ma-ben.md), if any."""
        role = self.roles.get(src_uri) if src_uri else None
        return self.graph.cases[role.key].path if role and role.kind == "case" else None

    def image_sources(self) -> list[str]:
        """Every image a published case uses, each once, in a stable order."""
        used = (
            src for case in self.graph.cases.values() for _, src in image_fields(case.front.data)
        )
        return list(dict.fromkeys(used))

    def image_files(self) -> list[Path]:
        """The derivative files readers get, each once (an image may serve many cases)."""
        names = {v.filename for r in self.renditions.values() for v in r.variants}
        return [self.cache_dir / "images" / name for name in sorted(names)]

    def view(self, role: PageRole) -> dict[str, Any] | None:
        """The data a page's template shows."""
        if role.kind == "case":
            return pages.case_view(self.graph.cases[role.key], self.graph, self.renditions)
        if role.kind == "index":
            return pages.index_view(
                role.key, self.graph, self.renditions, page=role.page, page_size=self.page_size
            )
        if role.kind == "home":
            return pages.home_view(self.graph, self.renditions)
        if role.kind == "metric":
            return pages.metric_view(role.key, self.graph)
        if role.kind == "metrics":
            return pages.metrics_index_view(self.graph)
        if role.kind == "tag":
            return pages.tag_view(
                role.key, self.graph, self.renditions, page=role.page, page_size=self.page_size
            )
        if role.kind == "tags":
            return pages.tags_index_view(self.graph)
        return None


def load_site(
    project_dir: Path,
    config: ShowcaseConfig,
    cache: ReadCache | None = None,
    previous: Graph | None = None,
    docs_dir: Path | None = None,
) -> tuple[SiteModel | None, list[Problem]]:
    """The validated corpus and its graph; with the last build's graph (`mkdocs serve`), the
    graph is updated for what changed instead of made anew. With `docs_dir`, the bodies'
    relative links are checked against the site's pages and files too."""
    corpus, problems = load_corpus(project_dir, config.content_dir, config.images_dir, cache)
    if problems:
        return None, problems
    site = SiteModel(
        corpus=corpus,
        graph=update_graph(previous, corpus) or build_graph(corpus),
        images_root=project_dir / config.images_dir,
        cache_dir=project_dir / CACHE_DIR,
        page_size=config.page_size,
    )
    if docs_dir is not None and (problems := link_problems(site, docs_dir)):
        return None, problems
    return site, []


def link_problems(site: SiteModel, docs_dir: Path) -> list[Problem]:
    """Relative links of the case bodies that lead to no page or file of the site
    (`mkdocs build --strict` fails on them)."""

    def targets() -> set[str]:
        return set(page_roles(site)) | set(DATA_PATHS) | docs_files(docs_dir)

    return _relative_link_problems(site.corpus, targets)


def check_links(
    project_dir: Path,
    corpus: Corpus,
    *,
    content_dir: str,
    docs_dir: Path,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> list[Problem]:
    """The link check of `python build.py check`, which also runs when some case files have
    other problems: the cross-link graph cannot be made then (a reference to a case of the
    wrong kind), so the pages are counted from the files, generously: every case file there
    counts as a page (valid or not, drafts excepted), so that no link is blamed for another
    file's mistakes."""
    content_root = project_dir / content_dir
    drafts = {case.src_uri for case in corpus.cases.values() if case.draft}
    published = [case for case in corpus.cases.values() if not case.draft]

    def targets() -> set[str]:
        found = set(DATA_PATHS) | docs_files(docs_dir)
        for folder, _, _ in KINDS.values():
            names = (
                [entry.name for entry in os.scandir(content_root / folder)]
                if (content_root / folder).is_dir()
                else []
            )
            pages_here = {f"{folder}/{name}" for name in names if name.endswith(".md")} - drafts
            found |= pages_here
            for page in range(1, pages.page_count(len(pages_here), page_size) + 1):
                found.add(pages.index_page_src_uri(folder_kind(folder), page))
        found |= {f"{pages.METRICS_FOLDER}/index.md", f"{pages.TAGS_FOLDER}/index.md"}
        found |= {f"{pages.METRICS_FOLDER}/{key}.md" for key in corpus.metrics}
        tag_counts: dict[str, int] = {}
        for case in published:
            for tag in dict.fromkeys(case.fields.tags):
                tag_counts[tag] = tag_counts.get(tag, 0) + 1
        for tag, count in tag_counts.items():
            for page in range(1, pages.page_count(count, page_size) + 1):
                found.add(pages.tag_page_src_uri(tag, page))
        return found

    return _relative_link_problems(corpus, targets)


def folder_kind(folder: str) -> str:
    return next(kind for kind, (name, _, _) in KINDS.items() if name == folder)


def _relative_link_problems(corpus: Corpus, targets: Any) -> list[Problem]:
    cases = corpus.cases.values()
    sources = [bodies.LinkSource(case.path, case.src_uri, case.front) for case in cases]
    drafts = {case.src_uri: case.path for case in cases if case.draft}
    return bodies.relative_link_problems(sources, targets, drafts)


def docs_files(docs_dir: Path) -> set[str]:
    """The docs folder's files as MkDocs sees them (it leaves out names starting with a dot)."""
    found = set()
    for root, folders, names in os.walk(docs_dir):
        folders[:] = [name for name in folders if not name.startswith(".")]
        relative = Path(root).relative_to(docs_dir).as_posix()
        for name in names:
            if not name.startswith("."):
                found.add(name if relative == "." else f"{relative}/{name}")
    return found


def _page_source(meta: dict[str, Any], body: str) -> str:
    """Our own front matter, read by MkDocs' reader. Each value is written as JSON, which is
    valid YAML and, unlike yaml.safe_dump, costs next to nothing for thousands of pages."""
    header = "".join(
        f"{key}: {json.dumps(meta[key], ensure_ascii=False)}\n" for key in sorted(meta)
    )
    return f"---\n{header}---\n{body}"


def page_roles(site: SiteModel) -> dict[str, PageRole]:
    """src_uri -> role of every page the plugin shows its data on. A hand-written index page at
    the same path (say, a custom cities/index.md) keeps its role but is not generated."""
    roles: dict[str, PageRole] = {}
    for case in site.graph.cases.values():
        roles[case.src_uri] = PageRole("case", case.id)
    # Page counts from the list sizes alone: ordering an index is left to the pages shown.
    for kind in KINDS:
        for page in range(1, pages.page_count(len(site.graph.of_kind(kind)), site.page_size) + 1):
            roles[pages.index_page_src_uri(kind, page)] = PageRole("index", kind, page)
    for key in site.graph.metrics:
        roles[f"{pages.METRICS_FOLDER}/{key}.md"] = PageRole("metric", key)
    for tag, cases in pages.all_tags(site.graph).items():
        for page in range(1, pages.page_count(len(cases), site.page_size) + 1):
            roles[pages.tag_page_src_uri(tag, page)] = PageRole("tag", tag, page)
    roles[f"{pages.METRICS_FOLDER}/index.md"] = PageRole("metrics")
    roles[f"{pages.TAGS_FOLDER}/index.md"] = PageRole("tags")
    return roles


# The template of each listing page; their body is empty.
LISTING_PAGES = {
    "index": "case-index.html",
    "metrics": "metrics.html",
    "tags": "tags.html",
    "metric": "metric.html",
    "tag": "tag.html",
}


def page_source(site: SiteModel, role: PageRole) -> str:
    """The Markdown MkDocs reads for a generated page: our front matter and the body."""
    if role.kind == "case":
        case = site.graph.cases[role.key]
        # The theme prints title and description into the page unescaped: escape them here.
        # The table of contents stays: a long body's headings are worth a sidebar on desktop.
        meta = {
            "title": html.escape(case.name),
            "template": "case.html",
            "hide": ["navigation"],
            "description": html.escape(pages.summary_of(case)),
            "search": {"boost": SEARCH_BOOST[case.kind]},
        }
        return _page_source(meta, pages.case_markdown(case))
    meta: dict[str, Any] = {
        "template": LISTING_PAGES[role.kind],
        "hide": ["navigation", "toc"],
    }
    if role.kind == "index":
        meta["title"] = _nth_page(KINDS[role.key][2], role.page)
    elif role.kind == "metric":
        metric = site.graph.metrics[role.key]
        meta["title"] = html.escape(metric.label)
        meta["description"] = html.escape(f"各地“{metric.label}”（{metric.unit}）数据对比")
    elif role.kind == "tag":
        meta["title"] = html.escape(_nth_page(f"主题：{role.key}", role.page))
    else:
        meta["title"] = "数据对比" if role.kind == "metrics" else "主题"
    return _page_source(meta, "")


def _nth_page(title: str, page: int) -> str:
    """劳模工匠, 劳模工匠（第 2 页）: a later page says which it is in its title."""
    return title if page == 1 else f"{title}（第 {page} 页）"


# The open data and the feed, at the site root (a case body may link them).
DATA_PATHS = ("data/cases.json", "data/stats.csv", "feed.xml")


def open_data_files(
    site: SiteModel, parts: export.OpenDataParts | None = None
) -> list[tuple[str, str]]:
    """(path, content) of the open data; `parts` are the cases' records when they are kept
    across rebuilds."""
    return [
        ("data/cases.json", export.cases_json(site.graph, parts)),
        ("data/stats.csv", export.stats_csv(site.graph, parts)),
    ]


def feed_file(site: SiteModel, *, site_name: str, site_url: str | None) -> tuple[str, str]:
    title = f"{site_name}：案例更新"
    return "feed.xml", export.atom_feed(site.graph, title=title, site_url=site_url)


def data_files(
    site: SiteModel, *, site_name: str = "", site_url: str | None = None
) -> list[tuple[str, str]]:
    """(path, content) of the open data and the feed."""
    return [*open_data_files(site), feed_file(site, site_name=site_name, site_url=site_url)]


def generated_files(
    site: SiteModel, existing: Any, *, site_name: str = "", site_url: str | None = None
) -> list[tuple[str, str]]:
    """(src_uri, content) of every page and data file the plugin adds; records each page's
    role in site.roles. A hand-written page at the same path wins over the generated one."""
    site.roles.update(page_roles(site))
    generated = [
        (src_uri, page_source(site, role))
        for src_uri, role in site.roles.items()
        if role.kind != "home" and existing.get_file_from_path(src_uri) is None
    ]
    return generated + data_files(site, site_name=site_name, site_url=site_url)
