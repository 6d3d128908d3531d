"""The plugin's options in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError

from showcase import csp

# Index and tag pages show at most this many entries each: at national scale one page of
# 14,000 workers would be 12 MB, and every edit to a worker would re-render it.
DEFAULT_PAGE_SIZE = 100


class PositiveInt(c.Type[int]):
    def run_validation(self, value: object) -> int:
        number = super().run_validation(value)
        if isinstance(number, bool) or number < 1:
            raise ValidationError(f"须为不小于 1 的整数，而不是 {value!r}")
        return number


class CspSources(c.Type[dict]):
    def run_validation(self, value: object) -> dict:
        try:
            return csp.validate_sources(super().run_validation(value))
        except ValueError as error:
            raise ValidationError(str(error)) from None


class PublishConfig(Config):
    """What `mkdocs build` adds for static hosts (publish.py, csp.py); README "Publishing"."""

    # Compressed variants, manifest, cache and security headers; off: the plain MkDocs output.
    enabled = c.Type(bool, default=True)
    # 11, brotli's best, costs 2.4 times the CPU of 10 for files 2.4% smaller (measured at
    # 1,000 cases, README "Publishing"); at 20,000 cases that is minutes of a cold build.
    brotli_quality = c.Choice(range(12), default=10)
    # Extra sources per CSP directive, e.g. {"script-src": ["'wasm-unsafe-eval'"]}.
    csp_sources = CspSources(dict, default={})
    # Regular expressions (on the path without the leading slash) of further files whose
    # names change with their content, so they may be cached for a year.
    immutable = c.ListOfItems(c.Type(str), default=[])
    # The generated nginx server block (`_publish/nginx.conf`).
    nginx_listen = c.Type((str, int), default="80")
    nginx_server_name = c.Type(str, default="_")
    nginx_root = c.Type(str, default="/var/www/chanegai")
    # Needs nginx's brotli module (Debian: libnginx-mod-http-brotli-static); nginx refuses to
    # start on a directive it does not know, so it is off unless asked for.
    nginx_brotli = c.Type(bool, default=False)


class ContactConfig(Config):
    """How readers reach the organiser; each line is shown in the footer only when set."""

    phone = c.Optional(c.Type(str))  # 联系电话
    email = c.Optional(c.Type(str))  # 电子邮箱, linked with mailto:
    address = c.Optional(c.Type(str))  # 通信地址


class IdentityConfig(Config):
    """Who puts their name to the portal: shown in every page's footer and on the About page.
    Every option is optional and shown only when set (no organisation is invented for it)."""

    organiser = c.Optional(c.Type(str))  # 主办单位
    co_organisers = c.ListOfItems(c.Type(str), default=[])  # 协办单位
    contact = c.SubConfig(ContactConfig)
    icp = c.Optional(c.Type(str))  # ICP 备案号, linked to the MIIT record search
    police_record = c.Optional(c.Type(str))  # 公安机关备案号, linked to the MPS record search
    # The repository holding the case files: the About page links its contributor guide.
    repository = c.Optional(c.URL())


class ShowcaseConfig(Config):
    # Both paths are relative to the folder holding mkdocs.yml.
    content_dir = c.Type(str, default="content")
    images_dir = c.Type(str, default="images")
    # Entries per index or tag page; more make further pages (workers/index/2/, …).
    page_size = PositiveInt(int, default=DEFAULT_PAGE_SIZE)
    publish = c.SubConfig(PublishConfig)
    # The forge the editor at /admin/ opens pull requests on: Decap CMS's `backend` settings
    # (name: github, gitlab or forgejo; repo; branch; and what the forge's sign-in needs).
    editor = c.Type(dict, default={})
    # The id of the case the home page leads with; unset, the most recently updated one.
    featured = c.Optional(c.Type(str))
    identity = c.SubConfig(IdentityConfig)
    # `mkdocs build` renders the case pages in two processes (output/page_split.py) when the
    # machine has two cores or more and the site has at least this many case pages.
    parallel_from = c.Type(int, default=500)
