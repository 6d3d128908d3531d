"""The photo gallery and its lightbox in a real browser (Debian's chromium driven by Playwright),
on a phone and on a desktop screen, plus the promise that original photos are never published."""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request

from conftest import REPO

PAGE = "cities/huaian/"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
SCREENSHOTS = Path("/tmp")

DIALOG = ".sc-lightbox[role=dialog]"

# Where the open lightbox's parts are on screen, and how its caption is drawn.
LAYOUT_JS = """() => {
    const box = node => node.getBoundingClientRect().toJSON();
    const dialog = document.querySelector(".sc-lightbox");
    const img = dialog.querySelector(".sc-lightbox__img");
    const stage = box(dialog.querySelector(".sc-lightbox__stage"));
    // The rectangle the photo really covers inside its box (object-fit: scale-down).
    const scale = Math.min(1, stage.width / img.naturalWidth, stage.height / img.naturalHeight);
    const w = img.naturalWidth * scale, h = img.naturalHeight * scale;
    const photo = {
        left: stage.left + (stage.width - w) / 2, right: stage.left + (stage.width + w) / 2,
        top: stage.top + (stage.height - h) / 2, bottom: stage.top + (stage.height + h) / 2,
    };
    const text = getComputedStyle(dialog.querySelector(".sc-lightbox__text"));
    return {
        photo,
        caption: box(dialog.querySelector(".sc-lightbox__caption")),
        buttons: [...dialog.querySelectorAll(".sc-lightbox__btn")].map(box),
        color: text.color,
        background: getComputedStyle(dialog).backgroundColor,
        fontSize: parseFloat(text.fontSize),
        viewport: {width: innerWidth, height: innerHeight},
    };
}"""


# ------------------------------------------------------------------------------------------
# Fixtures: a small copy of test_browser.py's, plus a page that records what the browser did
# ------------------------------------------------------------------------------------------


class Watched:
    """A page with everything the browser complained about and every URL it asked for."""

    def __init__(self, context: BrowserContext) -> None:
        self.context = context
        self.page: Page = context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("requestfailed", self._failed)
        self.page.on("request", lambda request: self.requests.append(request.url))

    def _failed(self, request: Request) -> None:
        # A photo still loading when the reader moves on is cancelled: not an error.
        if request.failure != "net::ERR_ABORTED":
            self.errors.append(f"failed: {request.url} ({request.failure})")


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


