/*
 * The checks the editor makes before saving, with the messages `python build.py check` gives
 * for the same mistakes (models.py and messages.py): required fields, empty text, the summary's
 * length, the id's pattern, a worker's city or enterprise, and every stat value (quantity.js).
 * What only the whole repository can show (a dangling id, a missing photo, a cycle of
 * parents, a metric's unit) arrives as the pull request's annotations from the check workflow.
 *
 * tests/test_cms_checks.py compares these problems with the models' on a table of cases.
 */
(function (root) {
  "use strict";

  var Quantity = typeof module !== "undefined" && module.exports
    ? require("./quantity.js") : root.ShowcaseQuantity;
  var strip = Quantity.strip;

  function present(value) {
    return value !== null && value !== undefined && value !== "" &&
      !(Array.isArray(value) && value.length === 0);
  }

  function isText(value) { return typeof value === "string"; }

  // Problems of one case's front matter as the file will be written: [{field, message, hint}],
  // `field` written as `check` writes it (stats[1].value). `spec` is the collection's entry of
  // the contract (cms.py).
  function caseProblems(data, spec, contract) {
    var problems = [];
    var add = function (field, message, hint) {
      problems.push({ field: field, message: message, hint: hint || "" });
    };
    var missing = function (at, name) { add(at, "缺少必填字段 " + name, "加一行 " + name + ": ……"); };
    var blank = function (at, name) { add(at, name + " 不能为空", "写上内容，或删掉这一行"); };
    spec.required.forEach(function (name) {
      if (!present(data[name])) missing(name, name);
    });
    spec.text.forEach(function (name) {
      if (isText(data[name]) && data[name] !== "" && !strip(data[name])) blank(name, name);
    });
    if (isText(data.summary) && strip(data.summary)) {
      var length = Array.from(strip(data.summary)).length;
      if (length > contract.summary_max) {
        add("summary", "超过 " + contract.summary_max + " 个字（现有 " + Array.from(data.summary).length +
          " 个）", "缩短到 " + contract.summary_max + " 个字以内");
      }
    }
    if (spec.kind === "worker" && !present(data.city) && !present(data.enterprise)) {
      add("city", "缺少 city（未填 enterprise 时 city 必填）",
        "加一行 city: 所在城市的 id，或 enterprise: 所在企业的 id");
    }
    listItems(data, "stats").forEach(function (stat, index) {
      var at = "stats[" + index + "]";
      if (!present(stat.label)) missing(at + ".label", "label");
      else if (isText(stat.label) && !strip(stat.label)) blank(at + ".label", "label");
      var value = stat.value === "" ? null : stat.value;
      if (value === null || value === undefined) {
        missing(at + ".value", "value");
        return;
      }
      // What the file will say: an empty unit is written only next to a plain number.
      var unit = stat.unit === "" && typeof value !== "number" ? null : stat.unit;
      try {
        Quantity.readStatValue(value, unit === undefined ? null : unit);
      } catch (error) {
        add(at + ".value", error.message, error.hint);
      }
    });
    [["gallery", ["src", "caption"]], ["honors", ["title"]]].forEach(function (list) {
      listItems(data, list[0]).forEach(function (item, index) {
        list[1].forEach(function (name) {
          var at = list[0] + "[" + index + "]." + name;
          if (!present(item[name])) missing(at, name);
          else if (isText(item[name]) && !strip(item[name])) blank(at, name);
        });
      });
    });
    return problems;
  }

  // The items of a list as the file will hold them: one left empty in the form is not written
  // (case-file.js), so it neither has problems nor counts in the numbering.
  function listItems(data, name) {
    return Array.isArray(data[name]) ? data[name].filter(function (item) {
      return item && typeof item === "object" && Object.keys(item).some(function (key) {
        return !key.startsWith("__") && present(item[key]);
      });
    }) : [];
  }

  // A new case's id (the file name) by the loader's rules, and not one a published case uses
  // (`taken`: id -> folder, from the site's data/cases.json). {message, hint} or null.
  function idProblem(id, contract, taken) {
    var value = typeof id === "string" ? id : "";
    if (!value) return { message: "缺少 id（文件名）", hint: "写上 id，如姓名或名称的拼音 ma-ben" };
    if (!new RegExp(contract.id_pattern).test(value)) {
      return { message: "文件名“" + value + "”不能用作 id",
               hint: "文件名只用小写英文字母、数字和单个连字符，例如 ma-ben.md" };
    }
    if (contract.reserved_ids.indexOf(value) >= 0) {
      return { message: value + " 是保留名，不能用作 id", hint: "请换一个文件名" };
    }
    if (taken && Object.prototype.hasOwnProperty.call(taken, value)) {
      return { message: "id“" + value + "”与 content/" + taken[value] + "/" + value + ".md 重复",
               hint: "id 在所有类别中必须唯一，给其中一个文件换个名字" };
    }
    return null;
  }

  var api = { caseProblems: caseProblems, idProblem: idProblem };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.ShowcaseChecks = api;
})(typeof self !== "undefined" ? self : this);
