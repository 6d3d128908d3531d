"""The site's search index: Pagefind, fed from the plugin's own data, written into the site.

Every published case becomes one search record (drafts never do), whether or not its file has
a body: its name, summary, tags, stat labels and notes, position, honour titles, its
enterprise's and city's names, a source's publisher, date and issue, the body as text, and the
gallery's captions. Each part carries a weight (the name most, the body least), so a case's own
page ranks above pages that merely mention it. Names also carry their pinyin, whole and by
initials (淮安市: huaianshi, huai an shi, has), and every tail of the name (安市, 市), so a
reader finds a name by any part of it however the browser's segmenter cuts the query.

Pagefind (https://pagefind.app, the `pagefind[extended]` wheel: its binary segments Chinese)
splits the index into fragments: a query fetches only the words' chunks it needs and the
fragments of the results it shows, so what one query transfers does not grow with the corpus.
Records are HTML (the template partials/showcase/search-record.html) handed to Pagefind's Python
API, since only HTML carries per-part weights (`data-pagefind-weight`); nothing is read back
from the built pages.

`mkdocs build` writes the index before it finishes. Under `mkdocs serve` the index is written in
a background process (nice 19) after each rebuild, from records kept for unchanged cases, so an
edit is shown as fast as before and search catches up a few seconds later (README).
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import gc
import hashlib
import importlib.metadata
import json
import multiprocessing
import multiprocessing.connection
import os
import pickle
import re
import shutil
import subprocess
import sys
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from showcase.domain import KINDS, Case
from showcase.graph import Graph
from showcase.models import UNDATED
from showcase.output.images import Rendition
from showcase.parsing.links import replace_wikilinks
from showcase.routing import IMAGE_URL_PREFIX, case_url

OUTPUT_FOLDER = "pagefind"
LANGUAGE = "zh"
RECORD_TEMPLATE = "partials/showcase/search-record.html"
# Pagefind also writes its ready-made UIs, and a web worker the search box does without
# (search.js: noWorker); this site has its own UI (assets/javascripts/search.js).
UNUSED_BUNDLE_FILES = (
    "pagefind-worker.js",
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
# Filter names as the search box shows them (Pagefind keys its filters by these names).
FILTERS = ("类别", "省份", "城市", "行业", "荣誉级别", "主题")

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_NOT_WORD = re.compile(r"[^\w]+")
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_BLOCKS = re.compile(r"<[^>]+>|^\s{0,3}(?:#{1,6}|>|[-*+]|\d+\.)\s+|\|", re.M)
_MARKDOWN_INLINE = re.compile(r"[*_`~]+")
NAME_TAILS_MAX = 40  # a name's tails are indexed up to this many characters of it

# How much a match in each part of a record counts (Pagefind squares weights, 0 to 10): the
# name most, then what identifies a case (a source's publisher and issue), its pinyin, its
# summary, its terms (tags, position, honours, stat labels), the places and firms it names,
# and the body least.
WEIGHTS = {
    "name": 10.0,
    "identity": 8.0,
    "pinyin": 6.0,
    "summary": 4.0,
    "terms": 3.0,
    "context": 2.0,
    "text": 1.0,
}
# A source document mentions many places and people; readers look for those first, so what a
# source says counts a third of what a case says about itself (0.58² ≈ 1/3), as the theme's
# search boost did. Its name, publisher and issue keep their full weight.
MENTION_SCALE = {"source": 0.58}
MENTION_PARTS = ("summary", "terms", "context", "text")


@dataclass(frozen=True)
class SearchRecord:
    """What the index holds of one case, as plain text grouped by weight."""

    url: str  # site-relative: cities/huaian/
    kind: str  # 城市, 企业, 劳模工匠 or 出处
    name: str
    summary: str
    cover: str | None  # site-relative URL of the smallest rendition of its cover
    name_keys: str  # the name's tails and pinyin, space-separated (searchable metadata)
    term_keys: str  # the terms' tails, space-separated (searchable metadata)
    pinyin: str  # the name's pinyin, space-separated (searchable text)
    identity: tuple[str, ...]  # a source's publisher and issue
    terms: tuple[str, ...]  # tags, position, honours, stat labels
    context: tuple[str, ...]  # places, enterprise, industry, date, authors…
    text: tuple[str, ...]  # body, captions, stat notes
    filters: dict[str, list[str]] = field(default_factory=dict)
    weights: dict[str, float] = field(default_factory=dict)  # part -> weight (WEIGHTS)


# --- Records -------------------------------------------------------------------------------


def case_record(
    case: Case,
    graph: Graph,
    renditions: dict[str, Rendition],
    pinyin: Callable[[str], list[str]] | None = None,
) -> SearchRecord:
    """The search record of a published case; `pinyin` gives a name's pinyin (name_pinyin, or
    a PinyinCache's)."""
    pinyin = pinyin or name_pinyin
    spoken = pinyin(case.name)
    fields = case.fields
    city = _city_of(case, graph)
    enterprise = graph.cases.get(getattr(fields, "enterprise", None) or "")
    province = _province_of(case, city)
    terms = [*fields.tags, *(stat.label for stat in fields.stats)]
    context: list[str] = []
    identity: list[str] = []
    honour_levels: list[str] = []
    industry = None
    if case.kind == "city":
        parent = graph.cases.get(fields.parent or "")
        context += [fields.province, fields.level, parent.name if parent else ""]
    elif case.kind == "enterprise":
        parent = graph.cases.get(fields.parent or "")
        industry = fields.industry
        context += [fields.industry, fields.ownership or "", parent.name if parent else ""]
    elif case.kind == "worker":
        terms += [fields.position or "", *(honor.title for honor in fields.honors)]
        honour_levels = [honor.level for honor in fields.honors if honor.level]
        industry = enterprise.fields.industry if enterprise else None
    else:
        identity += [fields.publisher, fields.issue or ""]
        context += fields.authors
        if fields.date != UNDATED:
            context.append(str(fields.date))
    context += [enterprise.name if enterprise else "", city.name if city else "", province or ""]
    text = [body_text(case.front.body, graph)]
    text += [image.caption for image in fields.gallery]
    text += [f"{stat.display}{stat.note or ''}" for stat in fields.stats]
    filters = {
        "类别": [KINDS[case.kind].label],
        "省份": [province] if province else [],
        "城市": [city.name] if city else [],
        "行业": [industry] if industry else [],
        "荣誉级别": list(dict.fromkeys(honour_levels)),
        "主题": list(dict.fromkeys(tag.strip() for tag in fields.tags)),
    }
    return SearchRecord(
        url=case_url(case),
        kind=KINDS[case.kind].label,
        name=case.name,
        summary=case.summary,
        cover=_cover_url(case, renditions),
        name_keys=" ".join(name_keys(case.name, spoken)),
        term_keys=" ".join(term_keys(terms)),
        pinyin=" ".join(spoken),
        identity=_nonempty(identity),
        terms=_nonempty(terms),
        context=_nonempty(context),
        text=_nonempty(text),
        filters={name: values for name, values in filters.items() if values},
        weights=weights_of(case.kind),
    )


