"""Reproducible builds: the same sources give the same site, byte for byte, wherever and however
often they are built; and the same figure typed in different ways gives the same amounts."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest

from conftest import FIXTURES, make_project, run_mkdocs_build
from showcase.loading.loader import load_corpus

# MkDocs stamps the build date into sitemap.xml.gz (gzip header) and, once site_url is set,
# into each <lastmod>; SOURCE_DATE_EPOCH fixes that date (the publish workflow sets it to the
# commit's time). Everything else must not depend on when, where or how often we build.
EPOCH = "1718236800"  # 2024-06-13


def site_files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted(site.rglob("*")) if path.is_file()}


# Pagefind 1.5.2 (the newest release) writes each search filter's values in the order of a hash
# seeded per process, so its filter files, and the index metadata and entry file naming them
# by hash, differ between builds; its repository sorts them since. Those files are compared
# for their content, in any order, below.
# The publish step's compressed copies of these files differ with them, and so do their
# entries in the publish manifest (compared without them below).
PAGEFIND_UNSTABLE = re.compile(
    r"^pagefind/(filter/.*\.pf_filter|pagefind\..*\.pf_meta|pagefind-entry\.json)(\.gz|\.br)?$"
)
MANIFEST = "_publish/manifest.json"


def stable_manifest(data: bytes) -> dict:
    manifest = json.loads(data)
    manifest["files"] = [f for f in manifest["files"] if not PAGEFIND_UNSTABLE.match(f["path"])]
    return manifest


def differences(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    differing = sorted(name for name in first.keys() | second.keys()
                       if first.get(name) != second.get(name)
                       and not PAGEFIND_UNSTABLE.match(name) and name != MANIFEST)
    if stable_manifest(first[MANIFEST]) != stable_manifest(second[MANIFEST]):
        differing.append(MANIFEST)
    return differing


def filter_contents(files: dict[str, bytes]) -> list[list[int]]:
    """Each filter file's bytes, unpacked and sorted: the same values in another order read the
    same."""
    return sorted(
        sorted(gzip.decompress(data))
        for name, data in files.items()
        if name.startswith("pagefind/filter/")
    )


@pytest.mark.slow
def test_builds_are_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    # With the public address set, the sitemap, canonical links and feed are written too.
    monkeypatch.setenv("SITE_URL", "https://example.org/showcase/")
    # Different absolute paths and depths, so no path can hide in the output.
    first = make_project(tmp_path / "a", FIXTURES / "mini")
    second = make_project(tmp_path / "somewhere" / "else" / "b", FIXTURES / "mini")
    for project in (first, second):
        result = run_mkdocs_build(project)
        assert result.returncode == 0, result.stderr
    # A rebuild reuses the image cache of the first build: cached work must not show either.
    again = tmp_path / "rebuilt-site"
    result = run_mkdocs_build(first, "--site-dir", str(again))
    assert result.returncode == 0, result.stderr

    reference = site_files(first / "site")
    assert len(reference) > 20 and "data/cases.json" in reference
    assert b"<lastmod>2024-06-13</lastmod>" in reference["sitemap.xml"]
    # The publish step's files are part of the site: compressed variants, manifest, headers.
    assert {"index.html.gz", "index.html.br", "_publish/manifest.json", "_headers"} <= set(
        reference
    )
    for other in (second / "site", again):
        files = site_files(other)
        differing = differences(reference, files)
        assert not differing, f"{other} differs from {first / 'site'} in: {', '.join(differing)}"
        assert filter_contents(files) == filter_contents(reference)
        assert len([n for n in files if PAGEFIND_UNSTABLE.match(n)]) == len(
            [n for n in reference if PAGEFIND_UNSTABLE.match(n)]
        )
    for name, content in reference.items():
        for path in (str(tmp_path), str(first), str(second)):
            assert path.encode() not in content, f"{name} contains the build folder {path}"


# --- Input normalisation ---------------------------------------------------------------------

# (as usually written, as it may arrive from a word processor, a phone or a spreadsheet)
VALUES = [
    ("18.3万人次", "１８．３万人次"),
    ("18.3万人次", "'１８．３　万人次 '"),
    ("18.3万人次", "\"18.3万人次\t\""),
    ("超千人次", "'　超千人次　'"),
    ("1500—4000元", "１５００—４０００元"),
    ("1500—4000元", "1500～4000元"),
    ("2万多人", "２万多人   "),
    ("85%", "８５％"),
    ("1,500元", "１，５００元"),
]
UNITS = [("元", "' 元 '"), ("万元", "万元\u3000")]


def case_file(values: list[str], units: list[str], *, bom: bool, crlf: bool) -> bytes:
    lines = ["---", "name: 测试工人 ", "summary: 录入方式测试。\t", "city: river-city  ", "stats:"]
    for index, value in enumerate(values):
        lines += [f"  - label: 数据{index}", f"    value: {value}"]
    for index, unit in enumerate(units):
        lines += [f"  - label: 金额{index}", "    value: 400000", f"    unit: {unit}"]
    lines += ["---", "正文。", ""]
    text = ("\r\n" if crlf else "\n").join(lines)
    return ("\ufeff" if bom else "").encode("utf-8") + text.encode("utf-8")


def test_typing_variants_give_the_same_amounts(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", FIXTURES / "mini")
    workers = project / "content" / "workers"
    (workers / "plain.md").write_bytes(
        case_file([plain for plain, _ in VALUES], [plain for plain, _ in UNITS],
                  bom=False, crlf=False))
    (workers / "typed.md").write_bytes(
        case_file([typed for _, typed in VALUES], [typed for _, typed in UNITS],
                  bom=True, crlf=True))
    corpus, problems = load_corpus(project, "content", "images")
    assert problems == [], [problem.format() for problem in problems]
    plain, typed = corpus.cases["plain"], corpus.cases["typed"]
    assert (typed.name, typed.fields.summary, typed.fields.city) == (
        plain.name, plain.fields.summary, plain.fields.city)
    assert [stat.quantity for stat in typed.fields.stats] == [
        stat.quantity for stat in plain.fields.stats]
    # The positions used in messages are those of the file as written, BOM or not.
    assert typed.locate(("stats", 0, "value")) == plain.locate(("stats", 0, "value")) == (7, 12)
