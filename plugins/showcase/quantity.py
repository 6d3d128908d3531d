"""Parse the Chinese quantities written in the stat values of case files.

A value is a YAML number with a separate `unit` (`quantity_from_number`) or a string
(`parse_quantity`) of one of the forms

    [prefix] number [magnitude] [suffix] [unit]         18.3万人次, 超千人次, 2万多人, 近20个
    low [unit] separator high [unit]                     1500元—4000元, 1500—4000元, 3—5万人

prefix:    超 超过 逾 (more) · 近 将近 接近 (nearly) · 约 大约 (about) · 达 共 (no qualifier)
number:    Arabic digits, optional decimal part, optional thousands separators (1,500);
           may be left out before a magnitude (超千人次 = more than 1000)
magnitude: 十 百 千 万 十万 百万 千万 亿, matched longest first (亿元 = 亿 + unit 元)
suffix:    余 多 以上 (more)
separator: — – - ~ 至 到 (and ～, －, which NFKC turns into ~ and -)

Decisions:
- The text is NFKC-normalised (full-width digits, %, commas and spaces) and stripped.
  Spaces between parts are ignored; spaces inside the unit are kept.
- Amounts are exact Decimals (a magnitude only moves the decimal exponent, so no rounding
  ever happens) and are stored canonically: no exponent, no trailing fractional zeros.
- A leading `-` is a negative number and an error, never an empty range end.
- Range: each end is `number [magnitude] [unit]` without prefix or suffix; units must agree
  when both ends give one; low <= high. A bare low end (no magnitude, no unit) takes the
  high end's magnitude (3—5万人 = 30000..50000) unless that puts low above high
  (8000—5万 = 8000..50000); 3人—5万人 stays 3..50000.
- Prefix and suffix may repeat a meaning (超2万多 = more) but not contradict (近2万多).
  Only one suffix is allowed.
- Extensions, added because the plain grammar would otherwise read them wrongly in silence:
  a suffix between number and magnitude (20多万元 = 200000 more, 十余万人 = 100000 more);
  compound magnitudes 十亿 百亿 千亿 万亿; 以上 or 左右 (about) after the unit (100人以上).
- Errors rather than guesses: Chinese numerals (三万人, 十三人), magnitudes out of order
  (3亿万), 百分之…, 以下/以内 (no "less than" qualifier exists), text without a number.
- `quantity_from_number` folds a leading magnitude of the unit into the amount
  (18.3 with unit 万人次 = 183000 人次), like the string form does.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

__all__ = [
    "Qualifier",
    "Quantity",
    "QuantityError",
    "format_decimal",
    "parse_quantity",
    "quantity_from_number",
]

Qualifier = Literal["more", "nearly", "about"]

_PREFIXES: dict[str, Qualifier | None] = {
    "超过": "more",
    "超": "more",
    "逾": "more",
    "将近": "nearly",
    "接近": "nearly",
    "近": "nearly",
    "大约": "about",
    "约": "about",
    "达": None,
    "共": None,
}
_SUFFIXES: dict[str, Qualifier] = {"余": "more", "多": "more", "以上": "more", "左右": "about"}
# Words allowed after the unit ("100人以上"); the regex takes 以上 before the unit itself.
_TRAILING_SUFFIXES = ("以上", "左右")
# There is no "less than" qualifier, so these would silently lose meaning as part of a unit.
_UNSUPPORTED_TAILS = ("以下", "以内")
# Every magnitude is a power of ten; the exponents of a compound (十万, 万亿) add up.
_MAGNITUDE_EXPONENTS = {"十": 1, "百": 2, "千": 3, "万": 4, "亿": 8}

_HINT = "可写成 18.3万人次、2万多人、超千人次、1500—4000元、近20个，或写成数字并另给 unit"


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first so 超过 wins over 超."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_NUMBER = r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?"
_MAGNITUDE = r"[十百千]?(?:万亿|万|亿)|[十百千]"

_SINGLE = re.compile(
    rf"""
    (?P<prefix>{_alternation(_PREFIXES)})?  \s*
    (?P<number>{_NUMBER})?                   \s*
    (?P<magnitude>{_MAGNITUDE})?             \s*
    (?: (?P<inner>余|多) \s* (?P<magnitude2>{_MAGNITUDE}) )?  \s*   # 20多万, 十余万
    (?P<suffix>以上|余|多)?                  \s*
    (?P<unit>.*)
    """,
    re.VERBOSE | re.DOTALL,
)
# —— before — so a doubled em dash is one separator, not an empty middle end.
_RANGE_SEPARATOR = re.compile(r"——|—|–|‐|−|-|~|〜|至|到")
_LEADING_MAGNITUDE = re.compile(_MAGNITUDE)
# A unit may not start with these: they mean the number or magnitude was written wrongly.
_BAD_UNIT_START = re.compile(r"[0-9.,]")
_NUMERAL_UNIT_START = re.compile(r"[零〇一二两三四五六七八九十百千万亿]")
_SUFFIX_UNIT_START = re.compile(r"余|多|以上")  # 左右 is allowed after a number: 100左右


@dataclass(frozen=True)
class Quantity:
    """An exact amount (or range) with its qualifier and unit."""

    amount: Decimal
    amount_high: Decimal | None  # only for a range
    qualifier: Qualifier | None
    unit: str  # may be ""


class QuantityError(ValueError):
    """A value that is not a quantity; str(error) is a complete message quoting the value."""

    def __init__(self, value: str, reason: str) -> None:
        # Both go into args so the error pickles and compares like any ValueError.
        super().__init__(value, reason)
        self.value = value
        self.reason = reason

    def __str__(self) -> str:
        return f"无法识别的数量“{self.value}”：{self.reason}。{_HINT}。"


@dataclass(frozen=True)
class _Parts:
    """One end of a quantity as written, before qualifiers are resolved."""

    prefix: str | None
    number: Decimal  # 1 when only a magnitude is written
    exponent: int  # of the magnitude, 0 when there is none
    has_magnitude: bool
    suffix: str | None
    unit: str

    @property
    def amount(self) -> Decimal:
        return _shift(self.number, self.exponent)


def parse_quantity(text: str) -> Quantity:
    """Parse a stat value such as `18.3万人次`, `超千人次` or `1500—4000元`."""
    if not isinstance(text, str):
        raise QuantityError(str(text), "应当是文字")
    normal = unicodedata.normalize("NFKC", text).strip()
    if not normal:
        raise QuantityError(text, "内容为空")
    if normal[0] in "-−":
        raise QuantityError(text, "不能是负数")
    ends = _RANGE_SEPARATOR.split(normal)
    if len(ends) == 1:
        parts = _parse_parts(normal, text)
        qualifier = _qualifier(parts, text)
        return Quantity(parts.amount, None, qualifier, parts.unit)
    if len(ends) > 2:
        raise QuantityError(text, "范围只能有两端，分隔符只能写一个")
    return _parse_range(ends[0].strip(), ends[1].strip(), text)


def quantity_from_number(value: int | float | Decimal, unit: str) -> Quantity:  # noqa: PYI041
    """A YAML number with its unit; a leading magnitude of the unit is folded in (万元)."""
    shown = str(value)
    # bool is an int subclass, but `value: true` is surely a slip, not the number 1.
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise QuantityError(shown, "应当是数字")
    if not isinstance(unit, str):
        raise QuantityError(shown, "unit 应当是文字")
    # str() first: Decimal(2.78) would expose the binary float 2.7799999…
    amount = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not amount.is_finite():
        raise QuantityError(shown, "不是有限的数")
    if amount < 0:
        raise QuantityError(shown, "不能是负数")
    unit = unicodedata.normalize("NFKC", unit).strip()
    magnitude = _LEADING_MAGNITUDE.match(unit)
    if magnitude:
        amount = _shift(amount, _exponent(magnitude.group()))
        unit = unit[magnitude.end() :].strip()
    _check_unit_start(unit, f"{shown}{unit}")
    return Quantity(_canonical(amount), None, None, unit)


def format_decimal(value: Decimal) -> str:
    """Plain decimal text: 183000, 2.78, 315000000; never an exponent or a trailing .0."""
    if not value.is_finite():
        raise ValueError(f"not a finite number: {value}")
    return format(_canonical(value), "f")


def _parse_parts(text: str, original: str) -> _Parts:
    """Split one normalised end into its parts, rejecting anything not in the grammar."""
    match = _SINGLE.fullmatch(text)
    if match is None:  # cannot happen: every group is optional and unit takes the rest
        raise QuantityError(original, "无法识别")
    number, magnitude = match["number"], match["magnitude"]
    suffix = match["inner"] or match["suffix"]
    if match["inner"] and match["suffix"]:
        raise QuantityError(original, "“余”“多”“以上”只能写一个")
    unit = match["unit"].strip()
    if _BAD_UNIT_START.match(unit):
        raise QuantityError(original, "数字写法不对（小数点、千位分隔符或空格的位置不对）")
    if number is None and magnitude is None:
        if _NUMERAL_UNIT_START.match(unit):
            raise QuantityError(original, "数字请用阿拉伯数字写，如 3万、20")
        raise QuantityError(original, "没有数字")
    _check_unit_start(unit, original)
    exponent = _exponent(magnitude or "")
    if match["magnitude2"]:
        inner_exponent = _exponent(match["magnitude2"])
        # 十余万, 3千多万: the first magnitude must be the smaller one, else 3亿多万 = 3e12.
        if magnitude and _exponent(magnitude) >= inner_exponent:
            raise QuantityError(original, f"“{magnitude}”“{match['magnitude2']}”次序不对")
        exponent += inner_exponent
    for tail in _UNSUPPORTED_TAILS:
        if unit.endswith(tail):
            raise QuantityError(original, f"不支持“{tail}”，只能表示超过、将近或大约")
    for tail in _TRAILING_SUFFIXES:
        if unit.endswith(tail):
            if suffix:
                raise QuantityError(original, f"“{suffix}”和“{tail}”只能写一个")
            suffix, unit = tail, unit[: -len(tail)].strip()
            break
    return _Parts(
        prefix=match["prefix"],
        number=Decimal(number.replace(",", "")) if number else Decimal(1),
        exponent=exponent,
        has_magnitude=bool(magnitude or match["magnitude2"]),
        suffix=suffix,
        unit=unit,
    )


def _check_unit_start(unit: str, original: str) -> None:
    """Reject a unit whose first characters show that the number part was miswritten."""
    if _BAD_UNIT_START.match(unit):
        raise QuantityError(original, "数字写法不对（小数点、千位分隔符或空格的位置不对）")
    if unit.startswith("分之"):
        raise QuantityError(original, "百分数请写成 85% 这样")
    if unit[:1] in _MAGNITUDE_EXPONENTS:
        raise QuantityError(
            original, f"“{unit[0]}”的位置不对（数量级要从小到大连写，如 十万、千亿）"
        )
    if _NUMERAL_UNIT_START.match(unit):
        raise QuantityError(original, f"“{unit[0]}”的位置不对；数字请用阿拉伯数字写")
    if _SUFFIX_UNIT_START.match(unit):
        raise QuantityError(original, "“余”“多”“以上”只能写一个")


def _qualifier(parts: _Parts, original: str) -> Qualifier | None:
    """Merge the prefix and suffix meanings; the same one twice is fine, opposites are not."""
    before = _PREFIXES[parts.prefix] if parts.prefix else None
    after = _SUFFIXES[parts.suffix] if parts.suffix else None
    if before and after and before != after:
        raise QuantityError(original, f"“{parts.prefix}”和“{parts.suffix}”意思矛盾")
    return before or after


def _parse_range(low_text: str, high_text: str, original: str) -> Quantity:
    """`low [unit] — high [unit]`, both ends plain numbers with an optional magnitude."""
    if not low_text or not high_text:
        raise QuantityError(original, "范围的两端都要写数字")
    low, high = _parse_parts(low_text, original), _parse_parts(high_text, original)
    if low.prefix or low.suffix or high.prefix or high.suffix:
        raise QuantityError(original, "范围两端不能带“超”“近”“约”“余”“多”等限定词")
    if low.unit and high.unit and low.unit != high.unit:
        raise QuantityError(original, f"范围两端的单位不同（“{low.unit}”和“{high.unit}”）")
    low_amount = low.amount
    # 3—5万人: a bare low end shares the high end's magnitude, as Chinese writers mean it;
    # unless that makes an impossible range (8000—5万), then the low end means what it says.
    if not low.has_magnitude and not low.unit and high.has_magnitude:
        shared = _shift(low.number, high.exponent)
        if shared <= high.amount:
            low_amount = shared
    if low_amount > high.amount:
        raise QuantityError(original, "范围的下限大于上限")
    return Quantity(low_amount, high.amount, None, high.unit or low.unit)


def _exponent(magnitude: str) -> int:
    """Power of ten of a (possibly compound) magnitude: 万 = 4, 十万 = 5, 万亿 = 12."""
    return sum(_MAGNITUDE_EXPONENTS[char] for char in magnitude)


def _shift(number: Decimal, exponent: int) -> Decimal:
    """number × 10**exponent, exactly: only the decimal exponent moves, nothing is rounded."""
    sign, digits, own_exponent = number.as_tuple()
    return _canonical(Decimal((sign, digits, int(own_exponent) + exponent)))


def _canonical(value: Decimal) -> Decimal:
    """The same finite number without exponent or trailing fractional zeros (1.83E+5 → 183000).

    Built from the digit tuple because normalize() and quantize() round to the context precision.
    """
    if value.is_zero():
        return Decimal(0)
    sign, digits, exponent = value.as_tuple()
    exponent = int(exponent)
    if exponent > 0:
        return Decimal((sign, digits + (0,) * exponent, 0))
    text = "".join(map(str, digits))
    drop = min(len(text) - len(text.rstrip("0")), -exponent)
    return Decimal((sign, digits[: len(digits) - drop], exponent + drop))
