"""MkDocs hooks of the showcase plugin. Each hook is a thin call into the modules beside it.

Order of work in a build: on_config points MkDocs at a new folder beside the site folder (a
failed build of any kind leaves the previous site as it was; output/site_folder.py);
on_pre_build loads and validates every case file and checks what could fail later (bodies,
links); on_files adds
the generated pages, the image derivatives and the open data; the page hooks fill in links, the
template and its data, and sanitise contributor HTML; `mkdocs build` ends by making the output
publishable (output/publish.py, csp.py: compressed variants, manifest, cache and security
headers) and putting the new site in place of the old one. What is kept from one build to the
next under `mkdocs serve` lives in the session (serving/session.py).
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from showcase import csp, page_urls
from showcase.config import ShowcaseConfig
from showcase.output import page_split, publish, site_folder
from showcase.output.sanitize import sanitize_html
from showcase.output.theme_html import valid_theme_html
from showcase.problems import format_report
from showcase.routing import HOME_SRC_URI, IMAGE_URL_PREFIX
from showcase.serving import watching
from showcase.serving.plan import context_signature, write_if_changed
from showcase.serving.session import Session
from showcase.site import SiteModel, generated_files
from showcase.tools import cms
from showcase.views.bodies import resolve_wikilinks
from showcase.views.chrome import FrameCache, frame_key
from showcase.views.identity import site_identity

log = get_plugin_logger(__name__)
DATA_FILES = ("data/cases.json", "data/stats.csv", "data/stats-zh.csv", "feed.xml")


class ShowcasePlugin(BasePlugin[ShowcaseConfig]):
    session: Session
    site: SiteModel | None = None
    serving = False  # `mkdocs serve`: the search index is written in the background
    publishing = False  # `mkdocs build` with the publish step on (see on_startup)
    env: Environment | None = None  # this build's templates (the search records use them)
    output: site_folder.BuildOutput | None = None  # where this build writes (site_folder.py)
    split_files: Files | None = None  # the pages to split at the first page (page_split.py)
    split: page_split.PageSplit | None = None  # this build's split, once made

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining this hook also keeps one plugin instance across `mkdocs serve` rebuilds, so
        # the session's caches live as long as the server.
        self.session = Session(dirty)
        self.serving = command == "serve"
        # Not under `mkdocs serve`: its live-reload script is inline, and nothing is published.
        self.publishing = command in ("build", "gh-deploy") and self.config.publish.enabled

    # First of the plugins' on_config: the site folder is redirected, and warnings under
    # --strict counted, before another plugin can log one (see output/site_folder.py).
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.output = site_folder.begin(config, dirty=self.session.dirty)
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.serving:  # from the first build on, so the watcher's log misses nothing
            self.session.watch(self._watched(config))
        site, problems = self.session.load(_project_dir(config), self.config, Path(config.docs_dir))
        if problems:
            raise PluginError(format_report(problems))
        self.site = site

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        site = self.site
        assert site is not None
        site.renditions = self.session.renditions(site, progress=_log_progress)
        cms.add_admin_files(files, config, self.config, site)
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
            _remove_output(config, src_uri)
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

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        # The search records are made and indexed on the other core from here on (MkDocs has
        # cleaned the site folder), while MkDocs converts every page's Markdown on this one
        # and then renders the pages. Their template needs only the theme's own environment.
        if not self.serving:
            site = self.site
            assert site is not None
            search = self.session.search(site.cache_dir, background=False)
            env = config.theme.get_env()
            search.start(site.graph, site.renditions, env, Path(config.site_dir))
        return nav

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        # MkDocs makes a new template environment for every build; the compiled templates are
        # kept, so `mkdocs serve` does not compile the theme again after each edit.
        env.bytecode_cache = self.session.templates
        env.filters["url"] = page_urls.url_filter  # MkDocs' answers, computed once per path
        env.globals["showcase_csp_placeholder"] = csp.PLACEHOLDER if self.publishing else None
        # Every template (pages, 404.html) shows who runs the site in its footer.
        env.globals["identity"] = site_identity(self.config.identity)
        env.globals["frame_cache"] = FrameCache()  # the navigation is this build's
        self.env = env
        self.split = self.split_files = None
        if not self.serving:
            site = self.site
            assert site is not None
            case_pages = sum(role.kind == "case" for role in site.roles.values())
            threshold = self.config.parallel_from
            if not self.session.dirty and page_split.can_split(config.plugins, case_pages, threshold):
                self.split_files = files
                page_split.add_skip_template(env)
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
        src_uri = page.file.src_uri
        if self.split_files is not None:  # the first page of MkDocs' loop
            self.split = self._start_split(self.site, self.split_files)
            self.split_files = None
        if self.split is not None and self.split.helper_finished(src_uri):
            self.split.end_helper()
        if page.meta.get("template") == page_split.SKIP_TEMPLATE:
            return context  # the other process renders it
        context["showcase"] = self.session.view(self.site, src_uri)
        role = self.site.role(src_uri)
        context["showcase_frame"] = frame_key(role, page.url, bool(page.toc.items))
        return context

    def _start_split(self, site: SiteModel, files: Files) -> page_split.PageSplit:
        pages = {file.src_uri: file.page for file in files.documentation_pages()}
        case_pages = [src for src, role in site.roles.items() if role.kind == "case"]
        helper = page_split.helper_pages(list(pages), case_pages, page_split.HELPER_SHARE)
        split = page_split.PageSplit(helper)
        split.start(pages)
        log.debug(f"页面生成分为两个进程（第二个进程 {len(helper)} 页）")
        return split

    # Higher than the default 0, and than the publish step: the search bundle is in place
    # before anything is compressed and listed.
    @event_priority(50)
    def _finish_build(self, *, config: MkDocsConfig) -> None:
        site, env = self.site, self.env
        assert site is not None and env is not None
        if self.split is not None:
            if self.split.is_helper:  # its share is written (it normally ends before this)
                self.split.end_helper()
            failure = self.split.wait()
            if failure is not None:
                raise Abort(failure)
            split = self.split
            log.info(
                f"网页分两个进程生成：第二个进程生成 {len(split.helper)} 个案例页面，用时 "
                f"{split.helper_seconds:.1f} 秒；主进程生成其余页面，用时 {split.main_seconds:.1f} 秒"
            )
        search = self.session.search(site.cache_dir, background=self.serving)
        if self.serving:  # written in the background: the edited page is shown first
            search.publish(site.graph, site.renditions, env, Path(config.site_dir))
        else:
            written = search.finish()
            log.info(f"搜索索引：{written['records']} 个案例，用时 {written['seconds']:.2f} 秒")
        if self.session.dirty:
            self.session.succeeded()
            # Under `mkdocs serve` the corpus stays in memory between rebuilds. Frozen, it is
            # not walked by the garbage collector again: without this, collections during the
            # next rebuild cost as much as the rebuild itself at 20,000 cases.
            gc.collect()
            gc.freeze()

    # Lower than every other plugin's (the default is 0): the search plugin has written its
    # index, and any plugin that writes files after the build has written them, so what is
    # compressed, hashed and listed is final.
    @event_priority(-100)
    def _make_publishable(self, *, config: MkDocsConfig) -> None:
        if self.publishing:
            assert self.site is not None
            publish.publish_built_site(
                Path(config.site_dir),
                self.site.cache_dir,
                self.config.publish,
                self.session.dirty,
                sections={cms.ADMIN_DIR: cms.editor_header_policy(self.config)},
            )

    # Last of all, after the publish step: every output is written, so the new site replaces
    # the old one.
    @event_priority(-200)
    def _put_site_in_place(self, *, config: MkDocsConfig) -> None:
        assert self.output is not None
        site_folder.publish(self.output, log)

    on_post_build = CombinedEvent(_finish_build, _make_publishable, _put_site_in_place)

    def on_build_error(self, *, error: Exception) -> None:
        page = self.output.failing.page if self.output is not None else None
        case_file = self.site.case_file(page) if self.site is not None else None
        message = site_folder.failure_message(error, self.output, case_file)
        if self.split is not None and self.split.is_helper:  # the main process says it
            self.split.end_helper(message or f"{type(error).__name__}: {error}")
        if self.split is not None:
            self.split.abandon()
        self.session.failed()
        site_folder.abandon(self.output)
        if message:
            # Abort, not PluginError: MkDocs prints it as one line, `mkdocs serve` too.
            raise Abort(message) from error

    # Lower than every other plugin's (the default is 0): the policy's hashes are computed
    # from the page as it will be written, after anything another plugin adds to it.
    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        if self.split is not None and not self.split.renders(page.file.src_uri):
            return ""  # the other process writes it; MkDocs writes no empty page
        output = valid_theme_html(output)
        if self.publishing:
            output = publish.with_policy(
                output, page.content or "", page.file.src_uri, self.config.publish
            )
        return output

    @event_priority(-100)
    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        # Static templates (404.html) carry the same theme markup as pages.
        if not template_name.endswith(".html"):
            return output_content
        output = valid_theme_html(output_content)
        if self.publishing:
            output = publish.with_policy(output, "", template_name, self.config.publish)
        return output

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
