"""What the plugin keeps from one build to the next within one process.

`mkdocs build` makes one build; `mkdocs serve` makes one after every edit with the same plugin
instance. The session holds what makes a rebuild cost about one edit's work: unchanged case
files already read and checked, each case's share of the open data, compiled templates, the
photos' derivatives, and what the last successful build published (`LiveState`). The plugin's
hooks ask it for the site, the rebuild plan and the data files, in that order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from showcase import routing
from showcase.config import ShowcaseConfig
from showcase.loading import persist
from showcase.loading.loader import ReadCache
from showcase.output import feed, images, search_index
from showcase.output import open_data as export
from showcase.problems import Problem
from showcase.routing import PageRole
from showcase.serving import plan, watching
from showcase.serving.templates import TemplateCache
from showcase.site import CACHE_DIR, SiteModel, feed_file, load_site, open_data_files


@dataclass
class Session:
    dirty: bool  # `--dirty`: only what an edit changed is built again
    read_cache: ReadCache = field(default_factory=ReadCache)
    open_data: export.OpenDataParts = field(default_factory=export.OpenDataParts)
    templates: TemplateCache = field(default_factory=TemplateCache)
    live: plan.LiveState | None = None  # what the last successful build published
    pending: plan.LiveState | None = None  # becomes `live` when this build succeeds
    changed: set[str] | None = None  # ids changed since `live`; None: look at everything
    last_renditions: tuple[Any, dict[str, images.Rendition]] | None = None
    views: dict[str, Any] = field(default_factory=dict)  # planned views not yet rendered
    previous: plan.LiveState | None = None  # the live state this build's plan started from
    watcher: watching.Watcher | None = None  # under `mkdocs serve`: native notifications
    site_search: search_index.SiteSearch | None = None  # the Pagefind index, kept across builds
    # The case pages of the last successful build, and of this one until it succeeds.
    case_pages: dict[str, PageRole] | None = None
    pending_case_pages: dict[str, PageRole] | None = None

    def search(self, cache_dir: Path, background: bool) -> search_index.SiteSearch:
        """The site's search index (output/search_index.py); with `background` (`mkdocs
        serve`) it is written after the edited page is shown."""
        if self.site_search is None:
            self.site_search = search_index.SiteSearch(cache_dir, background=background)
        return self.site_search

    def watch(self, paths: list[str]) -> None:
        """Starts noticing changes under `paths` (before the first build of `mkdocs serve`)."""
        if self.watcher is None:
            self.watcher = watching.Watcher(paths)

    def load(
        self, project_dir: Path, options: ShowcaseConfig, docs_dir: Path | None = None
    ) -> tuple[SiteModel | None, list[Problem]]:
        """The validated site, and which cases changed since the last build."""
        live = self.live if self.dirty else None
        first = not self.read_cache.files  # the first build of this process
        if first:  # unchanged files as the last build read them (loading/persist.py)
            self.read_cache = persist.restore(project_dir / CACHE_DIR) or self.read_cache
        # What the watcher saw is the whole story only since a build that looked at every file.
        changed_paths = self.watcher.log.take() if self.watcher is not None else None
        site, problems = load_site(
            project_dir,
            options,
            self.read_cache,
            live.graph if live else None,
            changed_paths if live is not None else None,
            docs_dir,
        )
        if site is not None:
            self.changed = plan.changed_cases(live.graph, site.graph) if live else None
            if first and self.watcher is None:  # not under `mkdocs serve` (its watcher)
                persist.save_in_background(site.cache_dir, self.read_cache)
        return site, problems

    def renditions(
        self, site: SiteModel, progress: Callable[[int, int], None] | None = None
    ) -> dict[str, images.Rendition]:
        """The photos' derivatives; under `mkdocs serve`, the last build's while no photo and
        no photo path changed (deriving checks every photo's cached files)."""
        sources = site.image_sources()
        key = (sources, images.tree_signature(site.images_root))
        if self.dirty and self.last_renditions is not None and self.last_renditions[0] == key:
            return self.last_renditions[1]
        renditions = images.derive_images(
            sources, site.images_root, site.cache_dir / "images", progress=progress
        )
        self.last_renditions = (key, renditions) if self.dirty else None
        return renditions

    def page_roles(self, site: SiteModel) -> dict[str, PageRole]:
        """Every page's role (routing.page_roles); the case pages are the last build's while
        the graph was updated from it (same published cases)."""
        same = self.live is not None and site.graph.updated and self.case_pages is not None
        case_pages = self.case_pages if same else routing.case_page_roles(site.graph)
        self.pending_case_pages = case_pages
        return routing.page_roles(site.graph, site.page_size, case_pages)

    def plan(
        self, site: SiteModel, roles: dict[str, PageRole], context: str, home_source: str | None
    ) -> plan.RebuildPlan:
        """The rebuild plan of a dirty build, with the changed page sources written into the
        cache (MkDocs' own time check then rebuilds exactly those)."""
        previous = self.live if self.live is not None and self.live.context == context else None
        changed = (self.changed or set()) if previous is not None else set()
        rebuild = plan.plan_rebuild(site, roles, previous, changed, context, home_source)
        for src_uri, source in rebuild.sources.items():
            plan.write_if_changed(site.cache_dir / "pages" / src_uri, source)
        self.views = rebuild.views
        image_names = set(site.image_names())
        self.pending = plan.LiveState(site.graph, context, rebuild.states, image_names)
        self.previous = previous
        return rebuild

    def data_files(
        self, site: SiteModel, *, site_name: str, site_url: str | None
    ) -> list[tuple[str, str]]:
        """The open data and the feed, each unless the edit cannot have changed it (after the
        first build only the cases' parts an edit touches are made again)."""
        previous = self.previous
        changed = (self.changed or set()) if previous is not None else set()
        if previous is None:
            self.open_data.renew(site.graph)
            renewed = True
        else:
            renew = export.parts_to_renew(previous.graph, site.graph, changed)
            renewed = self.open_data.renew(site.graph, renew)
        data = open_data_files(site, self.open_data) if renewed else []
        if previous is None or feed.may_change(previous.graph, site.graph, changed):
            data.append(feed_file(site, site_name=site_name, site_url=site_url))
        return data

    def new_images(self, site: SiteModel) -> list[Path]:
        """The derivatives MkDocs has not copied in an earlier build of this process."""
        known = self.previous.image_names if self.previous is not None else set()
        folder = site.cache_dir / "images"
        return [folder / name for name in site.image_names() if name not in known]

    def view(self, site: SiteModel, src_uri: str) -> Any:
        """The view a page's template shows: the one planned for it, else computed now."""
        planned = self.views.pop(src_uri, None)
        return planned if planned is not None else site.view(site.role(src_uri))

    def succeeded(self) -> None:
        self.live, self.pending = self.pending, None
        self.case_pages = self.pending_case_pages
        self.views = {}

    def failed(self) -> None:
        # What the failed build had planned is not what the site shows: check everything next.
        self.live = self.pending = None
        if self.site_search is not None:
            self.site_search.abandon()
        self.case_pages = None
        self.views = {}
