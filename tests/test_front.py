"""The portal's front (issue 14): identity, the home page's view, case-page hierarchy, index
grouping, related cases, the Chinese-headed stats table and the placeholders. Views are tested
directly; what the pages print is checked in the built fixture site."""

from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import ImageDraw

from conftest import FIXTURES, REPO, read_page, run_mkdocs_build
from showcase.config import IdentityConfig
from showcase.graph import build_graph
from showcase.loading.loader import load_corpus
from showcase.models import Honor
from showcase.output import open_data
from showcase.related import neighbours, pages_near
from showcase.routing import OTHERS, index_groups, latest_updates
from showcase.site import featured_problems
from showcase.views.case import case_view, sorted_honors
from showcase.views.home import home_view
from showcase.views.identity import site_identity

sys.path.insert(0, str(REPO / "scripts"))
import make_placeholders  # noqa: E402


@pytest.fixture(scope="module")
def shipped():
    corpus, problems = load_corpus(REPO, "content", "images")
    assert problems == []
    return build_graph(corpus)


@pytest.fixture(scope="module")
def mini():
    corpus, problems = load_corpus(FIXTURES / "mini", "content", "images")
    assert problems == []
    return build_graph(corpus)


# --- Identity ------------------------------------------------------------------------------


def identity(**options) -> IdentityConfig:
    config = IdentityConfig()
    config.load_dict(options)
    assert config.validate() == ([], [])
    return config


def test_identity_shows_only_what_is_set() -> None:
    assert site_identity(identity()) == site_identity(identity(organiser="  ", co_organisers=[]))
    empty = site_identity(identity())
    assert (empty.organisers, empty.contact, empty.records, empty.organiser) == ([], [], [], None)


def test_identity_lines_have_chinese_labels_and_links() -> None:
    shown = site_identity(
        identity(
            organiser="甲省总工会",
            co_organisers=["乙单位", "丙单位"],
            contact={"phone": "025-1234 5678", "email": "a@example.org"},
            icp="苏ICP备00000000号-1",
            police_record="苏公网安备 32010202000001号",
        )
    )
    assert shown.organiser == "甲省总工会"
    assert [(line.label, line.text) for line in shown.organisers] == [
        ("主办单位", "甲省总工会"),
        ("协办单位", "乙单位、丙单位"),
    ]
    assert [(line.label, line.url) for line in shown.contact] == [
        ("联系电话", "tel:02512345678"),
        ("电子邮箱", "mailto:a@example.org"),
    ]
    assert [(line.label, line.url) for line in shown.records] == [
        ("ICP 备案号", "https://beian.miit.gov.cn/"),
        ("公安机关备案号", "https://beian.mps.gov.cn/#/query/webSearch?code=32010202000001"),
    ]


def test_a_featured_case_must_be_published(mini) -> None:
    assert featured_problems(None, mini) == []
    assert featured_problems("wang-wu", mini) == []
    (typo,) = featured_problems("wang-wo", mini)
    assert typo.path == "mkdocs.yml" and typo.field == "plugins.showcase.featured"
    assert "wang-wo" in typo.message and "wang-wu" in typo.hint
    (draft,) = featured_problems("draft-worker", mini)
    assert "草稿" in draft.message


# --- The home page --------------------------------------------------------------------------


def test_home_leads_with_the_featured_case_and_leaves_it_out_of_the_updates(shipped) -> None:
    view = home_view(shipped, {}, featured="ma-ben")
    assert view.lead.card.id == "ma-ben" and view.lead.featured
    assert "马奔" not in [update.case.name for update in view.updates]
    assert len(view.updates) == 6


def test_without_a_featured_case_the_home_leads_with_the_newest_update(shipped) -> None:
    view = home_view(shipped, {})
    newest = latest_updates(shipped)[0][1]
    assert view.lead.card.id == newest.id and not view.lead.featured


def test_latest_updates_are_newest_first_and_kinds_take_turns(shipped) -> None:
    updates = latest_updates(shipped)
    dates = [date for date, _ in updates]
    assert dates == sorted(dates, reverse=True)
    # Every shipped case was revised the same day: the first four are one of each kind.
    assert [case.kind for _, case in updates[:4]] == ["city", "enterprise", "worker", "source"]


