"""MkDocs hooks of the showcase plugin. Each hook is a thin call into the modules beside it.

Order of work in a build: on_pre_build loads and validates every case file (before MkDocs
cleans the output folder, so a failed build leaves the previous site as it was); on_files adds
the generated pages, the image derivatives and the open data; the page hooks fill in links, the
template and its data, and sanitise contributor HTML.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from showcase import cms, export, images, incremental, pages, search, watching
from showcase.config import ShowcaseConfig
from showcase.loader import ReadCache
from showcase.problems import format_report
from showcase.sanitize import sanitize_html
from showcase.site import (
    PageRole,
    SiteModel,
    feed_file,
    generated_files,
    load_site,
    open_data_files,
    page_roles,
)
from showcase.templates import TemplateCache
from showcase.theme_html import valid_theme_html

log = get_plugin_logger(__name__)
DATA_FILES = ("data/cases.json", "data/stats.csv", "feed.xml")


class ShowcasePlugin(BasePlugin[ShowcaseConfig]):
    site: SiteModel | None = None
    dirty = False
    read_cache: ReadCache | None = None
    # Dirty builds: see incremental.py. `live` is what the last build of this process
    # published; `pending` becomes it when the build succeeds.
    live: incremental.LiveState | None = None
    pending: incremental.LiveState | None = None
    changed: set[str] | None = None  # case ids changed since `live`, None: check everything
    removed_urls: set[str]
    rebuilt_urls: set[str]
    search_docs: list[dict[str, Any]] | None = None  # the last complete search index
    last_renditions: tuple[Any, dict[str, images.Rendition]] | None = None
    watcher: Any = None  # the native file watcher under `mkdocs serve` (watching.py)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining this hook also keeps one plugin instance across `mkdocs serve` rebuilds, so
        # unchanged case files are not read again (read_cache) and templates are compiled once.
        self.dirty = dirty
        self.read_cache = ReadCache()
        self.open_data = export.OpenDataParts()
        self.template_cache = TemplateCache()

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.rebuilt_urls, self.removed_urls = set(), set()
        if self.dirty and self.search_docs is None:  # `mkdocs build --dirty`: the last index
            self.search_docs = incremental.read_search_docs(
                Path(config.site_dir) / "search" / "search_index.json"
            )
        project_dir = Path(config.config_file_path).parent
        previous = self.live.graph if self.dirty and self.live is not None else None
        site, problems = load_site(project_dir, self.config, self.read_cache, previous)
        if problems:
            raise PluginError(format_report(problems))
        self.site = site
        live = self.live if self.dirty else None
        self.changed = incremental.changed_cases(live.graph, site.graph) if live else None
        search.register_terms(search.search_terms(site.corpus, self.changed))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.site is not None
        self.site.renditions = self._renditions(self.site)
        cms.add_admin_files(files, config, self.config, self.site)
        if self.dirty:
            return self._dirty_files(files, config)
        generated = generated_files(
            self.site, files, site_name=config.site_name, site_url=config.site_url
        )
        for src_uri, content in generated:
            files.append(File.generated(config, src_uri, content=content))
        for variant_path in self.site.image_files():
            files.append(self._image_file(config, variant_path))
        return files

    def _renditions(self, site: SiteModel) -> dict[str, images.Rendition]:
        """The photos' derivatives; under `mkdocs serve`, the last build's while no photo and
        no photo path changed (deriving checks every photo's cached files)."""
        sources = site.image_sources()
        key = (sources, images.tree_signature(site.images_root))
        if self.dirty and self.last_renditions is not None and self.last_renditions[0] == key:
            return self.last_renditions[1]
        renditions = images.derive_images(
            sources, site.images_root, site.cache_dir / "images", progress=_log_progress
        )
        self.last_renditions = (key, renditions) if self.dirty else None
        return renditions

    def _image_file(self, config: MkDocsConfig, variant_path: Path) -> File:
        return File.generated(
            config, pages.IMAGE_URL_PREFIX + variant_path.name, abs_src_path=str(variant_path)
        )

    def _dirty_files(self, files: Files, config: MkDocsConfig) -> Files:
        """A dirty build: each generated page is a fingerprinted file in the cache, rewritten
        only when what it shows changed. After the first build of a `mkdocs serve` process
        MkDocs is handed only the pages to rebuild (see incremental.py)."""
        site = self.site
        assert site is not None
        home_source = self._take_home_page(files)
        site.roles.update(page_roles(site))
        if home_source is not None:
            site.roles["index.md"] = PageRole("home")
        # Only listing pages may be hand-written instead (asking MkDocs for every case page's
        # file costs a noticeable share of a rebuild at 20,000 cases).
        roles = {
            src_uri: role
            for src_uri, role in site.roles.items()
            if role.kind in ("home", "case") or files.get_file_from_path(src_uri) is None
        }
        # The installed theme does not change while serving; the project's overrides may.
        overrides = [config.theme.custom_dir] if config.theme.custom_dir else []
        context = incremental.context_signature(site, overrides, config.config_file_path)
        previous = self.live if self.live is not None and self.live.context == context else None
        changed = (self.changed or set()) if previous is not None else set()
        states, rebuilt = incremental.update_pages(
            site, roles, previous, changed, context, home_source
        )
        for src_uri in set(states) - set(roles):
            del states[src_uri]
            if previous is not None:
                self.removed_urls.add(self._remove_output(config, src_uri))
        handed = set(roles) if previous is None else incremental.pages_to_hand(site, roles, rebuilt)
        for src_uri in sorted(handed):
            path = site.cache_dir / "pages" / src_uri
            files.append(File.generated(config, src_uri, abs_src_path=str(path)))
        # The data files, like the pages, are files in the cache rewritten only when they
        # change; MkDocs is always handed them (the home page links to them) and copies them
        # only when they were rewritten.
        for path, content in self._changed_data(site, previous, changed, config):
            incremental.write_if_changed(site.cache_dir / "data" / path, content)
        for path in DATA_FILES:
            data_file = site.cache_dir / "data" / path
            files.append(File.generated(config, path, abs_src_path=str(data_file)))
        names = set()
        for variant_path in site.image_files():
            names.add(variant_path.name)
            if previous is None or variant_path.name not in previous.image_names:
                files.append(self._image_file(config, variant_path))
        self.pending = incremental.LiveState(site.graph, context, states, names)
        return files

    def _changed_data(
        self,
        site: SiteModel,
        previous: incremental.LiveState | None,
        changed: set[str],
        config: MkDocsConfig,
    ) -> list[tuple[str, str]]:
        """The open data and the feed, each unless the edit cannot have changed it (after the
        first build only the cases' parts an edit touches are made again)."""
        if previous is None:
            self.open_data.renew(site.graph)
            renewed = True
        else:
            renew = export.parts_to_renew(previous.graph, site.graph, changed)
            renewed = self.open_data.renew(site.graph, renew)
        data = open_data_files(site, self.open_data) if renewed else []
        if previous is None or incremental.feed_may_change(previous.graph, site.graph, changed):
            data.append(feed_file(site, site_name=config.site_name, site_url=config.site_url))
        return data

    def _remove_output(self, config: MkDocsConfig, src_uri: str) -> str:
        """A page gone since the last build (its case deleted, or made a draft) leaves the
        preview too. Returns its URL."""
        gone = File.generated(config, src_uri, content="")
        Path(gone.abs_dest_path).unlink(missing_ok=True)
        return gone.url

    def _take_home_page(self, files: Files) -> str | None:
        """In a dirty build the hand-written home page is regenerated like the others, since it
        shows counts, figures and cards from the whole corpus."""
        home = files.get_file_from_path("index.md")
        if home is None or home.abs_src_path is None:
            return None
        files.remove(home)
        return Path(home.abs_src_path).read_text(encoding="utf-8-sig")

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # MkDocs makes a new template environment for every build; the compiled templates are
        # kept, so `mkdocs serve` does not compile the theme again after each edit.
        env.bytecode_cache = self.template_cache
        return env

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        assert self.site is not None
        return pages.resolve_wikilinks(markdown, page.file.src_uri, self.site.graph)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.site is not None
        if self.site.role(page.file.src_uri).kind == "case":
            return sanitize_html(html)
        return html

    def on_page_context(
        self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any]:
        assert self.site is not None
        role: PageRole = self.site.role(page.file.src_uri)
        if page.meta.get("template") == "home.html":
            role = PageRole("home")
        context["showcase"] = self.site.view(role)
        if self.dirty:
            self.rebuilt_urls.add(page.url)
        return context

    # Higher than the default 0: before mkdocs-material's search plugin writes its index.
    @event_priority(50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.dirty:
            self.search_docs = incremental.complete_search_index(
                config, self.search_docs, self.rebuilt_urls | self.removed_urls
            )
            self.live, self.pending = self.pending, None
            # Under `mkdocs serve` the corpus stays in memory between rebuilds. Frozen, it is
            # not walked by the garbage collector again: without this, collections during the
            # next rebuild cost as much as the rebuild itself at 20,000 cases.
            gc.collect()
            gc.freeze()

    def on_build_error(self, *, error: Exception) -> None:
        # What the failed build had planned is not what the site shows: check everything next.
        self.live = self.pending = None

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return valid_theme_html(output)

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        # Static templates (404.html) carry the same theme markup as pages.
        return (
            valid_theme_html(output_content) if template_name.endswith(".html") else output_content
        )

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> None:
        project_dir = Path(config.config_file_path).parent
        self.watcher = watching.watch(
            server,
            [
                str(project_dir / self.config.content_dir),
                str(project_dir / self.config.images_dir),
            ],
        )

    def on_shutdown(self) -> None:
        if self.watcher is not None:
            self.watcher.stop()


def _log_progress(done: int, total: int) -> None:
    if total >= 20 and (done == total or done % 20 == 0):
        log.info(f"图片处理进度：{done}/{total}")
