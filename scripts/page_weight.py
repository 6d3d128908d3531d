"""Transfer size of a page's first view on a phone: HTML, CSS, JS and the images above the fold.

    python scripts/page_weight.py [site_dir] [url ...]

Serves the built site on 127.0.0.1, opens each page at 390×844 in Debian's chromium without
scrolling, and adds up every response by type: as served (uncompressed, the worst case) and
gzip-compressed (what a static host that compresses text sends).
"""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright
from screenshots import CHROMIUM_ARGS, serve

DEFAULT_URLS = ["cities/huaian/", "workers/ma-ben/", "", "cities/"]
TEXT_TYPES = ("document", "stylesheet", "script", "fetch", "xhr")


def measure(base: str, url: str) -> dict[str, list[int]]:
    """type -> [bytes as served, bytes gzip-compressed for text]."""
    totals: dict[str, list[int]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 390, "height": 844})
        responses = []
        page.on("response", lambda response: responses.append(response))
        page.goto(base + url, wait_until="networkidle")
        for response in responses:
            kind = response.request.resource_type
            body = response.body() if response.status == 200 else b""
            compressed = len(gzip.compress(body, 6)) if kind in TEXT_TYPES else len(body)
            entry = totals.setdefault(kind, [0, 0])
            entry[0] += len(body)
            entry[1] += compressed
        browser.close()
    return totals


def main(argv: list[str]) -> int:
    site = Path(argv[0] if argv else "site")
    urls = argv[1:] or DEFAULT_URLS
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    print(f"{'page':32} {'type':12} {'served KiB':>11} {'gzip KiB':>9}")
    for url in urls:
        totals = measure(base, url)
        for kind, (raw, packed) in sorted(totals.items()):
            print(f"/{url:31} {kind:12} {raw / 1024:11.1f} {packed / 1024:9.1f}")
        raw = sum(v[0] for v in totals.values())
        packed = sum(v[1] for v in totals.values())
        print(f"/{url:31} {'TOTAL':12} {raw / 1024:11.1f} {packed / 1024:9.1f}")
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    sys.exit(main(sys.argv[1:]))
