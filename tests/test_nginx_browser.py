"""The published site as readers get it: served by the real nginx with the server block the build
generated, opened in Chromium with the Content-Security-Policy enforced.

nginx runs on 127.0.0.1 from a temporary folder (scripts/local_nginx.py), loads the brotli module
that the generated block uses (Debian: libnginx-mod-http-brotli-static, which .ci/run installs)
and is stopped at the end of the module.
"""

from __future__ import annotations

import json
import logging
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Response

from conftest import FIXTURES, REPO, make_project, run_mkdocs_build
from helpers.search_browsing import ENGINES, ask
from helpers.search_queries import Query
from showcase import csp
from showcase.output import publish
from showcase.plugin import ShowcasePlugin
from showcase.tools import cms

sys.path.insert(0, str(REPO / "scripts"))
from local_nginx import BROTLI_MODULE, free_port, running_nginx  # noqa: E402

VIEWPORTS = {"phone": (390, 844), "desktop": (1280, 800)}
# Every kind of page the site has, and the 404 page.
PAGE_TYPES = [
    "",
    "cities/",
    "enterprises/",
    "workers/",
    "sources/",
    "metrics/",
    "metrics/skills-training/",
    "tags/",
    "tags/产业集群/",
    "about/",
    "cities/huaian/",
    "cities/zhutang/",
    "enterprises/zhangshuanglou-mine/",
    "workers/ma-ben/",
    "sources/jiangsu-bulletin-2024-08/",
    "no-such-page/",
]
# Listens before any page script runs (init scripts are not subject to the page's policy).
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push({directive: event.violatedDirective, blocked: event.blockedURI,
                            sample: event.sample});
});
"""


def nginx_env(site: Path, port: int) -> dict[str, str]:
    return {
        "NGINX_LISTEN": f"127.0.0.1:{port}",
        "NGINX_ROOT": str(site),
        "NGINX_BROTLI": "true",
    }


def require_brotli_module() -> None:
    if not BROTLI_MODULE.exists():
        pytest.fail(
            f"nginx's brotli module is missing ({BROTLI_MODULE}): "
            "apt-get install libnginx-mod-http-brotli-static (.ci/run installs it)"
        )


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The shipped content built for nginx and served by it: (base URL, site folder)."""
    require_brotli_module()
    port = free_port()
    site = tmp_path_factory.mktemp("nginx") / "site"
    result = run_mkdocs_build(REPO, "--site-dir", str(site), env=nginx_env(site, port))
    assert result.returncode == 0, result.stderr
    with running_nginx(site, port):
        yield f"http://127.0.0.1:{port}/", site


@dataclass
class Watched:
    page: Page
    errors: list[str] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)

    def violations(self) -> list[dict[str, str]]:
        return self.page.evaluate("window.__violations")


def watched_page(browser: Browser, size: str, **options: object) -> Watched:
    width, height = VIEWPORTS[size]
    page = browser.new_page(viewport={"width": width, "height": height}, **options)
    watched = Watched(page)
    page.add_init_script(WATCH_VIOLATIONS)
    page.on("console", lambda m: m.type == "error" and watched.errors.append(m.text))
    page.on("pageerror", lambda error: watched.errors.append(str(error)))
    page.on("response", lambda response: watched.responses.append(response))
    return watched


@pytest.fixture(params=list(VIEWPORTS))
def watched(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Watched]:
    watched = watched_page(browser, request.param)
    yield watched
    watched.page.close()


def manifest(site: Path) -> dict:
    return json.loads((site / "_publish/manifest.json").read_text(encoding="utf-8"))


def stated_policy(site: Path) -> str:
    return manifest(site)["headers"]["documents"]["Content-Security-Policy"]


