/*
 * Reading and writing case files for the editor at /admin/ (Decap CMS custom formats
 * `showcase-<kind>`, registered by editor.js).
 *
 * Decap's own front-matter format re-sorts every key by the form's field order, folds lines
 * longer than 80 characters and drops nothing it does not know; a case file edited through it
 * would be rewritten from top to bottom. This format keeps the file as the contributor or
 * maintainer wrote it wherever the form did not change it:
 *
 * - fields keep the order of the file (remembered in the hidden key `__keys` of the data and of
 *   each list item); a field added in the form goes where `python build.py new` puts it
 *   (after the nearest field that precedes it in the contract's order, from cms.py);
 * - the body is kept byte for byte, with the blank line after the closing `---`;
 * - values are written as YAML reads them back into the same value: text that YAML 1.1 (the
 *   PyYAML of `check`) would read as a number, a date, a boolean or null is quoted, except in
 *   the fields whose model accepts exactly that (`updated: 2024-06-24` stays a date);
 * - empty optional fields are left out; `draft: false` only stays if the file had it.
 *
 * - comments (and blank lines) before a top-level field stay before it, and those after the
 *   last field stay at the end: the shipped case files say there why a figure reads as it does.
 *
 * What it cannot keep: comments inside a list (before a stat or a photo), flow lists
 * (`tags: [a, b]`) and the quoting style of a value that is written anew. Measured on the shipped content in
 * tests/test_cms_case_file.py (README, "The editor").
 */
