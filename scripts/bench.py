#!/usr/bin/env python3
"""Benchmark of the whole portal build at national scale: the showcase plugin against a plain
mkdocs-material site made of the same pages, from 1,000 to 20,000 cases.

For each size (a size of N cases is 5% cities, 20% enterprises, 70% workers and 5% sources, with
a pool of N/50 photos) it generates a corpus with showcase.tools.synth (`build.py synth`) into
a temporary folder, then runs, each in a fresh subprocess whose wall time and peak memory (max
RSS, from wait4) are measured:

  (a) `mkdocs build --strict` of the corpus with the plugin, in a project made like the tests'
      conftest.make_project (the repo's mkdocs.yml, site_src by absolute path): cold (empty image
      cache), then warm (the image cache in <project>/.cache/showcase kept);
  (b) `mkdocs build --strict` of a plain mkdocs-material site with the same theme settings, the
      same search settings and no showcase plugin, whose docs are ordinary Markdown
      written from the same cases: name as title, summary, facts, stats as a table, body, photos,
      and lists of links to related cases; the nav holds only the top pages;
  (c) the plugin's load + validate + graph step alone (showcase.site.load_site), timed inside
      the subprocess, and `python build.py check` on the same corpus;
  (d) `mkdocs serve --livereload` on the corpus, and the same with `--dirty` (what
      `build.py serve` runs): seconds until a worker's page is served, then
      seconds from editing that worker's summary until the new text is served (HTTP on
      127.0.0.1 only; every wait is bounded); and, as the floor, the same edit to the plain
      site of (b) under plain `mkdocs serve --dirty` (MkDocs' own cost of one rebuild);
  (e) search: the Pagefind index of the warm build, its size on disk, the seconds the build
      spent on records and index (its own log line; Pagefind runs beside page rendering) and
      Pagefind indexing the same record files on its own in a fresh process; then in Debian's
      chromium, on a page served from 127.0.0.1, the bytes the search box fetches and the
      milliseconds until results show, for a first query (which loads Pagefind) and a later one.

Any single step is given up after --timeout seconds (default 30 minutes) and reported as such.

Usage: python scripts/bench.py [--sizes 1000,5000,20000] [--steps cold,warm,…] [--keep DIR]
       python scripts/bench.py --sizes 200          # smoke run, under a minute
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "plugins"))  # works before `pip install -e .` too, as build.py
sys.path.insert(0, str(REPO / "tests"))
from conftest import make_project  # noqa: E402  (the tests' project layout, reused as is)
from showcase.tools import synth  # noqa: E402

DEFAULT_SIZES = (1000, 5000, 20000)
STEPS = (
    "cold",
    "warm",
    "plain",
    "check",
    "probe",
    "search",
    "serve",
    "serve-dirty",
    "plain-serve-dirty",
)
PLAIN_TOP_PAGES = (
    "index.md",
    "cities/index.md",
    "enterprises/index.md",
    "workers/index.md",
    "sources/index.md",
    "about.md",
)
PHOTOS_PER_CASE = 1 / 50
# The plain site searches as this project's site did before it had its own index: the theme's
# search plugin, Chinese cut into words with jieba at build time.
PLAIN_SEARCH_SEPARATOR = "[\\s\\u200b\\u3000\\-、。，．？！；：“”（）《》]+"
CHILD_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONUNBUFFERED": "1"}
# Requests to the local server must never go through a proxy named in the environment.
_LOCAL = urllib.request.build_opener(urllib.request.ProxyHandler({}))


# --- Measuring a subprocess ------------------------------------------------------------------


@dataclass
class Measured:
    seconds: float  # wall time
    cpu_seconds: float  # user + system, of the process and the workers it waited for
    max_rss_mb: float
    returncode: int | None
    timed_out: bool
    log: Path
    load: float  # 1-minute load average when the step started: the machine may be shared

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.timed_out

    def tail(self, lines: int = 15) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])


def run_measured(command: list[str], cwd: Path, log: Path, timeout: float) -> Measured:
    """Runs a command in a fresh subprocess (its own process group, so a timeout also ends the
    image workers it started) and measures wall time and max RSS of it and its children."""
    load = os.getloadavg()[0]
    with open(log, "wb") as out:
        started = time.perf_counter()
        process = subprocess.Popen(
            command,
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=CHILD_ENV,
            start_new_session=True,
        )
        waited: dict[str, Any] = {}

        def wait() -> None:
            # wait4 gives this child's own resource usage (maxrss in KiB on Linux), unlike
            # RUSAGE_CHILDREN, which is the maximum over every child this process ever had.
            waited["result"] = os.wait4(process.pid, 0)
            waited["end"] = time.perf_counter()

        waiter = threading.Thread(target=wait, daemon=True)
        waiter.start()
        waiter.join(timeout)
        timed_out = waiter.is_alive()
        if timed_out:
            _kill_group(process.pid)
            waiter.join()
    _, status, usage = waited["result"]
    process.returncode = os.waitstatus_to_exitcode(status)  # so Popen does not wait again
    return Measured(
        waited["end"] - started,
        usage.ru_utime + usage.ru_stime,
        usage.ru_maxrss / 1024,
        None if timed_out else process.returncode,
        timed_out,
        log,
        load,
    )


def wait_for_deleters(project: Path, limit: float = 600) -> float:
    """Waits until no previous site of the project is being deleted; returns the seconds."""
    started = time.perf_counter()
    waited = 0.0
    while waited < limit and any(".discarded-" in name for name in os.listdir(project)):
        time.sleep(0.05)
        waited = time.perf_counter() - started
    return waited


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def folder_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) under a folder."""
    total = files = 0
    for path in folder.rglob("*"):
        if path.is_file():
            total += path.stat().st_size
            files += 1
    return total, files