def test_headline_figures_say_whose_they_are_and_do_not_repeat_a_measure(shipped) -> None:
    view = home_view(shipped, {})
    assert view.headline
    labels = [stat.metric.label if stat.metric else stat.label for stat in view.headline]
    assert len(labels) == len(set(labels))  # no 19项 改革举措 beside 25项 改革举措
    for stat in view.headline:
        assert stat.case.name and stat.owner_label in ("地级市", "县级市", "县", "区", "镇", "园区")


def test_ways_in_by_province_count_the_cases_of_each_place(shipped) -> None:
    provinces = {province.name: province for province in home_view(shipped, {}).provinces}
    assert set(provinces) == {"江苏省", "安徽省"}
    jiangyin = next(p for p in provinces["江苏省"].places if p.name == "江阴市")
    assert [below.name for below in jiangyin.below] == ["祝塘镇"]
    zhutang = jiangyin.below[0]
    assert zhutang.count == len(shipped.enterprises_in["zhutang"]) + len(
        shipped.workers_in["zhutang"]
    )
    assert provinces["安徽省"].url == "cities/#sc-group-1"


# --- Case pages -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "shown"),
    [
        # 廖志斌's honours as his file lists them: lowest level first.
        (
            [
                ("江淮工匠标兵", None, None),
                ("国网公司技能专家", "企业级", None),
                ("安徽省技能大奖", "省级", None),
                ("全国五一劳动奖章", "国家级", None),
                ("全国劳动模范", "国家级", None),
            ],
            [
                "全国五一劳动奖章",
                "全国劳动模范",
                "安徽省技能大奖",
                "国网公司技能专家",
                "江淮工匠标兵",
            ],
        ),
        # Within a level the newest first, undated after dated.
        (
            [
                ("甲", "省级", None),
                ("乙", "省级", 2019),
                ("丙", "省级", 2022),
                ("丁", "市级", 2024),
            ],
            ["丙", "乙", "甲", "丁"],
        ),
    ],
)
def test_honours_highest_level_first_then_newest(written, shown) -> None:
    honors = [Honor(title=title, level=level, year=year) for title, level, year in written]
    assert [honor.title for honor in sorted_honors(honors)] == shown


def test_stats_are_grouped_by_source_in_order_unsourced_last(mini) -> None:
    city = mini.cases["river-city"]
    view = case_view(city, mini, {})
    sources = [group.source.name if group.source else None for group in view.stat_groups]
    cited = [
        mini.get(stat.source).name if mini.get(stat.source) else None for stat in city.fields.stats
    ]
    assert sources == [*dict.fromkeys(s for s in cited if s), *([None] if None in cited else [])]
    assert sum(len(group.stats) for group in view.stat_groups) == len(city.fields.stats)


def test_a_case_page_jumps_to_each_of_its_sections(shipped) -> None:
    view = case_view(shipped.cases["huaian"], shipped, {})
    labels = [link.label for link in view.jump]
    assert labels[:3] == ["数据", "正文", "图片"] and "相关案例" in labels and labels[-1] == "出处"


def test_a_worker_page_suggests_workers_of_the_same_enterprise(shipped) -> None:
    view = case_view(shipped.cases["ma-ben"], shipped, {})
    same_employer = next(s for s in view.related if s.title == "同单位劳模工匠")
    assert [card.id for card in same_employer.cards] == ["li-bing"]
    assert same_employer.more.url == "enterprises/zhangshuanglou-mine/"
    shown = {card.id for section in view.related for card in section.cards}
    assert "ma-ben" not in shown


def test_dated_entries_newest_year_first(shipped) -> None:
    dates = case_view(shipped.cases["ma-ben"], shipped, {}).dates
    assert [year.year for year in dates] == [2024, 2020]
    assert dates[0].url == "timeline/2024/"  # its source's year is on the timeline
    assert dates[1].url is None  # an honour's year alone is not
    assert dates[1].entries[0].text == "获“全国劳动模范”"


@given(st.integers(0, 30), st.integers(0, 30), st.integers(0, 3))
def test_neighbours_are_symmetric(size: int, pick: int, width: int) -> None:
    """What makes rebuilds right: if B is suggested on A's page, an edit to B checks A's."""

    class Item:
        def __init__(self, number: int) -> None:
            self.id = f"c{number:03d}"

    items = [Item(n) for n in range(size)]
    if not items:
        return
    a = items[pick % size]
    for b in items:
        assert (b in neighbours(items, a, width)) == (a in neighbours(items, b, width))


