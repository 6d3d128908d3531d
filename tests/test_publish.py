"""publish.py: the publishable folder (compressed variants, manifest, cache rules, host files)."""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import brotli
import pytest

from conftest import FIXTURES, REPO, make_project, run_mkdocs_build
from showcase import csp
from showcase.output import publish

sys.path.insert(0, str(REPO / "scripts"))
from local_nginx import NGINX, main_config  # noqa: E402

NGINX_SETTINGS = publish.NginxSettings(
    listen="127.0.0.1:8080", server_name="_", root="/srv/site", brotli=False
)


# --- Compression ------------------------------------------------------------------------


def test_gzip_variant_has_no_time_and_no_name() -> None:
    data = "产改案例馆 ".encode() * 200
    packed = publish.gzip_bytes(data)
    assert gzip.decompress(packed) == data
    flags, mtime = packed[3], packed[4:8]
    assert flags & 0x08 == 0, "FNAME set: the gzip header names a file"
    assert mtime == b"\0\0\0\0"
    assert publish.gzip_bytes(data) == packed


def test_brotli_variant_round_trips() -> None:
    data = b'{"cases": []}' * 100
    assert brotli.decompress(publish.brotli_bytes(data, 11)) == data


@pytest.mark.parametrize(
    "path, rule",
    [
        ("assets/images/037ec1db97d0-480.webp", "immutable"),
        ("assets/images/037ec1db97d0-1600.jpg", "immutable"),
        ("assets/images/favicon.png", "revalidate"),
        ("assets/javascripts/bundle.a5f9d56c.min.js", "immutable"),
        ("assets/javascripts/bundle.a5f9d56c.min.js.map", "immutable"),
        ("assets/javascripts/workers/search.a7633da7.min.js", "immutable"),
        ("assets/stylesheets/main.57a0d79d.min.css", "immutable"),
        ("pagefind/fragment/zh_4f2a9c1e0b.pf_fragment", "immutable"),
        ("pagefind/pagefind.zh_2e652161ac.pf_meta", "immutable"),
        ("pagefind/pagefind-entry.json", "revalidate"),
        ("pagefind/pagefind.js", "revalidate"),
        ("assets/javascripts/lightbox.js", "revalidate"),
        ("assets/stylesheets/showcase.css", "revalidate"),
        ("index.html", "revalidate"),
        ("cities/huaian/index.html", "revalidate"),
        ("feed.xml", "revalidate"),
        ("data/cases.json", "revalidate"),
    ],
)
def test_cache_rules(path: str, rule: str) -> None:
    assert publish.cache_rule(path, publish.compile_patterns([])) == rule


def test_configured_immutable_patterns_add_to_the_defaults() -> None:
    patterns = publish.compile_patterns([r"^pagefind/(fragment|index)/"])
    assert publish.cache_rule("pagefind/fragment/zh_1a2b3c4.pf_fragment", patterns) == "immutable"
    assert publish.cache_rule("pagefind/pagefind.js", patterns) == "revalidate"


def test_nginx_location_regexes_match_the_uri() -> None:
    for pattern in publish.compile_patterns([r"\.woff2$"]):
        location = publish.nginx_location_regex(pattern)
        assert location.startswith('"^/') and location.endswith('"')
    assert publish.nginx_location_regex(re.compile(r"\.woff2$")) == r'"^/.*\.woff2$"'


SITE_FILES = [
    "404.html",
    "index.html",
    "cities/huaian/index.html",
    "feed.xml",
    "data/cases.json",
    "assets/images/favicon.png",
    "assets/images/037ec1db97d0-480.webp",
    "assets/images/037ec1db97d0-480.png",
    "assets/images/11ceae4bda0e-960.png",
    "assets/javascripts/bundle.a5f9d56c.min.js",
    "assets/javascripts/bundle.a5f9d56c.min.js.map",
    "assets/javascripts/lightbox.js",
    "assets/javascripts/lunr/min/lunr.zh.min.js",
]


