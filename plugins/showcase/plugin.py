"""MkDocs hooks of the showcase plugin. Each hook is a thin call into the modules beside it.

Order of work in a build: on_pre_build loads and validates every case file (before MkDocs
cleans the output folder, so a failed build leaves the previous site as it was); on_files adds
the generated pages, the image derivatives and the open data; the page hooks fill in links, the
template and its data, and sanitise contributor HTML.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from showcase import images, incremental, pages, search
from showcase.config import ShowcaseConfig
from showcase.loader import ReadCache
from showcase.problems import format_report
from showcase.sanitize import sanitize_html
from showcase.site import PageRole, SiteModel, generated_files, load_site
from showcase.theme_html import valid_theme_html

log = get_plugin_logger(__name__)


class ShowcasePlugin(BasePlugin[ShowcaseConfig]):
    site: SiteModel | None = None
    dirty = False
    read_cache: ReadCache | None = None
    # Dirty builds: the last complete search index, and this build's pages and their entries.
    search_docs: list[dict[str, Any]] | None = None
    rebuilt_urls: set[str]
    fresh_search: list[dict[str, Any]]

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining this hook also keeps one plugin instance across `mkdocs serve` rebuilds, so
        # unchanged case files are not read again (read_cache).
        self.dirty = dirty
        self.read_cache: ReadCache = {}

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.rebuilt_urls, self.fresh_search = set(), []
        if self.dirty and self.search_docs is None:  # `mkdocs build --dirty`: the last index
            self.search_docs = incremental.read_search_docs(
                Path(config.site_dir) / "search" / "search_index.json"
            )
        project_dir = Path(config.config_file_path).parent
        site, problems = load_site(project_dir, self.config, self.read_cache)
        if problems:
            raise PluginError(format_report(problems))
        self.site = site
        search.register_terms(search.search_terms(site.corpus))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.site is not None
        self.site.renditions = images.derive_images(
            self.site.image_sources(),
            self.site.images_root,
            self.site.cache_dir / "images",
            progress=_log_progress,
        )
        generated = generated_files(
            self.site, files, site_name=config.site_name, site_url=config.site_url
        )
        if self.dirty:
            generated += self._home_page(files)
        for src_uri, content in generated:
            if self.dirty and src_uri.endswith(".md"):
                # Dirty builds: see incremental.py for why each page gets a fingerprinted file.
                view = self.site.view(self.site.role(src_uri))
                source = incremental.with_fingerprint(content, incremental.view_fingerprint(view))
                path = incremental.write_if_changed(self.site.cache_dir / "pages" / src_uri, source)
                files.append(File.generated(config, src_uri, abs_src_path=str(path)))
            else:
                files.append(File.generated(config, src_uri, content=content))
        for variant_path in self.site.image_files():
            files.append(
                File.generated(
                    config,
                    pages.IMAGE_URL_PREFIX + variant_path.name,
                    abs_src_path=str(variant_path),
                )
            )
        return files

    def _home_page(self, files: Files) -> list[tuple[str, str]]:
        """In a dirty build the hand-written home page is regenerated like the others, since it
        shows counts, figures and cards from the whole corpus."""
        assert self.site is not None
        home = files.get_file_from_path("index.md")
        if home is None or home.abs_src_path is None:
            return []
        files.remove(home)
        self.site.roles["index.md"] = PageRole("home")
        return [("index.md", Path(home.abs_src_path).read_text(encoding="utf-8-sig"))]

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
            # mkdocs-material's search hook has just indexed this page (it runs first).
            self.rebuilt_urls.add(page.url)
            self.fresh_search += incremental.new_search_entries(config, len(self.fresh_search))
        return context

    # Lower than the default 0: after mkdocs-material's search plugin has written its index.
    @event_priority(-50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.dirty:
            self.search_docs = incremental.merge_search_index(
                Path(config.site_dir) / "search" / "search_index.json",
                self.search_docs,
                self.rebuilt_urls,
                self.fresh_search,
            )

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
        server.watch(str(project_dir / self.config.content_dir))
        server.watch(str(project_dir / self.config.images_dir))


def _log_progress(done: int, total: int) -> None:
    if total >= 20 and (done == total or done % 20 == 0):
        log.info(f"图片处理进度：{done}/{total}")
