"""The plugin's options in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class ShowcaseConfig(Config):
    # Both paths are relative to the folder holding mkdocs.yml.
    content_dir = c.Type(str, default="content")
    images_dir = c.Type(str, default="images")