def test_header_globs_cover_each_rule_and_never_the_other() -> None:
    rules = {path: publish.cache_rule(path, publish.compile_patterns([])) for path in SITE_FILES}
    immutable = publish.header_globs(SITE_FILES, rules, "immutable")
    revalidate = publish.header_globs(SITE_FILES, rules, "revalidate")
    assert immutable == [
        "/*.webp",
        "/assets/images/*-480.png",
        "/assets/images/*-960.png",
        "/assets/javascripts/bundle.*.min.js",
        "/*.map",
    ]
    assert revalidate == [
        "/*.html",
        "/*.xml",
        "/*.json",
        "/assets/images/favicon.png",
        "/assets/javascripts/lightbox.js",
        "/assets/javascripts/lunr/min/*.js",
    ]


def test_headers_file_keeps_within_the_hosts_limit() -> None:
    files = [f"assets/images/{index:012x}-{index}.png" for index in range(200)]
    files.append("assets/images/favicon.png")
    rules = {path: publish.cache_rule(path, publish.compile_patterns([])) for path in files}
    text = publish.render_headers("default-src 'self'", files, rules)
    paths = [line for line in text.splitlines() if line.startswith("/")]
    assert len(paths) == publish.MAX_HEADER_RULES
    assert paths[0] == "/*"
    assert "more rules were left out" in text


# --- The whole step on a small folder ---------------------------------------------------


def small_site(root: Path) -> Path:
    site = root / "site"
    (site / "cities" / "a").mkdir(parents=True)
    (site / "assets" / "images").mkdir(parents=True)
    page = (
        '<html><head><meta http-equiv="Content-Security-Policy" content="script-src \'self\' '
        "'sha256-abc='\"><script>x()</script></head><body>甲</body></html>"
    )
    (site / "index.html").write_text(page, encoding="utf-8")
    (site / "cities" / "a" / "index.html").write_text(page.replace("abc=", "def="), "utf-8")
    (site / "assets" / "images" / "0123456789ab-480.webp").write_bytes(b"RIFF....WEBP")
    (site / "feed.xml").write_text("<feed>" + "条目" * 300 + "</feed>", encoding="utf-8")
    return site


def run_publish(site: Path, cache: Path, *, full_build: bool = True) -> publish.PublishReport:
    return publish.publish_site(
        site,
        cache,
        quality=5,
        csp_sources={"img-src": ["https://tiles.example.org"]},
        extra_immutable=[],
        nginx=NGINX_SETTINGS,
        full_build=full_build,
    )