# --- Projects --------------------------------------------------------------------------------


def split(size: int) -> dict[str, int]:
    """A size of N cases: 5% cities, 20% enterprises, 70% workers, 5% sources."""
    cities = max(2, round(size * 0.05))
    enterprises = round(size * 0.20)
    sources = max(1, round(size * 0.05))
    workers = max(0, size - cities - enterprises - sources)
    return {"cities": cities, "enterprises": enterprises, "workers": workers, "sources": sources}


class _Tagged:
    """A value under a tag only MkDocs understands (!ENV, !!python/name:…), kept as written."""

    def __init__(self, tag: str, value: Any) -> None:
        self.tag, self.value = tag, value


class _ConfigLoader(yaml.SafeLoader):
    pass


class _ConfigDumper(yaml.SafeDumper):
    pass


def _keep_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _Tagged:
    if isinstance(node, yaml.SequenceNode):
        return _Tagged(node.tag, loader.construct_sequence(node, deep=True))
    if isinstance(node, yaml.MappingNode):
        return _Tagged(node.tag, loader.construct_mapping(node, deep=True))
    return _Tagged(node.tag, loader.construct_scalar(node))


def _write_tag(dumper: yaml.SafeDumper, data: _Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_ConfigLoader.add_multi_constructor("!", _keep_tag)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _keep_tag)
_ConfigDumper.add_representer(_Tagged, _write_tag)


def plain_config(docs_dir: str) -> str:
    """The repository's mkdocs.yml without the showcase plugin: same theme (site_src by absolute
    path), Markdown extensions, search settings, nav of the top pages and not_in_nav."""
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)
    config["docs_dir"] = docs_dir
    config["site_dir"] = "site"
    config["theme"]["custom_dir"] = str(REPO / "site_src/overrides")
    config["plugins"] = [
        plugin
        for plugin in config.get("plugins", [])
        if plugin != "showcase" and not (isinstance(plugin, dict) and "showcase" in plugin)
    ] + [{"search": {"separator": PLAIN_SEARCH_SEPARATOR}}]
    # Top pages the plugin generates beyond the four indexes (say, metrics/index.md) have no
    # plain counterpart; a nav entry for a missing page would fail the strict build.
    config["nav"] = [
        entry
        for entry in config.get("nav", [])
        if not isinstance(entry, dict) or next(iter(entry.values())) in PLAIN_TOP_PAGES
    ]
    return yaml.dump(config, Dumper=_ConfigDumper, allow_unicode=True, sort_keys=False)


def plain_about() -> str:
    """The About page as the plain site has it: the same text, its links to pages and files
    only the plugin makes (comparisons, open data, feed) left as plain words."""
    text = (REPO / "site_src/pages/about.md").read_text(encoding="utf-8")
    return re.sub(r"\[([^\]]+)\]\((?:metrics/[^)]*|data/[^)]*|feed\.xml)\)", r"\1", text)