def weights_of(kind: str) -> dict[str, float]:
    scale = MENTION_SCALE.get(kind, 1.0)
    return {
        part: round(weight * scale, 2) if part in MENTION_PARTS else weight
        for part, weight in WEIGHTS.items()
    }


def _nonempty(parts: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(part.strip() for part in parts if part and part.strip()))


def _city_of(case: Case, graph: Graph) -> Case | None:
    """A city's own page counts as in that city; others are in the city they name, or a
    worker in its enterprise's city (graph.city_of, without recording reads)."""
    if case.kind == "city":
        return case
    if case.kind == "source":
        return None
    own = getattr(case.fields, "city", None)
    if not own and case.kind == "worker":
        employer = graph.all_cases.get(case.fields.enterprise or "")
        own = getattr(employer.fields, "city", None) if employer else None
    return graph.cases.get(own or "")


def _province_of(case: Case, city: Case | None) -> str | None:
    return city.fields.province if city is not None else None


def _cover_url(case: Case, renditions: dict[str, Rendition]) -> str | None:
    """The smallest JPEG/PNG rendition of the case's cover (a result shows it small)."""
    src = case.cover_src
    rendition = renditions.get(src) if src else None
    if rendition is None:
        return None
    variants = [v for v in rendition.variants if v.format != "webp"] or list(rendition.variants)
    if not variants:
        return None
    return IMAGE_URL_PREFIX + min(variants, key=lambda v: v.width).filename


