"""The publishable folder: what `mkdocs build` adds so that any static host serves the site well.

After the build (and after every other plugin, the search index included, has written its
files):

- every text file gets a `.gz` (gzip, level 9) and a `.br` (brotli) beside it, for servers that
  send pre-compressed files (nginx `gzip_static`/`brotli_static`) and for buckets that store
  them. Both are reproducible: no time, no file name in the gzip header, the same bytes for the
  same file on every build. They are cached by content in `.cache/showcase/compressed`, so a
  rebuild compresses only files that changed;
- `_publish/manifest.json` lists every served file with its size, SHA-256, cache rule and the
  sizes and hashes of its compressed variants (the bucket upload reads it);
- the cache rules and security headers are written for nginx (`_publish/nginx.conf`, a complete
  `server` block) and for hosts that read a `_headers` file (Netlify, Cloudflare Pages, …).

Cache rules: a file whose name carries a hash of its content (the photos' derivatives, the
theme's bundles) is cached for a year as immutable; everything else — pages, feeds, open data,
the search index, unhashed scripts — is revalidated on every use (`no-cache`), so readers never
see a stale page and an unchanged file costs a 304.
"""

from __future__ import annotations

import contextlib
import fnmatch
import gzip
import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import brotli
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from mkdocs.plugins import get_plugin_logger

from showcase import csp
from showcase.config import PublishConfig

log = get_plugin_logger(__name__)

# Text a server sends compressed; images and fonts are compressed already.
TEXT_SUFFIXES = frozenset(
    {".html", ".css", ".js", ".mjs", ".json", ".xml", ".svg", ".txt", ".csv", ".map"}
    | {".webmanifest", ".ics", ".md"}
)
GZIP_LEVEL = 9
# Folder (in the site) of the files for the host, never served; `_headers` must be at the root.
PUBLISH_DIR = "_publish"
HOST_FILES = ("_headers",)
# Files whose names change with their content (paths without the leading slash). The theme's
# bundles, stylesheets and search worker carry 8 hex digits of their hash (`bundle.a5f9d56c.min.js`
# and its source map); the photos' derivatives are named `<12 hex digits>-<width>.<format>`
# (images.py).
IMMUTABLE_PATTERNS = (
    r"^assets/(javascripts|stylesheets)/(.+/)?[a-z]+\.[0-9a-f]{8}\.min\.(js|css)(\.map)?$",
    r"^assets/images/[0-9a-f]{12}-[0-9]+\.(webp|jpg|png)$",
    # Pagefind names its index, fragment, filter and metadata files by their content.
    r"^pagefind/(fragment|index|filter)/",
    r"^pagefind/pagefind\.[a-z_-]+_[0-9a-f]+\.pf_meta$",
)
IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
# Security headers. A script, stylesheet or image ignores the document ones, which are long (the
# policy lists every inline script's hash): sent with every file over HTTP/1.1 they cost a
# phone's first view about 1 KiB per file, so only documents carry them.
EVERY_RESPONSE = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}
DOCUMENT_HEADERS = {
    # For browsers older than CSP's frame-ancestors.
    "X-Frame-Options": "DENY",
    "Permissions-Policy": (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
        "microphone=(), payment=(), usb=()"
    ),
}
# Content types that are documents (an SVG opened by itself can run scripts).
DOCUMENT_TYPES = ("text/html", "image/svg+xml")
# Cloudflare Pages reads at most 100 rules from `_headers`; beyond that a file keeps the host's
# default (revalidated), which is safe, only less cached.
MAX_HEADER_RULES = 90
TEMPLATES = Path(__file__).parent / "publish_templates"
# Below this many bytes to compress, starting worker processes costs more than it saves.
PARALLEL_MIN_BYTES = 1 << 20


@dataclass
class PublishReport:
    files: int = 0
    compressed: int = 0  # text files that have variants
    freshly_compressed: int = 0  # of which not found in the cache
    policy: str = ""
    pages_without_policy: list[str] = field(default_factory=list)  # inline scripts, no meta


def is_text(path: str) -> bool:
    return PurePosixPath(path).suffix.lower() in TEXT_SUFFIXES


def cache_rule(path: str, immutable: Sequence[re.Pattern[str]]) -> str:
    """`immutable` for a file named by its content, else `revalidate`."""
    return "immutable" if any(p.search(path) for p in immutable) else "revalidate"


