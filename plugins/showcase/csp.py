"""The site's Content-Security-Policy, made at build time from the pages as built.

No inline script runs unless the build saw the theme (or the plugin's templates) put it there:
script-src carries the sha256 hash of each such script, never 'unsafe-inline'. An inline script
inside a page's body (the Markdown, which for case pages is contributor HTML) is never hashed,
so one that got past the sanitiser is still refused by the browser.

Each page gets the policy with its own hashes as a `<meta http-equiv>` (filled in once the page
is final, see `fill_meta`); the policy for the response headers (nginx, `_headers`) is the union
of every page's hashes, read back from the built pages (`site_policy`), so a dirty build that
rewrote only some pages still states every page's scripts. Browsers ignore `frame-ancestors` in
a meta policy (and Chromium reports it as an error), so the meta leaves it out: only a header can
forbid framing.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Iterable, Mapping

# Written by the theme override (partials/showcase/csp-meta.html) where the policy goes; the page
# is final only after every template and plugin has had it, so the hashes come last.
PLACEHOLDER = "showcase-csp-placeholder"

# The strict base: everything from the site itself, images also inline (the theme's icons are
# data: URLs in its CSS), nothing that frames, plugs in or posts elsewhere.
BASE_POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    # The site's search runs Pagefind's WebAssembly, which needs 'wasm-unsafe-eval' (it allows
    # compiling WebAssembly only; JavaScript eval stays refused).
    "script-src": ("'self'", "'wasm-unsafe-eval'"),
    "style-src": ("'self'",),
    "img-src": ("'self'", "data:"),
    "font-src": ("'self'",),
    "connect-src": ("'self'",),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
    "frame-ancestors": ("'none'",),
}
# The contributors' editor (Decap CMS at /admin/) cannot run under the site's policy: it compiles
# its configuration's schema with `new Function` (ajv) and styles itself with inline <style>
# (emotion). It gets a policy of its own, sent only with its own folder: eval and inline styles
# there, never on the pages readers see; no inline script anywhere; connections only to the
# site, the forge's API and the local backend of `python build.py editor`.
EDITOR_POLICY: dict[str, tuple[str, ...]] = {
    **BASE_POLICY,
    "script-src": ("'self'", "'unsafe-eval'"),
    "style-src": ("'self'", "'unsafe-inline'"),
    # Photos being uploaded (blob:) and previews of images already in the repository, which the
    # forge serves from its own hosts.
    "img-src": ("'self'", "data:", "blob:", "https:"),
    "font-src": ("'self'", "data:"),
}


def editor_policy(connect: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """The editor's policy, allowed to connect to `connect` (origins) besides the site."""
    policy = dict(EDITOR_POLICY)
    # blob: the editor reads an uploaded photo back with fetch() before it saves it.
    policy["connect-src"] = ("'self'", "blob:", *dict.fromkeys(connect))
    return policy


