"""Contributor HTML is not trusted: bodies pass through the nh3 sanitiser (ammonia, in Rust)."""

from __future__ import annotations

import nh3

from showcase.parsing.links import is_remote

# What Markdown and the enabled extensions produce, and nothing that runs code.
_TAGS = nh3.ALLOWED_TAGS | {"input", "label", "section"}
_ATTRIBUTES = {
    **{tag: set(attrs) for tag, attrs in nh3.ALLOWED_ATTRIBUTES.items()},
    "*": {"class", "id", "title", "lang", "dir"},
    "a": {"href", "hreflang", "title"},
    "img": {"src", "alt", "width", "height", "title", "loading"},
    "details": {"open"},
    "ol": {"start", "type"},
    "input": {"type", "checked", "disabled"},
    # Markdown's tables write a column's alignment (|---:|) as a style on its cells; of a style
    # only text-align is kept (filter_style_properties below).
    "th": {*nh3.ALLOWED_ATTRIBUTES.get("th", ()), "style"},
    "td": {*nh3.ALLOWED_ATTRIBUTES.get("td", ()), "style"},
}
# Relative links are always allowed; of absolute ones only these schemes (no javascript:).
_URL_SCHEMES = {"http", "https", "mailto", "tel"}


def sanitize_html(html: str) -> str:
    """Removes script, style, iframe, event-handler attributes and dangerous URLs, and images
    from other hosts (`check` refuses those; this holds even for a form it did not spot)."""
    return nh3.clean(
        html,
        tags=_TAGS,
        clean_content_tags={"script", "style"},
        attributes=_ATTRIBUTES,
        attribute_filter=_local_images_only,
        url_schemes=_URL_SCHEMES,
        link_rel=None,
        filter_style_properties={"text-align"},
    )


def _local_images_only(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and is_remote(value):
        return None
    return value