def compile_patterns(extra: Iterable[str]) -> list[re.Pattern[str]]:
    return [re.compile(pattern) for pattern in (*IMMUTABLE_PATTERNS, *extra)]


# --- Compression --------------------------------------------------------------------------


def gzip_bytes(data: bytes) -> bytes:
    # gzip.compress writes no file name; mtime 0 keeps the build time out of the header.
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


def brotli_bytes(data: bytes, quality: int) -> bytes:
    return brotli.compress(data, quality=quality)


def _compress_pair(job: tuple[str, str, int]) -> tuple[str, bytes, bytes]:
    path, file_path, quality = job
    data = Path(file_path).read_bytes()
    return path, gzip_bytes(data), brotli_bytes(data, quality)


@dataclass(frozen=True)
class Variant:
    """A compressed copy in the cache: its file, and the size and SHA-256 the manifest lists."""

    path: Path
    size: int
    sha256: str


# The suffixes of a text file's variants, and the manifest's names for their encodings.
ENCODINGS = (("gz", "gzip"), ("br", "br"))


class CompressionCache:
    """Compressed variants by the SHA-256 of the original and the settings. A variant's file
    name also carries its own size and SHA-256 (`<digest>-<settings>-<size>-<sha256>.gz`), so a
    build lists the folder once, and places each cached variant in the site as a hard link,
    without reading or writing its bytes."""

    def __init__(self, folder: Path, quality: int) -> None:
        self.folder = folder
        self.settings = f"gzip{GZIP_LEVEL}-br{quality}-{brotli.__version__}"
        self.used: set[Path] = set()
        self._known: dict[tuple[str, str], Variant] | None = None  # (digest, suffix)

    def _listing(self) -> dict[tuple[str, str], Variant]:
        if self._known is None:
            self._known = {}
            for path in self.folder.glob("*/*") if self.folder.is_dir() else ():
                stem, _, suffix = path.name.rpartition(".")
                head, size, sha256 = (stem.rsplit("-", 2) + ["", ""])[:3]
                digest = head[:64]
                if head == f"{digest}-{self.settings}" and size.isdigit() and len(sha256) == 64:
                    self._known[(digest, suffix)] = Variant(path, int(size), sha256)
        return self._known

    def get(self, digest: str) -> tuple[Variant, Variant] | None:
        known = self._listing()
        pair = tuple(known.get((digest, suffix)) for suffix, _ in ENCODINGS)
        if pair[0] is None or pair[1] is None:
            return None
        self.used.update(variant.path for variant in pair)  # type: ignore[union-attr]
        return pair  # type: ignore[return-value]

    def put(self, digest: str, gz: bytes, br: bytes) -> tuple[Variant, Variant]:
        folder = self.folder / digest[:2]
        folder.mkdir(parents=True, exist_ok=True)
        pair = []
        for (suffix, _), data in zip(ENCODINGS, (gz, br), strict=True):
            sha256 = hashlib.sha256(data).hexdigest()
            path = folder / f"{digest}-{self.settings}-{len(data)}-{sha256}.{suffix}"
            if not path.exists():
                _replace(path, data)
            variant = Variant(path, len(data), sha256)
            self._listing()[(digest, suffix)] = variant
            self.used.add(path)
            pair.append(variant)
        return pair[0], pair[1]

    def prune(self) -> None:
        """Forgets what this build did not use (after a full build: the cache stays one site)."""
        if not self.folder.exists():
            return
        for path in self.folder.glob("*/*"):
            if path not in self.used:
                path.unlink()