def body_text(body: str, graph: Graph) -> str:
    """A case body as plain text: [[id]] links read as the names they show, Markdown markup
    and HTML tags dropped (search needs the words, not the layout)."""

    def name(link: Any) -> str:
        case = graph.all_cases.get(link.target)
        return link.text or (case.name if case else link.target)

    text = replace_wikilinks(body, name)
    text = _MARKDOWN_LINK.sub(r"\1", text)
    text = _MARKDOWN_INLINE.sub("", _MARKDOWN_BLOCKS.sub(" ", text))
    return re.sub(r"\s+", " ", text).strip()


def tails(text: str, limit: int = NAME_TAILS_MAX) -> list[str]:
    """Every tail of a text that starts with a Chinese character (淮安市: 淮安市, 安市, 市),
    with punctuation and spaces left out and full-width forms folded."""
    compact = "".join(_NOT_WORD.split(unicodedata.normalize("NFKC", text).lower()))[:limit]
    return [compact[start:] for start in range(len(compact)) if _CJK.match(compact[start])]


def term_keys(terms: Iterable[str]) -> list[str]:
    """The tails of a case's short terms (a position such as 副矿长, honour titles, tags, stat
    labels), so that 矿长 finds 副矿长 however the browser cuts the query."""
    return list(dict.fromkeys(tail for term in terms for tail in tails(term, 20)))


def name_keys(name: str, pinyin: list[str] | None = None) -> list[str]:
    """Every tail of the name (淮安市, 安市, 市: any part of a name is the start of one), then
    its pinyin (name_pinyin, unless given). Pagefind matches a query word against the start of
    indexed words, and the browser cuts a Chinese query into words its own way; with every tail
    indexed, each piece of a name the browser makes still finds the name."""
    spoken = name_pinyin(name) if pinyin is None else pinyin
    return list(dict.fromkeys([*tails(name), *spoken]))


def name_pinyin(name: str) -> list[str]:
    """The name's pinyin: whole (huaianshi), by syllable (huai an shi) and by initials (has).
    Digits and Latin letters in a name stay as they are (3D模型: 3dmoxing, 3dmx)."""
    from pypinyin import lazy_pinyin  # imported when indexing: loading it costs 0.7 s

    pieces = [
        piece.lower()
        for piece in lazy_pinyin(unicodedata.normalize("NFKC", name), errors="default")
        if _NOT_WORD.sub("", piece)
    ]
    if not pieces or not _CJK.search(name):
        return []
    syllables = [_NOT_WORD.sub("", piece) for piece in pieces]
    initials = "".join(piece[0] if piece.isalpha() else piece for piece in syllables)
    return list(dict.fromkeys(["".join(syllables), *syllables, initials]))


@dataclass
class PinyinCache:
    """Names' pinyin kept on disk between builds: loading pypinyin's dictionaries costs half a
    second, and names rarely change."""

    path: Path
    known: dict[str, list[str]] = field(default_factory=dict)
    changed: bool = False

    @classmethod
    def load(cls, path: Path) -> PinyinCache:
        try:
            known = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            known = {}
        return cls(path, known if isinstance(known, dict) else {})

    def __call__(self, name: str) -> list[str]:
        if name not in self.known:
            self.known[name] = name_pinyin(name)
            self.changed = True
        return self.known[name]

    def save(self) -> None:
        if self.changed:
            _write_atomically(self.path, json.dumps(self.known, ensure_ascii=False))
            self.changed = False


def record_html(record: SearchRecord, template: Any) -> str:
    """The HTML Pagefind indexes for a record (template: partials/showcase/search-record.html)."""
    return template.render(record=dataclasses.asdict(record), filter_names=FILTERS)


# --- Record files, kept across `mkdocs serve` rebuilds ---------------------------------------


