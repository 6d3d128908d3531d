/*
 * The editor at /admin/: Decap CMS with the case format of this portal. Loaded after
 * decap-cms.js (window.CMS, window.h, window.createClass) and the scripts beside it:
 *
 * - the file formats `showcase-<kind>` (case-file.js) that keep files as they were written;
 * - the widgets `showcase-id` (the file name of a new case) and `showcase-quantity` (a stat's
 *   value, read back as `check` reads it while it is typed);
 * - a preview per kind styled like the portal's case page (stat cards with the parsed figure,
 *   the honour list, photo captions) and the editor's checks (checks.js) at its top;
 * - the same checks before every save.
 *
 * The configuration itself (admin/config.yml) and the contract in the page are generated from
 * the models by plugins/showcase/cms.py.
 */
(function () {
  "use strict";

  var CMS = window.CMS;
  var h = window.h;
  var createClass = window.createClass;
  var Quantity = window.ShowcaseQuantity;
  var CaseFile = window.ShowcaseCaseFile;
  var Checks = window.ShowcaseChecks;
  var contract = readJson("showcase-contract");
  var stylesheets = readJson("showcase-preview-styles");
  // What the published site knows: cases by id ({kind, name, url}), photos' published copies.
  var site = { cases: {}, taken: {}, images: {} };
  var KIND_FOLDERS = {};
  Object.keys(contract.folders).forEach(function (folder) {
    KIND_FOLDERS[contract.folders[folder]] = folder;
  });
  var QUALIFIERS = { more: "超过", nearly: "将近", about: "大约" };

  function readJson(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }

  function toJS(value) {
    return value && typeof value.toJS === "function" ? value.toJS() : value;
  }

  // --- formats ---

  Object.keys(contract.collections).forEach(function (folder) {
    var spec = contract.collections[folder];
    CMS.registerCustomFormat("showcase-" + spec.kind, "md", {
      fromFile: function (text) { return CaseFile.parse(text); },
      toFile: function (data) { return CaseFile.format(data, spec); },
    });
  });

  // --- widgets ---

  function entryOf(props) {
    return typeof props.getEntry === "function" ? props.getEntry() : props.entry;
  }

  function problemText(problem) {
    return problem.hint ? problem.message + "；修改建议：" + problem.hint : problem.message;
  }

  // The id of a new case; an existing case's id is its file name and is shown, not edited
  // (renaming a file through the editor is not a pull request Decap can make).
  var IdControl = createClass({
    existingSlug: function () {
      var entry = entryOf(this.props);
      return entry && !entry.get("newRecord") ? entry.get("slug") : null;
    },
    getValidateValue: function () {
      return this.existingSlug() || this.props.value || "";
    },
    isValid: function () {
      if (this.existingSlug()) return true;
      var problem = Checks.idProblem(this.props.value || "", contract, site.taken);
      return problem ? { error: { message: problemText(problem) } } : true;
    },
    handleChange: function (event) {
      this.props.onChange(event.target.value.trim());
    },
    render: function () {
      var slug = this.existingSlug();
      if (slug) {
        return h("div", { className: this.props.classNameWrapper, id: this.props.forID },
          h("code", { className: "sc-cms-id" }, slug),
          h("span", { className: "sc-cms-note" }, "　已有案例的 id 就是它的文件名，不能在这里修改"));
      }
      return h("input", {
        type: "text",
        id: this.props.forID,
        className: this.props.classNameWrapper,
        value: this.props.value || "",
        onChange: this.handleChange,
        onFocus: this.props.setActiveStyle,
        onBlur: this.props.setInactiveStyle,
        autoComplete: "off",
        spellCheck: false,
        placeholder: "如 li-ming",
      });
    },
  });

  // A plain number typed into the value box is stored as a number (then `unit` says what it
  // counts); anything else as the text written.
  var PLAIN_NUMBER = /^(0|[1-9][0-9]*)(\.[0-9]*[1-9])?$/;

  function readingOf(value) {
    if (value === null || value === undefined || value === "") return null;
    if (typeof value === "number") {
      return { ok: true, text: "纯数字 " + value + "：请在下面的“单位”里写单位（没有单位时单位留空即可）" };
    }
    try {
      var quantity = Quantity.parseQuantity(String(value));
      return { ok: true, text: "读作：" + describeQuantity(quantity) };
    } catch (error) {
      return { ok: false, text: error.message };
    }
  }

  function describeQuantity(quantity) {
    var amount = quantity.amount_high === null
      ? quantity.amount : quantity.amount + "～" + quantity.amount_high;
    var qualifier = quantity.qualifier ? QUALIFIERS[quantity.qualifier] : "";
    return (qualifier ? qualifier + " " : "") + amount + (quantity.unit ? " " + quantity.unit : "");
  }

  var QuantityControl = createClass({
    getValidateValue: function () {
      var value = this.props.value;
      return value === null || value === undefined ? "" : String(value);
    },
    isValid: function () {
      var reading = readingOf(this.props.value);
      return reading && !reading.ok ? { error: { message: reading.text } } : true;
    },
    handleChange: function (event) {
      var text = event.target.value;
      this.props.onChange(PLAIN_NUMBER.test(text) ? Number(text) : text);
    },
    render: function () {
      var value = this.props.value;
      var reading = readingOf(value);
      return h("div", null,
        h("input", {
          type: "text",
          id: this.props.forID,
          className: this.props.classNameWrapper,
          value: value === null || value === undefined ? "" : String(value),
          onChange: this.handleChange,
          onFocus: this.props.setActiveStyle,
          onBlur: this.props.setInactiveStyle,
          placeholder: "如 18.3万人次、2万多人、超千人次、1500—4000元",
        }),
        reading && h("p", {
          className: "sc-cms-reading" + (reading.ok ? "" : " sc-cms-reading--error"),
          "data-testid": "quantity-reading",
        }, reading.text));
    },
  });

  function TextPreview(props) {
    return h("span", null, props.value === null || props.value === undefined ? "" : String(props.value));
  }

  CMS.registerWidget("showcase-id", IdControl, TextPreview);
  CMS.registerWidget("showcase-quantity", QuantityControl, TextPreview);

  // --- the checks before saving ---

  function problemsOf(entry) {
    var folder = entry.get("collection");
    var spec = contract.collections[folder];
    var data = toJS(entry.get("data")) || {};
    var problems = Checks.caseProblems(CaseFile.frontMatter(data), spec, contract);
    if (entry.get("newRecord")) {
      var idProblem = Checks.idProblem(data.id, contract, site.taken);
      if (idProblem) problems.unshift({ field: "id", message: idProblem.message, hint: idProblem.hint });
    }
    return problems;
  }

  CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var problems = problemsOf(event.entry);
      if (problems.length) {
        throw new Error("有 " + problems.length + " 处需要修改：" + problems.map(function (p) {
          return p.field + "：" + problemText(p);
        }).join("；"));
      }
    },
  });

  // --- previews ---

  stylesheets.forEach(function (href) {
    CMS.registerPreviewStyle(new URL(href, window.location.href).href);
  });

  function caseName(id) {
    var known = site.cases[id];
    return known ? known.name : id;
  }

  // cms.image_key: FNV-1a (64 bits) of the path's UTF-8 bytes (images.json is keyed by it).
  function imageKey(src) {
    var value = 0xcbf29ce484222325n;
    new TextEncoder().encode(src).forEach(function (byte) {
      value = ((value ^ BigInt(byte)) * 0x100000001b3n) & 0xffffffffffffffffn;
    });
    return value.toString(16).padStart(16, "0");
  }

  // The published copy of a photo the site already shows, or null.
  function publishedImage(src) {
    var url = src && site.images[imageKey(src)];
    return url ? new URL("../" + url, window.location.href).href : null;
  }

  function imageUrl(props, src, fieldName) {
    if (!src) return null;
    if (publishedImage(src)) return publishedImage(src);
    // A photo uploaded in this session: Decap holds it until the entry is saved.
    var field = props.fields && props.fields.find(function (f) { return f.get("name") === fieldName; });
    var asset = props.getAsset(src, field);
    return asset ? String(asset) : null;
  }

  function galleryField(props) {
    var gallery = props.fields && props.fields.find(function (f) { return f.get("name") === "gallery"; });
    return gallery && gallery.get("fields").find(function (f) { return f.get("name") === "src"; });
  }

  function facts(kind, data) {
    var rows = [];
    var add = function (label, text) { if (text) rows.push([label, text]); };
    if (kind === "city") {
      add("省份", data.province);
      add("行政级别", data.level);
      add("上级", data.parent && caseName(data.parent));
    } else if (kind === "enterprise") {
      add("所在城市", data.city && caseName(data.city));
      add("行业", data.industry);
      add("所有制", data.ownership);
      add("所属集团", data.parent && caseName(data.parent));
    } else if (kind === "worker") {
      add("所在企业", data.enterprise && caseName(data.enterprise));
      add("所在城市", data.city && caseName(data.city));
      add("岗位", data.position);
    } else if (kind === "source") {
      add("发布单位", data.publisher);
      add("日期", data.date === undefined ? "" : String(data.date));
      add("期号", data.issue);
      add("作者", (data.authors || []).join("、"));
      add("原文", data.url);
    }
    return rows;
  }

  function statCard(stat, index) {
    var unit = stat.unit === "" && typeof stat.value !== "number" ? null : stat.unit;
    var figure = typeof stat.value === "number" ? stat.value + (stat.unit || "") : String(stat.value || "");
    var reading;
    try {
      reading = { ok: true, text: describeQuantity(Quantity.readStatValue(stat.value, unit === undefined ? null : unit)) };
    } catch (error) {
      reading = { ok: false, text: error.message };
    }
    return h("div", { className: "sc-stat", role: "listitem", key: index },
      h("p", { className: "sc-stat__figure" }, figure.trim()),
      h("p", { className: "sc-stat__label" }, stat.label || "",
        stat.year ? h("span", { className: "sc-stat__year" }, "（" + stat.year + " 年）") : null),
      stat.note ? h("p", { className: "sc-stat__note" }, stat.note) : null,
      stat.source ? h("p", { className: "sc-stat__source" }, "出处：" + caseName(stat.source)) : null,
      stat.metric ? h("p", { className: "sc-stat__compare" }, "各地对比：" + stat.metric + " ›") : null,
      h("p", { className: "sc-cms-parsed" + (reading.ok ? "" : " sc-cms-parsed--error"),
               "data-testid": "stat-parsed" },
        reading.ok ? "网站记录的数量：" + reading.text : reading.text));
  }

  // stats[1].value -> 数据卡片第 2 项的数值
  function fieldLabel(path, spec) {
    var match = /^([a-z_]+)(?:\[(\d+)\]\.([a-z_]+))?$/.exec(path);
    if (!match) return path;
    var labels = spec.labels;
    if (!match[2]) return labels[match[1]] || match[1];
    return (labels[match[1]] || match[1]) + "第 " + (Number(match[2]) + 1) + " 项的" +
      (labels[match[1] + "." + match[3]] || match[3]);
  }

  function checksBox(problems, spec) {
    if (!problems.length) {
      return h("div", { className: "sc-cms-checks sc-cms-checks--ok", "data-testid": "checks" },
        "编辑器检查：没有发现问题。引用的 id、照片等还会在拉取请求里由“检查案例”再查一遍。");
    }
    return h("div", { className: "sc-cms-checks", "data-testid": "checks" },
      h("p", null, "编辑器检查：有 " + problems.length + " 处需要修改，改好才能保存"),
      h("ul", null, problems.map(function (p, i) {
        return h("li", { key: i }, fieldLabel(p.field, spec) + "（", h("code", null, p.field),
          "）：" + problemText(p));
      })));
  }

  function casePreview(kind) {
    return createClass({
      render: function () {
        var props = this.props;
        var data = CaseFile.frontMatter(toJS(props.entry.get("data")) || {});
        var portrait = kind === "worker" ? imageUrl(props, data.portrait, "portrait") : null;
        var rows = facts(kind, data);
        var honors = (data.honors || []).filter(function (x) { return x && x.title; });
        var stats = (data.stats || []).filter(function (x) { return x && (x.label || x.value); });
        var gallery = (data.gallery || []).filter(function (x) { return x && (x.src || x.caption); });
        var srcField = galleryField(props);
        return h("div", { "data-md-color-scheme": "default", className: "sc-cms-preview" },
          checksBox(problemsOf(props.entry), contract.collections[KIND_FOLDERS[kind]]),
          h("article", { className: "sc-case sc-case--" + kind + " md-typeset" },
            h("header", { className: "sc-case__header" },
              portrait ? h("img", { className: "sc-case__portrait", src: portrait, alt: data.name || "" }) : null,
              h("div", null,
                h("p", { className: "sc-case__kind" }, contract.collections[KIND_FOLDERS[kind]].label),
                h("h1", { className: "sc-case__name" }, data.name || "（名称）"),
                h("p", { className: "sc-case__summary" }, data.summary || ""),
                (data.tags || []).length ? h("ul", { className: "sc-tags" }, data.tags.map(function (tag, i) {
                  return h("li", { className: "sc-tag", key: i }, tag);
                })) : null)),
            rows.length ? h("dl", { className: "sc-facts" }, rows.map(function (row, i) {
              return h("div", { className: "sc-facts__row", key: i }, h("dt", null, row[0]), h("dd", null, row[1]));
            })) : null,
            honors.length ? h("section", { className: "sc-section" },
              h("h2", null, "荣誉"),
              h("ul", { className: "sc-honors" }, honors.map(function (honor, i) {
                return h("li", { className: "sc-honor", key: i },
                  honor.level ? h("span", { className: "sc-honor__level" }, honor.level) : null,
                  h("span", { className: "sc-honor__title" }, honor.title),
                  honor.year ? h("span", { className: "sc-honor__year" }, honor.year + " 年") : null);
              }))) : null,
            stats.length ? h("section", { className: "sc-section" },
              h("h2", null, "数据"),
              h("div", { className: "sc-stats", role: "list" }, stats.map(statCard))) : null,
            h("section", { className: "sc-section sc-case__body md-typeset" }, props.widgetFor("body")),
            gallery.length ? h("section", { className: "sc-section" },
              h("h2", null, "图片"),
              h("div", { className: "sc-gallery" }, gallery.map(function (item, i) {
                var url = item.src &&
                  (publishedImage(item.src) || String(props.getAsset(item.src, srcField) || ""));
                return h("figure", { className: "sc-gallery__item", key: i },
                  url ? h("img", { src: url, alt: item.caption || "" }) : null,
                  h("figcaption", null, item.caption || "（缺少图片说明）",
                    item.credit ? h("span", { className: "sc-gallery__credit" }, item.credit) : null));
              }))) : null,
            (data.sources || []).length ? h("section", { className: "sc-section" },
              h("h2", null, "出处"),
              h("ul", { className: "sc-sources" }, data.sources.map(function (id, i) {
                return h("li", { key: i }, caseName(id));
              }))) : null));
      },
    });
  }

  Object.keys(contract.collections).forEach(function (folder) {
    CMS.registerPreviewTemplate(folder, casePreview(contract.collections[folder].kind));
  });

  // --- start: what the site publishes first, then the editor ---

  function fetchJson(url) {
    return fetch(url).then(function (response) {
      return response.ok ? response.json() : null;
    }).catch(function () { return null; });
  }

  Promise.all([fetchJson("../data/cases.json"), fetchJson("images.json")]).then(function (found) {
    (found[0] || []).forEach(function (item) {
      site.cases[item.id] = item;
      site.taken[item.id] = KIND_FOLDERS[item.kind];
    });
    site.images = found[1] || {};
    CMS.init();
  });
})();