def _replace(path: Path, data: bytes) -> None:
    """Writes a new file in place of `path` (never into it: it may be a hard link to a cached
    variant)."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.exists() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return False
    _replace(path, data)
    return True


def place_variant(variant: Variant, destination: Path) -> None:
    """The cached variant at `destination`: a hard link (no bytes copied), or a copy where the
    cache is on another file system. Left alone when it is already there."""
    try:
        if os.path.samefile(variant.path, destination):
            return
        destination.unlink()
    except FileNotFoundError:
        pass
    try:
        os.link(variant.path, destination)
    except OSError:
        shutil.copyfile(variant.path, destination)


def write_variants(
    site_dir: Path,
    text_files: Sequence[str],
    digests: Mapping[str, str],
    cache: CompressionCache,
    quality: int,
) -> tuple[int, dict[str, tuple[Variant, Variant]]]:
    """Places `<file>.gz` and `<file>.br` beside every text file. Returns how many were
    compressed now (the others came from the cache), and every text file's variants."""
    placed: dict[str, tuple[Variant, Variant]] = {}
    missing = []
    for path in text_files:
        cached = cache.get(digests[path])
        if cached is None:
            missing.append(path)
        else:
            _place_pair(site_dir / path, cached)
            placed[path] = cached
    jobs = [(path, str(site_dir / path), quality) for path in missing]
    total = sum((site_dir / path).stat().st_size for path in missing)
    workers = os.cpu_count() or 1
    with contextlib.ExitStack() as stack:
        if workers > 1 and total >= PARALLEL_MIN_BYTES and len(jobs) > 1:
            pool = stack.enter_context(ProcessPoolExecutor(max_workers=workers))
            results: Iterable[tuple[str, bytes, bytes]] = pool.map(
                _compress_pair, jobs, chunksize=8
            )
        else:
            results = map(_compress_pair, jobs)
        # Written as they come, so the compressed site is never held in memory at once.
        for path, gz, br in results:
            pair = cache.put(digests[path], gz, br)
            _place_pair(site_dir / path, pair)
            placed[path] = pair
    return len(missing), placed


def _place_pair(original: Path, pair: tuple[Variant, Variant]) -> None:
    for (suffix, _), variant in zip(ENCODINGS, pair, strict=True):
        place_variant(variant, original.with_name(f"{original.name}.{suffix}"))


def remove_stale_variants(site_dir: Path, variants: Iterable[str]) -> None:
    """A `.gz`/`.br` whose original is gone (a dirty build removed the page) goes too."""
    for variant in variants:
        original = site_dir / variant[: variant.rindex(".")]
        if not original.exists():
            (site_dir / variant).unlink()


# --- The files of the site ----------------------------------------------------------------


def served_files(site_dir: Path) -> tuple[list[str], list[str]]:
    """(every file a reader may be sent, every compressed variant we wrote), as sorted paths
    relative to the site. Our variants are `.gz`/`.br` files beside a text file."""
    files, variants = [], []
    for root, dirs, names in os.walk(site_dir):
        dirs.sort()
        relative = Path(root).relative_to(site_dir).as_posix()
        if relative == PUBLISH_DIR:
            dirs.clear()
            continue
        for name in sorted(names):
            path = name if relative == "." else f"{relative}/{name}"
            if path in HOST_FILES:
                continue
            if name.endswith((".br", ".gz")) and is_text(name[: name.rindex(".")]):
                variants.append(path)
            else:
                files.append(path)
    return files, variants


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def manifest_entries(
    site_dir: Path,
    files: Sequence[str],
    digests: Mapping[str, str],
    immutable: Sequence[re.Pattern[str]],
    variants: Mapping[str, tuple[Variant, Variant]],
) -> list[dict[str, object]]:
    entries = []
    for path in files:
        entry: dict[str, object] = {
            "path": path,
            "size": (site_dir / path).stat().st_size,
            "sha256": digests[path],
            "cache": cache_rule(path, immutable),
        }
        if path in variants:
            by_name = {name: v for (_, name), v in zip(ENCODINGS, variants[path], strict=True)}
            entry["encodings"] = {
                name: {"size": by_name[name].size, "sha256": by_name[name].sha256}
                for name in ("br", "gzip")
            }
        entries.append(entry)
    return entries


# --- Rules for hosts ------------------------------------------------------------------------


def _glob_regex(pattern: str) -> re.Pattern[str]:
    # In `_headers` a `*` matches any characters, slashes included (fnmatch's `*` does too).
    return re.compile(fnmatch.translate(pattern))


_HASH_RUN = re.compile(r"[0-9a-f]{8,}")


def _candidate_globs(path: str) -> Iterator[str]:
    """From broad to exact: the site's files of this type, the folder's, the name with its hash
    as `*`, the file itself."""
    posix = PurePosixPath("/" + path)
    folder = posix.parent.as_posix().rstrip("/")
    if posix.suffix:
        yield f"/*{posix.suffix}"
        yield f"{folder}/*{posix.suffix}"
    if _HASH_RUN.search(posix.name):
        yield f"{folder}/{_HASH_RUN.sub('*', posix.name, count=1)}"
    yield posix.as_posix()