@dataclass
class RecordFiles:
    """The records as HTML files in a folder shaped like the site (cities/huaian/index.html),
    which Pagefind indexes in one call (its Python API answers one message per tenth of a
    second, so 20,000 records sent one by one would take over half an hour).

    Within one process a record is rendered and written again only when the case or a case it
    names changed (the loader keeps unchanged cases as the same objects across rebuilds): after
    an edit under `mkdocs serve`, only the edited cases' records. A new process (every
    `mkdocs build`) finds out the same from a digest of each record's sources kept beside the
    folder (`record_digest`: the files' contents of the case and the cases it names, valid while
    the renditions, the record template and the plugin's code are the same: `inputs_digest`)."""

    folder: Path
    pinyin: Callable[[str], list[str]] = name_pinyin
    keys: dict[str, tuple[Any, ...]] = field(default_factory=dict)  # url -> what it was made of
    renditions: Any = None
    template_key: Any = None
    digests: dict[str, str] = field(default_factory=dict)  # url -> record_digest of its file
    inputs: str = ""  # the inputs_digest the digests hold for

    @property
    def digests_file(self) -> Path:
        return self.folder.with_name("record-digests.json")

    def update(
        self,
        graph: Graph,
        renditions: dict[str, Rendition],
        template: Any,
        template_key: Any = None,
    ) -> int:
        """Brings the folder up to date with the published cases; returns how many record
        files were written. Every record is made again when the photos' renditions or the
        record template (template_key) changed; in a new process, those whose sources' digest
        differs from the one kept; a record file is written only when it differs from the one
        in the folder (a build with no case changed writes none), and the folder's records of
        cases no longer published go."""
        found: set[str] = set()
        if not self.keys or renditions != self.renditions or template_key != self.template_key:
            found = _record_urls(self.folder)
            self.keys = {}
            self.renditions, self.template_key = renditions, template_key
            self.inputs = inputs_digest(renditions, template_key)
            self.digests = _load_digests(self.digests_file, self.inputs)
        fresh: dict[str, tuple[Any, ...]] = {}
        digests: dict[str, str] = {}
        written = 0
        for case in graph.cases.values():
            url = case_url(case)
            key = _record_key(case, graph)
            old = self.keys.get(url)
            if (
                old is None
                or len(old) != len(key)
                or any(a is not b for a, b in zip(old, key, strict=True))
            ):
                digest = record_digest(key)
                if url not in found or self.digests.get(url) != digest:
                    record = case_record(case, graph, renditions, self.pinyin)
                    html = record_html(record, template)
                    written += _write_if_different(self.folder / url / "index.html", html)
                digests[url] = digest
            else:
                digests[url] = self.digests[url]
            fresh[url] = key
        # Unpublished or deleted since the last update, or since the folder was written.
        for url in (self.keys.keys() | found) - fresh.keys():
            shutil.rmtree(self.folder / url, ignore_errors=True)
        self.keys = fresh
        if digests != self.digests:
            kept = {"inputs": self.inputs, "records": digests}
            _write_atomically(self.digests_file, json.dumps(kept))
        self.digests = digests
        return written


def content_digest(case: Case | None) -> str:
    """A digest of a case file's contents as read (its fields and body): the same in any
    process for the same file. Kept with the file's version (FrontMatter.derived)."""
    if case is None:
        return "-"
    derived = case.front.derived
    if "content_digest" not in derived:
        text = json.dumps(
            [case.id, case.kind, case.front.data, case.front.body],
            sort_keys=True,
            ensure_ascii=False,
            default=str,
        )
        derived["content_digest"] = hashlib.sha1(text.encode("utf-8")).hexdigest()
    return derived["content_digest"]


def record_digest(key: tuple[Any, ...]) -> str:
    """The digest of what a record is made from (_record_key's cases, by their contents)."""
    text = "|".join(content_digest(case) for case in key)
    return hashlib.sha1(text.encode("ascii")).hexdigest()


def inputs_digest(renditions: dict[str, Rendition], template_key: Any) -> str:
    """What every record depends on besides the cases: the photos' renditions, the record
    template and the code that makes records (the plugin's modules, Jinja, pypinyin)."""
    parts = [repr(sorted(renditions.items())), repr(template_key), _code_digest()]
    return hashlib.sha1("\n".join(parts).encode("utf-8")).hexdigest()


@functools.lru_cache(maxsize=1)
def _code_digest() -> str:
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha1()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    for name in ("jinja2", "pypinyin"):
        digest.update(f"{name}={_version(name)}".encode())
    return digest.hexdigest()


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "-"


def _load_digests(path: Path, inputs: str) -> dict[str, str]:
    """The kept digests of the record files, if made with the same inputs."""
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(kept, dict) or kept.get("inputs") != inputs:
        return {}
    records = kept.get("records")
    return records if isinstance(records, dict) else {}


def _record_urls(folder: Path) -> set[str]:
    """The case URLs (workers/ma-ben/) whose record files the folder holds."""
    urls = set()
    for root, _, names in os.walk(folder):
        if "index.html" in names:
            urls.add(Path(root).relative_to(folder).as_posix() + "/")
    return urls


