"""MkDocs hooks of the showcase plugin. Each hook is a thin call into the modules beside it.

Order of work in a build: on_pre_build loads and validates every case file (before MkDocs
cleans the output folder, so a failed build leaves the previous site as it was); on_files adds
the generated pages, the image derivatives and the open data; the page hooks fill in links, the
template and its data, and sanitise contributor HTML. What is kept from one build to the next
under `mkdocs serve` lives in the session (serving/session.py).
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

from showcase.config import ShowcaseConfig
from showcase.output import search
from showcase.output.sanitize import sanitize_html
from showcase.output.theme_html import valid_theme_html
from showcase.problems import format_report
from showcase.routing import HOME_SRC_URI, IMAGE_URL_PREFIX
from showcase.serving import mkdocs_private, watching
from showcase.serving.plan import context_signature, write_if_changed
from showcase.serving.session import Session
from showcase.site import SiteModel, generated_files
from showcase.views.bodies import resolve_wikilinks
from showcase.views.identity import site_identity

log = get_plugin_logger(__name__)
DATA_FILES = ("data/cases.json", "data/stats.csv", "data/stats-zh.csv", "feed.xml")


class ShowcasePlugin(BasePlugin[ShowcaseConfig]):
    session: Session
    site: SiteModel | None = None
    serving = False  # `mkdocs serve`
    # mkdocs-material's search index after a dirty build (see mkdocs_private.py): the last
    # complete one, and the pages this build rebuilt or removed.
    search_docs: list[dict[str, Any]] | None = None
    replaced_urls: set[str]

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining this hook also keeps one plugin instance across `mkdocs serve` rebuilds, so
        # the session's caches live as long as the server.
        self.session = Session(dirty)
        self.serving = command == "serve"

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.replaced_urls = set()
        if self.session.dirty and self.search_docs is None:  # `build --dirty`: the last index
            self.search_docs = mkdocs_private.read_search_docs(
                Path(config.site_dir) / "search" / "search_index.json"
            )
        if self.serving:  # from the first build on, so the watcher's log misses nothing
            self.session.watch(self._watched(config))
        site, problems = self.session.load(_project_dir(config), self.config)
        if problems:
            raise PluginError(format_report(problems))
        self.site = site
        search.register_terms(search.search_terms(site.corpus, self.session.changed))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        site = self.site
        assert site is not None
        site.renditions = self.session.renditions(site, progress=_log_progress)
        if self.session.dirty:
            return self._dirty_files(site, files, config)
        names = {"site_name": config.site_name, "site_url": config.site_url}
        for src_uri, content in generated_files(site, files, **names):
            files.append(File.generated(config, src_uri, content=content))
        for variant_path in site.image_files():
            files.append(_image_file(config, variant_path))
        return files

    def _dirty_files(self, site: SiteModel, files: Files, config: MkDocsConfig) -> Files:
        """A dirty build: each generated page is a fingerprinted file in the cache, rewritten
        only when what it shows changed; after the first build of a `mkdocs serve` process
        MkDocs is handed only the pages to rebuild (serving/plan.py)."""
        home_source = _take_home_page(files)
        site.roles.update(self.session.page_roles(site))
        # Only listing pages may be hand-written instead (asking MkDocs for every case page's
        # file costs a noticeable share of a rebuild at 20,000 cases).
        roles = {
            src_uri: role
            for src_uri, role in site.roles.items()
            if role.kind in ("home", "case") or files.get_file_from_path(src_uri) is None
        }
        # The installed theme does not change while serving; the project's overrides may.
        overrides = [config.theme.custom_dir] if config.theme.custom_dir else []
        context = context_signature(site, overrides, config.config_file_path)
        rebuild = self.session.plan(site, roles, context, home_source)
        for src_uri in sorted(rebuild.removed):
            self.replaced_urls.add(_remove_output(config, src_uri))
        for src_uri in sorted(rebuild.hand):
            path = site.cache_dir / "pages" / src_uri
            files.append(File.generated(config, src_uri, abs_src_path=str(path)))
        # The data files, like the pages, are files in the cache rewritten only when they
        # change; MkDocs is always handed them (the home page links to them) and copies them
        # only when they were rewritten.
        names = {"site_name": config.site_name, "site_url": config.site_url}
        for path, content in self.session.data_files(site, **names):
            write_if_changed(site.cache_dir / "data" / path, content)
        for path in DATA_FILES:
            data_file = site.cache_dir / "data" / path
            files.append(File.generated(config, path, abs_src_path=str(data_file)))
        for variant_path in self.session.new_images(site):
            files.append(_image_file(config, variant_path))
        return files

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # MkDocs makes a new template environment for every build; the compiled templates are
        # kept, so `mkdocs serve` does not compile the theme again after each edit.
        env.bytecode_cache = self.session.templates
        # Every template (pages, 404.html) shows who runs the site in its footer.
        env.globals["identity"] = site_identity(self.config.identity)
        return env

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        assert self.site is not None
        return resolve_wikilinks(markdown, page.file.src_uri, self.site.graph)

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        assert self.site is not None
        if self.site.role(page.file.src_uri).kind == "case":
            return sanitize_html(html)
        return html

    def on_page_context(
        self, context: dict[str, Any], *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any]:
        assert self.site is not None
        context["showcase"] = self.session.view(self.site, page.file.src_uri)
        if self.session.dirty:
            self.replaced_urls.add(page.url)
        return context

    # Higher than the default 0: before mkdocs-material's search plugin writes its index.
    @event_priority(50)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.session.dirty:
            self.search_docs = mkdocs_private.complete_search_index(
                config, self.search_docs, self.replaced_urls
            )
            self.session.succeeded()
            # Under `mkdocs serve` the corpus stays in memory between rebuilds. Frozen, it is
            # not walked by the garbage collector again: without this, collections during the
            # next rebuild cost as much as the rebuild itself at 20,000 cases.
            gc.collect()
            gc.freeze()

    def on_build_error(self, *, error: Exception) -> None:
        self.session.failed()

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
        paths = self._watched(config)
        self.session.watcher = watching.watch(server, self.session.watcher, paths)

    def on_shutdown(self) -> None:
        if self.session.watcher is not None:
            self.session.watcher.stop()

    def _watched(self, config: MkDocsConfig) -> list[str]:
        project_dir = _project_dir(config)
        return [
            str(project_dir / self.config.content_dir),
            str(project_dir / self.config.images_dir),
        ]


def _project_dir(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent


def _image_file(config: MkDocsConfig, variant_path: Path) -> File:
    return File.generated(
        config, IMAGE_URL_PREFIX + variant_path.name, abs_src_path=str(variant_path)
    )


def _remove_output(config: MkDocsConfig, src_uri: str) -> str:
    """A page gone since the last build (its case deleted, or made a draft) leaves the preview
    too. Returns its URL."""
    gone = File.generated(config, src_uri, content="")
    Path(gone.abs_dest_path).unlink(missing_ok=True)
    return gone.url


def _take_home_page(files: Files) -> str | None:
    """In a dirty build the hand-written home page is regenerated like the others, since it
    shows counts, figures and cards from the whole corpus."""
    home = files.get_file_from_path(HOME_SRC_URI)
    if home is None or home.abs_src_path is None:
        return None
    files.remove(home)
    return Path(home.abs_src_path).read_text(encoding="utf-8-sig")


def _log_progress(done: int, total: int) -> None:
    if total >= 20 and (done == total or done % 20 == 0):
        log.info(f"图片处理进度：{done}/{total}")
