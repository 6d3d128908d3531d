"""showcase/search_index.py: what the search index holds of each case, the record files kept
across rebuilds, and the Pagefind bundle written from them (read back fragment by fragment)."""

from __future__ import annotations

import gzip
import json
import os
import shutil
from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader

from conftest import FIXTURES, REPO
from showcase.output import search_index
from showcase.graph import build_graph
from showcase.routing import case_url
from showcase.loading.loader import ReadCache, load_corpus
from showcase.output.search_index import (
    RECORD_TEMPLATE,
    RecordFiles,
    SiteSearch,
    body_text,
    case_record,
    name_keys,
    name_pinyin,
    sync_bundle,
    term_keys,
    write_index,
)

SHIPPED = load_corpus(REPO, "content", "images")[0]
GRAPH = build_graph(SHIPPED)


def theme_env() -> Environment:
    return Environment(loader=FileSystemLoader(str(REPO / "site_src/overrides")), autoescape=True)


def read_fragments(bundle: Path) -> list[dict]:
    """Every record of a written bundle as Pagefind stores it for the browser (gzip, a
    signature, then JSON): url, content, meta and filters."""
    fragments = []
    for path in sorted((bundle / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data[:12] == b"pagefind_dcd"
        fragments.append(json.loads(data[12:]))
    return fragments


# --- What a record holds -------------------------------------------------------------------


def test_a_city_record_holds_its_summary_tags_stat_labels_and_filters() -> None:
    record = case_record(GRAPH.cases["huaian"], GRAPH, {})
    assert record.url == "cities/huaian/" and record.kind == "城市" and record.name == "淮安市"
    assert record.summary.startswith("淮安将产改列入市")
    assert "技能提升" in record.terms and "出台改革举措" in record.terms  # a tag, a stat label
    assert "江苏省" in record.context
    assert any("淮安工匠学院" in text for text in record.text)  # the body
    assert any("淮钢集团生产场景" in text for text in record.text)  # a caption
    assert record.filters["类别"] == ["城市"]
    assert record.filters["省份"] == ["江苏省"] and record.filters["城市"] == ["淮安市"]
    assert "劳模工匠" in record.filters["主题"]


def test_a_worker_record_holds_position_honours_enterprise_and_city() -> None:
    record = case_record(GRAPH.cases["ma-ben"], GRAPH, {})
    assert "综采二区煤机维护员" in record.terms and "全国劳动模范" in record.terms
    assert "张双楼煤矿" in record.context and "江苏省" in record.context  # place via enterprise
    assert record.filters["行业"] == ["煤炭"]
    assert record.filters["荣誉级别"] == ["国家级", "省级"]
    assert record.filters["城市"] == ["江苏省"] and record.filters["省份"] == ["江苏省"]
    assert "mb" in record.pinyin.split() and "maben" in record.name_keys.split()


def test_a_source_record_holds_publisher_and_issue_and_weighs_mentions_less() -> None:
    record = case_record(GRAPH.cases["jiangsu-bulletin-2024-08"], GRAPH, {})
    assert record.identity == (
        "新时代江苏产业工人队伍建设改革联席会议办公室",
        "2024 年第 8 期（总第 38 期）",
    )
    assert record.kind == "出处" and record.filters["类别"] == ["出处"]
    city = case_record(GRAPH.cases["huaian"], GRAPH, {})
    assert record.weights["name"] == city.weights["name"]
    assert record.weights["identity"] == city.weights["identity"]
    assert record.weights["text"] < city.weights["text"]
    assert record.weights["summary"] < city.weights["summary"]


def test_a_cover_is_the_smallest_jpeg_of_the_first_photo() -> None:
    from showcase.output.images import Rendition, Variant

    src = GRAPH.cases["huaian"].fields.gallery[0].src
    variants = (
        Variant("aa-800.webp", 800, 600, "webp"),
        Variant("aa-400.jpg", 400, 300, "jpeg"),
        Variant("aa-800.jpg", 800, 600, "jpeg"),
    )
    rendition = Rendition(src, 800, 600, variants)
    record = case_record(GRAPH.cases["huaian"], GRAPH, {src: rendition})
    assert record.cover == "assets/images/aa-400.jpg"
    assert case_record(GRAPH.cases["ma-ben"], GRAPH, {src: rendition}).cover is None


def test_names_are_keyed_by_every_tail_and_by_pinyin() -> None:
    keys = name_keys("淮安市")
    assert keys[:3] == ["淮安市", "安市", "市"]
    assert {"huaianshi", "huai", "an", "shi", "has"} <= set(keys)
    # Punctuation and spaces are left out; digits and Latin letters stay as written.
    assert name_keys("我市产改工作接受省“年终考”")[0] == "我市产改工作接受省年终考"
    assert name_pinyin("3D模型") == ["3dmoxing", "3d", "mo", "xing", "3dmx"]
    assert name_pinyin("ABC") == []  # no Chinese, no pinyin
    assert "矿长" in term_keys(["副矿长"])


def test_body_text_reads_links_as_names_and_drops_markup() -> None:
    body = (
        "## 概况\n\n[[ma-ben]]与[[huaigang-group|淮钢]]的**骨干**，见[报道](https://example.org/)。"
    )
    assert body_text(body, GRAPH) == "概况 马奔与淮钢的骨干，见报道。"


# --- Record files ----------------------------------------------------------------------------


def test_record_files_are_written_again_only_for_what_changed(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "mini", project)
    cache = ReadCache()
    corpus = load_corpus(project, "content", "images", cache)[0]
    files = RecordFiles(tmp_path / "records")
    template = theme_env().get_template(RECORD_TEMPLATE)
    graph = build_graph(corpus)
    assert files.update(graph, {}, template, "t") == len(graph.cases)
    assert sorted(
        p.parent.relative_to(files.folder).as_posix() + "/"
        for p in files.folder.rglob("index.html")
    ) == sorted(case_url(c) for c in graph.cases.values())
    assert (
        files.update(
            build_graph(load_corpus(project, "content", "images", cache)[0]), {}, template, "t"
        )
        == 0
    )
    # An enterprise renamed: its record and those of the workers that name it.
    path = project / "content/enterprises/steel-plant.md"
    path.write_text(path.read_text(encoding="utf-8").replace("name: ", "name: 新", 1), "utf-8")
    os.utime(path, ns=(1, 1))
    graph = build_graph(load_corpus(project, "content", "images", cache)[0])
    workers = [
        c for c in graph.cases.values() if getattr(c.fields, "enterprise", None) == "steel-plant"
    ]
    assert files.update(graph, {}, template, "t") == 1 + len(workers)
    record = (files.folder / "enterprises/steel-plant/index.html").read_text(encoding="utf-8")
    assert ">新" in record
    # A case made a draft leaves the folder; a changed template makes every record again.
    worker = project / "content/workers/wang-wu.md"
    worker.write_text(
        worker.read_text(encoding="utf-8").replace("---\n", "---\ndraft: true\n", 1), "utf-8"
    )
    graph = build_graph(load_corpus(project, "content", "images", cache)[0])
    files.update(graph, {}, template, "t")
    assert not (files.folder / "workers/wang-wu").exists()
    # A changed template makes every record again; only the records that come out different
    # are written.
    assert files.update(graph, {}, template, "t2") == 0
    other = Environment().from_string("<html><body>{{ record.name }}</body></html>")
    assert files.update(graph, {}, other, "t3") == len(graph.cases)


def test_a_new_process_writes_no_unchanged_record_and_drops_stale_ones(tmp_path: Path) -> None:
    """A new `mkdocs build` makes every record again but writes none that the folder already
    holds, and removes a record whose case is no longer published."""
    corpus = load_corpus(FIXTURES / "mini", "content", "images")[0]
    graph = build_graph(corpus)
    template = theme_env().get_template(RECORD_TEMPLATE)
    folder = tmp_path / "records"
    assert RecordFiles(folder).update(graph, {}, template, "t") == len(graph.cases)
    stale = folder / "workers/gone-worker/index.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("<html></html>", encoding="utf-8")
    before = {p: p.stat().st_mtime_ns for p in folder.rglob("index.html") if p != stale}
    assert RecordFiles(folder).update(graph, {}, template, "t") == 0
    assert not stale.parent.exists()
    assert {p: p.stat().st_mtime_ns for p in folder.rglob("index.html")} == before


def test_a_new_process_makes_only_the_records_whose_sources_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each `mkdocs build` is a new process: it finds unchanged records by the digest of their
    sources kept beside the folder, and makes only the others (their case's file, a file of a
    case they name, a record file gone, or the code, template or renditions changed)."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "mini", project)
    template = theme_env().get_template(RECORD_TEMPLATE)
    folder = tmp_path / "records"
    made: list[str] = []
    real = search_index.case_record

    def counting(case, *args):
        made.append(case.id)
        return real(case, *args)

    monkeypatch.setattr(search_index, "case_record", counting)

    def new_process() -> list[str]:
        """A fresh load and a fresh RecordFiles, as a new build has; the records it made."""
        made.clear()
        graph = build_graph(load_corpus(project, "content", "images")[0])
        RecordFiles(folder).update(graph, {}, template, "t")
        return sorted(made)

    everything = new_process()
    assert len(everything) == 9 and (folder.parent / "record-digests.json").is_file()
    snapshot = {p: p.read_bytes() for p in folder.rglob("index.html")}
    assert new_process() == []
    assert {p: p.read_bytes() for p in folder.rglob("index.html")} == snapshot
    # An enterprise renamed: its record and its workers' (they show its name).
    path = project / "content/enterprises/steel-plant.md"
    path.write_text(path.read_text(encoding="utf-8").replace("name: ", "name: 新", 1), "utf-8")
    graph = build_graph(load_corpus(project, "content", "images")[0])
    workers = sorted(
        c.id for c in graph.cases.values() if getattr(c.fields, "enterprise", None) == "steel-plant"
    )
    assert workers and new_process() == sorted(["steel-plant", *workers])
    assert ">新" in (folder / "enterprises/steel-plant/index.html").read_text(encoding="utf-8")
    # A record file gone is made again; so is every record when the code changes.
    shutil.rmtree(folder / "cities/town-a")
    assert new_process() == ["town-a"]
    monkeypatch.setattr(search_index, "_code_digest", lambda: "another version")
    assert new_process() == everything


# --- The bundle ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spec_bundle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The spec corpus (drafts, empty bodies, two workers named 李兵) indexed as a build does."""
    out = tmp_path_factory.mktemp("spec-search")
    corpus = load_corpus(FIXTURES / "spec-corpus", "content", "images")[0]
    search = SiteSearch(out / "cache", background=False)
    written = search.publish(build_graph(corpus), {}, theme_env(), out / "site")
    assert written is not None and written["records"] == len(build_graph(corpus).cases)
    return out / "site" / "pagefind"


def test_every_published_case_is_indexed_once_and_no_draft(spec_bundle: Path) -> None:
    corpus = load_corpus(FIXTURES / "spec-corpus", "content", "images")[0]
    published = sorted("/" + case_url(case) for case in corpus.cases.values() if not case.draft)
    urls = sorted(fragment["url"] for fragment in read_fragments(spec_bundle))
    assert urls == published
    drafts = [case for case in corpus.cases.values() if case.draft]
    assert drafts and not any("/" + case_url(case) in urls for case in drafts)


def test_a_case_without_a_body_is_indexed_with_its_name_and_summary(spec_bundle: Path) -> None:
    corpus = load_corpus(FIXTURES / "spec-corpus", "content", "images")[0]
    empty = corpus.cases["lanjiang"]
    assert not empty.front.body.strip()
    fragment = next(f for f in read_fragments(spec_bundle) if f["url"] == "/cities/lanjiang/")
    assert fragment["meta"]["title"] == "澜江县"
    assert fragment["meta"]["summary"] == empty.fields.summary
    assert fragment["meta"]["kind"] == "城市"
    assert fragment["filters"]["类别"] == ["城市"]


def test_the_bundle_has_no_ready_made_ui_and_no_leftovers(spec_bundle: Path) -> None:
    names = {path.name for path in spec_bundle.iterdir()}
    assert {"pagefind.js", "pagefind-entry.json", "wasm.unknown.pagefind"} <= names
    assert not names & set(search_index.UNUSED_BUNDLE_FILES)
    assert not [p for p in spec_bundle.parent.iterdir() if p.name.startswith(".pagefind")]


def test_writing_again_replaces_the_bundle_whole(tmp_path: Path) -> None:
    records = tmp_path / "records"
    page = records / "workers/a/index.html"
    page.parent.mkdir(parents=True)
    page.write_text('<html lang="zh"><body><h1>甲</h1></body></html>', encoding="utf-8")
    bundle = tmp_path / "site/pagefind"
    write_index(records, bundle)
    first = {p.relative_to(bundle) for p in bundle.rglob("*") if p.is_file()}
    page.write_text('<html lang="zh"><body><h1>乙</h1></body></html>', encoding="utf-8")
    write_index(records, bundle)
    second = {p.relative_to(bundle) for p in bundle.rglob("*") if p.is_file()}
    assert first != second  # the fragment is named by its content
    [fragment] = read_fragments(bundle)  # the old one is gone
    assert fragment["meta"]["title"] == "乙"


def test_sync_bundle_copies_new_files_and_removes_old_ones(tmp_path: Path) -> None:
    source, target = tmp_path / "a", tmp_path / "b"
    (source / "fragment").mkdir(parents=True)
    (source / "fragment/new.pf_fragment").write_bytes(b"new")
    (source / "pagefind-entry.json").write_text("{}")
    (target / "fragment").mkdir(parents=True)
    (target / "fragment/old.pf_fragment").write_bytes(b"old")
    (target / "stale").mkdir()
    sync_bundle(source, target)
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*")) == [
        "fragment",
        "fragment/new.pf_fragment",
        "pagefind-entry.json",
    ]
    assert (source / "fragment/new.pf_fragment").exists()  # copied, not moved


@pytest.mark.slow  # a real mkdocs build
def test_under_serve_the_index_is_written_in_the_background(tmp_path: Path) -> None:
    corpus = load_corpus(FIXTURES / "mini", "content", "images")[0]
    graph = build_graph(corpus)
    search = SiteSearch(tmp_path / "cache", background=True)
    site = tmp_path / "site"
    assert search.publish(graph, {}, theme_env(), site) is None
    assert search.wait(timeout=120)
    assert search.indexer is not None and search.indexer.last["returncode"] == 0, (
        search.indexer.last
    )
    urls = sorted(f["url"] for f in read_fragments(site / "pagefind"))
    assert urls == sorted("/" + case_url(case) for case in graph.cases.values())
    # MkDocs cleans the site folder before a full rebuild: the last bundle is put back at once.
    shutil.rmtree(site)
    search.publish(graph, {}, theme_env(), site)
    assert (site / "pagefind/pagefind-entry.json").exists()
    assert search.wait(timeout=120)


def test_pinyin_is_kept_on_disk_between_builds(tmp_path: Path) -> None:
    path = tmp_path / "pinyin.json"
    first = search_index.PinyinCache.load(path)
    assert first("淮安市") == name_pinyin("淮安市")
    first.save()
    again = search_index.PinyinCache.load(path)
    assert again.known == {"淮安市": name_pinyin("淮安市")}
    again.known["淮安市"] = ["kept"]  # read from the file, not computed again
    assert again("淮安市") == ["kept"] and not again.changed
    path.write_text("not json", encoding="utf-8")
    assert search_index.PinyinCache.load(path).known == {}
