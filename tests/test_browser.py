"""What readers see, checked in a real browser: Debian's chromium driven by Playwright."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

PAGE_TYPES = [
    "",
    "cities/",
    "enterprises/",
    "workers/",
    "sources/",
    "about/",
    "cities/huaian/",
    "cities/zhutang/",
    "enterprises/zhangshuanglou-mine/",
    "workers/ma-ben/",
    "sources/jiangsu-bulletin-2024-08/",
]


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    page = browser.new_page(viewport={"width": 390, "height": 844})
    yield page
    page.close()


@pytest.mark.parametrize("url", PAGE_TYPES)
def test_page_loads_cleanly_and_only_from_the_site(page: Page, base_url: str, url: str) -> None:
    errors: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "request",
        lambda request: (
            request.url.startswith(base_url)
            or request.url.startswith("data:")
            or foreign.append(request.url)
        ),
    )
    response = page.goto(base_url + url, wait_until="networkidle")
    assert response is not None and response.status == 200
    assert errors == []
    assert foreign == []
    # Nothing is wider than a phone screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def visible_names(page: Page) -> list[str]:
    return page.locator(".sc-entry:visible .sc-entry__name a").all_inner_texts()


def test_index_filter_by_text_and_category(page: Page, base_url: str) -> None:
    page.goto(base_url + "cities/", wait_until="networkidle")
    everything = visible_names(page)
    assert len(everything) >= 10 and "祝塘镇" in everything
    page.locator("[data-sc-filter-input]").fill("祝塘")
    shown = visible_names(page)
    assert "祝塘镇" in shown and "淮安市" not in shown  # 江阴市's summary mentions 祝塘 too
    status = page.locator("[data-sc-filter-status]").inner_text()
    assert status == f"显示 {len(shown)} / {len(everything)} 项"
    page.locator("[data-sc-filter-input]").fill("")
    page.get_by_role("button", name="地级市").click()
    shown = visible_names(page)
    assert shown and "祝塘镇" not in shown and "淮安市" in shown
    # A group with nothing left is hidden, not left as an empty heading.
    page.locator("[data-sc-filter-input]").fill("没有这样的城市")
    assert visible_names(page) == []
    assert page.locator("[data-sc-filter-empty]").is_visible()


def test_hierarchy_is_shown_on_the_cities_index(page: Page, base_url: str) -> None:
    page.goto(base_url + "cities/", wait_until="networkidle")
    entry = page.locator(".sc-entry", has=page.locator("a", has_text="祝塘镇"))
    assert entry.locator(".sc-entry__path").inner_text() == "江阴市 ›"