def test_pages_near_holds_every_page_suggesting_a_case(shipped) -> None:
    for case in shipped.cases.values():
        view = case_view(case, shipped, {})
        for section in view.related:
            for card in section.cards:
                assert case.id in pages_near(shipped.cases[card.id], shipped), (case.id, card.id)


# --- Index pages ----------------------------------------------------------------------------


def test_index_groups_only_where_groups_hold_several_cases(shipped) -> None:
    groups = {kind: index_groups(kind, shipped) for kind in ("city", "enterprise", "worker")}
    assert [title for title, _ in groups["city"]] == ["安徽省", "江苏省"]
    # Ten enterprises in nine industries: one sorted list, no heading of one entry.
    assert [title for title, _ in groups["enterprise"]] == [""]
    assert [title for title, _ in groups["worker"]] == ["国家级", "市级", OTHERS]
    assert [title for title, _ in index_groups("source", shipped)] == [""]


def test_an_unstated_value_goes_last_under_others(mini) -> None:
    for kind in ("city", "enterprise", "worker", "source"):
        titles = [title for title, _ in index_groups(kind, mini)]
        assert not {"未载明", "原文未载明", "未注明"} & set(titles)
        assert OTHERS not in titles[:-1]


# --- Open data: the Chinese-headed table ------------------------------------------------------


def test_stats_zh_csv_has_chinese_headers_and_values(shipped) -> None:
    text = open_data.stats_zh_csv(shipped)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:])))
    assert list(rows[0]) == list(open_data.ZH_COLUMNS)
    assert len(rows) == sum(len(case.fields.stats) for case in shipped.cases.values())
    kinds = {row["类别"] for row in rows}
    assert kinds <= {"城市", "企业", "劳模工匠", "出处"} and "城市" in kinds
    assert {row["限定"] for row in rows} <= {"", "超过", "将近", "大约"}
    huaian = next(
        row for row in rows if row["案例"] == "淮安市" and row["数值（原文）"] == "2万多人"
    )
    assert (huaian["所在城市"], huaian["省份"], huaian["限定"], huaian["数量"]) == (
        "淮安市",
        "江苏省",
        "超过",
        "20000",
    )
    assert huaian["出处"] == "淮安产业工人队伍建设改革向纵深推进"


def test_the_contract_stats_csv_keeps_its_columns(shipped) -> None:
    header = open_data.stats_csv(shipped).splitlines()[0].lstrip("\ufeff")
    assert next(csv.reader([header])) == list(open_data.CSV_COLUMNS)


# --- Placeholders -----------------------------------------------------------------------------


def drawn_texts(monkeypatch, src: str, caption: str) -> list[tuple[str, tuple]]:
    """(text, bounding box) of everything draw_placeholder writes."""
    written: list[tuple[str, tuple]] = []
    original = ImageDraw.ImageDraw.text

    def spy(self, xy, text, *args, **kwargs):
        box = self.textbbox(xy, text, font=kwargs.get("font"), anchor=kwargs.get("anchor"))
        written.append((text, box))
        return original(self, xy, text, *args, **kwargs)

    monkeypatch.setattr(ImageDraw.ImageDraw, "text", spy)
    make_placeholders.draw_placeholder(src, caption, make_placeholders.Fonts())
    return written


def test_a_placeholder_writes_no_file_path_and_stays_in_the_safe_box(monkeypatch) -> None:
    caption = "新时代淮安产业工人队伍建设改革第六次联席会议暨现场推进会"
    written = drawn_texts(monkeypatch, "huaian/joint-meeting-6.jpg", caption)
    texts = [text for text, _ in written]
    assert make_placeholders.LABEL in texts
    assert "".join(texts[1:]) == caption
    for text in texts:
        assert "images/" not in text and ".jpg" not in text and "joint-meeting" not in text
    left, top, right, bottom = make_placeholders.SAFE_BOX
    for text, (x0, y0, x1, y1) in written:
        assert left <= x0 and x1 <= right and top <= y0 and y1 <= bottom, text


