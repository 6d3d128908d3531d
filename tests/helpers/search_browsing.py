"""Asking the site's search the way readers ask, in a real browser: typed, pasted, dictated
or committed by an input method (tests/test_search_browser.py and scripts/search_quality.py)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from playwright.sync_api import Page

from helpers.search_queries import Query

RESULTS_TIMEOUT_MS = 10_000


def enter_text(page: Page, selector: str, text: str, how: str) -> None:
    """Puts `text` into the focused search box the way a reader's device does (see
    search_queries.py for the four ways)."""
    box = page.locator(selector)
    if how == "pasted":
        box.fill(text)
    elif how == "dictated":
        page.keyboard.insert_text(text)
    elif how == "ime":
        # An input method composing the text character by character, then committing it.
        cdp = page.context.new_cdp_session(page)
        for end in range(1, len(text) + 1):
            cdp.send(
                "Input.imeSetComposition",
                {"text": text[:end], "selectionStart": end, "selectionEnd": end},
            )
        cdp.send("Input.insertText", {"text": text})
        cdp.detach()
    elif text.isascii():
        page.keyboard.type(text, delay=20)
    else:
        # A Chinese input method delivers the characters, then the page sees a key released.
        box.fill(text)
        box.press("End")


@dataclass
class Engine:
    name: str
    open_search: Callable[[Page], str]  # opens the search box; returns its selector
    results: Callable[[Page], list[str]]  # result URLs once shown ([] when nothing is found)
    reopen: Callable[[Page], str | None] | None = None  # empties an open box; None if closed


def _material_open(page: Page) -> str:
    page.locator("input.md-search__input").click()
    return "input.md-search__input"


def _material_results(page: Page) -> list[str]:
    meta = page.locator(".md-search-result__meta")
    try:
        page.wait_for_function(
            "() => { const m = document.querySelector('.md-search-result__meta');"
            " return m && m.textContent.trim() !== '键入以开始搜索'; }",
            timeout=RESULTS_TIMEOUT_MS,
        )
    except Exception:  # the box never left its placeholder: nothing was searched
        return []
    time.sleep(0.3)  # the theme renders results after the meta line
    if "没有" in meta.inner_text():
        return []
    hrefs = page.eval_on_selector_all(
        "li.md-search-result__item > a:first-child", "links => links.map(a => a.href)"
    )
    return hrefs


def _showcase_open(page: Page) -> str:
    page.locator("[data-sc-search-open]").first.click()
    return "[data-sc-search-input]"


def _showcase_reopen(page: Page) -> str | None:
    box = page.locator("[data-sc-search-input]")
    if not page.evaluate("() => !!document.querySelector('dialog.sc-search__dialog[open]')"):
        return None
    box.fill("")
    page.wait_for_selector("[data-sc-search-status][data-state='idle']")
    box.focus()
    return "[data-sc-search-input]"


def _showcase_results(page: Page) -> list[str]:
    try:
        page.wait_for_selector(
            "[data-sc-search-status][data-state='done']", timeout=RESULTS_TIMEOUT_MS
        )
    except Exception:
        return []
    return page.eval_on_selector_all(
        "[data-sc-search-results] a[data-sc-result]", "links => links.map(a => a.href)"
    )


ENGINES = {
    "material": Engine("material", _material_open, _material_results),
    "showcase": Engine("showcase", _showcase_open, _showcase_results, _showcase_reopen),
}


def page_urls(hrefs: list[str], base: str) -> list[str]:
    """Site-relative page URLs, in order, each once (sections of a page are the page)."""
    urls = []
    for href in hrefs:
        url = href.split("#", 1)[0].split("?", 1)[0]
        url = url[len(base) :] if url.startswith(base) else url
        if url not in urls:
            urls.append(url)
    return urls


def ask(page: Page, base: str, engine: Engine, query: Query, reuse: bool = False) -> list[str]:
    """The result URLs for one query, asked on a fresh page view of the home page, or with
    `reuse` in the search box already open (emptied first, as a reader would)."""
    selector = engine.reopen(page) if reuse and engine.reopen else None
    if selector is None:
        page.goto(base, wait_until="networkidle")
        selector = engine.open_search(page)
    enter_text(page, selector, query.text, query.how)
    return page_urls(engine.results(page), base)
