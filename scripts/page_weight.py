"""Transfer size of a page's first view on a phone: HTML, CSS, JS and the images above the fold.

    python scripts/page_weight.py [site_dir] [url ...]
    python scripts/page_weight.py --nginx [url ...]

The first form serves the built site on 127.0.0.1 (Python's server, no compression), opens each
page at 390×844 in Debian's chromium without scrolling, and adds up every response by type: as
served (uncompressed, the worst case) and gzip-compressed (what a static host that compresses
text sends).

The second builds the shipped site twice into a temporary folder and serves it with the real
nginx (scripts/local_nginx.py), to compare what a phone is sent:

- before: the site without the publish step, behind Debian's stock nginx settings (`gzip on`,
  which compresses HTML only), and with the gzip settings Debian's nginx.conf suggests for
  every text type (level 6, on the fly);
- after: the site with its .gz/.br variants, behind the server block the build generated
  (`brotli_static`, `gzip_static`).

It counts bytes on the wire (headers and bodies as sent, from Chromium's network stack), and
for the same visit a second case page, when the first page's files are in the browser's cache.
"""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Request, sync_playwright
from screenshots import CHROMIUM_ARGS, serve

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URLS = ["cities/huaian/", "workers/ma-ben/", "", "cities/"]
TEXT_TYPES = ("document", "stylesheet", "script", "fetch", "xhr")
SECOND_PAGE = "enterprises/zhangshuanglou-mine/"
# The two "before" setups: Debian's nginx.conf as installed, and with its commented gzip lines.
STOCK_GZIP = ["gzip on;"]
SUGGESTED_GZIP = [
    "gzip on;",
    "gzip_vary on;",
    "gzip_comp_level 6;",
    "gzip_types text/plain text/css application/json application/javascript text/xml "
    "application/xml application/xml+rss text/javascript;",
]


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


def wire_bytes(base: str, urls: list[str]) -> list[tuple[int, int, dict[str, int]]]:
    """For each of `urls` opened one after another in the same phone browser: (responses,
    bytes on the wire, bytes on the wire by type)."""
    results = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 390, "height": 844})
        for url in urls:
            requests: list[Request] = []

            def collect(request: Request, into: list[Request] = requests) -> None:
                into.append(request)

            page.on("requestfinished", collect)
            page.goto(base + url, wait_until="networkidle")
            page.remove_listener("requestfinished", collect)
            by_type: dict[str, int] = {}
            total = 0
            for request in requests:
                sizes = request.sizes()
                sent = sizes["responseBodySize"] + sizes["responseHeadersSize"]
                by_type[request.resource_type] = by_type.get(request.resource_type, 0) + sent
                total += sent
            results.append((len(requests), total, by_type))
        browser.close()
    return results


def build_for_nginx(site: Path, port: int, *, publish: bool) -> None:
    env = {
        **os.environ,
        "SHOWCASE_PUBLISH": "true" if publish else "false",
        "NGINX_LISTEN": f"127.0.0.1:{port}",
        "NGINX_ROOT": str(site),
        "NGINX_BROTLI": "true",
    }
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)],
        cwd=ROOT,
        env=env,
        check=True,
    )


def plain_server_block(site: Path, port: int, gzip_lines: list[str]) -> str:
    """What a maintainer writes without the generated block: serve the folder, compress on the
    fly as configured."""
    lines = [
        "server {",
        f"    listen 127.0.0.1:{port};",
        f"    root {site};",
        "    index index.html;",
        *(f"    {line}" for line in gzip_lines),
        "    location / { try_files $uri $uri/ =404; }",
        "}",
    ]
    return "\n".join(lines) + "\n"


def compare_with_nginx(urls: list[str]) -> int:
    from local_nginx import free_port, running_nginx

    with tempfile.TemporaryDirectory(prefix="page-weight-") as temp:
        setups = []
        before = Path(temp) / "before" / "site"
        before.parent.mkdir()
        after = Path(temp) / "after" / "site"
        after.parent.mkdir()
        port = free_port()
        build_for_nginx(before, port, publish=False)
        build_for_nginx(after, port, publish=True)
        for name, gzip_lines in (
            ("before, stock gzip", STOCK_GZIP),
            ("before, suggested gzip", SUGGESTED_GZIP),
        ):
            block = Path(temp) / f"{len(setups)}.conf"
            block.write_text(plain_server_block(before, port, gzip_lines), encoding="utf-8")
            setups.append((name, before, block))
        setups.append(("after (generated)", after, after / "_publish" / "nginx.conf"))
        print(f"{'setup':24} {'page':34} {'requests':>8} {'on the wire KiB':>16}  by type (KiB)")
        for name, site, block in setups:
            with running_nginx(site, port, server_block=block):
                base = f"http://127.0.0.1:{port}/"
                for url in urls:
                    pages = [url, SECOND_PAGE]
                    for index, (count, total, by_type) in enumerate(wire_bytes(base, pages)):
                        label = "/" + pages[index] + (" (next page)" if index else "")
                        kinds = ", ".join(
                            f"{kind} {size / 1024:.1f}" for kind, size in sorted(by_type.items())
                        )
                        print(f"{name:24} {label:34} {count:8} {total / 1024:16.1f}  {kinds}")
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["--nginx"]:
        return compare_with_nginx(argv[1:] or ["cities/huaian/"])
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
