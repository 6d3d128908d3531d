"""site.py: the site as the plugin sees it, without MkDocs: roles, page sources, data files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from helpers import MINI, mini_corpus, mini_graph, write_files
from showcase.config import ShowcaseConfig
from showcase.output.images import Rendition, Variant
from showcase.routing import PageRole
from showcase.site import (
    CACHE_DIR,
    SiteModel,
    data_files,
    feed_file,
    generated_files,
    load_site,
    open_data_files,
    page_roles,
    page_source,
)


def mini_site(tmp_path: Path, page_size: int = 100) -> SiteModel:
    return SiteModel(
        corpus=mini_corpus(),
        graph=mini_graph(),
        images_root=MINI / "images",
        cache_dir=tmp_path / "cache",
        page_size=page_size,
    )


def config(**options: object) -> ShowcaseConfig:
    showcase = ShowcaseConfig()
    showcase.load_dict({"content_dir": "content", "images_dir": "images", **options})
    assert showcase.validate() == ([], [])
    return showcase


def split_source(source: str) -> tuple[dict, str]:
    """A generated page's source as MkDocs reads it: YAML front matter, then the body."""
    assert source.startswith("---\n")
    header, body = source[4:].split("\n---\n", 1)
    return yaml.safe_load(header), body


# --- Loading ---------------------------------------------------------------------------------


def test_load_site_gives_the_corpus_graph_and_folders(tmp_path: Path) -> None:
    project = shutil.copytree(MINI, tmp_path / "project")
    site, problems = load_site(project, config(page_size=7))
    assert problems == [] and site is not None
    assert set(site.corpus.cases) == set(mini_corpus().cases)
    assert list(site.graph.cases) == list(mini_graph().cases)
    assert site.images_root == project / "images"
    assert site.cache_dir == project / CACHE_DIR == project / ".cache/showcase"
    assert site.page_size == 7 and site.roles == {} and site.renditions == {}


def test_load_site_with_problems_gives_no_site(tmp_path: Path) -> None:
    project = shutil.copytree(MINI, tmp_path / "project")
    write_files(project, {"content/workers/bad.md": "---\nname: 坏\nsummary: 坏\n---\n"})
    site, problems = load_site(project, config())
    assert site is None
    assert [(p.path, p.field) for p in problems] == [("content/workers/bad.md", "city")]


def test_load_site_updates_the_previous_graph(tmp_path: Path) -> None:
    project = shutil.copytree(MINI, tmp_path / "project")
    first, _ = load_site(project, config())
    assert first is not None
    worker = project / "content/workers/zhao-liu.md"
    worker.write_text(worker.read_text(encoding="utf-8").replace("个体工匠", "木匠"), "utf-8")
    second, _ = load_site(project, config(), previous=first.graph)
    assert second is not None
    assert second.graph.cases["zhao-liu"].summary == "山县的木匠。"
    assert [c.id for c in second.graph.workers_in["hill-county"]] == ["zhao-liu"]
    assert first.graph.cases["zhao-liu"].summary == "山县的个体工匠。"  # left as it was


# --- Roles and images ------------------------------------------------------------------------


def test_role_of_a_page_the_plugin_does_not_know_is_other(tmp_path: Path) -> None:
    site = mini_site(tmp_path)
    site.roles.update(page_roles(site))
    assert site.role("workers/wang-wu.md") == PageRole("case", "wang-wu")
    assert site.role("about.md") == PageRole("other")


def test_page_roles_follow_the_page_size(tmp_path: Path) -> None:
    assert "cities/index/3.md" in page_roles(mini_site(tmp_path, page_size=1))
    assert "cities/index/2.md" not in page_roles(mini_site(tmp_path, page_size=100))


def test_image_sources_are_every_published_photo_once_cover_first(tmp_path: Path) -> None:
    # river-city's gallery (two photos), steel-plant's and wang-wu's portrait reuse plant.jpg.
    assert mini_site(tmp_path).image_sources() == ["river/plant.jpg", "river/meeting.png"]


def test_image_files_are_each_derivative_once(tmp_path: Path) -> None:
    site = mini_site(tmp_path)

    def rendition(src: str, *names: str) -> Rendition:
        variants = tuple(Variant(name, 480, 360, name.rsplit(".", 1)[1]) for name in names)
        return Rendition(src, 480, 360, variants)

    site.renditions = {
        "river/plant.jpg": rendition("river/plant.jpg", "b-480.webp", "b-480.jpeg"),
        "copy/plant.jpg": rendition("copy/plant.jpg", "b-480.webp", "b-480.jpeg"),  # same bytes
        "river/meeting.png": rendition("river/meeting.png", "a-480.png"),
    }
    images = tmp_path / "cache" / "images"
    assert site.image_files() == [
        images / "a-480.png",
        images / "b-480.jpeg",
        images / "b-480.webp",
    ]