@pytest.mark.parametrize("url", PAGE_TYPES)
def test_every_page_type_under_the_policy(
    watched: Watched, served: tuple[str, Path], url: str
) -> None:
    base, site = served
    page = watched.page
    response = page.goto(base + url, wait_until="networkidle")
    assert response is not None
    missing = url == "no-such-page/"
    assert response.status == (404 if missing else 200)
    policy = stated_policy(site)
    assert response.headers["content-security-policy"] == policy
    assert "'unsafe-inline'" not in policy and "frame-ancestors 'none'" in policy
    assert watched.violations() == []
    expected_errors = (
        ["Failed to load resource: the server responded with a status of 404 (Not Found)"]
        if missing
        else []
    )
    assert watched.errors == expected_errors
    # Everything came from the site, the text compressed with brotli.
    for answer in watched.responses:
        assert answer.url.startswith(base) or answer.url.startswith("data:"), answer.url
        path = answer.url[len(base) :].split("?")[0]
        if (
            answer.url.startswith(base)
            and answer.status == 200
            and publish.is_text(path or "index.html")
        ):
            assert answer.headers.get("content-encoding") == "br", answer.url
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_search_works_under_the_policy(watched: Watched, served: tuple[str, Path]) -> None:
    """The site's search box: Pagefind's script and WebAssembly load under the policy (its
    WebAssembly needs 'wasm-unsafe-eval') and the first result is the case searched for."""
    base, _ = served
    page = watched.page
    query = Query("马奔", ("workers/ma-ben/",), "name")
    results = ask(page, base, ENGINES["showcase"], query)
    assert results and results[0] == "workers/ma-ben/", results
    assert watched.violations() == [] and watched.errors == []


def test_lightbox_works_under_the_policy(watched: Watched, served: tuple[str, Path]) -> None:
    base, _ = served
    page = watched.page
    page.goto(base + "cities/huaian/", wait_until="networkidle")
    page.locator(".sc-gallery a.sc-gallery__link").first.click()
    dialog = page.locator(".sc-lightbox[role=dialog]")
    dialog.wait_for(state="visible")
    page.wait_for_function(
        """() => { const img = document.querySelector(".sc-lightbox__img");
                   return img && img.complete && img.naturalWidth > 0; }""",
        timeout=10_000,
    )
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "() => document.querySelector('.sc-lightbox__counter').textContent.startsWith('2')"
    )
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert watched.violations() == [] and watched.errors == []


def test_filter_works_under_the_policy(watched: Watched, served: tuple[str, Path]) -> None:
    base, _ = served
    page = watched.page
    page.goto(base + "cities/", wait_until="networkidle")

    def names() -> list[str]:
        return page.locator(".sc-entry:visible .sc-entry__name a").all_inner_texts()

    assert "淮安市" in names() and "祝塘镇" in names()
    page.locator("[data-sc-filter-input]").fill("祝塘")
    assert "祝塘镇" in names() and "淮安市" not in names()
    assert watched.violations() == [] and watched.errors == []


# --- Headers, straight from nginx ---------------------------------------------------------


def fetch(url: str, accept_encoding: str | None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url)
    if accept_encoding is not None:
        request.add_header("Accept-Encoding", accept_encoding)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, {k.lower(): v for k, v in answer.headers.items()}, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def sample_files(site: Path) -> list[dict]:
    """One file of each kind: pages, feed, open data, search index, theme bundle, unhashed
    script, photo derivative, favicon."""
    entries = {entry["path"]: entry for entry in manifest(site)["files"]}
    wanted = [
        "index.html",
        "cities/huaian/index.html",
        "feed.xml",
        "data/cases.json",
        "data/stats.csv",
        "pagefind/pagefind-entry.json",
        "sitemap.xml",
        "assets/javascripts/lightbox.js",
        "assets/stylesheets/showcase.css",
        "assets/images/favicon.png",
    ]
    wanted.append(next(p for p in entries if p.startswith("assets/javascripts/bundle.")))
    wanted.append(next(p for p in entries if p.startswith("assets/stylesheets/main.")))
    wanted.append(next(p for p in entries if p.startswith("assets/images/") and "-" in p))
    return [entries[path] for path in wanted]


def url_of(base: str, path: str) -> str:
    return base + (path.removesuffix("index.html") if path.endswith("index.html") else path)


