"""The photo gallery and its lightbox in a real browser (Debian's chromium driven by Playwright),
on a phone and on a desktop screen, plus the promise that original photos are never published."""

from __future__ import annotations

import functools
import hashlib
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from conftest import REPO

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PAGE = "cities/huaian/"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
SCREENSHOTS = Path("/tmp")

DIALOG = ".sc-lightbox[role=dialog]"
LARGE = ".sc-lightbox__img"


# ------------------------------------------------------------------------------------------
# Fixtures: a small copy of test_browser.py's, with the requests the server answered kept
# ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base_url(shipped_site: Path) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(shipped_site))
    handler.log_message = lambda *args: None  # type: ignore[assignment]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Watched:
    """A page with everything the browser complained about and every URL it asked for."""

    def __init__(self, context: BrowserContext) -> None:
        self.context = context
        self.page: Page = context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("requestfailed", lambda r: self.errors.append(f"failed: {r.url}"))
        self.page.on("request", lambda request: self.requests.append(request.url))


@pytest.fixture(params=["phone", "desktop"])
def watched(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Watched]:
    phone = request.param == "phone"
    context = browser.new_context(
        viewport=PHONE if phone else DESKTOP,
        has_touch=phone,
        is_mobile=phone,
        device_scale_factor=2 if phone else 1,
    )
    yield Watched(context)
    context.close()


# ------------------------------------------------------------------------------------------
# Helpers
# ------------------------------------------------------------------------------------------


def gallery_items(page: Page) -> list[dict[str, object]]:
    """Per thumbnail: its state in the browser and the caption the reader sees under it."""
    return page.eval_on_selector_all(
        ".sc-gallery .sc-gallery__item",
        """items => items.map(item => {
            const img = item.querySelector("a.sc-gallery__link img");
            const caption = item.querySelector("figcaption");
            const credit = caption.querySelector(".sc-gallery__credit");
            const text = caption.textContent.slice(
                0, caption.textContent.length - (credit ? credit.textContent.length : 0));
            return {
                complete: img.complete,
                naturalWidth: img.naturalWidth,
                current: img.currentSrc,
                width: img.getAttribute("width"),
                height: img.getAttribute("height"),
                alt: img.getAttribute("alt"),
                caption: text.trim(),
                dataCaption: item.querySelector("a.sc-gallery__link").dataset.caption,
            };
        })""",
    )


def dialog_state(page: Page) -> dict[str, object]:
    return page.evaluate(
        """() => {
            const dialog = document.querySelector(".sc-lightbox");
            const img = dialog.querySelector(".sc-lightbox__img");
            return {
                counter: dialog.querySelector(".sc-lightbox__counter").textContent,
                caption: dialog.querySelector(".sc-lightbox__text").textContent,
                large: img.currentSrc,
                loaded: img.complete && img.naturalWidth > 0,
                focusInside: dialog.contains(document.activeElement),
            };
        }"""
    )


def wait_for_large_image(page: Page) -> None:
    page.wait_for_function(
        """() => {
            const img = document.querySelector(".sc-lightbox__img");
            const dialog = document.querySelector(".sc-lightbox");
            return img && img.complete && img.naturalWidth > 0 && img.currentSrc
                && !dialog.classList.contains("is-loading");
        }""",
        timeout=10_000,
    )


def expect_position(page: Page, position: int, items: list[dict[str, object]]) -> None:
    page.wait_for_function(
        "text => document.querySelector('.sc-lightbox__counter').textContent === text",
        arg=f"{position} / {len(items)}",
        timeout=5_000,
    )
    wait_for_large_image(page)
    state = dialog_state(page)
    assert state["caption"] == items[position - 1]["caption"]
    assert state["loaded"]


def swipe(watched: Watched, box: dict[str, float], towards_left: bool = True) -> None:
    """A one-finger horizontal swipe across `box`, as real touch input (Chromium turns it into
    pointer events of type "touch", exactly as on a phone)."""
    cdp = watched.context.new_cdp_session(watched.page)
    y = box["y"] + box["height"] / 2
    start, end = box["x"] + box["width"] * 0.8, box["x"] + box["width"] * 0.2
    if not towards_left:
        start, end = end, start
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": start, "y": y}]})
    for i in range(1, 9):
        x = start + (end - start) * i / 8
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    cdp.detach()


# ------------------------------------------------------------------------------------------
# Tests
# ------------------------------------------------------------------------------------------


