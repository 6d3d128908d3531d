/* The site's search: a dialog over Pagefind's JavaScript API (the index in /pagefind/, written by
   the showcase plugin at build time).

   Nothing of the index is fetched with the page: Pagefind's script, its WebAssembly and the index
   load when the reader first focuses or taps the search button, or presses / or Ctrl+K (⌘K).
   A query is read from the box's `input` and `compositionend` events, never from key presses,
   so pasted, dictated and input-method text searches exactly like typed text.

   Results are built with DOM methods from Pagefind's metadata (name, kind, summary, cover),
   never from HTML strings; matches are marked with <mark>. */
(function () {
  "use strict";

  var root = document.querySelector("[data-sc-search]");
  if (!root || !window.HTMLDialogElement) return;

  // Results shown at once ("显示更多" adds as many again): each needs its fragment (about 1 KB
  // at 20,000 cases), and a phone shows five or six; eight keep a first query under 300 kB.
  var PAGE = 8;
  var DEBOUNCE_MS = 120;
  // Pagefind's ranking: names count for most (see search-record.html for the weights of the
  // parts); `keys` holds each name's tails and pinyin, so a name found by any part of it or by
  // pinyin outranks pages that only mention it.
  var RANKING = {
    termSimilarity: 2.0,
    pageLength: 0.3,
    metaWeights: { title: 8.0, keys: 10.0, topics: 3.0, summary: 0.0, kind: 0.0, cover: 0.0 }
  };
  // Punctuation a paste drags along (《》“”。，…); it is not part of any word.
  var PUNCTUATION = /[\s\p{P}\p{S}]+/gu;
  var CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;
  var ZERO_WIDTH = /[\u200b-\u200d\u2060\ufeff]/g;
  // A clause boundary: an excerpt starts after one, so no line starts with punctuation.
  var CLAUSE_END = /[。！？；，、：\s]/;

  var openButton = root.querySelector("[data-sc-search-open]");
  var dialog = root.querySelector("dialog");
  var form = root.querySelector("[data-sc-search-form]");
  var input = root.querySelector("[data-sc-search-input]");
  var closeButton = root.querySelector("[data-sc-search-close]");
  var status = root.querySelector("[data-sc-search-status]");
  var list = root.querySelector("[data-sc-search-results]");
  var more = root.querySelector("[data-sc-search-more]");
  var filterBox = root.querySelector("[data-sc-search-filters]");
  var facets = root.querySelector("[data-sc-search-facets]");
  var siteRoot = new URL(root.getAttribute("data-sc-search-root") || "./", window.location.href);

  var pagefind = null; // the loaded module's promise
  var chosen = {}; // filter name -> value
  var generation = 0; // the latest search; older answers are dropped
  var timer = null;
  var composing = false;
  var current = { results: [], shown: 0, terms: [] };

  function load() {
    if (!pagefind) {
      pagefind = import(new URL("pagefind/pagefind.js", siteRoot).href).then(function (module) {
        // noWorker: searching a few fragments takes milliseconds on the page itself, and the
        // worker would be another 41 KB to fetch on a phone.
        return module.options({ baseUrl: siteRoot.pathname, ranking: RANKING, noWorker: true })
          .then(function () { return module.init(); })
          .then(function () { return module; });
      });
      pagefind.catch(function () { pagefind = null; });
    }
    return pagefind;
  }

  function setStatus(state, text) {
    status.setAttribute("data-state", state);
    status.textContent = text;
  }

  /* The query as the index reads it: full-width forms folded (ＡＢＣ, ３), lower case, and
     punctuation and spaces between words reduced to one space. */
  function normalize(text) {
    return text.normalize("NFKC").toLowerCase().replace(PUNCTUATION, " ").trim();
  }

  function open(event) {
    if (event) event.preventDefault();
    load();
    if (!dialog.open) dialog.showModal();
    input.focus();
    input.select();
  }

  function schedule() {
    if (composing) return;
    window.clearTimeout(timer);
    var query = normalize(input.value);
    if (!query) {
      generation += 1;
      list.replaceChildren();
      more.hidden = true;
      setStatus("idle", "输入名称、主题或拼音开始搜索");
      return;
    }
    setStatus("pending", "正在搜索…");
    timer = window.setTimeout(function () { search(query); }, DEBOUNCE_MS);
  }

  function search(query) {
    var mine = (generation += 1);
    var filters = {};
    Object.keys(chosen).forEach(function (name) { if (chosen[name]) filters[name] = chosen[name]; });
    load()
      .then(function (module) { return module.search(query, { filters: filters }); })
      .then(function (answer) {
        if (mine !== generation) return null;
        current = { results: answer ? answer.results : [], shown: 0, terms: query.split(" ") };
        list.replaceChildren();
        return showMore(mine, query);
      })
      .then(function () {
        if (mine !== generation) return;
        var count = current.results.length;
        var scope = Object.keys(filters).length ? "（已筛选）" : "";
        setStatus(
          "done",
          count ? "找到 " + count + " 个结果" + scope : "没有找到“" + input.value.trim() + "”" + scope
        );
        status.setAttribute("data-query", query);
      })
      .catch(function () {
        if (mine !== generation) return;
        setStatus("error", "搜索暂时无法使用，请检查网络后重试");
      });
  }

  /* The next results; for the first ones (`query` given), the cases whose own name is what the
     reader typed come first (see nameTier). */
  function showMore(mine, query) {
    var batch = current.results.slice(current.shown, current.shown + PAGE);
    current.shown += batch.length;
    return Promise.all(batch.map(function (result) { return result.data(); })).then(function (pages) {
      if (mine !== generation) return;
      // scripts/search_quality.py --index-order measures the index's own order.
      if (query && window.scSearchOrder !== "index") pages = byName(pages, query);
      pages.forEach(function (page) { list.appendChild(resultItem(page, current.terms)); });
      more.hidden = current.shown >= current.results.length;
    });
  }

  /* The first results are ordered by what the reader can see, before Pagefind's score:
     0 the case's own name is the query (or its pinyin, or its initials), 1 the name starts
     with it, 2 the name holds it, 3 the text holds the query as typed (not only its words
     apart), 4 the rest. Pagefind ranks by words, so two names that both start with 淮安
     (淮安市, 淮安产业工人…) tie there, and the reader who typed 淮安 means the shorter one;
     among pages that hold 技能竞赛, the one that says it most comes first. */
  function tierOf(page, compactQuery) {
    var meta = page.meta || {};
    if (CJK.test(compactQuery)) {
      var name = normalize(meta.title || "").replace(/ /g, "");
      if (name === compactQuery) return 0;
      if (name.indexOf(compactQuery) === 0) return 1;
      if (name.indexOf(compactQuery) > 0) return 2;
    } else {
      var keys = (meta.keys || "").split(" ");
      if (keys.indexOf(compactQuery) !== -1) return 0;
      if (keys.some(function (key) { return key.indexOf(compactQuery) === 0; })) return 1;
    }
    return occurrences(page, compactQuery) ? 3 : 4;
  }

  function occurrences(page, compactQuery) {
    var text = normalize(clean(page.content || "")).replace(/ /g, "");
    var count = 0;
    for (var at = text.indexOf(compactQuery); at !== -1; at = text.indexOf(compactQuery, at + 1)) {
      count += 1;
    }
    return count;
  }

  function byName(pages, query) {
    var compactQuery = query.replace(/ /g, "");
    return pages
      .map(function (page, rank) {
        var tier = tierOf(page, compactQuery);
        var title = (page.meta && page.meta.title) || "";
        // Within a name tier the shorter name; within the text tier the page saying it most.
        var within = tier < 3 ? title.length : tier === 3 ? -occurrences(page, compactQuery) : 0;
        return { page: page, order: [tier, within, rank] };
      })
      .sort(function (a, b) {
        return a.order[0] - b.order[0] || a.order[1] - b.order[1] || a.order[2] - b.order[2];
      })
      .map(function (entry) { return entry.page; });
  }

  function resultItem(page, terms) {
    var meta = page.meta || {};
    var item = document.createElement("li");
    item.className = "sc-search__result";
    var link = document.createElement("a");
    link.className = "sc-search__link";
    link.href = new URL(page.url.replace(/^\//, ""), siteRoot.origin + "/").href;
    link.setAttribute("data-sc-result", "");
    if (meta.cover) {
      var image = document.createElement("img");
      image.className = "sc-search__cover";
      image.src = new URL(meta.cover, siteRoot).href;
      image.alt = "";
      image.width = 56;
      image.height = 56;
      image.loading = "lazy";
      image.decoding = "async";
      link.appendChild(image);
    }
    var body = document.createElement("span");
    body.className = "sc-search__body";
    body.appendChild(part("sc-search__kind", meta.kind || ""));
    var name = meta.title || "";
    var summary = clean(meta.summary || "");
    var nameMarked = marked(name, terms);
    var summaryMarked = marked(summary, terms);
    // An excerpt of the text shows where the query is when the name and summary do not hold
    // it as typed (they may hold a part of it: 技能 of 技能竞赛).
    var compactQuery = terms.join("");
    var shown = normalize(name + " " + summary).replace(/ /g, "");
    var matchShown = shown.indexOf(compactQuery) !== -1 ||
      ((hasMark(nameMarked) || hasMark(summaryMarked)) && !occurrences(page, compactQuery));
    body.appendChild(part("sc-search__name", nameMarked));
    body.appendChild(part("sc-search__summary", summaryMarked));
    if (!matchShown) {
      var excerpt = excerptOf(clean(page.content || ""), terms, compactQuery);
      if (excerpt) body.appendChild(part("sc-search__excerpt", marked(excerpt, terms)));
    }
    link.appendChild(body);
    item.appendChild(link);
    return item;
  }

  function part(className, content) {
    var span = document.createElement("span");
    span.className = className;
    if (typeof content === "string") span.textContent = content;
    else span.appendChild(content);
    return span;
  }

  function hasMark(fragment) {
    return fragment.querySelector("mark") !== null;
  }

  /* Text as a reader should see it: without the zero-width spaces Pagefind puts between the
     words it segments, without spaces between two Chinese characters, and with a Chinese full
     stop where Pagefind ends a block of Chinese text with ". ". */
  function clean(text) {
    var wide = "[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]";
    return text
      .replace(ZERO_WIDTH, "")
      .replace(new RegExp("(" + wide + ")\\. ", "g"), "$1。")
      .replace(new RegExp("(" + wide + ") (?=" + wide + ")", "g"), "$1");
  }

  /* Where the text matches: every run of two or more characters that also occurs in a query
     word (a single character only when the query word is one character), and Latin words. */
  function matchedRanges(text, terms) {
    var lower = text.toLowerCase();
    var marks = new Array(text.length).fill(false);
    terms.forEach(function (term) {
      if (!term) return;
      var shortest = term.length === 1 ? 1 : 2;
      for (var start = 0; start < lower.length; start++) {
        for (var length = Math.min(term.length, lower.length - start); length >= shortest; length--) {
          if (term.indexOf(lower.slice(start, start + length)) !== -1 && (length > 1 || CJK.test(term))) {
            for (var i = start; i < start + length; i++) marks[i] = true;
            break;
          }
        }
      }
    });
    return marks;
  }

  function marked(text, terms) {
    var marks = matchedRanges(text, terms);
    var fragment = document.createDocumentFragment();
    var i = 0;
    while (i < text.length) {
      var j = i;
      while (j < text.length && marks[j] === marks[i]) j++;
      var piece = document.createTextNode(text.slice(i, j));
      if (marks[i]) {
        var mark = document.createElement("mark");
        mark.appendChild(piece);
        fragment.appendChild(mark);
      } else {
        fragment.appendChild(piece);
      }
      i = j;
    }
    return fragment;
  }

  /* Up to about 80 characters of the text around the query as typed, or else around the first
     match of a part of it, starting at a clause (so the excerpt never starts with punctuation). */
  function excerptOf(content, terms, compactQuery) {
    var first = compactQuery ? content.toLowerCase().indexOf(compactQuery) : -1;
    if (first === -1) first = matchedRanges(content, terms).indexOf(true);
    if (first === -1) return "";
    var start = Math.max(0, first - 30);
    var boundary = -1;
    for (var i = first - 1; i >= start; i--) {
      if (CLAUSE_END.test(content[i])) { boundary = i; break; }
    }
    start = boundary === -1 ? start : boundary + 1;
    var text = content.slice(start, start + 80).replace(/^[\s\p{P}]+/u, "");
    return (start > 0 ? "…" : "") + text + (start + 80 < content.length ? "…" : "");
  }

  /* Filters load only when the reader opens them: their index is not needed for a query. */
  function loadFacets() {
    if (facets.childElementCount) return;
    facets.textContent = "正在加载筛选项…";
    load()
      .then(function (module) { return module.filters(); })
      .then(function (available) {
        facets.replaceChildren();
        Object.keys(available).forEach(function (name) {
          var values = Object.keys(available[name]).sort(function (a, b) {
            return available[name][b] - available[name][a] || a.localeCompare(b, "zh");
          });
          if (!values.length) return;
          var label = document.createElement("label");
          label.className = "sc-search__facet";
          label.appendChild(document.createTextNode(name));
          var select = document.createElement("select");
          select.setAttribute("data-sc-search-facet", name);
          select.appendChild(new Option("全部", ""));
          values.forEach(function (value) {
            select.appendChild(new Option(value + "（" + available[name][value] + "）", value));
          });
          select.addEventListener("change", function () {
            chosen[name] = select.value;
            schedule();
          });
          label.appendChild(select);
          facets.appendChild(label);
        });
      })
      .catch(function () { facets.textContent = "筛选项暂时无法加载"; });
  }

  /* Arrow keys move between the box and the results; Enter follows a result (it is a link);
     Escape closes the dialog (the browser's own), and focus returns to the search button. */
  function onKeydown(event) {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    var links = Array.prototype.slice.call(list.querySelectorAll("a[data-sc-result]"));
    if (!links.length) return;
    var at = links.indexOf(document.activeElement);
    var next = event.key === "ArrowDown" ? at + 1 : at - 1;
    event.preventDefault();
    if (next < 0) input.focus();
    else links[Math.min(next, links.length - 1)].focus();
  }

  function isTyping(target) {
    return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }

  openButton.addEventListener("pointerdown", load, { passive: true });
  openButton.addEventListener("focus", load);
  openButton.addEventListener("click", open);
  closeButton.addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("click", function (event) {
    if (event.target === dialog) dialog.close(); // a tap on the backdrop
  });
  dialog.addEventListener("close", function () { openButton.focus(); });
  dialog.addEventListener("keydown", onKeydown);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a[data-sc-result]");
    if (first) first.click();
  });
  input.addEventListener("compositionstart", function () { composing = true; });
  input.addEventListener("compositionend", function () { composing = false; schedule(); });
  input.addEventListener("input", function (event) {
    if (event.isComposing) return;
    composing = false;
    schedule();
  });
  more.addEventListener("click", function () {
    var mine = generation;
    var focusAt = current.shown;
    showMore(mine).then(function () {
      var links = list.querySelectorAll("a[data-sc-result]");
      if (links[focusAt]) links[focusAt].focus();
    });
  });
  filterBox.addEventListener("toggle", function () { if (filterBox.open) loadFacets(); });
  document.addEventListener("keydown", function (event) {
    var shortcut = (event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey) ||
      ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k");
    if (!shortcut || dialog.open || (event.key === "/" && isTyping(event.target))) return;
    open(event);
  });
})();
