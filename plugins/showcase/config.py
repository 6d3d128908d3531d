"""The plugin's options in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError

# Index and tag pages show at most this many entries each: at national scale one page of
# 14,000 workers would be 12 MB, and every edit to a worker would re-render it.
DEFAULT_PAGE_SIZE = 100


class PositiveInt(c.Type[int]):
    def run_validation(self, value: object) -> int:
        number = super().run_validation(value)
        if isinstance(number, bool) or number < 1:
            raise ValidationError(f"须为不小于 1 的整数，而不是 {value!r}")
        return number


class ShowcaseConfig(Config):
    # Both paths are relative to the folder holding mkdocs.yml.
    content_dir = c.Type(str, default="content")
    images_dir = c.Type(str, default="images")
    # Entries per index or tag page; more make further pages (workers/index/2/, …).
    page_size = PositiveInt(int, default=DEFAULT_PAGE_SIZE)
    # The forge the editor at /admin/ opens pull requests on: Decap CMS's `backend` settings
    # (name: github, gitlab or forgejo; repo; branch; and what the forge's sign-in needs).
    editor = c.Type(dict, default={})