def header_globs(files: Sequence[str], rules: Mapping[str, str], wanted: str) -> list[str]:
    """`_headers` patterns covering the files whose cache rule is `wanted` and no other file.

    `_headers` has globs, not regular expressions, and every matching rule applies (a second
    Cache-Control would be joined to the first), so a broad pattern is used only where every
    file of the site it matches has the same rule.
    """
    others = ["/" + path for path in files if rules[path] != wanted]
    chosen: list[str] = []
    chosen_regexes: list[re.Pattern[str]] = []
    for path in files:
        if rules[path] != wanted or any(r.match("/" + path) for r in chosen_regexes):
            continue
        for glob in _candidate_globs(path):
            regex = _glob_regex(glob)
            if not any(regex.match(other) for other in others):
                chosen.append(glob)
                chosen_regexes.append(regex)
                break
    return chosen


def _template_env() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # configuration files, not HTML
    )


@dataclass(frozen=True)
class NginxSettings:
    listen: str
    server_name: str
    root: str
    brotli: bool


def nginx_location_regex(pattern: re.Pattern[str]) -> str:
    """A path pattern (without the leading slash) as an nginx `location ~` regex on the URI."""
    source = pattern.pattern
    body = source[1:] if source.startswith("^") else f".*{source}"
    return '"^/' + body.replace('"', r"\"") + '"'


def document_headers(policy: str) -> dict[str, str]:
    return {"Content-Security-Policy": policy, **DOCUMENT_HEADERS}


def nginx_variable(header: str) -> str:
    """The nginx variable holding a document header's value (empty for other files)."""
    return "$showcase_" + header.lower().replace("-", "_")


def section_variable(folder: str) -> str:
    """The nginx variable holding the policy of a folder with a policy of its own."""
    return "$showcase_csp_" + re.sub(r"[^a-z0-9]", "_", folder.lower())


def render_nginx(
    settings: NginxSettings,
    policy: str,
    immutable: Sequence[re.Pattern[str]],
    sections: Mapping[str, str] | None = None,
) -> str:
    return (
        _template_env()
        .get_template("nginx.conf.j2")
        .render(
            settings=settings,
            every_response=EVERY_RESPONSE,
            document_headers=document_headers(policy),
            sections=dict(sections or {}),
            section_variable=section_variable,
            document_types=[re.escape(kind) for kind in DOCUMENT_TYPES],
            variable=nginx_variable,
            immutable_locations=[nginx_location_regex(p) for p in immutable],
            immutable=IMMUTABLE,
            revalidate=REVALIDATE,
            publish_dir=PUBLISH_DIR,
            host_files=HOST_FILES,
        )
    )


# Pages are asked for by their folder's address (`/cities/huaian/`), rarely as index.html.
PAGE_URL_GLOBS = ("/", "/*/", "/*.html")


def render_headers(
    policy: str,
    files: Sequence[str],
    rules: Mapping[str, str],
    sections: Mapping[str, str] | None = None,
) -> str:
    """The `_headers` file: security headers for everything, then the cache rules. Immutable
    rules come first, so the limit on rules can only cost revalidation rules, which say what
    the hosts do anyway."""
    immutable = header_globs(files, rules, "immutable")
    revalidate = [g for g in header_globs(files, rules, "revalidate") if g not in PAGE_URL_GLOBS]
    room = MAX_HEADER_RULES - 1 - len(PAGE_URL_GLOBS) - len(sections or {})
    kept_immutable = immutable[:room]
    kept_revalidate = revalidate[: max(0, room - len(kept_immutable))]
    return (
        _template_env()
        .get_template("_headers.j2")
        .render(
            every_response=EVERY_RESPONSE,
            document_headers=document_headers(policy),
            page_globs=PAGE_URL_GLOBS,
            sections=dict(sections or {}),
            immutable_globs=kept_immutable,
            revalidate_globs=kept_revalidate,
            left_out=len(immutable) + len(revalidate) - len(kept_immutable) - len(kept_revalidate),
            immutable=IMMUTABLE,
            revalidate=REVALIDATE,
        )
    )


# --- The whole step -----------------------------------------------------------------------