def contrast_on_black(css_colour: str) -> float:
    """WCAG contrast ratio of an opaque rgb() colour against black."""
    channels = [int(c) / 255 for c in re.findall(r"\d+", css_colour)[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return (luminance + 0.05) / 0.05


def wait_for_large_image(page: Page) -> None:
    page.wait_for_function(
        """() => {
            const img = document.querySelector(".sc-lightbox__img");
            const dialog = document.querySelector(".sc-lightbox");
            // Loaded, and shown: the fade-in of the dialog and of the photo are over.
            return img && img.complete && img.naturalWidth > 0 && img.currentSrc
                && !dialog.classList.contains("is-loading")
                && getComputedStyle(dialog).opacity === "1"
                && getComputedStyle(img).opacity === "1";
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
    pointer events of type "touch", exactly as on a phone): a move at a finger's pace over
    ~130 ms, then the finger rests a moment before it lifts, so that no fling follows (the
    browser would swallow the next tap to stop a fling)."""
    cdp = watched.context.new_cdp_session(watched.page)
    y = box["y"] + box["height"] / 2
    start, end = box["x"] + box["width"] * 0.8, box["x"] + box["width"] * 0.2
    if not towards_left:
        start, end = end, start

    def touch(kind: str, x: float | None = None) -> None:
        points = [] if x is None else [{"x": x, "y": y}]
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    touch("touchStart", start)
    for i in range(1, 9):
        time.sleep(0.016)
        touch("touchMove", start + (end - start) * i / 8)
    for _ in range(3):
        time.sleep(0.05)
        touch("touchMove", end)
    touch("touchEnd")
    cdp.detach()


# ------------------------------------------------------------------------------------------
# Tests
# ------------------------------------------------------------------------------------------


def test_gallery_and_lightbox(
    watched: Watched, base_url: str, request: pytest.FixtureRequest
) -> None:
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

    # The caption stays readable: inside the viewport, light text on the dark backdrop; the
    # buttons are big enough for a thumb and cover neither the caption nor the photo.
    layout = page.evaluate(LAYOUT_JS)

    def overlaps(a: dict[str, float], b: dict[str, float]) -> bool:
        return (
            a["left"] < b["right"]
            and b["left"] < a["right"]
            and a["top"] < b["bottom"]
            and b["top"] < a["bottom"]
        )

    caption = layout["caption"]
    assert 0 <= caption["top"] and caption["bottom"] <= layout["viewport"]["height"] + 0.5
    assert layout["fontSize"] >= 14
    # Light text on an almost opaque black backdrop: a contrast far above WCAG's 4.5:1.
    assert layout["background"] == "rgba(0, 0, 0, 0.95)", layout["background"]
    assert contrast_on_black(layout["color"]) >= 7, layout["color"]
    assert len(layout["buttons"]) == 3  # close, previous, next
    for button in layout["buttons"]:
        assert button["width"] >= 44 and button["height"] >= 44, button
        assert not overlaps(button, caption), (button, caption)
        assert not overlaps(button, layout["photo"]), (button, layout["photo"])
        assert button["left"] >= 0 and button["right"] <= layout["viewport"]["width"], button
        assert button["top"] >= 0 and button["bottom"] <= layout["viewport"]["height"], button

    # Arrow keys move through the gallery, the caption follows.
    page.keyboard.press("ArrowRight")
    expect_position(page, 2, items)
    assert (
        dialog_state(page)["caption"] != items[0]["caption"]
        or items[0]["caption"] == items[1]["caption"]
    )
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

    # A click (on the phone a tap) on the photo itself keeps the dialog open.
    photo = page.evaluate(LAYOUT_JS)["photo"]
    stage = page.locator(".sc-lightbox__stage").bounding_box()
    assert stage is not None
    tap = page.touchscreen.tap if phone else page.mouse.click
    tap((photo["left"] + photo["right"]) / 2, (photo["top"] + photo["bottom"]) / 2)
    page.wait_for_timeout(300)
    assert dialog.is_visible(), "a click on the photo closed the dialog"

    if phone:
        # A swipe to the left on the photo brings the next one, a swipe to the right goes back.
        swipe(watched, stage, towards_left=True)
        expect_position(page, 2, items)
        assert dialog.is_visible(), "the swipe closed the dialog"
        swipe(watched, stage, towards_left=False)
        expect_position(page, 1, items)

    # A click on the dark band beside (on the phone: a tap below) the photo closes the dialog,
    # on the phone right after a swipe too.
    if phone:
        band = (
            (photo["left"] + photo["right"]) / 2,
            (photo["bottom"] + stage["y"] + stage["height"]) / 2,
        )
    else:
        band = ((stage["x"] + photo["left"]) / 2, (photo["top"] + photo["bottom"]) / 2)
    tap(*band)
    dialog.wait_for(state="hidden", timeout=5_000)
    assert page.evaluate(
        "() => document.activeElement === document.querySelector('.sc-gallery a.sc-gallery__link')"
    )

    # Every photo came from the derivatives in assets/images/, never from images/.
    photos = [
        u
        for u in watched.requests
        if u.lower().endswith((".jpg", ".jpeg", ".png", ".webp", ".gif"))
    ]
    assert photos, watched.requests
    for url in photos:
        if url.startswith(base_url):
            assert url.startswith(base_url + "assets/"), url
            assert not url.startswith(base_url + "images/"), url
    assert any(
        u.startswith(base_url + "assets/images/") and u.endswith("-1600.webp") for u in photos
    )
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