def write_plain_site(corpus_dir: Path, project: Path) -> int:
    """Ordinary Markdown pages for every published case, in a plain mkdocs-material project.
    Returns the number of case pages. Uses the plugin's loader and graph only to read the
    corpus: this is preparation, not part of what is timed."""
    from showcase.domain import KINDS
    from showcase.graph import build_graph
    from showcase.loading.loader import load_corpus
    from showcase.parsing.links import replace_wikilinks

    corpus, problems = load_corpus(corpus_dir, "content", "images")
    if problems:
        raise RuntimeError(f"the generated corpus has {len(problems)} problems")
    graph = build_graph(corpus)
    docs = project / "docs"
    shutil.copytree(corpus_dir / "images", docs / "images")
    (docs / "about.md").write_text(plain_about(), encoding="utf-8")
    (project / "mkdocs.yml").write_text(plain_config("docs"), encoding="utf-8")

    def link(case_id: str | None) -> str | None:
        case = graph.get(case_id)
        return f"[{_md_text(case.name)}](../{case.folder}/{case.id}.md)" if case else None

    def wikilink(target: str, text: str | None) -> str:
        case = graph.get(target) or graph.all_cases.get(target)
        shown = text or (case.name if case else target)
        return link(target).replace(case.name, shown, 1) if graph.get(target) else shown

    groups: dict[str, dict[str, list[str]]] = {kind: {} for kind in KINDS}
    for case in graph.cases.values():
        f = case.fields
        summary = f.summary or f"{f.publisher} {f.date} 发布的《{f.name}》。"
        lines = [f"# {_md_text(case.name)}", "", summary, ""]
        if case.kind == "city":
            facts = [("省份", f.province), ("行政级别", f.level), ("上级", link(f.parent))]
            group = f.province
        elif case.kind == "enterprise":
            facts = [
                ("所在城市", link(f.city)),
                ("行业", f.industry),
                ("所有制", f.ownership),
                ("所属集团", link(f.parent)),
            ]
            group = f.industry
        elif case.kind == "worker":
            city = graph.city_of(case)
            facts = [
                ("工作单位", link(f.enterprise)),
                ("所在城市", link(city.id if city else None)),
                ("岗位", f.position),
            ]
            for honor in f.honors:
                detail = " ".join(str(x) for x in (honor.level, honor.year) if x)
                facts.append(("荣誉", f"{honor.title}（{detail}）" if detail else honor.title))
            group = city.name if city else "其他"
        else:
            facts = [
                ("发布单位", f.publisher),
                ("日期", f.date),
                ("期号", f.issue),
                ("作者", "、".join(f.authors) or None),
                ("原文", f.url),
            ]
            group = f.publisher
        lines += [f"- {label}：{value}" for label, value in facts if value] + [""]
        if f.stats:
            lines += ["## 数据", "", "| 指标 | 数值 | 年份 | 出处 |", "|---|---|---|---|"]
            for stat in f.stats:
                lines.append(
                    f"| {stat.label} | {stat.display} | {stat.year or ''} | "
                    f"{link(stat.source) or ''} |"
                )
            lines.append("")
        lines += [replace_wikilinks(case.front.body, lambda w: wikilink(w.target, w.text)), ""]
        if f.gallery:
            lines += ["## 图片", ""]
            lines += [f"![{_md_text(g.caption)}](../images/{g.src})" for g in f.gallery] + [""]
        related = {
            "city": [
                ("下辖地区", graph.children),
                ("企业", graph.enterprises_in),
                ("劳模工匠", graph.workers_in),
            ],
            "enterprise": [("成员企业", graph.members), ("劳模工匠", graph.workers_at)],
            "worker": [],
            "source": [("引用本出处的案例", graph.citing_cases)],
        }[case.kind] + [("提到本案例的页面", graph.mentioned_by)]
        for title, relation in related:
            if relation[case.id]:
                lines += [f"## {title}", ""]
                lines += [f"- {link(other.id)}" for other in relation[case.id]] + [""]
        sources = [link(s) for s in dict.fromkeys(f.sources) if graph.get(s)]
        if sources:
            lines += ["## 出处", ""] + [f"- {s}" for s in sources] + [""]
        page = docs / case.folder / f"{case.id}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text("\n".join(lines), encoding="utf-8")
        entry = f"- [{_md_text(case.name)}]({case.id}.md)：{summary}"
        groups[case.kind].setdefault(group, []).append(entry)
    counts = []
    for kind, folder, label in ((k.name, k.folder, k.label) for k in KINDS.values()):
        lines = [f"# {label}", ""]
        for title in sorted(groups[kind]):
            lines += [f"## {title}", "", *groups[kind][title], ""]
        (docs / folder).mkdir(parents=True, exist_ok=True)
        (docs / folder / "index.md").write_text("\n".join(lines), encoding="utf-8")
        counts.append(f"- [{label}]({folder}/index.md)：{sum(map(len, groups[kind].values()))} 个")
    (docs / "index.md").write_text("# 产改案例馆\n\n" + "\n".join(counts) + "\n", encoding="utf-8")
    return len(graph.cases)


