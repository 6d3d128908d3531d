"""The site as the plugin sees it: the loaded corpus, its graph, the images, and which page is
which. Plain data with small functions, so tests can use it without running MkDocs."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from showcase import routing
from showcase.checking.links import link_problems
from showcase.config import DEFAULT_PAGE_SIZE, ShowcaseConfig
from showcase.domain import Corpus
from showcase.graph import Graph, build_graph, update_graph
from showcase.loading.loader import ReadCache, load_corpus
from showcase.output import feed, open_data
from showcase.output.images import Rendition
from showcase.problems import Problem
from showcase.routing import PageRole
from showcase.views import ViewSettings, page_view
from showcase.views.bodies import case_markdown

CACHE_DIR = ".cache/showcase"
# Readers look for places, enterprises and people first; a source document that merely
# mentions them ranks after the case itself.
SEARCH_BOOST = {"city": 3, "enterprise": 3, "worker": 3, "source": 1}


@dataclass
class SiteModel:
    corpus: Corpus
    graph: Graph
    images_root: Path
    cache_dir: Path
    renditions: dict[str, Rendition] = field(default_factory=dict)
    roles: dict[str, PageRole] = field(default_factory=dict)
    page_size: int = DEFAULT_PAGE_SIZE  # entries per index or tag page
    featured: str | None = None  # the home page's lead story (config.featured)
    _image_names: tuple[Any, list[str]] | None = field(default=None, repr=False, compare=False)

    def role(self, src_uri: str) -> PageRole:
        return self.roles.get(src_uri, PageRole("other"))

    def case_file(self, src_uri: str | None) -> str | None:
        """The case file a generated page shows (content/workers/ma-ben.md), if any."""
        role = self.roles.get(src_uri) if src_uri else None
        return self.graph.cases[role.key].path if role and role.kind == "case" else None

    def image_sources(self) -> list[str]:
        """Every image a published case uses, each once, in a stable order."""
        used = (src for case in self.graph.cases.values() for src in case.image_sources)
        return list(dict.fromkeys(used))

    def image_names(self) -> list[str]:
        """The names of the derivative files readers get, each once (an image may serve many
        cases), in order; asked for several times a rebuild, made once per set of renditions."""
        if self._image_names is None or self._image_names[0] is not self.renditions:
            names = {v.filename for r in self.renditions.values() for v in r.variants}
            self._image_names = (self.renditions, sorted(names))
        return self._image_names[1]

    def image_files(self) -> list[Path]:
        """The derivative files (image_names) in the cache."""
        return [self.cache_dir / "images" / name for name in self.image_names()]

    def view(self, role: PageRole) -> Any:
        """The data a page's template shows."""
        settings = ViewSettings(self.page_size, self.featured)
        return page_view(self.graph, self.renditions, role, settings)


def load_site(
    project_dir: Path,
    config: ShowcaseConfig,
    cache: ReadCache | None = None,
    previous: Graph | None = None,
    changed_paths: set[str] | None = None,
    docs_dir: Path | None = None,
) -> tuple[SiteModel | None, list[Problem]]:
    """The validated corpus and its graph; with the last build's graph (`mkdocs serve`), the
    graph is updated for what changed instead of made anew. `changed_paths`: see
    loader.load_corpus. With `docs_dir`, the bodies' relative links are checked against the
    site's pages and files too (checking/links.py)."""
    corpus, problems = load_corpus(
        project_dir, config.content_dir, config.images_dir, cache, changed_paths
    )
    if problems:
        return None, problems
    site = SiteModel(
        corpus=corpus,
        graph=update_graph(previous, corpus) or build_graph(corpus),
        images_root=project_dir / config.images_dir,
        cache_dir=project_dir / CACHE_DIR,
        page_size=config.page_size,
        featured=config.featured,
    )
    problems = featured_problems(config.featured, site.graph)
    if docs_dir is not None:
        problems += link_problems(site.graph, corpus, site.page_size, docs_dir)
    return (None, problems) if problems else (site, [])


def featured_problems(featured: str | None, graph: Graph) -> list[Problem]:
    """The home page's lead story must be a published case: a typo in mkdocs.yml would
    otherwise quietly lead with another one."""
    if not featured or featured in graph.cases:
        return []
    field_name = "plugins.showcase.featured"
    if featured in graph.all_cases:
        message = f"首页头条“{featured}”是草稿，不会发布"
        hint = "换一个已发布的案例 id，或删去 featured 一行（首页改用最近更新的案例）"
        return [Problem("mkdocs.yml", 0, 0, field_name, message, hint)]
    nearest = difflib.get_close_matches(featured, list(graph.cases), n=1, cutoff=0.6)
    hint = f"你是不是想写 {nearest[0]}？" if nearest else "填写 content/ 下某个案例文件的文件名"
    message = f"首页头条：找不到 id 为“{featured}”的已发布案例"
    return [
        Problem("mkdocs.yml", 0, 0, field_name, message, hint + "；删去这一行则用最近更新的案例")
    ]


def _page_source(meta: dict[str, Any], body: str) -> str:
    """Our own front matter, read by MkDocs' reader. Each value is written as JSON, which is
    valid YAML and, unlike yaml.safe_dump, costs next to nothing for thousands of pages."""
    header = "".join(
        f"{key}: {json.dumps(meta[key], ensure_ascii=False)}\n" for key in sorted(meta)
    )
    return f"---\n{header}---\n{body}"


def page_roles(site: SiteModel) -> dict[str, PageRole]:
    """src_uri -> role of every page the plugin shows its data on (routing.page_roles)."""
    return routing.page_roles(site.graph, site.page_size)


def page_source(site: SiteModel, role: PageRole) -> str:
    """The Markdown MkDocs reads for a generated page: our front matter and the body."""
    meta = routing.page_meta(site.graph, role)
    if role.kind == "case":
        case = site.graph.cases[role.key]
        # The table of contents stays: a long body's headings are worth a sidebar on desktop.
        meta["hide"] = ["navigation"]
        meta["search"] = {"boost": SEARCH_BOOST[case.kind]}
        return _page_source(meta, case_markdown(case))
    meta["hide"] = ["navigation", "toc"]
    return _page_source(meta, "")


def open_data_files(
    site: SiteModel, parts: open_data.OpenDataParts | None = None
) -> list[tuple[str, str]]:
    """(path, content) of the open data; `parts` are the cases' records when they are kept
    across rebuilds (else made here, once for the three files)."""
    if parts is None:
        parts = open_data.OpenDataParts()
        parts.renew(site.graph)
    return [
        ("data/cases.json", open_data.cases_json(site.graph, parts)),
        ("data/stats.csv", open_data.stats_csv(site.graph, parts)),
        ("data/stats-zh.csv", open_data.stats_zh_csv(site.graph, parts)),
    ]


def feed_file(site: SiteModel, *, site_name: str, site_url: str | None) -> tuple[str, str]:
    title = f"{site_name}：案例更新"
    return "feed.xml", feed.atom_feed(site.graph, title=title, site_url=site_url)


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
        if existing.get_file_from_path(src_uri) is None
    ]
    return generated + data_files(site, site_name=site_name, site_url=site_url)