def test_the_safe_box_survives_every_crop_the_site_makes() -> None:
    width, height = make_placeholders.WIDTH, make_placeholders.HEIGHT
    left, top, right, bottom = make_placeholders.SAFE_BOX
    for aspect in (16 / 9, 4 / 3, 3 / 4, 2 / 1, 1):  # cards, gallery, portrait, lead, rows
        crop_w, crop_h = min(width, height * aspect), min(height, width / aspect)
        x0, y0 = (width - crop_w) / 2, (height - crop_h) / 2
        assert x0 <= left and right <= x0 + crop_w and y0 <= top and bottom <= y0 + crop_h, aspect


def test_the_shipped_placeholders_are_drawn_by_the_current_script() -> None:
    from PIL import Image

    placeholders = 0
    for path in (REPO / "images").rglob("*.jpg"):
        with Image.open(path) as image:
            comment = image.info.get("comment") or b""
        if comment.startswith(make_placeholders.MARKER):
            placeholders += 1
            assert comment.startswith(make_placeholders.stamp("")), path
    assert placeholders > 0


# --- The built pages --------------------------------------------------------------------------


def test_home_page_title_and_link_preview_name_the_site(mini_site: Path) -> None:
    home = (mini_site / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<title>产改案例馆 · [^<]+</title>", home)
    assert '<meta property="og:title" content="产改案例馆">' in home
    assert '<meta property="og:image" content="assets/images/' in home


def test_the_footer_is_the_portals_own(mini_site: Path) -> None:
    for page in ("index.html", "workers/wang-wu/index.html", "404.html"):
        html = (mini_site / page).read_text(encoding="utf-8")
        footer = re.search(r'<footer class="md-footer sc-footer">.*?</footer>', html, re.S).group(0)
        assert "Material for MkDocs" not in footer
        for data in ("data/stats-zh.csv", "data/stats.csv", "data/cases.json", "feed.xml"):
            assert data in footer, (page, data)
        # The shipped mkdocs.yml names no organiser: none is shown, and no placeholder text.
        assert "主办单位" not in footer and "mkdocs.yml" not in footer


def test_the_404_page_is_chinese(mini_site: Path) -> None:
    html = (mini_site / "404.html").read_text(encoding="utf-8")
    assert "<title>页面不存在 - 产改案例馆</title>" in html and "没有找到这个页面" in html
    assert "Not found" not in html
    assert 'href="/">返回首页' in html  # absolute: the 404 page is served at any depth


def test_case_pages_name_a_source_once_per_group(mini_site: Path) -> None:
    html = read_page(mini_site, "cities/river-city")
    stats = re.search(
        r'<section class="sc-section" aria-labelledby="sc-stats">.*?</section>', html, re.S
    )
    groups = re.findall(r'<div class="sc-statgroup">(.*?)</div>\s*</div>', stats.group(0), re.S)
    assert groups
    for group in groups:
        assert "sc-stat__source" not in group
        assert group.count("出处：") <= 1


@pytest.mark.slow
def test_the_benchmarks_plain_site_still_builds(tmp_path: Path) -> None:
    """`build.py bench` compares with a plain mkdocs-material site using this theme's overrides
    (the footer, the About page): they must build there too, without the plugin."""
    import bench

    from showcase.tools import synth

    corpus = tmp_path / "corpus"
    synth.generate(
        corpus, cities=3, enterprises=4, workers=8, images=2, sources=2, seed=3, photo_size=(64, 48)
    )
    project = tmp_path / "plain"
    project.mkdir()
    bench.write_plain_site(corpus, project)
    result = run_mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert "产改案例馆" in (project / "site/about/index.html").read_text(encoding="utf-8")


def test_a_case_headers_picture_comes_before_its_text(mini_site: Path) -> None:
    """The picture sits beside the name but first in the source: a page painted before all of
    its HTML has arrived must not have a picture arrive later and push the summary down."""
    for url in ("workers/wang-wu", "workers/zhao-liu", "cities/river-city"):
        html = read_page(mini_site, url)
        header = re.search(r'<header class="sc-case__header">.*?</header>', html, re.S).group(0)
        picture = re.search(r'class="sc-case__(?:portrait|cover)"', header)
        if url.startswith("workers/"):
            assert picture is not None, url  # a worker always has one (a silhouette at least)
        if picture is not None:
            assert picture.start() < header.index('class="sc-case__intro"'), url