def _md_text(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")


# --- The probe: load_site in a subprocess ----------------------------------------------------


def probe(project: Path) -> int:
    """Times the plugin's load + validate + graph step; prints one JSON line."""
    started = time.perf_counter()
    from showcase.config import ShowcaseConfig
    from showcase.graph import build_graph
    from showcase.site import load_site

    imported = time.perf_counter()
    config = ShowcaseConfig()
    config.load_dict({"content_dir": "content", "images_dir": "images"})
    config.validate()
    site, problems = load_site(project, config)
    loaded = time.perf_counter()
    graph_seconds = None
    if site is not None:
        before = time.perf_counter()
        build_graph(site.corpus)  # the same work load_site did last, timed on its own
        graph_seconds = time.perf_counter() - before
    print(
        json.dumps(
            {
                "import": imported - started,
                "load_site": loaded - imported,
                "graph": graph_seconds,
                "problems": len(problems),
                "cases": len(site.corpus.cases) if site else 0,
            }
        )
    )
    return 0


# --- mkdocs serve ----------------------------------------------------------------------------


@dataclass
class Served:
    first_page: float | None = None  # seconds from start until the page is served
    edit_shown: float | None = None  # seconds from the edit until the new text is served
    max_rss_mb: float | None = None
    cpu_seconds: float | None = None
    note: str = ""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch_local(url: str) -> str | None:
    try:
        with _LOCAL.open(url, timeout=10) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, OSError):
        return None


def poll(
    url: str,
    until: Any,
    limit: float,
    process: subprocess.Popen[bytes],
    interval: float = 0.2,
) -> float | None:
    """Seconds until until(html) holds, or None at the time limit or if the server died."""
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if process.poll() is not None:
            return None
        html = fetch_local(url)
        if html is not None and until(html):
            return time.perf_counter() - started
        time.sleep(interval)
    return None


def edit_case_summary(page: Path, marker: str) -> None:
    """A contributor's edit: the case file's summary line."""
    text = page.read_text(encoding="utf-8")
    page.write_text(
        re.sub(r"(?m)^summary: .*$", f"summary: {marker}", text, count=1), encoding="utf-8"
    )


def _edit_plain_summary(page: Path, marker: str) -> None:
    """The same edit on the plain site's page: its summary is the paragraph after the title."""
    lines = page.read_text(encoding="utf-8").split("\n")
    lines[2] = marker
    page.write_text("\n".join(lines), encoding="utf-8")


def measure_serve(
    project: Path,
    worker_id: str,
    log: Path,
    timeout: float,
    *,
    dirty: bool = False,
    plain: bool = False,
) -> Served:
    """Seconds until a worker's page is served, then from editing its summary until the new
    text is served. `plain`: the plain mkdocs-material site, whose page is docs/workers/<id>.md."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/workers/{worker_id}/"
    result = Served()
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "serve",
        "--dev-addr",
        f"127.0.0.1:{port}",
        "--livereload",
        *(["--dirty"] if dirty else []),
    ]
    with open(log, "wb") as out:
        process = subprocess.Popen(
            command,
            cwd=project,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=CHILD_ENV,
            start_new_session=True,
        )
        try:
            result.first_page = poll(
                url, lambda html: worker_id in html or "<html" in html, timeout, process
            )
            if result.first_page is None:
                result.note = "page never served"
                return result
            time.sleep(1.1)  # MkDocs' --dirty compares modification times, to the second
            marker = f"基准测试修改{secrets.token_hex(4)}"
            if plain:
                _edit_plain_summary(project / "docs/workers" / f"{worker_id}.md", marker)
            else:
                edit_case_summary(project / "content/workers" / f"{worker_id}.md", marker)
            result.edit_shown = poll(url, lambda html: marker in html, timeout, process)
            if result.edit_shown is None:
                result.note = "edit never shown"
        finally:
            result.max_rss_mb, result.cpu_seconds = stop_server(process)
    return result


def stop_server(process: subprocess.Popen[bytes]) -> tuple[float, float]:
    """Ctrl-C to the server's process group, then kill it if it does not stop in 15 s.
    Returns the server's max RSS (MB) and CPU seconds."""
    try:
        os.killpg(process.pid, signal.SIGINT)
    except ProcessLookupError:
        pass
    deadline = time.perf_counter() + 15
    while time.perf_counter() < deadline:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
        time.sleep(0.1)
    _kill_group(process.pid)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


# --- One size --------------------------------------------------------------------------------


@dataclass
class SizeResult:
    size: int
    counts: dict[str, Any]
    generate_seconds: float
    runs: dict[str, Measured] = field(default_factory=dict)
    outputs: dict[str, tuple[int, int, int]] = field(default_factory=dict)  # bytes, files, search
    probe: dict[str, Any] | None = None
    served: dict[str, Served] = field(default_factory=dict)  # "serve", "serve-dirty"
    search: dict[str, Any] | None = None  # measure_search


def search_bytes(site: Path) -> int:
    """What a site's search index takes on disk: the theme's index, or the Pagefind bundle."""
    theme = site / "search/search_index.json"
    if theme.exists():
        return theme.stat().st_size
    return folder_size(site / "pagefind")[0] if (site / "pagefind").exists() else 0


