/* Index-page filter: narrows the entries by text, by one category and (enterprises, workers)
   by province and city, in the browser only. On a paged index it narrows the page it is on
   (the search box finds the rest). Without JavaScript the form is not shown (the page keeps
   its `no-js` class), so readers see every entry and no control that does nothing; with it
   the form is there from the first paint, so nothing moves when this script starts. */
(function () {
  "use strict";

  function setUp(scope) {
    var form = scope.querySelector("[data-sc-filter]");
    if (!form || form.dataset.scReady) return;
    form.dataset.scReady = "1";
    var input = form.querySelector("[data-sc-filter-input]");
    var status = form.querySelector("[data-sc-filter-status]");
    var empty = scope.querySelector("[data-sc-filter-empty]");
    var chips = Array.prototype.slice.call(form.querySelectorAll("[data-sc-facet]"));
    var entries = Array.prototype.slice.call(scope.querySelectorAll("[data-sc-text]"));
    var groups = Array.prototype.slice.call(scope.querySelectorAll("[data-sc-filter-group]"));
    var provinceSelect = form.querySelector("[data-sc-filter-province]");
    var citySelect = form.querySelector("[data-sc-filter-city]");
    var facet = "";

    function inPlace(entry) {
      var province = provinceSelect ? provinceSelect.value : "";
      var city = citySelect ? citySelect.value : "";
      if (province && entry.getAttribute("data-sc-province") !== province) return false;
      if (!city) return true;
      return (entry.getAttribute("data-sc-places") || "").split(" ").indexOf(city) !== -1;
    }

    function apply() {
      var words = input.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      entries.forEach(function (entry) {
        var text = entry.getAttribute("data-sc-text");
        var match = (!facet || entry.getAttribute("data-sc-facet-value") === facet) &&
          inPlace(entry) &&
          words.every(function (word) { return text.indexOf(word) !== -1; });
        entry.hidden = !match;
        if (match) shown += 1;
      });
      groups.forEach(function (group) {
        var visible = group.querySelectorAll("[data-sc-text]:not([hidden])").length;
        group.hidden = visible === 0;
        var count = group.querySelector("[data-sc-group-count]");
        if (count) count.textContent = String(visible);
      });
      if (empty) empty.hidden = shown !== 0;
      // On one page of several, the counts are this page's: say so.
      var where = form.hasAttribute("data-sc-filter-paged") ? "本页" : "";
      var narrowed = words.length || facet || (provinceSelect && provinceSelect.value) ||
        (citySelect && citySelect.value);
      status.textContent = narrowed ? where + "显示 " + shown + " / " + entries.length + " 项" : "";
    }

    // Choosing a province offers only its cities (and forgets a city of another province).
    if (provinceSelect && citySelect) {
      provinceSelect.addEventListener("change", function () {
        var province = provinceSelect.value;
        Array.prototype.forEach.call(citySelect.options, function (option) {
          var other = option.value && province && option.getAttribute("data-province") !== province;
          option.hidden = Boolean(other);
          option.disabled = Boolean(other);
          if (other && option.selected) citySelect.value = "";
        });
        apply();
      });
      citySelect.addEventListener("change", apply);
    }

    input.addEventListener("input", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    chips.forEach(function (chip) {
      chip.addEventListener("click", function () {
        facet = chip.getAttribute("data-sc-facet");
        chips.forEach(function (other) {
          other.setAttribute("aria-pressed", String(other === chip));
        });
        apply();
      });
    });
  }

  function setUpAll() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-sc-filter-scope]"), setUp);
  }

  // mkdocs-material's instant navigation replaces the page without a load event.
  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(setUpAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpAll);
  } else {
    setUpAll();
  }
})();