# Directives a site may extend (csp_sources in mkdocs.yml) besides those above.
EXTENSIBLE = set(BASE_POLICY) | {
    "worker-src",
    "media-src",
    "frame-src",
    "manifest-src",
    "child-src",
}
# Ignored by browsers when the policy comes from a <meta> element.
META_IGNORED = ("frame-ancestors", "report-uri", "sandbox")
# Sources that would undo what the policy is for, per directive.
FORBIDDEN = {
    "script-src": ("'unsafe-inline'", "*", "data:", "http:", "https:"),
    "default-src": ("'unsafe-inline'", "*"),
    "object-src": ("*",),
}

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_SRC_ATTRIBUTE = re.compile(r"""\ssrc\s*=""", re.IGNORECASE)
_TYPE_ATTRIBUTE = re.compile(r"""\stype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
# Types a browser runs; any other (application/json, …) is a data block that CSP never checks.
_SCRIPT_TYPES = {"", "module", "text/javascript", "application/javascript", "text/ecmascript"}
_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', re.IGNORECASE)
_HASH_SOURCE = re.compile(r"'sha256-[A-Za-z0-9+/]+=*'")


def script_hash(source: str) -> str:
    """The CSP source allowing one inline script: its text's SHA-256, as browsers compute it."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_scripts(markup: str) -> list[str]:
    """The text of every inline script a browser would run (no src, a script type)."""
    found = []
    for match in _SCRIPT.finditer(markup):
        attributes, body = match.groups()
        if _SRC_ATTRIBUTE.search(attributes):
            continue
        declared = _TYPE_ATTRIBUTE.search(attributes)
        if declared is None or declared.group(1).lower() in _SCRIPT_TYPES:
            found.append(body)
    return found


def trusted_hashes(output: str, body: str) -> tuple[set[str], int]:
    """The hashes of a page's inline scripts outside its body, and how many the body has.

    `body` is the page's Markdown rendered (and, for case pages, sanitised): its scripts come
    from whoever wrote the page, never from the theme, so they stay out of the policy.
    """
    untrusted = inline_scripts(body) if body else []
    outside = output.replace(body, "") if body else output
    return {script_hash(script) for script in inline_scripts(outside)}, len(untrusted)


def validate_sources(sources: object) -> dict[str, tuple[str, ...]]:
    """csp_sources from mkdocs.yml as a checked mapping; ValueError (in Chinese) otherwise."""
    if not isinstance(sources, Mapping):
        raise ValueError("须为“指令: [来源, …]”的映射，例如 {script-src: [\"'wasm-unsafe-eval'\"]}")
    checked: dict[str, tuple[str, ...]] = {}
    for directive, values in sources.items():
        if directive not in EXTENSIBLE:
            allowed = "、".join(sorted(EXTENSIBLE))
            raise ValueError(f"不认识的指令 {directive!r}；可以扩展的指令：{allowed}")
        if isinstance(values, str) or not isinstance(values, list):
            raise ValueError(f"{directive} 的来源须写成列表，例如 [https://example.org]")
        for value in values:
            if not isinstance(value, str) or not value or re.search(r"[\s;,]", value):
                raise ValueError(
                    f"{directive} 的来源 {value!r} 须是一个不含空格、分号和逗号的来源，"
                    "例如 https://example.org 或 'wasm-unsafe-eval'"
                )
            if value in FORBIDDEN.get(directive, ()):
                raise ValueError(
                    f"{directive} 不能加入 {value}：它会让注入的脚本也能运行；"
                    "内联脚本请改为 assets/javascripts 下的文件"
                )
        checked[directive] = tuple(values)
    return checked


def build_policy(
    extra: Mapping[str, Iterable[str]], hashes: Iterable[str]
) -> dict[str, tuple[str, ...]]:
    """The base policy, the configured extra sources and the inline scripts' hashes."""
    policy = dict(BASE_POLICY)
    for directive, sources in extra.items():
        current = policy.get(directive, BASE_POLICY["default-src"])
        policy[directive] = current + tuple(s for s in sources if s not in current)
    policy["script-src"] = policy["script-src"] + tuple(sorted(set(hashes)))
    return policy


def serialize(policy: Mapping[str, Iterable[str]], *, meta: bool = False) -> str:
    """The header value; for a <meta> element without the directives browsers ignore there."""
    parts = [
        " ".join((directive, *sources))
        for directive, sources in policy.items()
        if not (meta and directive in META_IGNORED)
    ]
    return "; ".join(parts)


def fill_meta(output: str, body: str, extra: Mapping[str, Iterable[str]]) -> tuple[str, int]:
    """A final page with its policy in the meta element the theme override left for it.

    Returns the page and how many inline scripts its body has (none of which will run).
    """
    if PLACEHOLDER not in output:
        return output, 0
    hashes, untrusted = trusted_hashes(output, body)
    policy = serialize(build_policy(extra, hashes), meta=True)
    # Only the first: the head's element comes before anything a body could contain.
    attribute = html.escape(policy, quote=False).replace('"', "&quot;")  # ' stays readable
    return output.replace(PLACEHOLDER, attribute, 1), untrusted


def page_hashes(page_html: str) -> set[str] | None:
    """The script hashes of the policy a built page carries, None if it carries none."""
    match = _META.search(page_html)
    if match is None:
        return None
    return set(_HASH_SOURCE.findall(html.unescape(match.group(1))))


def site_policy(
    extra: Mapping[str, Iterable[str]], pages: Iterable[set[str]]
) -> dict[str, tuple[str, ...]]:
    """The policy for the response headers: every page's scripts allowed."""
    hashes: set[str] = set()
    for page in pages:
        hashes |= page
    return build_policy(extra, hashes)