# --- Search in the browser --------------------------------------------------------------------

INDEXED = re.compile(r"搜索索引：(\d+) 个案例，用时 ([\d.]+) 秒")


def _case_names(corpus: Path, folder: str, count: int, skip: int = 0) -> list[str]:
    names = []
    for path in sorted((corpus / "content" / folder).glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if "\ndraft: true" in text:
            continue
        found = re.search(r"(?m)^name: (.+)$", text)
        if found:
            names.append(found.group(1).strip().strip('"'))
    return names[skip : skip + count]


# Pagefind indexing the build's record files on its own, in a fresh process.
INDEX_ALONE = (
    "import sys; from pathlib import Path; from showcase.output.search_index import write_index; "
    "print(write_index(Path(sys.argv[1]), Path(sys.argv[2])))"
)


def measure_search(
    site: Path,
    corpus: Path,
    build_log: Path,
    project: Path,
    work: Path,
    args: argparse.Namespace,
) -> dict[str, Any]:
    """The index on disk; the build's own time for records and index (its log line, while
    MkDocs renders pages beside it) and Pagefind indexing the same records on its own; then two
    queries in chromium on a page view of a worker: bytes fetched under /pagefind/ (as served,
    no HTTP compression; Pagefind's files are compressed already) and milliseconds from tapping
    the search button (first query) or from the last keystroke (later query) to results shown."""
    from playwright.sync_api import sync_playwright
    from screenshots import CHROMIUM_ARGS, serve

    bundle = site / "pagefind"
    on_disk, files = folder_size(bundle)
    indexed = INDEXED.search(build_log.read_text(encoding="utf-8", errors="replace"))
    records = project / ".cache/showcase/search/records"
    alone = run_measured(
        [sys.executable, "-c", INDEX_ALONE, str(records), str(work / "index-alone")],
        project,
        work / "index-alone.log",
        args.timeout,
    )
    worker_ids = sorted(p.stem for p in (site / "workers").iterdir() if p.is_dir())
    [first, later] = _case_names(corpus, "workers", 1, skip=len(worker_ids) // 2) + _case_names(
        corpus, "enterprises", 1, skip=7
    )
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    measured: dict[str, Any] = {
        "index_bytes": on_disk,
        "index_files": files,
        "records": int(indexed.group(1)) if indexed else None,
        "index_seconds": float(indexed.group(2)) if indexed else None,
        "alone_seconds": alone.seconds if alone.ok else None,
        "alone_cpu_seconds": alone.cpu_seconds if alone.ok else None,
    }
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
            )
            page = browser.new_page(viewport={"width": 390, "height": 844})
            responses: list[Any] = []
            page.on("response", lambda response: responses.append(response))
            viewed = worker_ids[len(worker_ids) // 3]
            page.goto(base + f"workers/{viewed}/", wait_until="networkidle")
            measured["page_view_index_bytes"] = _bytes(responses, 0)
            for label, query in (("first", first), ("later", later)):
                mark = len(responses)
                started = time.perf_counter()
                if label == "first":
                    page.locator("[data-sc-search-open]").click()
                    page.keyboard.insert_text(query)
                else:
                    page.locator("[data-sc-search-input]").fill("")
                    started = time.perf_counter()
                    page.keyboard.insert_text(query)
                page.wait_for_selector("[data-sc-search-status][data-state='done']", timeout=60_000)
                shown = page.locator("[data-sc-search-results] li").count()
                measured[label] = {
                    "query": query,
                    "ms": round((time.perf_counter() - started) * 1000),
                    "bytes": _bytes(responses, mark),
                    "parts": _bytes_by_part(responses, mark),
                    "results": shown,
                }
            browser.close()
    finally:
        server.shutdown()
    return measured


def _bytes(responses: list[Any], start: int) -> int:
    return sum(_bytes_by_part(responses, start).values())


# What a query fetches under /pagefind/, by the end of the file's name.
SEARCH_PARTS = {
    "pagefind.js": "script",
    ".pagefind": "script",  # the WebAssembly
    ".json": "meta",  # pagefind-entry.json
    ".pf_meta": "meta",
    ".pf_index": "index",
    ".pf_fragment": "fragments",
    ".pf_filter": "filters",
}


def _bytes_by_part(responses: list[Any], start: int) -> dict[str, int]:
    parts: dict[str, int] = {}
    for response in responses[start:]:
        if "/pagefind/" in response.url and response.status == 200:
            name = response.url.split("?")[0]
            part = next((p for end, p in SEARCH_PARTS.items() if name.endswith(end)), "other")
            parts[part] = parts.get(part, 0) + len(response.body())
    return parts


def _parts_text(parts: dict[str, int]) -> str:
    return ", ".join(f"{part} {size / 1024:.1f}" for part, size in sorted(parts.items()))


def describe_search(s: dict[str, Any]) -> str:
    first, later = s.get("first", {}), s.get("later", {})
    return (
        f"index {s['index_bytes'] / 1e6:.2f} MB in {s['index_files']} files; in the build "
        f"{_num(s['index_seconds'], 2)} s for {s['records']} records (beside page rendering); "
        f"Pagefind alone on the same records {_num(s['alone_seconds'], 2)} s wall, "
        f"{_num(s['alone_cpu_seconds'], 2)} s CPU; page view fetched "
        f"{s['page_view_index_bytes']} index bytes; first query {first.get('bytes', 0) / 1024:.1f}"
        f" KiB ({first.get('bytes', 0)} bytes: {_parts_text(first.get('parts', {}))} KiB), "
        f"{first.get('ms')} ms ({first.get('results')} results shown for "
        f"{first.get('query')}); later query {later.get('bytes', 0) / 1024:.1f} KiB "
        f"({_parts_text(later.get('parts', {}))} KiB), "
        f"{later.get('ms')} ms ({later.get('results')} shown for {later.get('query')})"
    )


def bench_size(size: int, work: Path, args: argparse.Namespace) -> SizeResult:
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "corpus"
    images = max(6, round(size * PHOTOS_PER_CASE))
    started = time.perf_counter()
    counts = synth.generate(corpus, **split(size), images=images, seed=args.seed)
    result = SizeResult(size, counts, time.perf_counter() - started)
    print(f"  corpus generated in {result.generate_seconds:.1f} s", flush=True)

    plugin = make_project(work / "plugin", corpus)
    shutil.copy(REPO / "build.py", plugin / "build.py")  # `python build.py check` on this corpus
    plain = work / "plain"
    if "plain" in args.steps:
        plain.mkdir()
        write_plain_site(corpus, plain)

    build = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    steps = [
        ("cold", build, plugin),
        ("warm", build, plugin),
        ("plain", build, plain),
        ("check", [sys.executable, "build.py", "check"], plugin),
        ("probe", [sys.executable, str(Path(__file__).resolve()), "--probe", str(plugin)], plugin),
    ]
    for name, command, cwd in steps:
        if name not in args.steps:
            continue
        print(f"  {name} …", end=" ", flush=True)
        measured = run_measured(command, cwd, work / f"{name}.log", args.timeout)
        result.runs[name] = measured
        status = "timed out" if measured.timed_out else f"exit {measured.returncode}"
        # The build leaves its previous site to a deleter of its own (output/site_folder.py);
        # the next step starts once it is done, so that it does not share the machine with it.
        deleting = wait_for_deleters(cwd)
        print(
            f"{measured.seconds:.1f} s wall, {measured.cpu_seconds:.1f} s CPU, "
            f"{measured.max_rss_mb:.0f} MB, {status} (load average {measured.load:.1f}"
            + (f"; previous site deleted {deleting:.1f} s after exit" if deleting else "")
            + ")",
            flush=True,
        )
        if not measured.ok:
            print(_indent(measured.tail()), flush=True)
            continue
        if name in ("cold", "warm", "plain"):
            site = cwd / "site"
            result.outputs[name] = (*folder_size(site), search_bytes(site))
        if name == "probe":
            result.probe = json.loads(measured.log.read_text(encoding="utf-8").splitlines()[-1])

    warm = result.runs.get("warm")
    if "search" in args.steps and warm is not None and warm.ok:
        print("  search …", end=" ", flush=True)
        result.search = measure_search(plugin / "site", corpus, warm.log, plugin, work, args)
        print(describe_search(result.search), flush=True)

    for name in ("serve", "serve-dirty", "plain-serve-dirty"):
        if name not in args.steps or (name.startswith("plain") and "plain" not in args.steps):
            continue
        # Each server edits a different worker, so the second one sees a real change too.
        worker = published_workers(corpus)[len(result.served)]
        print(f"  {name} …", end=" ", flush=True)
        is_plain = name.startswith("plain")
        s = measure_serve(
            plain if is_plain else plugin,
            worker,
            work / f"{name}.log",
            args.timeout,
            dirty=name != "serve",
            plain=is_plain,
        )
        result.served[name] = s
        print(
            f"first page {_num(s.first_page)} s, edit shown {_num(s.edit_shown)} s {s.note}",
            flush=True,
        )
    return result


def published_workers(corpus: Path) -> list[str]:
    """Ids of the corpus's published workers, in file order."""
    return [
        path.stem
        for path in sorted((corpus / "content/workers").glob("*.md"))
        if "\ndraft: true" not in path.read_text(encoding="utf-8")
    ]


# --- Report ----------------------------------------------------------------------------------


def _num(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _indent(text: str) -> str:
    return "\n".join("      | " + line for line in text.splitlines())


def _ratio(a: float | None, b: float | None) -> str:
    return "—" if not a or not b else f"{a / b:.2f}×"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    """Aligned columns: the first left, the others right."""
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    return [
        "  ".join(
            cell.ljust(w) if i == 0 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in [header, *rows]
    ]


def _secs(run: Measured | None, cpu: bool = False) -> str:
    if run is None:
        return "—"
    if not run.ok:
        return "t/o" if run.timed_out else "FAILED"
    return f"{run.cpu_seconds if cpu else run.seconds:.1f}"


def report_size(r: SizeResult) -> str:
    c = r.counts
    lines = [
        (
            f"{r.size} cases: {c['cities']} cities, {c['enterprises']} enterprises, "
            f"{c['workers']} workers, {c['sources']} sources ({c['drafts']} drafts); "
            f"{c['stats']} stats, {c['links']} [[links]]; {c['images']} photos "
            f"{synth.DEFAULT_PHOTO_SIZE[0]}x"
            f"{synth.DEFAULT_PHOTO_SIZE[1]}; corpus generated in {r.generate_seconds:.1f} s"
        ),
    ]
    header = [
        "",
        "wall s",
        "CPU s",
        "CPU ms/case",
        "max RSS MB",
        "output MB",
        "files",
        "search MB",
        "load",
    ]
    rows = []
    labels = {
        "cold": "(a) plugin build, cold image cache",
        "warm": "(a) plugin build, warm",
        "plain": "(b) plain mkdocs-material, same pages",
    }
    for name, label in labels.items():
        run = r.runs.get(name)
        if run is None:
            continue
        size, files, search = r.outputs.get(name, (0, 0, 0))
        ok = run.ok
        rows.append(
            [
                label,
                _secs(run),
                _secs(run, cpu=True),
                f"{run.cpu_seconds * 1000 / r.size:.1f}" if ok else "",
                f"{run.max_rss_mb:.0f}",
                f"{size / 1e6:.1f}" if ok else "",
                str(files) if ok else "",
                f"{search / 1e6:.2f}" if ok else "",
                f"{run.load:.1f}",
            ]
        )
    for name in ("cold", "warm"):
        a, b = r.runs.get(name), r.runs.get("plain")
        if a and b and a.ok and b.ok:
            rows.append(
                [
                    f"ratio {name} (a) / (b)",
                    _ratio(a.seconds, b.seconds),
                    _ratio(a.cpu_seconds, b.cpu_seconds),
                    "",
                    _ratio(a.max_rss_mb, b.max_rss_mb),
                    _ratio(r.outputs[name][0], r.outputs["plain"][0]),
                    "",
                    _ratio(r.outputs[name][2], r.outputs["plain"][2]),
                    "",
                ]
            )
    if rows:
        lines += table(header, rows)
    if r.probe:
        p, run = r.probe, r.runs["probe"]
        lines.append(
            f"(c) load+validate+graph (load_site): {p['load_site']:.2f} s in-process "
            f"(graph alone {_num(p['graph'], 3)} s; imports {p['import']:.2f} s); whole "
            f"subprocess {run.seconds:.1f} s wall, {run.cpu_seconds:.1f} s CPU, "
            f"{run.max_rss_mb:.0f} MB"
        )
    check = r.runs.get("check")
    if check:
        lines.append(
            f"    python build.py check: {_secs(check)} s wall, {_secs(check, cpu=True)} s "
            f"CPU, {check.max_rss_mb:.0f} MB"
        )
    for name, s in r.served.items():
        label = {
            "serve": "(d) mkdocs serve",
            "serve-dirty": "(d) mkdocs serve --dirty",
            "plain-serve-dirty": "(d) plain mkdocs-material, mkdocs serve --dirty",
        }[name]
        lines.append(
            f"{label}: page first served after {_num(s.first_page)} s; edited "
            f"summary shown after {_num(s.edit_shown)} s; server {_num(s.cpu_seconds)} s "
            f"CPU in all, max RSS {_num(s.max_rss_mb, 0)} MB {s.note}".rstrip()
        )
    if r.search:
        lines.append(f"(e) search: {describe_search(r.search)}")
    return "\n".join(lines)


def report_summary(results: list[SizeResult]) -> str:
    header = [
        "cases",
        "cold s",
        "warm s",
        "plain s",
        "warm/plain",
        "warm CPU s",
        "plain CPU s",
        "CPU ratio",
        "RSS a MB",
        "RSS b MB",
        "out a MB",
        "out b MB",
        "load_site s",
        "check s",
        "serve edit s",
        "dirty edit s",
        "plain dirty edit s",
        "index MB",
        "index s",
        "alone s",
        "1st query KiB/ms",
        "later KiB/ms",
    ]
    rows = []
    for r in results:
        cold, warm, plain = (r.runs.get(k) for k in ("cold", "warm", "plain"))
        both = warm is not None and plain is not None and warm.ok and plain.ok
        rows.append(
            [
                str(r.size),
                _secs(cold),
                _secs(warm),
                _secs(plain),
                _ratio(warm.seconds, plain.seconds) if both else "—",
                _secs(warm, cpu=True),
                _secs(plain, cpu=True),
                _ratio(warm.cpu_seconds, plain.cpu_seconds) if both else "—",
                f"{warm.max_rss_mb:.0f}" if warm else "—",
                f"{plain.max_rss_mb:.0f}" if plain else "—",
                f"{r.outputs['warm'][0] / 1e6:.1f}" if "warm" in r.outputs else "—",
                f"{r.outputs['plain'][0] / 1e6:.1f}" if "plain" in r.outputs else "—",
                _num(r.probe["load_site"] if r.probe else None, 2),
                _secs(r.runs.get("check")),
                _num(r.served["serve"].edit_shown if "serve" in r.served else None),
                _num(r.served["serve-dirty"].edit_shown if "serve-dirty" in r.served else None),
                _num(
                    r.served["plain-serve-dirty"].edit_shown
                    if "plain-serve-dirty" in r.served
                    else None
                ),
                *_search_cells(r.search),
            ]
        )
    return "\n".join(table(header, rows))


def _search_cells(s: dict[str, Any] | None) -> list[str]:
    if not s:
        return ["—"] * 5
    first, later = s.get("first", {}), s.get("later", {})
    return [
        f"{s['index_bytes'] / 1e6:.1f}",
        _num(s["index_seconds"], 2),
        _num(s["alone_seconds"], 2),
        f"{first.get('bytes', 0) / 1024:.0f}/{first.get('ms', '—')}",
        f"{later.get('bytes', 0) / 1024:.0f}/{later.get('ms', '—')}",
    ]


def machine() -> str:
    memory = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    cpu = platform.processor() or platform.machine()
    try:
        found = re.search(r"model name\s*:\s*(.*)", Path("/proc/cpuinfo").read_text())
        cpu = found[1] if found else cpu
    except OSError:
        pass
    from importlib.metadata import version

    try:  # read-only: --no-optional-locks keeps git from refreshing the index file
        revision = subprocess.run(
            ["git", "--no-optional-locks", "describe", "--always", "--dirty"],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        revision = "unknown"
    return (
        f"machine: nproc {len(os.sched_getaffinity(0))}, memory {memory}, {cpu}; "
        f"Python {platform.python_version()}, mkdocs {version('mkdocs')}, "
        f"mkdocs-material {version('mkdocs-material')}, Pillow {version('pillow')}; "
        f"repository at {revision}"
    )


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"sizes are numbers separated by commas: {text!r}"
        ) from None
    if not sizes or min(sizes) < 20:
        raise argparse.ArgumentTypeError("each size must be at least 20 cases")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.py", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=list(DEFAULT_SIZES),
        help="case counts, comma-separated (default 1000,5000,20000)",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--timeout",
        type=float,
        default=1800,
        help="give up on one build after this many seconds (default 1800)",
    )
    parser.add_argument(
        "--steps",
        type=lambda text: set(text.split(",")),
        default=set(STEPS),
        help=f"steps to run, comma-separated (default all: {','.join(STEPS)}); "
        "warm without cold also derives the photos",
    )
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--probe", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.probe:
        return probe(args.probe)
    if args.steps - set(STEPS):
        parser.error(f"unknown steps: {', '.join(sorted(args.steps - set(STEPS)))}")

    print(machine(), flush=True)
    root = args.keep or Path(tempfile.mkdtemp(prefix="bench-"))
    results = []
    started = time.perf_counter()
    try:
        for size in args.sizes:
            work = root / f"n{size}"
            if work.exists():
                shutil.rmtree(work)
            print(f"\n== {size} cases ==", flush=True)
            results.append(bench_size(size, work, args))
            print("\n" + report_size(results[-1]), flush=True)
            if args.keep is None:
                shutil.rmtree(work, ignore_errors=True)
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    print(
        f"\nsummary (a = plugin, b = plain mkdocs-material; load = load_site in-process; "
        f"serve/dirty edit = mkdocs serve without/with --dirty, edit-to-page; plain dirty "
        f"edit = the same edit to the plain site under mkdocs serve --dirty), "
        f"total {time.perf_counter() - started:.0f} s"
    )
    print(report_summary(results))
    failed = [name for r in results for name, run in r.runs.items() if not run.ok]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