@pytest.mark.parametrize(
    "accept, encoding, suffix",
    [("gzip, deflate, br", "br", ".br"), ("gzip", "gzip", ".gz"), (None, None, "")],
)
def test_responses_carry_the_compressed_encoding_and_the_stated_cache_rule(
    served: tuple[str, Path], accept: str | None, encoding: str | None, suffix: str
) -> None:
    base, site = served
    stated = manifest(site)
    for entry in sample_files(site):
        status, headers, body = fetch(url_of(base, entry["path"]), accept)
        assert status == 200, entry["path"]
        text = publish.is_text(entry["path"])
        assert headers.get("content-encoding") == (encoding if text else None), entry["path"]
        sent = suffix if text else ""
        assert body == (site / (entry["path"] + sent)).read_bytes(), entry["path"]
        if text:
            assert headers["vary"] == "Accept-Encoding"
        assert headers["cache-control"] == stated["cache_control"][entry["cache"]], entry["path"]
        for name, value in stated["headers"]["every"].items():
            assert headers[name.lower()] == value, (entry["path"], name)
        # The policy and the other document headers come with pages only.
        document = entry["path"].endswith(".html")
        for name, value in stated["headers"]["documents"].items():
            assert headers.get(name.lower()) == (value if document else None), entry["path"]
    rules = {entry["cache"] for entry in sample_files(site)}
    assert rules == {"immutable", "revalidate"}


def test_missing_pages_get_the_404_page_with_the_headers(served: tuple[str, Path]) -> None:
    base, site = served
    status, headers, body = fetch(base + "no/such/page/", "br")
    assert status == 404
    assert headers["content-encoding"] == "br" and body == (site / "404.html.br").read_bytes()
    assert headers["content-security-policy"] == stated_policy(site)
    assert headers["cache-control"] == "no-cache"


@pytest.mark.parametrize("path", ["_publish/nginx.conf", "_publish/manifest.json", "_headers"])
def test_files_for_the_host_are_not_served(served: tuple[str, Path], path: str) -> None:
    base, _ = served
    assert fetch(base + path, None)[0] == 404


# --- A script smuggled past a weakened sanitiser -----------------------------------------

SMUGGLED_PAGE = "workers/wang-wu.md"
SMUGGLED = (
    "\n\n<script>document.documentElement.dataset.smuggled = 'script';</script>\n\n"
    '<p><img src="../../feed.xml" alt="" '  # a page of the site, not a picture: error
    "onerror=\"document.documentElement.dataset.smuggledHandler = 'onerror'\"></p>\n"
)


@dataclass
class SmuggledSite:
    base: str
    site: Path
    warnings: list[str]


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture(scope="module")
def smuggled_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SmuggledSite]:
    """The mini corpus with inline script in a worker's body, built in-process with the
    sanitiser off for that one page, served by nginx."""
    require_brotli_module()
    project = make_project(tmp_path_factory.mktemp("smuggled"), FIXTURES / "mini")
    case_file = project / "content" / SMUGGLED_PAGE
    case_file.write_text(case_file.read_text(encoding="utf-8") + SMUGGLED, encoding="utf-8")
    port = free_port()
    site = project / "site"
    with pytest.MonkeyPatch.context() as patch:
        for name, value in nginx_env(site, port).items():
            patch.setenv(name, value)
        sanitising = ShowcasePlugin.on_page_content

        def weakened(self, html, *, page, config, files):  # noqa: ANN001, ANN202
            if page.file.src_uri == SMUGGLED_PAGE:
                return html  # the sanitiser, deliberately skipped for this page only
            return sanitising(self, html, page=page, config=config, files=files)

        patch.setattr(ShowcasePlugin, "on_page_content", weakened)
        warnings = Collect()
        logging.getLogger("mkdocs").addHandler(warnings)
        try:
            build_in_process(project)
        finally:
            logging.getLogger("mkdocs").removeHandler(warnings)
    page = (site / "workers/wang-wu/index.html").read_text(encoding="utf-8")
    assert "dataset.smuggled = 'script'" in page and "onerror=" in page, "not smuggled"
    with running_nginx(site, port):
        yield SmuggledSite(f"http://127.0.0.1:{port}/", site, warnings.messages)