def test_gallery_and_lightbox(watched: Watched, base_url: str, request: pytest.FixtureRequest) -> None:
    page = watched.page
    phone = request.node.callspec.params["watched"] == "phone"
    response = page.goto(base_url + PAGE, wait_until="networkidle")
    assert response is not None and response.status == 200

    # Thumbnails: all loaded once the gallery is on screen, sized, and described by their caption.
    gallery = page.locator(".sc-gallery")
    gallery.scroll_into_view_if_needed()
    page.wait_for_function(
        """() => [...document.querySelectorAll(".sc-gallery img")]
                .every(img => img.complete && img.naturalWidth > 0)""",
        timeout=10_000,
    )
    items = gallery_items(page)
    assert len(items) >= 2, "the page needs a gallery of several photos for this test"
    for item in items:
        assert item["naturalWidth"] > 0, item
        assert str(item["width"]).isdigit() and int(item["width"]) > 0, item
        assert str(item["height"]).isdigit() and int(item["height"]) > 0, item
        assert item["caption"], item
        assert item["alt"] == item["caption"] == item["dataCaption"], item
        assert "/assets/images/" in str(item["current"]), item
    count = len(items)
    links = page.locator(".sc-gallery a.sc-gallery__link")
    dialog = page.locator(DIALOG)

    # Click the first thumbnail: a modal dialog with the large image, its caption and "1 / N".
    links.first.click()
    dialog.wait_for(state="visible")
    assert dialog.get_attribute("aria-modal") == "true"
    expect_position(page, 1, items)
    large = str(dialog_state(page)["large"])
    assert large.startswith(base_url + "assets/images/"), large
    assert large.endswith(".webp"), large  # chromium takes the WebP <source>
    page.screenshot(path=str(SCREENSHOTS / f"lightbox-{'phone' if phone else 'desktop'}.png"))

    # The caption stays readable: inside the viewport, light text on the dark backdrop, and
    # the buttons do not cover the caption (nor, on a desktop, the photo).
    layout = page.evaluate(
        """() => {
            const rect = s => document.querySelector(s).getBoundingClientRect().toJSON();
            const img = document.querySelector(".sc-lightbox__img");
            const stage = rect(".sc-lightbox__stage");
            // The rectangle the photo really occupies inside its object-fit box.
            const scale = Math.min(1, stage.width / img.naturalWidth, stage.height / img.naturalHeight);
            const w = img.naturalWidth * scale, h = img.naturalHeight * scale;
            const photo = {left: stage.left + (stage.width - w) / 2, right: stage.left + (stage.width + w) / 2,
                           top: stage.top + (stage.height - h) / 2, bottom: stage.top + (stage.height + h) / 2};
            return {
                caption: rect(".sc-lightbox__caption"), photo,
                buttons: [...document.querySelectorAll(".sc-lightbox__btn")].map(b => b.getBoundingClientRect().toJSON()),
                color: getComputedStyle(document.querySelector(".sc-lightbox__text")).color,
                fontSize: parseFloat(getComputedStyle(document.querySelector(".sc-lightbox__text")).fontSize),
                viewport: {width: innerWidth, height: innerHeight},
            };
        }"""
    )

    def overlaps(a: dict[str, float], b: dict[str, float]) -> bool:
        return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]

    caption = layout["caption"]
    assert 0 <= caption["top"] and caption["bottom"] <= layout["viewport"]["height"] + 0.5
    assert layout["fontSize"] >= 14
    assert layout["color"] in ("rgb(242, 242, 242)", "rgb(255, 255, 255)"), layout["color"]
    for button in layout["buttons"]:
        assert button["width"] >= 44 and button["height"] >= 44, button
        assert not overlaps(button, caption), (button, caption)
        if not phone:
            assert not overlaps(button, layout["photo"]), (button, layout["photo"])
    close_button = layout["buttons"][0]
    assert not overlaps(close_button, layout["photo"]), "the close button covers the photo"

    # Arrow keys move through the gallery, the caption follows.
    page.keyboard.press("ArrowRight")
    expect_position(page, 2, items)
    assert dialog_state(page)["caption"] != items[0]["caption"] or items[0]["caption"] == items[1]["caption"]
    page.keyboard.press("ArrowLeft")
    expect_position(page, 1, items)

    # Tab (and Shift+Tab) never leave the dialog.
    for key in ["Tab"] * 5 + ["Shift+Tab"] * 5:
        page.keyboard.press(key)
        assert dialog_state(page)["focusInside"], f"focus left the dialog after {key}"

    # Escape closes it and gives focus back to the first thumbnail's link.
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert page.evaluate(
        "() => document.activeElement === document.querySelector('.sc-gallery a.sc-gallery__link')"
    )
    assert page.evaluate("getComputedStyle(document.documentElement).overflow") != "hidden"

    # The keyboard opens it too: focus the link, press Enter.
    links.first.focus()
    page.keyboard.press("Enter")
    dialog.wait_for(state="visible")
    expect_position(page, 1, items)
    assert page.evaluate("location.pathname") == "/" + PAGE  # the link was not followed

    if phone:
        # A swipe to the left on the photo brings the next one, a swipe to the right goes back.
        box = page.locator(".sc-lightbox__stage").bounding_box()
        assert box is not None
        swipe(watched, box, towards_left=True)
        expect_position(page, 2, items)
        assert dialog.is_visible(), "the swipe closed the dialog"
        swipe(watched, box, towards_left=False)
        expect_position(page, 1, items)

    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")

    # Every photo came from the derivatives in assets/images/, never from images/.
    photos = [u for u in watched.requests if u.lower().endswith((".jpg", ".jpeg", ".png", ".webp", ".gif"))]
    assert photos, watched.requests
    for url in photos:
        if url.startswith(base_url):
            assert url.startswith(base_url + "assets/"), url
            assert not url.startswith(base_url + "images/"), url
    assert any(u.startswith(base_url + "assets/images/") and u.endswith("-1600.webp") for u in photos)
    assert watched.errors == []


def test_originals_are_never_published(shipped_site: Path) -> None:
    originals = [p for p in (REPO / "images").rglob("*") if p.is_file()]
    assert originals, "the shipped content has no photos"
    names = set()
    for path in originals:
        relative = path.relative_to(REPO / "images").as_posix()
        names.update({relative, path.name})
    digests = {hashlib.sha256(p.read_bytes()).hexdigest() for p in originals}
    site_files = [p for p in shipped_site.rglob("*") if p.is_file()]
    assert not (shipped_site / "images").exists()
    for path in site_files:
        data = path.read_bytes()
        assert hashlib.sha256(data).hexdigest() not in digests, f"{path} is an original photo"
        assert path.name not in names, f"{path} is named like an original photo"
        for name in names:
            assert name.encode() not in data, f"{path.relative_to(shipped_site)} mentions {name}"
