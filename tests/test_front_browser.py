"""The portal's front as a reader sees it, in Chromium: nothing moves while a page loads, the
footer shows who runs the site, the 404 page leads home, honours come highest first, no page
shows a file path, a case page names each source once, and the phone layouts hold."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from test_browser import PAGE_TYPES
from test_quality import MORE_PAGE_TYPES

from conftest import REPO, make_project, run_mkdocs_build, serving

VIEWPORTS = [(390, 844), (1280, 800)]
VIEWPORT_IDS = ["phone", "desktop"]
# Every kind of page: home, indexes, about, cases of each kind, comparisons, tags, timeline,
# and an address the site does not have (its 404 page).
EVERY_PAGE_TYPE = [*PAGE_TYPES, *MORE_PAGE_TYPES]

# Collects every layout shift not caused by the reader (the Layout Instability API).
LAYOUT_SHIFTS = """
window.__shifts = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (!entry.hadRecentInput) {
      window.__shifts.push({
        value: entry.value,
        nodes: entry.sources.map((s) => s.node ? (s.node.className || s.node.nodeName) : ""),
        rects: entry.sources.map((s) => [s.previousRect.toJSON(), s.currentRect.toJSON()]),
        time: entry.startTime, scroll: window.scrollY,
      });
    }
  }
}).observe({ type: "layout-shift", buffered: true });
"""
IMAGE_PATH = re.compile(r"images/|\.(?:jpe?g|png|webp|gif)\b", re.I)


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    yield page
    page.close()


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=VIEWPORT_IDS)
@pytest.mark.parametrize("url", EVERY_PAGE_TYPE)
def test_nothing_moves_while_a_page_loads(
    browser: Browser, base_url: str, url: str, viewport: tuple[int, int]
) -> None:
    page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
    page.add_init_script(LAYOUT_SHIFTS)
    page.goto(base_url + url, wait_until="networkidle")
    # Scrolling through brings in every lazy image: none may push the page around either.
    height = page.evaluate("document.documentElement.scrollHeight")
    for offset in range(0, height, viewport[1] // 2):
        page.evaluate(f"window.scrollTo(0, {offset})")
        page.wait_for_timeout(40)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    shifts = page.evaluate("window.__shifts")
    page.close()
    assert sum(shift["value"] for shift in shifts) == 0, shifts


@pytest.mark.parametrize("url", EVERY_PAGE_TYPE)
def test_no_visible_text_is_an_image_path(phone: Page, base_url: str, url: str) -> None:
    phone.goto(base_url + url, wait_until="networkidle")
    text = phone.evaluate("document.body.innerText")
    assert not IMAGE_PATH.search(text), IMAGE_PATH.search(text).group(0)


def test_the_404_page_is_chinese_and_leads_home(phone: Page, base_url: str) -> None:
    response = phone.goto(base_url + "cities/no-such-city/", wait_until="networkidle")
    assert response is not None and response.status == 404
    assert phone.locator("html").get_attribute("lang") == "zh"
    assert phone.title() == "页面不存在 - 产改案例馆"
    assert phone.locator("h1").inner_text() == "没有找到这个页面"
    assert "Not found" not in phone.locator("body").inner_text()
    # The search button opens the header's search.
    phone.get_by_role("button", name="搜索案例").click()
    search = phone.get_by_role("dialog")
    search.wait_for()
    assert search.get_by_role("searchbox").is_visible()
    phone.keyboard.press("Escape")
    search.wait_for(state="hidden")
    phone.get_by_role("link", name="返回首页").click()
    phone.wait_for_load_state("networkidle")
    assert phone.url == base_url
    assert phone.locator(".sc-lead").is_visible()


def test_a_workers_honours_come_highest_level_first(phone: Page, base_url: str) -> None:
    phone.goto(base_url + "workers/liao-zhibin/", wait_until="networkidle")
    honours = phone.locator(".sc-honor")
    titles = honours.locator(".sc-honor__title").all_inner_texts()
    assert titles == [
        "全国五一劳动奖章",
        "全国劳动模范",
        "中共二十大代表",
        "安徽省技能大奖",
        "国网公司技能专家",
        "江淮工匠标兵",
    ]
    assert honours.first.locator(".sc-honor__level").inner_text() == "国家级"
    # The portrait stands upright and large beside the name.
    box = phone.locator(".sc-case__portrait img").bounding_box()
    assert box is not None and box["height"] > box["width"] and box["width"] >= 140


def test_a_worker_without_a_photo_gets_a_neutral_portrait(phone: Page, base_url: str) -> None:
    phone.goto(base_url + "workers/ma-ben/", wait_until="networkidle")
    portrait = phone.locator(".sc-case__portrait")
    assert portrait.locator(".sc-nocover--worker").is_visible()
    assert portrait.inner_text() == "暂无照片"


@pytest.mark.parametrize(
    "url", ["cities/huaian/", "cities/zhutang/", "enterprises/zhangshuanglou-mine/"]
)
def test_a_case_page_names_each_source_once_per_group(phone: Page, base_url: str, url: str) -> None:
    phone.goto(base_url + url, wait_until="networkidle")
    groups = phone.locator(".sc-statgroup")
    assert groups.count() >= 1
    for index in range(groups.count()):
        group = groups.nth(index)
        assert group.locator(".sc-stat").count() >= 1
        assert group.locator(".sc-stat__source").count() == 0
        source = group.locator(".sc-statgroup__source a")
        assert source.count() == 1
        name = source.inner_text()
        assert group.inner_text().count(name) == 1


def test_on_a_phone_figures_are_one_column_with_whole_labels(phone: Page, base_url: str) -> None:
    phone.goto(base_url + "cities/huaian/", wait_until="networkidle")
    cards = phone.locator(".sc-statgroup .sc-stat")
    lefts = {round(cards.nth(i).bounding_box()["x"]) for i in range(cards.count())}
    assert len(lefts) == 1  # one column
    label = cards.nth(0).locator(".sc-stat__label").bounding_box()
    assert label["width"] >= 200  # room for a dozen characters a line, not five


def test_the_first_case_is_on_a_phones_first_screen(phone: Page, base_url: str) -> None:
    phone.goto(base_url, wait_until="networkidle")
    title = phone.locator(".sc-lead__title a").bounding_box()
    assert title is not None and title["y"] + title["height"] <= 844
    assert phone.title().startswith("产改案例馆")


def test_jump_links_reach_a_section_on_a_phone(phone: Page, base_url: str) -> None:
    phone.goto(base_url + "cities/huaian/", wait_until="networkidle")
    jump = phone.locator(".sc-jump")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    jump.get_by_role("link", name="图片").click()
    phone.wait_for_timeout(300)
    heading = phone.locator("#sc-gallery").bounding_box()
    bar = jump.bounding_box()
    # Below the sticky header and jump bar, on the screen.
    assert bar is not None and heading is not None
    assert bar["y"] + bar["height"] <= heading["y"] < 844


def visible_names(page: Page) -> list[str]:
    return page.locator(".sc-entry:visible .sc-entry__name a").all_inner_texts()


def test_workers_filter_by_province_and_city(phone: Page, base_url: str) -> None:
    phone.goto(base_url + "workers/", wait_until="networkidle")
    everyone = visible_names(phone)
    phone.locator("[data-sc-filter-province]").select_option("安徽省")
    assert set(visible_names(phone)) == {"廖志斌", "启金工作室"}
    phone.locator("[data-sc-filter-province]").select_option("江苏省")
    phone.locator("[data-sc-filter-city]").select_option(label="淮安市")
    assert set(visible_names(phone)) == {"杨庚豹", "陈飞", "汪洋劳模创新工作室"}
    phone.locator("[data-sc-filter-province]").select_option("")
    phone.locator("[data-sc-filter-city]").select_option("")
    assert visible_names(phone) == everyone


def test_a_towns_city_takes_in_the_towns_enterprises(phone: Page, base_url: str) -> None:
    phone.goto(base_url + "enterprises/", wait_until="networkidle")
    phone.locator("[data-sc-filter-city]").select_option(label="　祝塘镇")
    in_town = set(visible_names(phone))
    assert "贝德服装" in in_town
    phone.locator("[data-sc-filter-city]").select_option(label="江阴市")
    assert set(visible_names(phone)) == in_town


def test_the_phone_comparison_table_hides_no_column(phone: Page, base_url: str) -> None:
    phone.goto(base_url + "metrics/skills-training/", wait_until="networkidle")
    wrap = phone.locator(".sc-table-wrap")
    assert wrap.evaluate("e => e.scrollWidth <= e.clientWidth")
    first_row = phone.locator(".sc-table tbody tr").first
    # The source column is hidden on a phone: the source is named under the case's name.
    assert first_row.locator(".sc-table__wide").first.is_hidden()
    assert first_row.get_by_role("link", name=re.compile("年终考")).is_visible()
    assert "地级市" in first_row.inner_text() and "2023年" in first_row.inner_text()
    chart = phone.locator(".sc-chart__svg").bounding_box()
    assert chart is not None and chart["width"] >= 340  # the chart uses the width it has


@pytest.fixture(scope="module")
def identity_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content built with an identity filled in, as a maintainer would."""
    project = make_project(tmp_path_factory.mktemp("identity"))
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    filled = {
        "organiser": "测试省总工会",
        "co_organisers": "[测试市总工会, 测试研究院]",
        "phone": "025-0000 0000",
        "email": "contact@example.org",
        "address": "测试市测试路 1 号",
        "icp": "测ICP备00000000号-1",
        "police_record": "测公网安备 00000000000001号",
        "repository": "https://example.org/cases",
    }
    for key, value in filled.items():
        config, replaced = re.subn(rf"(?m)^(\s+{key}:)[^\n#]*", rf"\g<1> {value} ", config)
        assert replaced == 1, key
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    result = run_mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.mark.parametrize("url", ["", "cities/huaian/", "no-such-page/"])
def test_the_footer_shows_the_identity_set_in_mkdocs_yml(
    browser: Browser, identity_site: Path, url: str
) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    with serving(identity_site) as site_url:
        page.goto(site_url + url, wait_until="networkidle")
        footer = page.locator("footer.sc-footer")
        text = footer.inner_text()
        assert "主办单位" in text and "测试省总工会" in text
        assert "协办单位" in text and "测试市总工会、测试研究院" in text
        assert footer.get_by_role("link", name="025-0000 0000").get_attribute("href") == (
            "tel:02500000000"
        )
        assert footer.get_by_role("link", name="contact@example.org").get_attribute("href") == (
            "mailto:contact@example.org"
        )
        assert "测试市测试路 1 号" in text
        icp = footer.get_by_role("link", name="测ICP备00000000号-1")
        assert icp.get_attribute("href") == "https://beian.miit.gov.cn/"
        police = footer.get_by_role("link", name="测公网安备 00000000000001号")
        assert police.get_attribute("href").endswith("code=00000000000001")
        assert "案例图文版权归原发布单位及作者所有" in text
        assert "Material for MkDocs" not in text
    page.close()


def test_the_about_page_says_who_runs_the_site(browser: Browser, identity_site: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    with serving(identity_site) as site_url:
        page.goto(site_url + "about/", wait_until="networkidle")
        box = page.locator(".sc-about__identity")
        assert "测试省总工会" in box.inner_text()
        assert box.get_by_role("link", name="https://example.org/cases").is_visible()
        headings = page.locator(".sc-about h2").all_inner_texts()
        assert headings[:4] == ["主办与联系", "案例从哪里来", "如何参与", "开放数据"]
    page.close()


def test_without_an_identity_the_footer_shows_no_empty_lines(phone: Page, base_url: str) -> None:
    phone.goto(base_url, wait_until="networkidle")
    text = phone.locator("footer.sc-footer").inner_text()
    assert "主办单位" not in text and "联系我们" not in text and "备案" not in text
    assert "开放数据" in text and "全部数据（中文表头，CSV）" in text


def test_the_shipped_emblem_is_the_favicon_and_logo(phone: Page, base_url: str) -> None:
    phone.goto(base_url, wait_until="networkidle")
    assert phone.locator('link[rel="icon"]').get_attribute("href").endswith("brand/favicon.svg")
    assert (REPO / "site_src/overrides/assets/brand/favicon.svg").is_file()
