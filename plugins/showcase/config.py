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
    # The id of the case the home page leads with; unset, the most recently updated one.
    featured = c.Optional(c.Type(str))
    identity = c.SubConfig(IdentityConfig)