def _record_key(case: Case, graph: Graph) -> tuple[Any, ...]:
    """The objects a record is made from: the case, and the published cases whose names or
    fields it shows (its enterprise, its city, parents, link targets). Compared by identity."""
    fields = case.fields
    named = [
        getattr(fields, "enterprise", None),
        getattr(fields, "city", None),
        getattr(fields, "parent", None),
    ]
    key: list[Any] = [case]
    for case_id in named:
        key.append(graph.all_cases.get(case_id) if case_id else None)
    employer = key[1]
    if case.kind == "worker" and employer is not None:
        key.append(graph.all_cases.get(getattr(employer.fields, "city", None) or ""))
    city = key[2]
    if city is not None:
        key.append(graph.cases.get(city.id))
    for target in sorted(case.mentions):
        key.append(graph.all_cases.get(target))
    return tuple(key)


# --- Writing the index ------------------------------------------------------------------------


def write_index(records: Path, bundle: Path) -> dict[str, Any]:
    """Indexes the record files under `records` and writes the bundle to `bundle`
    (site/pagefind), replacing the previous one only once the new one is complete. Returns the
    number of records and the seconds it took."""
    started = time.perf_counter()
    staging = staging_for(bundle)
    try:
        count = index_into(records, staging)
        sync_bundle(staging, bundle, move=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return {"records": count, "seconds": round(time.perf_counter() - started, 3)}


def staging_for(bundle: Path) -> Path:
    """Where a bundle is written before it replaces `bundle` (beside it, so moves are renames)."""
    return bundle.with_name(f".{bundle.name}-{os.getpid()}-{threading.get_ident()}")


def index_into(records: Path, staging: Path) -> int:
    """Pagefind's bundle of the record files, written into `staging`; returns the records'
    count."""
    shutil.rmtree(staging, ignore_errors=True)
    count = _run_in_own_thread(lambda: asyncio.run(_index(records, staging)))
    for name in UNUSED_BUNDLE_FILES:
        (staging / name).unlink(missing_ok=True)
    return count


def _run_in_own_thread(work: Callable[[], Any]) -> Any:
    """Pagefind's Python API is asynchronous; its event loop runs in a thread of its own, so a
    caller that already runs one (a test driving a browser, a plugin host) does not clash."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as error:  # re-raised on the caller's thread
            outcome["error"] = error

    thread = threading.Thread(target=run, name="pagefind")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


async def _index(records: Path, output: Path) -> int:
    from pagefind.index import IndexConfig, PagefindIndex

    records.mkdir(parents=True, exist_ok=True)
    config = IndexConfig(output_path=str(output.resolve()), force_language=LANGUAGE)
    async with PagefindIndex(config=config) as index:
        indexed = await index.add_directory(str(records.resolve()))
    return int(indexed["page_count"])


def sync_bundle(source: Path, target: Path, *, move: bool = False) -> None:
    """Makes `target` hold exactly the files of `source`. A browser sees the old bundle or the
    new one whole: Pagefind names its chunks and fragments by their content, so the new files
    go in first, then the entry file that names them, then the old files go."""
    files = sorted(p.relative_to(source) for p in source.rglob("*") if p.is_file())
    entry = Path("pagefind-entry.json")
    for relative in [*(f for f in files if f != entry), *(f for f in files if f == entry)]:
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        if move:
            os.replace(source / relative, destination)
        elif not _same_file(source / relative, destination):
            temporary = destination.with_name(destination.name + ".tmp")
            shutil.copyfile(source / relative, temporary)
            os.replace(temporary, destination)
    keep = set(files)
    for path in sorted(target.rglob("*"), reverse=True):
        if path.is_file() and path.relative_to(target) not in keep:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def _same_file(a: Path, b: Path) -> bool:
    try:
        sa, sb = a.stat(), b.stat()
    except FileNotFoundError:
        return False
    return sa.st_size == sb.st_size and a.read_bytes() == b.read_bytes()


def _write_if_different(path: Path, text: str) -> bool:
    """Writes the record unless the file holds it already; whether it wrote."""
    data = text.encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    _write_atomically(path, text)
    return True


def _write_atomically(path: Path, text: str) -> None:
    """A background indexer may be reading the folder: it sees the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


# --- Publishing: in the build, or in the background under `mkdocs serve` ----------------------


class SiteSearch:
    """The search index of one site, kept by the plugin for the life of the process."""

    def __init__(self, cache_dir: Path, *, background: bool) -> None:
        self.pinyin = PinyinCache.load(cache_dir / "search" / "pinyin.json")
        self.records = RecordFiles(cache_dir / "search" / "records", self.pinyin)
        # Under `mkdocs serve`: the last complete bundle, put back at once when MkDocs cleans
        # the site folder before a full rebuild.
        self.bundle_cache = cache_dir / "search" / OUTPUT_FOLDER
        self.indexer = BackgroundIndexer() if background else None
        self.job: dict[str, Any] | None = None  # the index under way in a build (start())

    def update_records(self, graph: Graph, renditions: dict[str, Rendition], env: Any) -> int:
        template = env.get_template(RECORD_TEMPLATE)
        stat = os.stat(template.filename) if template.filename else None
        template_key = (template.filename, stat.st_mtime_ns if stat else 0)
        written = self.records.update(graph, renditions, template, template_key)
        self.pinyin.save()
        return written

    def start(
        self, graph: Graph, renditions: dict[str, Rendition], env: Any, site_dir: Path
    ) -> None:
        """In a build: writes the records and lets Pagefind index them while MkDocs renders the
        pages; finish() puts the bundle in place. Started once MkDocs has cleaned the site
        folder (on_nav, before the pages' Markdown is converted). Where it is safe to fork (Linux, no other thread) the records are made
        in a forked child, so that they too are made on the other core; else in this process,
        and only Pagefind's binary runs beside the rendering."""
        bundle = site_dir / OUTPUT_FOLDER
        job: dict[str, Any] = {"bundle": bundle, "staging": staging_for(bundle)}
        if can_fork():
            fork = multiprocessing.get_context("fork")
            reader, writer = fork.Pipe(duplex=False)
            job["process"] = fork.Process(
                target=_index_in_child,
                args=(self, graph, renditions, env, job["staging"], writer),
                name="search-index",
                daemon=True,
            )
            job["process"].start()
            writer.close()
            job["reader"] = reader
        else:
            started = time.perf_counter()
            self.update_records(graph, renditions, env)

            def run() -> None:
                try:
                    job["records"] = index_into(self.records.folder, job["staging"])
                except Exception as error:  # reported by finish(), on the build's thread
                    job["error"] = error
                job["seconds"] = round(time.perf_counter() - started, 3)

            job["thread"] = threading.Thread(target=run, name="search-index", daemon=True)
            job["thread"].start()
        self.job = job

    def finish(self) -> dict[str, Any]:
        """Waits for the index started by start() and puts it in place. Returns the number of
        records and the seconds spent on them (records and indexing, not the wait)."""
        job, self.job = self.job, None
        assert job is not None, "start() first"
        try:
            _wait_for(job)
            if "error" in job:
                raise job["error"]
            sync_bundle(job["staging"], job["bundle"], move=True)
        finally:
            shutil.rmtree(job["staging"], ignore_errors=True)
        return {"records": job["records"], "seconds": job["seconds"]}

    def abandon(self) -> None:
        """The build failed: the index under way is dropped."""
        job, self.job = self.job, None
        if job is not None:
            if "process" in job:
                job["process"].kill()  # its records and its index are not wanted any more
            _wait_for(job)
            shutil.rmtree(job["staging"], ignore_errors=True)

    def publish(
        self, graph: Graph, renditions: dict[str, Rendition], env: Any, site_dir: Path
    ) -> dict[str, Any] | None:
        """Writes the index of the published cases into site_dir/pagefind: before returning in
        a build (returns the records' count and the seconds it took); under `mkdocs serve`, in
        the background (returns None): the records too are brought up to date there, after the
        edited page is shown, and the previous bundle stays in place until the new one is
        complete."""
        if self.indexer is None:
            self.start(graph, renditions, env, site_dir)
            return self.finish()
        bundle = site_dir / OUTPUT_FOLDER
        if not bundle.exists() and self.bundle_cache.exists():
            sync_bundle(self.bundle_cache, bundle)

        def prepare() -> Path:
            self.update_records(graph, renditions, env)
            return self.records.folder

        if not self.records.keys:
            # The first build of the server makes every record: here, before the server starts
            # serving, rather than in a thread that would hold the interpreter for tens of
            # seconds at 20,000 cases and slow the first edits' rebuilds down.
            folder = prepare()
            self.indexer.submit(lambda: folder, self.bundle_cache, bundle)
        else:
            self.indexer.submit(prepare, self.bundle_cache, bundle)
        return None

    def wait(self, timeout: float | None = None) -> bool:
        """Under `mkdocs serve`: blocks until the index of the last rebuild is written."""
        return self.indexer.wait(timeout) if self.indexer is not None else True


def can_fork() -> bool:
    """Whether a child can be forked from this process safely: on Linux, with no other thread
    running (a thread holding a lock at the fork would leave the child waiting on it forever)."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


def _index_in_child(
    search: SiteSearch,
    graph: Graph,
    renditions: dict[str, Rendition],
    env: Any,
    staging: Path,
    answer: multiprocessing.connection.Connection,
) -> None:
    """In the forked child of SiteSearch.start(): the records, then Pagefind's bundle in
    `staging`; the count and the time, or the error, go back through `answer`."""
    gc.freeze()  # the parent's objects: a collection here would copy every page they sit on
    started = time.perf_counter()
    try:
        search.update_records(graph, renditions, env)
        outcome: dict[str, Any] = {"records": index_into(search.records.folder, staging)}
    except Exception as error:
        outcome = {"error": error}
    outcome["seconds"] = round(time.perf_counter() - started, 3)
    try:
        answer.send(outcome)
    except (pickle.PicklingError, TypeError, AttributeError):  # an error that cannot be sent
        answer.send({"error": RuntimeError(repr(outcome.get("error"))), "seconds": 0})
    answer.close()


def _wait_for(job: dict[str, Any]) -> None:
    """Waits for the thread or the child of a job; a child's outcome is put into the job."""
    if "thread" in job:
        job["thread"].join()
        return
    try:
        job.update(job["reader"].recv())
    except EOFError:  # the child ended without an answer: killed, or out of memory
        code = job["process"].exitcode
        job["error"] = RuntimeError(f"搜索索引的子进程意外结束（退出码 {code}）")
    finally:
        job["reader"].close()
        job["process"].join()


class BackgroundIndexer:
    """Under `mkdocs serve`: after each rebuild, brings the record files up to date (in a
    thread) and then writes the index in a low-priority child process, one run at a time; a
    rebuild that finishes while one runs is indexed when that one is done (runs in between are
    skipped: each starts from the latest rebuild's cases)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.pending: tuple[Callable[[], Path], Path, Path] | None = None
        self.thread: threading.Thread | None = None
        self.last: dict[str, Any] | None = None  # the last finished run, for tests and logs

    def submit(self, prepare: Callable[[], Path], bundle_cache: Path, bundle: Path) -> None:
        """`prepare` writes the record files and returns their folder."""
        with self.lock:
            self.pending = (prepare, bundle_cache, bundle)
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="search-index", daemon=True)
                self.thread.start()

    def wait(self, timeout: float | None = None) -> bool:
        """Blocks until no run is pending or under way; False at the timeout."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            with self.lock:
                thread = self.thread
                if thread is None or not thread.is_alive():
                    return True
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and remaining <= 0:
                return False
            thread.join(remaining)

    def _run(self) -> None:
        while True:
            with self.lock:
                job, self.pending = self.pending, None
                if job is None:
                    return
            prepare, bundle_cache, bundle = job
            try:
                records = prepare()
            except Exception as error:  # the server goes on; the log says why search lags
                self.last = {"returncode": None, "stderr": repr(error), "seconds": 0}
                continue
            self.last = run_child(records, bundle_cache, bundle)


def run_child(records: Path, bundle_cache: Path, bundle: Path) -> dict[str, Any]:
    """Indexes in a child process at the lowest CPU priority (the server's next rebuild comes
    first): the bundle is written into the cache, then copied into the served site."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "showcase.output.search_index", str(records), str(bundle_cache)]
        + [str(bundle)],
        capture_output=True,
        text=True,
    )
    return {
        "returncode": result.returncode,
        "stderr": result.stderr[-2000:],
        "seconds": round(time.perf_counter() - started, 3),
    }


def main(argv: list[str]) -> int:
    """python -m showcase.output.search_index RECORDS BUNDLE [COPY] (the background indexer): indexes
    the record files under RECORDS into BUNDLE, then makes COPY (the served site's pagefind
    folder) the same."""
    if hasattr(os, "nice"):
        os.nice(19)  # the lowest CPU priority, for this process and Pagefind's binary
    records, bundle = Path(argv[0]), Path(argv[1])
    result = write_index(records, bundle)
    if len(argv) > 2:
        sync_bundle(bundle, Path(argv[2]))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