def publish_site(
    site_dir: Path,
    cache_dir: Path,
    *,
    quality: int,
    csp_sources: Mapping[str, Iterable[str]],
    extra_immutable: Iterable[str],
    nginx: NginxSettings,
    full_build: bool,
    sections: Mapping[str, str] | None = None,
) -> PublishReport:
    """Compresses, lists and states the headers of the built site in `site_dir`.

    `sections`: folders (`admin`) whose pages carry a policy of their own, sent with the
    folder's responses instead of the site's."""
    sections = dict(sections or {})
    report = PublishReport()
    immutable = compile_patterns(extra_immutable)
    files, variants = served_files(site_dir)
    remove_stale_variants(site_dir, variants)
    digests = {path: file_digest(site_dir / path) for path in files}

    page_hashes = []
    for path in files:
        if not path.endswith(".html") or path.split("/", 1)[0] in sections:
            continue
        page = (site_dir / path).read_text(encoding="utf-8", errors="replace")
        hashes = csp.page_hashes(page)
        if hashes is not None:
            page_hashes.append(hashes)
        elif csp.inline_scripts(page):
            report.pages_without_policy.append(path)
    policy = csp.serialize(csp.site_policy(csp_sources, page_hashes))

    text_files = [path for path in files if is_text(path)]
    cache = CompressionCache(cache_dir, quality)
    report.freshly_compressed, variants = write_variants(
        site_dir, text_files, digests, cache, quality
    )
    if full_build:
        cache.prune()

    rules = {path: cache_rule(path, immutable) for path in files}
    publish = site_dir / PUBLISH_DIR
    publish.mkdir(exist_ok=True)
    manifest = {
        "files": manifest_entries(site_dir, files, digests, immutable, variants),
        # Headers every response carries, and those of documents (HTML and SVG) only.
        "headers": {
            "every": EVERY_RESPONSE,
            "documents": document_headers(policy),
            # Documents of these folders: their own Content-Security-Policy instead.
            "sections": {f"/{folder}/": value for folder, value in sections.items()},
        },
        "cache_control": {"immutable": IMMUTABLE, "revalidate": REVALIDATE},
    }
    _write_if_changed(
        publish / "manifest.json",
        (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode("utf-8"),
    )
    _write_if_changed(
        publish / "nginx.conf", render_nginx(nginx, policy, immutable, sections).encode("utf-8")
    )
    _write_if_changed(
        site_dir / "_headers", render_headers(policy, files, rules, sections).encode("utf-8")
    )

    report.files = len(files)
    report.compressed = len(text_files)
    report.policy = policy
    return report


def publish_built_site(
    site_dir: Path,
    cache_dir: Path,
    options: PublishConfig,
    dirty: bool,
    sections: Mapping[str, str] | None = None,
) -> PublishReport:
    """The plugin's last step of `mkdocs build`, with its options; tells the maintainer."""
    report = publish_site(
        site_dir,
        cache_dir / "compressed",
        quality=options.brotli_quality,
        csp_sources=options.csp_sources,
        extra_immutable=options.immutable,
        nginx=NginxSettings(
            listen=str(options.nginx_listen),
            server_name=options.nginx_server_name,
            root=options.nginx_root,
            brotli=options.nginx_brotli,
        ),
        # A dirty build saw only some files: the cache keeps what the others need.
        full_build=not dirty,
        sections=sections,
    )
    log.info(
        f"发布文件：{report.files} 个文件，其中 {report.compressed} 个文本文件附 .gz 与 .br"
        f"（本次新压缩 {report.freshly_compressed} 个）；清单与 nginx 配置在 {PUBLISH_DIR}/"
    )
    for path in report.pages_without_policy:
        log.warning(
            f"{path}: 页面有内联脚本，却没有主题写入的内容安全策略 meta（不是主题生成的页面），"
            "按网站的策略这些脚本不会运行"
        )
    return report


def with_policy(output: str, body: str, source: str, options: PublishConfig) -> str:
    """A final page with its Content-Security-Policy meta. Inline scripts in the page's body
    never run; the writer of a hand-written page is told so."""
    output, refused = csp.fill_meta(output, body, options.csp_sources)
    if refused:
        log.warning(
            f"{source}: 正文中有 {refused} 段内联脚本，内容安全策略不允许它们运行；脚本请放到 "
            "site_src/overrides/assets/javascripts/ 并在 mkdocs.yml 的 extra_javascript 中引用"
        )
    return output