def build_in_process(project: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(config_file=str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def test_a_smuggled_inline_script_is_blocked(browser: Browser, smuggled_site: SmuggledSite) -> None:
    watched = watched_page(browser, "phone")
    page = watched.page
    page.goto(smuggled_site.base + "workers/wang-wu/", wait_until="networkidle")
    page.wait_for_function("() => window.__violations.length >= 4", timeout=5_000)
    dataset = page.evaluate("({...document.documentElement.dataset})")
    assert "smuggled" not in dataset and "smuggledHandler" not in dataset
    directives = sorted(v["directive"] for v in watched.violations())
    # Each refused by both policies, the header's and the meta element's.
    assert directives == ["script-src-attr"] * 2 + ["script-src-elem"] * 2
    # Chromium says so in the console, and nothing else went wrong.
    assert watched.errors and all(
        "violates the following Content Security Policy directive" in e for e in watched.errors
    ), watched.errors
    # The page's own scripts still ran: the theme took the page over (its search works).
    assert page.evaluate("document.documentElement.classList.contains('js')")
    page.close()


def test_without_the_policy_the_smuggled_script_would_run(
    browser: Browser, smuggled_site: SmuggledSite
) -> None:
    """The control: the same page with the policy bypassed runs both, so the test above shows
    the policy, not a broken script."""
    watched = watched_page(browser, "phone", bypass_csp=True)
    watched.page.goto(smuggled_site.base + "workers/wang-wu/", wait_until="networkidle")
    watched.page.wait_for_function(
        "() => document.documentElement.dataset.smuggledHandler === 'onerror'", timeout=5_000
    )
    assert watched.page.evaluate("document.documentElement.dataset.smuggled") == "script"
    watched.page.close()


@pytest.mark.slow  # a real mkdocs build
def test_the_policy_leaves_the_smuggled_script_out_and_the_build_says_so(
    smuggled_site: SmuggledSite,
) -> None:
    page = (smuggled_site.site / "workers/wang-wu/index.html").read_text(encoding="utf-8")
    smuggled = csp.script_hash("document.documentElement.dataset.smuggled = 'script';")
    assert smuggled not in (csp.page_hashes(page) or {"missing"})
    assert smuggled not in stated_policy(smuggled_site.site)
    assert smuggled_site.warnings == [
        "showcase: workers/wang-wu.md: 正文中有 1 段内联脚本，内容安全策略不允许它们运行；"
        "脚本请放到 site_src/overrides/assets/javascripts/ 并在 mkdocs.yml 的 "
        "extra_javascript 中引用"
    ]


def test_the_editor_runs_under_its_own_policy(watched: Watched, served: tuple[str, Path]) -> None:
    """Decap CMS compiles with `new Function` and styles with inline <style>: under the site's
    policy it stops at "Error loading the CMS configuration". /admin/ gets its own."""
    base, site = served
    page = watched.page
    response = page.goto(base + "admin/", wait_until="networkidle")
    assert response is not None and response.status == 200
    editor_policy = manifest(site)["headers"]["sections"]["/admin/"]
    assert response.headers["content-security-policy"] == editor_policy
    assert editor_policy != stated_policy(site)
    script_src = next(d for d in editor_policy.split("; ") if d.startswith("script-src"))
    assert script_src == "script-src 'self' 'unsafe-eval'"
    page.get_by_role("button", name="使用 GitHub 登录").wait_for()
    assert watched.violations() == []
    # The only failure: Decap looks for the local backend of `python build.py editor`, which
    # this test does not start.
    local_backend = f"127.0.0.1:{cms.LOCAL_PROXY_PORT}/"
    failed = [answer.url for answer in watched.responses if answer.status >= 400]
    assert failed == [] and all("ERR_CONNECTION_REFUSED" in error for error in watched.errors), (
        watched.errors
    )
    for answer in watched.responses:
        assert answer.url.startswith(base) or local_backend in answer.url, answer.url
