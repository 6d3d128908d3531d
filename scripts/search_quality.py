"""Search quality on the shipped content: top-1 and top-3 rates of the query set in
tests/helpers/search_queries.py, asked in a real browser the way readers ask.

    python scripts/search_quality.py [site_dir] [--engine showcase|material] [--verbose]
    python scripts/search_quality.py site --jieba      # the same index, text cut by jieba first
    python scripts/search_quality.py site --index-order  # Pagefind's order, without the box's

Serves the built site on 127.0.0.1 and drives Debian's chromium through Playwright. The engine
`showcase` is this site's own search box (Pagefind's index, loaded when the reader opens
search); `material` is mkdocs-material's lunr search, for a site built before it was replaced
(the README's "before" figures were measured with it at 08ee4b2).

--jieba measures the alternative to Pagefind's own Chinese segmentation: the record files of
the last build (.cache/showcase/search/records) with every text cut into words by jieba, whose
dictionary is given every case name, tag and stat label (as the theme's search had it), indexed
again into a copy of the site. Needs `pip install jieba`.

--index-order shows the results in the index's own order, without the search box's reordering
of the first results by name (search.js, tierOf): what the segmentation alone achieves.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from screenshots import CHROMIUM_ARGS, serve  # noqa: E402

from helpers.search_browsing import ENGINES, ask  # noqa: E402
from helpers.search_queries import QUERIES, Query  # noqa: E402

def measure(
    site: Path, engine_name: str, verbose: bool = False, index_order: bool = False
) -> tuple[list[tuple[Query, list[str]]], float, float]:
    """Every query's results, and the top-1 and top-3 rates."""
    engine = ENGINES[engine_name]
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    answers = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
            )
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            if index_order:
                page.add_init_script("window.scSearchOrder = 'index';")
            for query in QUERIES:
                urls = ask(page, base, engine, query)
                answers.append((query, urls))
                if verbose:
                    mark = "ok " if urls[:1] and urls[0] in query.expected else "MISS"
                    print(f"{mark} {query.group:7} {query.how:8} {query.text!r:40} {urls[:3]}")
            browser.close()
    finally:
        server.shutdown()
    top1 = sum(bool(urls[:1]) and urls[0] in q.expected for q, urls in answers) / len(answers)
    top3 = sum(any(u in q.expected for u in urls[:3]) for q, urls in answers) / len(answers)
    return answers, top1, top3


REPO = Path(__file__).resolve().parent.parent
_TEXT = re.compile(r"(<(?:p|h1)\b[^>]*>)([^<]*)(</(?:p|h1)>)")


def jieba_site(site: Path, project: Path = REPO) -> Path:
    """A copy of the built site whose index is made from the last build's record files with
    their text cut into words by jieba (words joined by spaces; Pagefind then keeps them)."""
    import jieba

    from showcase.graph import build_graph
    from showcase.loading.loader import load_corpus
    from showcase.output.search_index import write_index

    corpus, problems = load_corpus(project, "content", "images")
    assert not problems, problems
    graph = build_graph(corpus)
    words = {case.name for case in graph.cases.values()}
    for case in graph.cases.values():
        words.update(case.fields.tags)
        words.update(stat.label for stat in case.fields.stats)
    for word in words:
        if word and " " not in word and len(word) <= 20:
            jieba.add_word(word)
    copy = Path(tempfile.mkdtemp(prefix="jieba-site-"))
    shutil.copytree(site, copy / "site")
    records = copy / "records"
    shutil.copytree(project / ".cache/showcase/search/records", records)
    for path in records.rglob("index.html"):
        html = path.read_text(encoding="utf-8")
        html = _TEXT.sub(lambda m: m.group(1) + " ".join(jieba.cut(m.group(2))) + m.group(3), html)
        path.write_text(html, encoding="utf-8")
    write_index(records, copy / "site" / "pagefind")
    return copy / "site"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", nargs="?", default="site", type=Path)
    parser.add_argument("--engine", choices=sorted(ENGINES), default="showcase")
    parser.add_argument("--jieba", action="store_true", help="index the text cut by jieba")
    parser.add_argument("--index-order", action="store_true", help="the index's own order")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    site = jieba_site(args.site) if args.jieba else args.site
    answers, top1, top3 = measure(site, args.engine, args.verbose, args.index_order)
    label = " (text cut by jieba)" if args.jieba else ""
    label += " (index order)" if args.index_order else ""
    print(f"engine {args.engine}{label}: {len(answers)} queries")
    groups = dict.fromkeys(q.group for q, _ in answers)
    for group in groups:
        rows = [(q, urls) for q, urls in answers if q.group == group]
        first = sum(bool(u[:1]) and u[0] in q.expected for q, u in rows)
        three = sum(any(x in q.expected for x in u[:3]) for q, u in rows)
        print(f"  {group:7} {len(rows):3} queries  top-1 {first:3}  top-3 {three:3}")
    print(f"top-1 {top1:.1%}  top-3 {top3:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