def test_view_is_the_page_kinds_view(tmp_path: Path) -> None:
    site = mini_site(tmp_path)
    assert site.view(PageRole("case", "wang-wu")).name == "王五"
    assert site.view(PageRole("index", "city"))["count"] == 3
    assert site.view(PageRole("other")) is None


# --- Page sources ----------------------------------------------------------------------------


def test_a_case_page_source(tmp_path: Path) -> None:
    meta, body = split_source(page_source(mini_site(tmp_path), PageRole("case", "wang-wu")))
    assert meta == {
        "template": "case.html",
        "title": "王五",
        "description": "甲镇钢厂的炼钢工，全国劳动模范。",
        "hide": ["navigation"],  # the table of contents stays
        "search": {"boost": 3},
    }
    assert body == "\n王五在 [[steel-plant]] 工作，所在集团是 [[steel-group]]。\n"


def test_sources_rank_after_the_cases_in_search(tmp_path: Path) -> None:
    meta, _ = split_source(page_source(mini_site(tmp_path), PageRole("case", "report-2024")))
    assert meta["search"] == {"boost": 1}


@pytest.mark.parametrize(
    ("role", "title"),
    [
        (PageRole("index", "worker"), "劳模工匠"),
        (PageRole("tag", "技能提升"), "主题：技能提升"),
        (PageRole("home"), "首页"),
    ],
)
def test_a_listing_page_source_has_no_body(tmp_path: Path, role: PageRole, title: str) -> None:
    meta, body = split_source(page_source(mini_site(tmp_path), role))
    assert meta["title"] == title and meta["hide"] == ["navigation", "toc"]
    assert body == ""


def test_page_source_values_survive_yaml_whatever_they_hold(tmp_path: Path) -> None:
    project = shutil.copytree(MINI, tmp_path / "project")
    write_files(
        project,
        {
            "content/workers/odd.md": '---\nname: "a: b # c"\nsummary: "\\"引号\\" 与 ---\\n换行"\n'
            "city: hill-county\n---\n---\n正文以 --- 开头\n"
        },
    )
    site, problems = load_site(project, config())
    assert problems == [] and site is not None
    meta, body = split_source(page_source(site, PageRole("case", "odd")))
    assert meta["title"] == "a: b # c"
    assert meta["description"] == "&quot;引号&quot; 与 ---\n换行"
    assert body == "\n---\n正文以 --- 开头\n"


# --- Generated files -------------------------------------------------------------------------


class Existing:
    """The hand-written pages MkDocs found in the docs folder, by source path."""

    def __init__(self, *src_uris: str) -> None:
        self.src_uris = set(src_uris)

    def get_file_from_path(self, src_uri: str) -> object | None:
        return object() if src_uri in self.src_uris else None


def test_generated_files_leave_out_hand_written_pages_but_keep_their_roles(tmp_path: Path) -> None:
    site = mini_site(tmp_path)
    files = dict(generated_files(site, Existing("index.md", "cities/index.md"), site_name="馆"))
    assert "index.md" not in files and "cities/index.md" not in files
    assert site.role("index.md") == PageRole("home")
    assert site.role("cities/index.md") == PageRole("index", "city")
    pages = {path for path in files if path.endswith(".md")}
    assert pages == set(page_roles(site)) - {"index.md", "cities/index.md"}
    assert files["workers/wang-wu.md"] == page_source(site, PageRole("case", "wang-wu"))
    assert {path for path in files if not path.endswith(".md")} == {
        "data/cases.json",
        "data/stats.csv",
        "data/stats-zh.csv",
        "feed.xml",
    }


def test_data_files_are_the_open_data_and_the_feed(tmp_path: Path) -> None:
    site = mini_site(tmp_path)
    files = dict(data_files(site, site_name="产改案例馆", site_url="https://example.org/guan/"))
    assert list(files) == ["data/cases.json", "data/stats.csv", "data/stats-zh.csv", "feed.xml"]
    assert [record["id"] for record in json.loads(files["data/cases.json"])][:3] == [
        "hill-county",
        "river-city",
        "town-a",
    ]
    assert files["data/stats.csv"].startswith('\ufeff"id","kind","name","label",')
    assert files["data/stats-zh.csv"].startswith('\ufeff"案例","类别","行政级别","省份",')
    assert "<title>产改案例馆：案例更新</title>" in files["feed.xml"]
    assert 'href="https://example.org/guan/cities/river-city/"' in files["feed.xml"]
    assert dict(open_data_files(site)) == {
        "data/cases.json": files["data/cases.json"],
        "data/stats.csv": files["data/stats.csv"],
        "data/stats-zh.csv": files["data/stats-zh.csv"],
    }


def test_feed_file(tmp_path: Path) -> None:
    path, content = feed_file(mini_site(tmp_path), site_name="馆", site_url=None)
    assert path == "feed.xml"
    assert "<title>馆：案例更新</title>" in content and 'href="cities/river-city/"' in content
