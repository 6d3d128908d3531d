/*
 * The Chinese quantity grammar of stat values, ported from plugins/showcase/quantity.py so that
 * the editor at /admin/ says what `python build.py check` will say. Keep the two in step:
 * tests/test_cms_quantity.py runs both parsers on the same table of cases (and on random
 * text) and compares amounts, qualifiers, units and error messages.
 *
 * Amounts are exact decimal strings ("183000", "2.78"), never floats: a magnitude only moves
 * the decimal exponent, as in the Python version.
 *
 * Loaded by admin/index.html (window.ShowcaseQuantity) and by Node in the tests (require).
 */
(function (root) {
  "use strict";

  var PREFIXES = {
    "超过": "more", "超": "more", "逾": "more",
    "将近": "nearly", "接近": "nearly", "近": "nearly",
    "大约": "about", "约": "about",
    "达": null, "共": null,
  };
  var SUFFIXES = { "余": "more", "多": "more", "以上": "more", "左右": "about" };
  var TRAILING_SUFFIXES = ["以上", "左右"];
  var UNSUPPORTED_TAILS = ["以下", "以内"];
  var MAGNITUDE_EXPONENTS = { "十": 1, "百": 2, "千": 3, "万": 4, "亿": 8 };
  var HINT = "可写成 18.3万人次、2万多人、超千人次、1500—4000元、近20个，或写成数字并另给 unit";

  // Python's \s and str.strip() (str.isspace), which differ from JavaScript's in a few
  // control and format characters.
  var WS = "\\t\\n\\x0b\\x0c\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
  var S = "[" + WS + "]*";
  var STRIP = new RegExp("^[" + WS + "]+|[" + WS + "]+$", "g");

  function alternation(words) {
    return words.slice().sort(function (a, b) { return b.length - a.length; }).join("|");
  }

  var NUMBER = "(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\\.[0-9]+)?";
  var MAGNITUDE = "[十百千]?(?:万亿|万|亿)|[十百千]";
  var SINGLE = new RegExp(
    "^(?<prefix>" + alternation(Object.keys(PREFIXES)) + ")?" + S +
    "(?<number>" + NUMBER + ")?" + S +
    "(?<magnitude>" + MAGNITUDE + ")?" + S +
    "(?:(?<inner>余|多)" + S + "(?<magnitude2>" + MAGNITUDE + "))?" + S +
    "(?<suffix>以上|余|多)?" + S +
    "(?<unit>[\\s\\S]*)$"
  );
  var RANGE_SEPARATOR = /——|—|–|‐|−|-|~|〜|至|到/;
  var LEADING_MAGNITUDE = new RegExp("^(?:" + MAGNITUDE + ")");
  var BAD_UNIT_START = /^[0-9.,]/;
  var NUMERAL_UNIT_START = /^[零〇一二两三四五六七八九十百千万亿]/;
  var SUFFIX_UNIT_START = /^(?:余|多|以上)/;

  function strip(text) { return text.replace(STRIP, ""); }

  function QuantityError(value, reason) {
    this.value = value;
    this.reason = reason;
    this.message = "无法识别的数量“" + value + "”：" + reason + "。" + HINT + "。";
  }
  QuantityError.prototype = Object.create(Error.prototype);
  QuantityError.prototype.name = "QuantityError";

  // --- exact decimals: {digits: "183", exponent: 3} is 183000 ---

  function decimal(text) {
    var parts = text.split(".");
    var digits = (parts[0] + (parts[1] || "")).replace(/^0+/, "") || "0";
    return { digits: digits, exponent: -(parts[1] || "").length };
  }

  function shift(value, exponent) {
    return canonical({ digits: value.digits, exponent: value.exponent + exponent });
  }

  function canonical(value) {
    if (/^0*$/.test(value.digits)) return { digits: "0", exponent: 0 };
    var digits = value.digits.replace(/^0+/, "");
    var exponent = value.exponent;
    if (exponent > 0) return { digits: digits + "0".repeat(exponent), exponent: 0 };
    var trailing = digits.length - digits.replace(/0+$/, "").length;
    var drop = Math.min(trailing, -exponent);
    return { digits: digits.slice(0, digits.length - drop), exponent: exponent + drop };
  }

  function compare(a, b) {
    var low = Math.min(a.exponent, b.exponent);
    var x = BigInt(a.digits) * 10n ** BigInt(a.exponent - low);
    var y = BigInt(b.digits) * 10n ** BigInt(b.exponent - low);
    return x < y ? -1 : x > y ? 1 : 0;
  }

  function formatDecimal(value) {
    var v = canonical(value);
    if (v.exponent === 0) return v.digits;
    var places = -v.exponent;
    var padded = v.digits.padStart(places + 1, "0");
    return padded.slice(0, padded.length - places) + "." + padded.slice(padded.length - places);
  }

  function exponentOf(magnitude) {
    var total = 0;
    for (var i = 0; i < magnitude.length; i++) total += MAGNITUDE_EXPONENTS[magnitude[i]];
    return total;
  }

  // --- the grammar ---

  function parseQuantity(text) {
    if (typeof text !== "string") throw new QuantityError(String(text), "应当是文字");
    var normal = strip(text.normalize("NFKC"));
    if (!normal) throw new QuantityError(text, "内容为空");
    if (normal[0] === "-" || normal[0] === "−") throw new QuantityError(text, "不能是负数");
    var ends = normal.split(RANGE_SEPARATOR);
    if (ends.length === 1) {
      var parts = parseParts(normal, text);
      return result(amountOf(parts), null, qualifierOf(parts, text), parts.unit);
    }
    if (ends.length > 2) throw new QuantityError(text, "范围只能有两端，分隔符只能写一个");
    return parseRange(strip(ends[0]), strip(ends[1]), text);
  }

  function result(amount, high, qualifier, unit) {
    return {
      amount: formatDecimal(amount),
      amount_high: high === null ? null : formatDecimal(high),
      qualifier: qualifier,
      unit: unit,
    };
  }

  function amountOf(parts) { return shift(parts.number, parts.exponent); }

  function parseParts(text, original) {
    var match = SINGLE.exec(text);
    if (match === null) throw new QuantityError(original, "无法识别");
    var g = match.groups;
    var number = g.number, magnitude = g.magnitude;
    var suffix = g.inner || g.suffix || null;
    if (g.inner && g.suffix) throw new QuantityError(original, "“余”“多”“以上”只能写一个");
    var unit = strip(g.unit);
    if (BAD_UNIT_START.test(unit)) {
      throw new QuantityError(original, "数字写法不对（小数点、千位分隔符或空格的位置不对）");
    }
    if (number === undefined && magnitude === undefined) {
      if (NUMERAL_UNIT_START.test(unit)) {
        throw new QuantityError(original, "数字请用阿拉伯数字写，如 3万、20");
      }
      throw new QuantityError(original, "没有数字");
    }
    checkUnitStart(unit, original);
    var exponent = exponentOf(magnitude || "");
    if (g.magnitude2) {
      var innerExponent = exponentOf(g.magnitude2);
      if (magnitude && exponentOf(magnitude) >= innerExponent) {
        throw new QuantityError(original, "“" + magnitude + "”“" + g.magnitude2 + "”次序不对");
      }
      exponent += innerExponent;
    }
    UNSUPPORTED_TAILS.forEach(function (tail) {
      if (unit.endsWith(tail)) {
        throw new QuantityError(original, "不支持“" + tail + "”，只能表示超过、将近或大约");
      }
    });
    for (var i = 0; i < TRAILING_SUFFIXES.length; i++) {
      var tail = TRAILING_SUFFIXES[i];
      if (unit.endsWith(tail)) {
        if (suffix) throw new QuantityError(original, "“" + suffix + "”和“" + tail + "”只能写一个");
        suffix = tail;
        unit = strip(unit.slice(0, unit.length - tail.length));
        break;
      }
    }
    return {
      prefix: g.prefix || null,
      number: number ? decimal(number.replace(/,/g, "")) : { digits: "1", exponent: 0 },
      exponent: exponent,
      hasMagnitude: Boolean(magnitude || g.magnitude2),
      suffix: suffix,
      unit: unit,
    };
  }

  function checkUnitStart(unit, original) {
    if (BAD_UNIT_START.test(unit)) {
      throw new QuantityError(original, "数字写法不对（小数点、千位分隔符或空格的位置不对）");
    }
    if (unit.startsWith("分之")) throw new QuantityError(original, "百分数请写成 85% 这样");
    if (unit && Object.prototype.hasOwnProperty.call(MAGNITUDE_EXPONENTS, unit[0])) {
      throw new QuantityError(
        original, "“" + unit[0] + "”的位置不对（数量级要从小到大连写，如 十万、千亿）");
    }
    if (NUMERAL_UNIT_START.test(unit)) {
      throw new QuantityError(original, "“" + unit[0] + "”的位置不对；数字请用阿拉伯数字写");
    }
    if (SUFFIX_UNIT_START.test(unit)) throw new QuantityError(original, "“余”“多”“以上”只能写一个");
  }

  function qualifierOf(parts, original) {
    var before = parts.prefix ? PREFIXES[parts.prefix] : null;
    var after = parts.suffix ? SUFFIXES[parts.suffix] : null;
    if (before && after && before !== after) {
      throw new QuantityError(original, "“" + parts.prefix + "”和“" + parts.suffix + "”意思矛盾");
    }
    return before || after || null;
  }

  function parseRange(lowText, highText, original) {
    if (!lowText || !highText) throw new QuantityError(original, "范围的两端都要写数字");
    var low = parseParts(lowText, original), high = parseParts(highText, original);
    if (low.prefix || low.suffix || high.prefix || high.suffix) {
      throw new QuantityError(original, "范围两端不能带“超”“近”“约”“余”“多”等限定词");
    }
    if (low.unit && high.unit && low.unit !== high.unit) {
      throw new QuantityError(
        original, "范围两端的单位不同（“" + low.unit + "”和“" + high.unit + "”）");
    }
    var lowAmount = amountOf(low), highAmount = amountOf(high);
    if (!low.hasMagnitude && !low.unit && high.hasMagnitude) {
      var shared = shift(low.number, high.exponent);
      if (compare(shared, highAmount) <= 0) lowAmount = shared;
    }
    if (compare(lowAmount, highAmount) > 0) throw new QuantityError(original, "范围的下限大于上限");
    return result(lowAmount, highAmount, null, high.unit || low.unit);
  }

  // A YAML number with its unit (quantity_from_number): a leading magnitude of the unit is
  // folded into the amount. `value` is a JavaScript number, as the YAML reader gives it.
  function quantityFromNumber(value, unit) {
    var shown = numberText(value);
    if (typeof value !== "number") throw new QuantityError(shown, "应当是数字");
    if (typeof unit !== "string") throw new QuantityError(shown, "unit 应当是文字");
    if (!isFinite(value)) throw new QuantityError(shown, "不是有限的数");
    if (value < 0) throw new QuantityError(shown, "不能是负数");
    var amount = numberDecimal(value);
    unit = strip(unit.normalize("NFKC"));
    var magnitude = LEADING_MAGNITUDE.exec(unit);
    if (magnitude) {
      amount = shift(amount, exponentOf(magnitude[0]));
      unit = strip(unit.slice(magnitude[0].length));
    }
    checkUnitStart(unit, shown + unit);
    return result(canonical(amount), null, null, unit);
  }

  function numberDecimal(value) {
    var match = /^(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/.exec(String(value));
    var fraction = match[2] || "";
    return canonical({
      digits: match[1] + fraction,
      exponent: Number(match[3] || 0) - fraction.length,
    });
  }

  // A number as a message quotes it. (Python prints a YAML float written 400000.0 as
  // "400000.0"; the YAML reader in the browser has already made it 400000.)
  function numberText(value) {
    return String(value);
  }

  // models.read_stat_value: a string value (a unit given separately completes one written
  // without), or a number that needs its unit. Throws {message, hint} as the model does.
  function readStatValue(value, unit) {
    if (value === null || value === undefined) {
      throw problem("缺少必填字段 value", "写上数值，例如 value: 18.3万人次");
    }
    if (typeof value === "boolean" || (typeof value !== "number" && typeof value !== "string")) {
      // As Python prints it: True, not true.
      var shown = typeof value === "boolean" ? (value ? "True" : "False") : String(value);
      throw problem("无法识别的数量“" + shown + "”", "写成 18.3万人次 这样的文字，或写数字并另给 unit");
    }
    try {
      if (typeof value === "string") {
        var quantity = parseQuantity(value);
        if (unit !== null && unit !== undefined && strip(String(unit))) {
          if (!quantity.unit) return parseQuantity(value + unit);
          if (quantity.unit !== strip(String(unit))) {
            throw problem(
              "value 的单位“" + quantity.unit + "”与 unit“" + unit + "”不一致", "删去 unit，或让两者一致");
          }
        }
        return quantity;
      }
      if (unit === null || unit === undefined) {
        throw problem(
          "纯数字 " + numberText(value) + " 缺少 unit",
          "加一行 unit: 人（或 元、家、个……）；没有单位写 unit: \"\"；也可以把单位写进 value，如 value: " +
            numberText(value) + "人");
      }
      return quantityFromNumber(value, strip(String(unit)));
    } catch (error) {
      if (error instanceof QuantityError) throw problem(error.message, "");
      throw error;
    }
  }

  function problem(message, hint) {
    return { message: message, hint: hint };
  }

  var api = {
    parseQuantity: parseQuantity,
    quantityFromNumber: quantityFromNumber,
    readStatValue: readStatValue,
    QuantityError: QuantityError,
    strip: strip,
  };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.ShowcaseQuantity = api;
})(typeof self !== "undefined" ? self : this);