def test_publish_site_writes_variants_manifest_and_host_files(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    report = run_publish(site, tmp_path / "cache")
    assert (report.files, report.compressed, report.freshly_compressed) == (4, 3, 3)
    for name in ("index.html", "cities/a/index.html", "feed.xml"):
        original = (site / name).read_bytes()
        assert gzip.decompress((site / f"{name}.gz").read_bytes()) == original
        assert brotli.decompress((site / f"{name}.br").read_bytes()) == original
    assert not (site / "assets/images/0123456789ab-480.webp.gz").exists()

    manifest = json.loads((site / "_publish/manifest.json").read_text(encoding="utf-8"))
    entries = {entry["path"]: entry for entry in manifest["files"]}
    assert set(entries) == {
        "index.html",
        "cities/a/index.html",
        "feed.xml",
        "assets/images/0123456789ab-480.webp",
    }
    feed = entries["feed.xml"]
    assert feed["size"] == (site / "feed.xml").stat().st_size
    assert feed["sha256"] == hashlib.sha256((site / "feed.xml").read_bytes()).hexdigest()
    assert feed["cache"] == "revalidate"
    assert feed["encodings"]["br"]["size"] == (site / "feed.xml.br").stat().st_size
    assert entries["assets/images/0123456789ab-480.webp"]["cache"] == "immutable"
    assert "encodings" not in entries["assets/images/0123456789ab-480.webp"]

    # Both pages' hashes, and the configured extra source, in the headers' policy.
    assert "script-src 'self' 'wasm-unsafe-eval' 'sha256-abc=' 'sha256-def='" in report.policy
    assert "img-src 'self' data: https://tiles.example.org" in report.policy
    assert manifest["headers"]["documents"]["Content-Security-Policy"] == report.policy
    assert f'    "~^text/html" "{report.policy}";\n' in (site / "_publish/nginx.conf").read_text(
        encoding="utf-8"
    )
    assert f"  Content-Security-Policy: {report.policy}\n" in (site / "_headers").read_text(
        encoding="utf-8"
    )


def test_a_rebuild_compresses_only_what_changed(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    run_publish(site, tmp_path / "cache")
    first = {path: path.read_bytes() for path in site.rglob("*") if path.is_file()}
    again = run_publish(site, tmp_path / "cache")
    assert again.freshly_compressed == 0
    assert {path: path.read_bytes() for path in site.rglob("*") if path.is_file()} == first
    (site / "feed.xml").write_text("<feed>新</feed>", encoding="utf-8")
    assert run_publish(site, tmp_path / "cache").freshly_compressed == 1
    assert gzip.decompress((site / "feed.xml.gz").read_bytes()) == "<feed>新</feed>".encode()


def test_variants_of_removed_files_go_too(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    run_publish(site, tmp_path / "cache")
    (site / "cities/a/index.html").unlink()
    run_publish(site, tmp_path / "cache", full_build=False)
    assert sorted(p.name for p in (site / "cities/a").iterdir()) == []


def test_the_cache_keeps_only_what_the_last_full_build_used(tmp_path: Path) -> None:
    site = small_site(tmp_path)
    cache = tmp_path / "cache"
    run_publish(site, cache)
    (site / "feed.xml").write_text("<feed>新</feed>", encoding="utf-8")
    run_publish(site, cache, full_build=False)
    assert len(list(cache.glob("*/*"))) == 2 * 4  # the dirty build keeps the old feed's
    run_publish(site, cache)
    assert len(list(cache.glob("*/*"))) == 2 * 3


def test_cached_variants_are_hard_links_and_the_manifest_gives_their_own_hashes(
    tmp_path: Path,
) -> None:
    """A rebuild places each cached variant as a hard link (no bytes read or written); the
    manifest's size and SHA-256 of each variant are those of the file readers get."""
    site = small_site(tmp_path)
    cache = tmp_path / "cache"
    run_publish(site, cache)
    run_publish(site, cache)
    cached = list(cache.glob("*/*"))
    assert any(os.path.samefile(site / "feed.xml.gz", path) for path in cached)
    manifest = json.loads((site / "_publish/manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        for name, suffix in (("br", "br"), ("gzip", "gz")):
            if "encodings" not in entry:
                continue
            data = (site / f"{entry['path']}.{suffix}").read_bytes()
            assert entry["encodings"][name] == {
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            }


def test_a_changed_file_never_writes_into_a_cached_variant(tmp_path: Path) -> None:
    """A dirty build (the same site folder) replaces a linked variant, so the cache keeps the
    old file's variants intact for the build that needs them again."""
    site = small_site(tmp_path)
    cache = tmp_path / "cache"
    run_publish(site, cache)
    old = (site / "feed.xml").read_bytes()
    (site / "feed.xml").write_text("<feed>新</feed>", encoding="utf-8")
    run_publish(site, cache, full_build=False)
    assert gzip.decompress((site / "feed.xml.gz").read_bytes()) == "<feed>新</feed>".encode()
    (site / "feed.xml").write_bytes(old)
    assert run_publish(site, cache, full_build=False).freshly_compressed == 0
    assert gzip.decompress((site / "feed.xml.gz").read_bytes()) == old
    assert brotli.decompress((site / "feed.xml.br").read_bytes()) == old


# --- A real build -----------------------------------------------------------------------


def test_every_text_file_of_the_built_site_has_its_variants(mini_site: Path) -> None:
    files, variants = publish.served_files(mini_site)
    text = [path for path in files if publish.is_text(path)]
    assert {"index.html", "404.html", "feed.xml", "data/cases.json", "data/stats.csv"} <= set(text)
    assert "pagefind/pagefind-entry.json" in text and "sitemap.xml" in text
    assert sorted(variants) == sorted([f"{p}.gz" for p in text] + [f"{p}.br" for p in text])
    for path in text:
        original = (mini_site / path).read_bytes()
        assert gzip.decompress((mini_site / f"{path}.gz").read_bytes()) == original, path
        assert brotli.decompress((mini_site / f"{path}.br").read_bytes()) == original, path


def test_the_manifest_lists_every_served_file(mini_site: Path) -> None:
    manifest = json.loads((mini_site / "_publish/manifest.json").read_text(encoding="utf-8"))
    files, _ = publish.served_files(mini_site)
    assert [entry["path"] for entry in manifest["files"]] == files
    for entry in manifest["files"]:
        content = (mini_site / entry["path"]).read_bytes()
        assert entry["size"] == len(content)
        assert entry["sha256"] == hashlib.sha256(content).hexdigest()
    assert not any(entry["path"].startswith("_") for entry in manifest["files"])


def test_every_built_page_carries_its_policy(mini_site: Path) -> None:
    # The editor's page has a policy of its own (the next test).
    pages = sorted(
        p for p in mini_site.rglob("*.html") if not p.is_relative_to(mini_site / "admin")
    )
    assert len(pages) > 10
    stated = json.loads((mini_site / "_publish/manifest.json").read_text(encoding="utf-8"))
    header_policy = stated["headers"]["documents"]["Content-Security-Policy"]
    for path in pages:
        html = path.read_text(encoding="utf-8")
        hashes = csp.page_hashes(html)
        assert hashes is not None, path
        # Every inline script the page runs is allowed by its own policy and by the headers'.
        for script in csp.inline_scripts(html):
            assert csp.script_hash(script) in hashes, path
            assert csp.script_hash(script) in header_policy, path
        head = html[: html.index("</head>")]
        meta = head.index('http-equiv="Content-Security-Policy"')
        assert meta < head.index("<script"), f"{path}: the policy must precede every script"
        assert "frame-ancestors" not in head[meta : head.index(">", meta)]
        assert "'unsafe-inline'" not in html


def test_generated_nginx_config_is_valid(mini_site: Path, tmp_path: Path) -> None:
    config = tmp_path / "nginx.conf"
    config.write_text(main_config(mini_site / "_publish" / "nginx.conf", tmp_path), "utf-8")
    result = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(config), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    text = (mini_site / "_publish/nginx.conf").read_text(encoding="utf-8")
    # Stock nginx has no brotli module: the directive is only described.
    assert "\n    gzip_static on;" in text and "\n    # brotli_static on;" in text


@pytest.mark.slow  # a real mkdocs build
def test_publish_step_can_be_turned_off(tmp_path: Path) -> None:
    project = make_project(tmp_path / "off", FIXTURES / "mini")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text, count = re.subn(r"(?m)^        enabled: .*$", "        enabled: false", text)
    assert count == 1
    config.write_text(text, encoding="utf-8")
    result = run_mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    assert not (site / "_publish").exists() and not (site / "_headers").exists()
    assert not list(site.rglob("*.br"))
    assert "Content-Security-Policy" not in (site / "index.html").read_text(encoding="utf-8")


def test_unsafe_inline_in_mkdocs_yml_is_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path / "unsafe", FIXTURES / "mini")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(
        "      publish:\n",
        "      publish:\n        csp_sources:\n          script-src: [\"'unsafe-inline'\"]\n",
    )
    config.write_text(text, encoding="utf-8")
    result = run_mkdocs_build(project)
    assert result.returncode != 0
    assert "csp_sources" in result.stderr
    assert "script-src 不能加入 'unsafe-inline'" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_folder_with_its_own_policy_gets_it_instead_of_the_sites(mini_site: Path) -> None:
    stated = json.loads((mini_site / "_publish/manifest.json").read_text(encoding="utf-8"))
    editor = stated["headers"]["sections"]["/admin/"]
    page = (mini_site / "admin/index.html").read_text(encoding="utf-8")
    # The page says it too (for hosts that send no headers, and `mkdocs serve`).
    assert csp.page_hashes(page) == set()
    assert html.unescape(
        re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)[1]
    ) == editor.replace("; frame-ancestors 'none'", "")
    headers = (mini_site / "_headers").read_text(encoding="utf-8")
    rule = headers[headers.index("/admin/*") :].split("\n\n")[0].splitlines()
    assert rule == [
        "/admin/*",
        "  ! Content-Security-Policy",
        f"  Content-Security-Policy: {editor}",
    ]
    nginx = (mini_site / "_publish/nginx.conf").read_text(encoding="utf-8")
    location = nginx[nginx.index("location ^~ /admin/") :].split("}")[0]
    assert "add_header Content-Security-Policy $showcase_csp_admin always;" in location
    assert f'"~^text/html" "{editor}";' in nginx