(function (root) {
  "use strict";

  var yaml = typeof module !== "undefined" && module.exports ? require("js-yaml") : root.jsyaml;
  var FENCE = /^(---|\.\.\.)[ \t]*$/;
  var KEYS = "__keys";
  var GAP = "__body_gap";
  var COMMENTS = "__comments";
  var END = "";  // the comments' key for those after the last field
  var TOP_KEY = /^([^\s#:][^:]*):(?:\s|$)/;
  var COMMENT_OR_BLANK = /^(?:[ \t]*#.*|[ \t]*)$/;
  var FORM_ONLY = ["id", "body"];

  function CaseFileError(message) { this.message = message; }
  CaseFileError.prototype = Object.create(Error.prototype);
  CaseFileError.prototype.name = "CaseFileError";

  // --- reading ---

  function parse(text) {
    var normal = String(text).replace(/^\ufeff/, "").replace(/\r\n?/g, "\n");
    var lines = normal.split("\n");
    if (!lines.length || !FENCE.test(lines[0]) || lines[0].startsWith("...")) {
      throw new CaseFileError("文件开头缺少 YAML 头部（front matter）");
    }
    for (var i = 1; i < lines.length; i++) {
      if (FENCE.test(lines[i])) {
        // The core schema reads dates as text (the form edits them as text) and only
        // true/false as booleans.
        var head = lines.slice(1, i);
        var data = yaml.load(head.join("\n"), { schema: yaml.CORE_SCHEMA }) || {};
        if (typeof data !== "object" || Array.isArray(data)) {
          throw new CaseFileError("YAML 头部应当是“字段: 值”的列表");
        }
        var body = lines.slice(i + 1).join("\n");
        var gap = /^\n*/.exec(body)[0];
        remember(data);
        data[COMMENTS] = comments(head);
        data[GAP] = gap;
        data.body = body.slice(gap.length);
        return data;
      }
    }
    throw new CaseFileError("YAML 头部没有结束行");
  }

  // Comment and blank lines, by the top-level field they come before. Those before an
  // indented line (inside a list) are not kept.
  function comments(head) {
    var found = {};
    var pending = [];
    head.forEach(function (line) {
      if (COMMENT_OR_BLANK.test(line)) { pending.push(line); return; }
      var key = TOP_KEY.exec(line);
      if (key && pending.length) found[key[1].trim()] = pending;
      pending = [];
    });
    if (pending.length) found[END] = pending;
    return found;
  }

  function remember(mapping) {
    Object.keys(mapping).forEach(function (key) {
      var value = mapping[key];
      if (Array.isArray(value)) {
        value.forEach(function (item) {
          if (item && typeof item === "object" && !Array.isArray(item)) remember(item);
        });
      }
    });
    mapping[KEYS] = Object.keys(mapping);
  }

  // --- writing ---

  function format(data, contract) {
    var lines = ["---"];
    var original = data[KEYS] || [];
    var kept = data[COMMENTS] || {};
    fieldOrder(data, original, contract.order).forEach(function (key) {
      var value = data[key];
      if (omitted(key, value, original)) return;
      var written = field(key, value, contract, "");
      if (written.length && kept[key]) lines.push.apply(lines, kept[key]);
      lines.push.apply(lines, written);
    });
    if (kept[END]) lines.push.apply(lines, kept[END]);
    lines.push("---");
    var body = typeof data.body === "string" ? data.body : "";
    var text = lines.join("\n") + "\n";
    // A file's body as it was, after the blank lines it had; a new case's after one.
    if (typeof data[GAP] === "string") text += data[GAP] + body;
    else if (body.trim()) text += "\n" + body;
    return text.endsWith("\n") ? text : text + "\n";
  }

  // The file's own order; a key the file did not have goes after the nearest key that comes
  // before it in the contract's order (or first).
  function fieldOrder(data, original, canonical) {
    var present = function (key) {
      return Object.prototype.hasOwnProperty.call(data, key) && !key.startsWith("__") &&
        FORM_ONLY.indexOf(key) < 0;
    };
    var order = original.filter(present);
    canonical.forEach(function (key, index) {
      if (!present(key) || order.indexOf(key) >= 0) return;
      var at = 0;
      for (var j = index - 1; j >= 0; j--) {
        var position = order.indexOf(canonical[j]);
        if (position >= 0) { at = position + 1; break; }
      }
      order.splice(at, 0, key);
    });
    Object.keys(data).forEach(function (key) {
      if (present(key) && order.indexOf(key) < 0) order.push(key);
    });
    return order;
  }

  function isEmpty(value) {
    return value === null || value === undefined || value === "" ||
      (Array.isArray(value) && value.length === 0);
  }

  function omitted(key, value, original) {
    if (key === "draft" && value === false) return original.indexOf("draft") < 0;
    return isEmpty(value);
  }

  function field(key, value, contract, indent) {
    if (Array.isArray(value)) {
      // A list item left empty in the form (added, never filled in) is not written.
      var items = value.filter(function (item) {
        if (item && typeof item === "object" && !Array.isArray(item)) {
          return Object.keys(item).some(function (k) {
            return !k.startsWith("__") && !isEmpty(item[k]);
          });
        }
        return !isEmpty(item);
      });
      var lines = [indent + key + ":"];
      items.forEach(function (item) {
        if (item && typeof item === "object") {
          var itemLines = mappingLines(item, (contract.items || {})[key] || []);
          itemLines.forEach(function (line, index) {
            lines.push(indent + (index === 0 ? "  - " : "    ") + line);
          });
        } else {
          lines.push(indent + "  - " + scalar(item, null));
        }
      });
      return items.length ? lines : [];
    }
    if (value && typeof value === "object") {
      return [indent + key + ": " + JSON.stringify(value)];
    }
    var plain = (contract.plain || {})[key];
    return [indent + key + ": " + scalar(value, plain ? new RegExp(plain) : null)];
  }

  // One list item (a stat, an honour, a photo) as "key: value" lines.
  function mappingLines(item, canonical) {
    var original = item[KEYS] || [];
    return fieldOrder(item, original, canonical)
      .filter(function (key) {
        // `unit: ""` says a plain number has no unit; next to a text value it says nothing.
        if (key === "unit" && item.unit === "") return typeof item.value === "number";
        return !omitted(key, item[key], original);
      })
      .map(function (key) {
        var value = item[key];
        return key + ": " + (value && typeof value === "object" ? JSON.stringify(value)
          : scalar(value, null));
      });
  }

  function scalar(value, plain) {
    if (typeof value === "number" || typeof value === "boolean") return String(value);
    if (value === null || value === undefined) return '""';
    var text = String(value);
    return needsQuotes(text, plain) ? quote(text) : text;
  }

  // YAML 1.1 as PyYAML reads plain text: booleans, null, numbers (with _ and :), timestamps.
  var IMPLICIT = new RegExp([
    "^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$",
    "^(?:~|null|Null|NULL)$",
    "^[-+]?[0-9][0-9a-zA-Z_.:+-]*$",
    "^[-+]?\\.[0-9a-zA-Z_.:+-]*$",
    "^[-+]?\\.(?:inf|Inf|INF|nan|NaN|NAN)$",
    "^(?:<<|=)$",
  ].join("|"));
  var INDICATOR_START = /^[-?:,[\]{}#&*!|>'"%@`\s]/;
  var UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]|: |:$| #/;

  // `plain`: the pattern of text this field may write unquoted (a date), or null.
  function needsQuotes(text, plain) {
    if (text === "" || INDICATOR_START.test(text) || UNSAFE.test(text)) return true;
    if (text !== text.trim()) return true;
    if (plain && plain.test(text)) return false;
    return IMPLICIT.test(text);
  }

  function quote(text) {
    return '"' + text.replace(/[\\"\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/g, function (c) {
      if (c === "\\") return "\\\\";
      if (c === '"') return '\\"';
      if (c === "\n") return "\\n";
      if (c === "\t") return "\\t";
      return "\\u" + c.charCodeAt(0).toString(16).padStart(4, "0");
    }) + '"';
  }

  // What the form holds as the file's front matter (no hidden keys, no id, no body).
  function frontMatter(data) {
    return clean(data, true);
  }

  function clean(value, top) {
    if (Array.isArray(value)) return value.map(function (item) { return clean(item, false); });
    if (value && typeof value === "object") {
      var out = {};
      Object.keys(value).forEach(function (key) {
        if (key.startsWith("__") || (top && FORM_ONLY.indexOf(key) >= 0)) return;
        out[key] = clean(value[key], false);
      });
      return out;
    }
    return value;
  }

  var api = {
    parse: parse,
    format: format,
    frontMatter: frontMatter,
    needsQuotes: needsQuotes,
    roundTrip: function (text, contract) { return format(parse(text), contract); },
    CaseFileError: CaseFileError,
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.ShowcaseCaseFile = api;
})(typeof self !== "undefined" ? self : this);
