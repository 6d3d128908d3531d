"""MkDocs hooks of the showcase plugin. Each hook is a thin call into the modules beside it."""

from __future__ import annotations

from mkdocs.plugins import BasePlugin, get_plugin_logger

from showcase.config import ShowcaseConfig

log = get_plugin_logger(__name__)


class ShowcasePlugin(BasePlugin[ShowcaseConfig]):
    pass
