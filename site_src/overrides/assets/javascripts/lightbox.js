/*
 * 产改案例馆 lightbox: opens the large version of a gallery photo in an accessible modal dialog.
 *
 * Works on the markup of partials/showcase/gallery.html:
 *   .sc-gallery > .sc-gallery__item > a.sc-gallery__link[href=large fallback]
 *     [data-large-webp] [data-caption] [data-credit] > picture > img (the thumbnail)
 * Without JavaScript the link simply opens the large image, so nothing depends on this file.
 *
 * Vanilla JS, no library, no network beyond the photos themselves. Every listener is delegated
 * from `document` and the dialog is looked up or rebuilt on each use, so the script keeps working
 * when mkdocs-material's instant navigation swaps the page content without reloading scripts.
 * Written without `?.`/`??` so that the older Chromium cores of in-app browsers run it.
 */
(function () {
  "use strict";

  if (window.__scLightbox) return; // instant navigation may evaluate the script more than once
  window.__scLightbox = true;

  var SWIPE_MIN_PX = 40; // shorter horizontal moves are taps or wobbles, not swipes
  var SWIPE_MAX_MS = 800;
  var ICONS = {
    prev: '<path d="M15.4 5.4 14 4l-8 8 8 8 1.4-1.4L8.8 12z"/>',
    next: '<path d="M8.6 18.6 10 20l8-8-8-8-1.4 1.4 6.6 6.6z"/>',
    close:
      '<path d="M19 6.4 17.6 5 12 10.6 6.4 5 5 6.4 10.6 12 5 17.6 6.4 19 12 13.4 17.6 19 19 17.6 13.4 12z"/>',
  };

  var state = {
    dialog: null, // the dialog element, built on first use
    links: [], // the links of the gallery being browsed
    index: 0,
    lastFocused: null, // focus goes back to this link's equivalent on close
    savedScroll: null, // inline styles changed by the scroll lock, to restore them exactly
    pointer: null, // an ongoing swipe
    pointers: 0, // touches on the stage; two or more is a pinch, never a swipe
    suppressClick: false,
  };

  // ---------------------------------------------------------------------------------------
  // Building the dialog
  // ---------------------------------------------------------------------------------------

  function el(tag, className, attrs) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (attrs) {
      Object.keys(attrs).forEach(function (name) {
        node.setAttribute(name, attrs[name]);
      });
    }
    return node;
  }

  function button(kind, label) {
    var node = el("button", "sc-lightbox__btn sc-lightbox__" + kind, {
      type: "button",
      "aria-label": label,
      title: label,
    });
    node.innerHTML =
      '<svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false">' +
      ICONS[kind] +
      "</svg>";
    node.setAttribute("data-sc-action", kind);
    return node;
  }

  function build() {
    var dialog = el("div", "sc-lightbox", {
      role: "dialog",
      "aria-modal": "true",
      "aria-label": "图片",
      tabindex: "-1",
      hidden: "",
    });
    var stage = el("div", "sc-lightbox__stage");
    // The thumbnail the reader clicked (already loaded) is shown at once, under the large
    // image, so a slow connection shows a blurry photo instead of nothing.
    var placeholder = el("img", "sc-lightbox__placeholder", { alt: "", "aria-hidden": "true" });
    var picture = el("picture");
    var source = el("source", null, { type: "image/webp" });
    var img = el("img", "sc-lightbox__img", { decoding: "async" });
    picture.appendChild(source);
    picture.appendChild(img);
    stage.appendChild(placeholder);
    stage.appendChild(picture);

    var caption = el("div", "sc-lightbox__caption");
    var text = el("p", "sc-lightbox__text");
    var credit = el("p", "sc-lightbox__credit");
    var counter = el("p", "sc-lightbox__counter", { "aria-hidden": "true" });
    caption.appendChild(counter);
    caption.appendChild(text);
    caption.appendChild(credit);
    // Screen readers hear the new position and caption when the photo changes.
    var live = el("p", "sc-lightbox__sr", { "aria-live": "polite" });

    // Hidden pictures that make the browser fetch the neighbours (in the format it would
    // choose itself), so that the next photo appears without waiting.
    var preload = el("div", "sc-lightbox__preload", { "aria-hidden": "true" });
    for (var i = 0; i < 2; i++) {
      var p = el("picture");
      p.appendChild(el("source", null, { type: "image/webp" }));
      p.appendChild(el("img", null, { alt: "" }));
      preload.appendChild(p);
    }

    // Tab order: close, previous, next.
    dialog.appendChild(button("close", "关闭"));
    dialog.appendChild(stage);
    dialog.appendChild(caption);
    dialog.appendChild(button("prev", "上一张"));
    dialog.appendChild(button("next", "下一张"));
    dialog.appendChild(live);
    dialog.appendChild(preload);

    img.addEventListener("load", function () {
      dialog.classList.remove("is-loading");
    });
    img.addEventListener("error", function () {
      dialog.classList.remove("is-loading");
      if (!dialog.hidden) live.textContent = "大图加载失败，请稍后再试。";
    });
    stage.addEventListener("pointerdown", onPointerDown);
    stage.addEventListener("pointerup", onPointerUp);
    stage.addEventListener("pointercancel", onPointerCancel);
    document.body.appendChild(dialog);
    return dialog;
  }

  function getDialog() {
    // Rebuilt if a page swap removed it from the document.
    if (!state.dialog || !state.dialog.isConnected) state.dialog = build();
    return state.dialog;
  }

  function part(selector) {
    return getDialog().querySelector(selector);
  }

  // ---------------------------------------------------------------------------------------
  // Opening, showing, closing
  // ---------------------------------------------------------------------------------------

  function isOpen() {
    return !!(state.dialog && state.dialog.isConnected && !state.dialog.hidden);
  }

  function open(link) {
    var gallery = link.closest(".sc-gallery");
    state.links = gallery
      ? Array.prototype.slice.call(gallery.querySelectorAll("a.sc-gallery__link"))
      : [link];
    state.index = Math.max(0, state.links.indexOf(link));
    state.lastFocused = link;
    var dialog = getDialog();
    var single = state.links.length < 2;
    part(".sc-lightbox__prev").hidden = single;
    part(".sc-lightbox__next").hidden = single;
    lockScroll();
    dialog.hidden = false;
    show(state.index);
    part(".sc-lightbox__close").focus();
  }

  function absolute(url) {
    return url ? new URL(url, document.baseURI).href : "";
  }

  function show(index) {
    var count = state.links.length;
    state.index = ((index % count) + count) % count; // wraps around in both directions
    var link = state.links[state.index];
    var dialog = getDialog();
    var caption = link.getAttribute("data-caption") || "";
    var credit = link.getAttribute("data-credit") || "";
    var thumb = link.querySelector("img");
    var img = part(".sc-lightbox__img");
    var webp = absolute(link.getAttribute("data-large-webp"));

    dialog.setAttribute("aria-label", caption || "图片");
    var placeholder = part(".sc-lightbox__placeholder");
    var thumbUrl = thumb ? thumb.currentSrc || thumb.src : "";
    // An empty src would make some browsers request the page itself.
    if (thumbUrl) placeholder.src = thumbUrl;
    else placeholder.removeAttribute("src");
    dialog.classList.add("is-loading");
    // srcset of the <source> first, then the <img>: the browser picks once both are set.
    var source = part(".sc-lightbox__stage source");
    if (webp) source.setAttribute("srcset", webp);
    else source.removeAttribute("srcset");
    img.alt = caption;
    img.src = link.href;
    if (img.complete && img.naturalWidth) dialog.classList.remove("is-loading");

    part(".sc-lightbox__text").textContent = caption;
    var creditNode = part(".sc-lightbox__credit");
    creditNode.textContent = credit;
    creditNode.hidden = !credit;
    var counter = count > 1 ? state.index + 1 + " / " + count : "";
    part(".sc-lightbox__counter").textContent = counter;
    part(".sc-lightbox__sr").textContent =
      (count > 1 ? "第 " + (state.index + 1) + " 张，共 " + count + " 张：" : "") + caption;
    preloadNeighbours();
  }

  function preloadNeighbours() {
    var count = state.links.length;
    var pictures = getDialog().querySelectorAll(".sc-lightbox__preload picture");
    [1, -1].forEach(function (step, i) {
      var source = pictures[i].querySelector("source");
      var img = pictures[i].querySelector("img");
      if (count < 2) {
        img.removeAttribute("src");
        return;
      }
      var link = state.links[(state.index + step + count) % count];
      var webp = absolute(link.getAttribute("data-large-webp"));
      if (webp) source.setAttribute("srcset", webp);
      else source.removeAttribute("srcset");
      img.src = link.href;
    });
  }

  function close() {
    if (!isOpen()) return;
    var dialog = state.dialog;
    dialog.hidden = true;
    dialog.classList.remove("is-loading");
    unlockScroll();
    // Back to the photo being looked at last, so keyboard users keep their place.
    var target = state.links[state.index] || state.lastFocused;
    if (target && target.isConnected) target.focus();
    else if (state.lastFocused && state.lastFocused.isConnected) state.lastFocused.focus();
    state.links = [];
    state.pointer = null;
  }

  function step(delta) {
    if (state.links.length > 1) show(state.index + delta);
  }

  // ---------------------------------------------------------------------------------------
  // Scroll lock and focus trap
  // ---------------------------------------------------------------------------------------

  function lockScroll() {
    if (state.savedScroll) return;
    var root = document.documentElement;
    var body = document.body;
    // Keeping the scrollbar's width as padding stops the page from jumping sideways.
    var scrollbar = window.innerWidth - root.clientWidth;
    state.savedScroll = { overflow: root.style.overflow, paddingRight: body.style.paddingRight };
    if (scrollbar > 0) {
      var current = parseFloat(window.getComputedStyle(body).paddingRight) || 0;
      body.style.paddingRight = current + scrollbar + "px";
    }
    root.style.overflow = "hidden";
    root.classList.add("sc-lightbox-open");
  }

  function unlockScroll() {
    if (!state.savedScroll) return;
    document.documentElement.style.overflow = state.savedScroll.overflow;
    document.body.style.paddingRight = state.savedScroll.paddingRight;
    document.documentElement.classList.remove("sc-lightbox-open");
    state.savedScroll = null;
  }

  function focusables() {
    return Array.prototype.filter.call(
      state.dialog.querySelectorAll("button"),
      function (node) {
        return !node.hidden && !node.disabled;
      }
    );
  }

  function trapTab(event) {
    var items = focusables();
    if (!items.length) return;
    var first = items[0];
    var last = items[items.length - 1];
    var inside = state.dialog.contains(document.activeElement);
    if (event.shiftKey && (document.activeElement === first || !inside)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (document.activeElement === last || !inside)) {
      event.preventDefault();
      first.focus();
    }
  }

  // ---------------------------------------------------------------------------------------
  // Swipe (pointer events: touch and pen; a mouse drag is left alone)
  // ---------------------------------------------------------------------------------------

  function zoomedIn() {
    // While the reader has pinch-zoomed, a horizontal drag means panning, not "next photo".
    return !!(window.visualViewport && window.visualViewport.scale > 1.01);
  }

  function onPointerDown(event) {
    // A swipe produces no click on touch screens, so a flag left by the last swipe must not
    // swallow the next tap.
    state.suppressClick = false;
    if (event.pointerType === "mouse") return;
    state.pointers += 1;
    state.pointer =
      state.pointers === 1 && event.isPrimary
        ? { id: event.pointerId, x: event.clientX, y: event.clientY, t: Date.now() }
        : null;
  }

  function onPointerUp(event) {
    if (event.pointerType === "mouse") return;
    state.pointers = Math.max(0, state.pointers - 1);
    var start = state.pointer;
    state.pointer = null;
    if (!start || start.id !== event.pointerId || zoomedIn()) return;
    var dx = event.clientX - start.x;
    var dy = event.clientY - start.y;
    if (
      Math.abs(dx) >= SWIPE_MIN_PX &&
      Math.abs(dx) > 1.5 * Math.abs(dy) &&
      Date.now() - start.t <= SWIPE_MAX_MS
    ) {
      state.suppressClick = true; // the click that follows a swipe must not close the dialog
      step(dx < 0 ? 1 : -1); // finger moves left: the next photo comes in from the right
    }
  }

  function onPointerCancel() {
    state.pointers = 0;
    state.pointer = null;
  }

  // The <img> fills the whole stage and the photo is fitted inside it (object-fit:
  // scale-down, centred), so the dark bands beside or above the photo belong to the <img> too.
  function outsidePhoto(img, x, y) {
    if (!img.naturalWidth || !img.naturalHeight) return false;
    var box = img.getBoundingClientRect();
    var scale = Math.min(1, box.width / img.naturalWidth, box.height / img.naturalHeight);
    var w = img.naturalWidth * scale;
    var h = img.naturalHeight * scale;
    var left = box.left + (box.width - w) / 2;
    var top = box.top + (box.height - h) / 2;
    return x < left || x > left + w || y < top || y > top + h;
  }

  // ---------------------------------------------------------------------------------------
  // Delegated listeners
  // ---------------------------------------------------------------------------------------

  function galleryLink(target) {
    return target && target.closest ? target.closest(".sc-gallery a.sc-gallery__link") : null;
  }

  document.addEventListener(
    "click",
    function (event) {
      if (isOpen()) {
        var action = event.target.closest && event.target.closest("[data-sc-action]");
        if (state.suppressClick) {
          state.suppressClick = false;
          if (!action) return;
        }
        if (action) {
          var kind = action.getAttribute("data-sc-action");
          if (kind === "close") close();
          else step(kind === "next" ? 1 : -1);
          return;
        }
        // A click on the dark area around the photo closes, as readers expect.
        if (
          event.target === state.dialog ||
          event.target.classList.contains("sc-lightbox__stage") ||
          (event.target.classList.contains("sc-lightbox__img") &&
            outsidePhoto(event.target, event.clientX, event.clientY))
        ) {
          close();
        }
        return;
      }
      var link = galleryLink(event.target);
      // Modified clicks keep their meaning: open the image in a new tab or window.
      if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey ||
          event.altKey) {
        return;
      }
      event.preventDefault();
      open(link);
    },
    true // capture: runs before other page scripts can act on the same click
  );

  document.addEventListener("keydown", function (event) {
    if (isOpen()) {
      switch (event.key) {
        case "Escape":
        case "Esc":
          event.preventDefault();
          close();
          break;
        case "ArrowLeft":
        case "Left":
          event.preventDefault();
          step(-1);
          break;
        case "ArrowRight":
        case "Right":
          event.preventDefault();
          step(1);
          break;
        case "Tab":
          trapTab(event);
          break;
        default:
      }
      return;
    }
    // Links open with Enter by themselves (a click event); Space does nothing on a link, so it
    // is added here, as the gallery invites it.
    if ((event.key === " " || event.key === "Spacebar") && galleryLink(event.target)) {
      event.preventDefault(); // no page scroll
      open(galleryLink(event.target));
    }
  });

  // Focus that lands outside the open dialog (a click on the browser's chrome, a script) is
  // brought back in: a modal dialog keeps focus until it is closed.
  document.addEventListener("focusin", function (event) {
    if (isOpen() && !state.dialog.contains(event.target)) {
      var items = focusables();
      if (items.length) items[0].focus();
    }
  });

  // The Back button (or instant navigation to another page) closes the dialog.
  window.addEventListener("popstate", close);
})();
