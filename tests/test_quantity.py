"""The parser for Chinese quantities in stat values (showcase.quantity)."""

from __future__ import annotations

import pickle
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from showcase.quantity import (
    Quantity,
    QuantityError,
    format_decimal,
    parse_quantity,
    quantity_from_number,
)


def q(amount: str, qualifier: str | None = None, unit: str = "", high: str | None = None):
    """A compact expected Quantity."""
    return Quantity(Decimal(amount), Decimal(high) if high else None, qualifier, unit)


# Every example seen in the real content.
REAL_CONTENT = [
    ("18.3万人次", q("183000", None, "人次")),
    ("1500元—4000元", q("1500", None, "元", high="4000")),
    ("1500—4000元", q("1500", None, "元", high="4000")),
    ("2万多人", q("20000", "more", "人")),
    ("超千人次", q("1000", "more", "人次")),
    ("3.15亿元", q("315000000", None, "元")),
    ("4200多名", q("4200", "more", "名")),
    ("近20个", q("20", "nearly", "个")),
    ("120余篇", q("120", "more", "篇")),
    ("10余期", q("10", "more", "期")),
    ("4万余元", q("40000", "more", "元")),
    ("2.78%", q("2.78", None, "%")),
    ("5.6万名", q("56000", None, "名")),
    ("10.5万元", q("105000", None, "元")),
    ("超 8000 人", q("8000", "more", "人")),
    ("10 余期", q("10", "more", "期")),
    ("350余人", q("350", "more", "人")),
    ("约3000人", q("3000", "about", "人")),
    ("达9所", q("9", None, "所")),
    ("共7家", q("7", None, "家")),
    ("85%", q("85", None, "%")),
    ("1万份", q("10000", None, "份")),
    ("3—5万人", q("30000", None, "人", high="50000")),
    ("300元", q("300", None, "元")),
]

PREFIXES = [
    ("超100人", q("100", "more", "人")),
    ("超过100人", q("100", "more", "人")),
    ("逾100人", q("100", "more", "人")),
    ("近100人", q("100", "nearly", "人")),
    ("将近100人", q("100", "nearly", "人")),
    ("接近100人", q("100", "nearly", "人")),
    ("约100人", q("100", "about", "人")),
    ("大约100人", q("100", "about", "人")),
    ("达100人", q("100", None, "人")),
    ("共100人", q("100", None, "人")),
]

MAGNITUDES = [
    ("3十人", q("30", None, "人")),
    ("3百人", q("300", None, "人")),
    ("3千人", q("3000", None, "人")),
    ("3万人", q("30000", None, "人")),
    ("3十万人", q("300000", None, "人")),
    ("3百万人", q("3000000", None, "人")),
    ("3千万人", q("30000000", None, "人")),
    ("3亿人", q("300000000", None, "人")),
    ("1.25万", q("12500", None, "")),
    ("0.5亿元", q("50000000", None, "元")),
    # Extension: compound magnitudes beyond the listed ones.
    ("2十亿元", q("2000000000", None, "元")),
    ("5千亿元", q("500000000000", None, "元")),
    ("1万亿元", q("1000000000000", None, "元")),
]

SUFFIXES = [
    ("100余人", q("100", "more", "人")),
    ("100多人", q("100", "more", "人")),
    ("100以上", q("100", "more", "")),
    ("3万以上人", q("30000", "more", "人")),
    # Extensions: a suffix between number and magnitude, 以上/左右 after the unit.
    ("20多万元", q("200000", "more", "元")),
    ("3千多万元", q("30000000", "more", "元")),
    ("100人以上", q("100", "more", "人")),
    ("100人左右", q("100", "about", "人")),
    ("约100人左右", q("100", "about", "人")),
    # The same meaning twice is fine.
    ("超2万多人", q("20000", "more", "人")),
    ("超过100人以上", q("100", "more", "人")),
    ("达2万多人", q("20000", "more", "人")),
]

NUMBERLESS = [
    ("超千人次", q("1000", "more", "人次")),
    ("十余人", q("10", "more", "人")),
    ("百余家", q("100", "more", "家")),
    ("千余人", q("1000", "more", "人")),
    ("万余人", q("10000", "more", "人")),
    ("近万人", q("10000", "nearly", "人")),
    ("十万人", q("100000", None, "人")),
    ("超百万元", q("1000000", "more", "元")),
    ("千万元", q("10000000", None, "元")),
    ("亿元", q("100000000", None, "元")),
    ("十余万人", q("100000", "more", "人")),
    ("十多万人次", q("100000", "more", "人次")),
]

RANGES = [
    ("1500—4000元", q("1500", None, "元", high="4000")),
    ("1500——4000元", q("1500", None, "元", high="4000")),
    ("1500–4000元", q("1500", None, "元", high="4000")),
    ("1500-4000元", q("1500", None, "元", high="4000")),
    ("1500~4000元", q("1500", None, "元", high="4000")),
    ("1500～4000元", q("1500", None, "元", high="4000")),
    ("1500〜4000元", q("1500", None, "元", high="4000")),
    ("1500至4000元", q("1500", None, "元", high="4000")),
    ("1500到4000元", q("1500", None, "元", high="4000")),
    ("1500 — 4000 元", q("1500", None, "元", high="4000")),
    ("1500元至4000元", q("1500", None, "元", high="4000")),
    ("1500元—4000", q("1500", None, "元", high="4000")),
    ("1500—4000", q("1500", None, "", high="4000")),
    ("3—5万人", q("30000", None, "人", high="50000")),
    ("1.5—2亿元", q("150000000", None, "元", high="200000000")),
    ("3万—5万人", q("30000", None, "人", high="50000")),
    ("8000—5万人", q("8000", None, "人", high="50000")),
    ("3人—5万人", q("3", None, "人", high="50000")),
    ("3万—50000", q("30000", None, "", high="50000")),
    # When the shared magnitude would put low above high, the low end is read as written.
    ("5000—2万", q("5000", None, "", high="20000")),
    ("千—万人", q("1000", None, "人", high="10000")),
    ("20—20人", q("20", None, "人", high="20")),
    ("10%—15%", q("10", None, "%", high="15")),
]

UNITS_AND_FORMS = [
    ("85%", q("85", None, "%")),
    ("85 %", q("85", None, "%")),
    ("12个", q("12", None, "个")),
    ("7家", q("7", None, "家")),
    ("42", q("42", None, "")),
    ("0人", q("0", None, "人")),
    ("2.50万元", q("25000", None, "元")),
    ("007人", q("7", None, "人")),
    ("100 人 次", q("100", None, "人 次")),
    # Full-width input (NFKC).
    ("１８．３万人次", q("183000", None, "人次")),
    ("８５％", q("85", None, "%")),
    ("超\u30008000\u3000人", q("8000", "more", "人")),
    ("\u3000300元\u3000", q("300", None, "元")),
    ("１５００－４０００元", q("1500", None, "元", high="4000")),
    # Thousands separators (extension).
    ("1,500元", q("1500", None, "元")),
    ("1，500元", q("1500", None, "元")),
    ("12,345,678.5元", q("12345678.5", None, "元")),
    ("1,500—4,000元", q("1500", None, "元", high="4000")),
    # Spaces between every part.
    ("  约 3 万 人  ", q("30000", "about", "人")),
    (" 2 万 多 人 ", q("20000", "more", "人")),
    ("20 多 万 元", q("200000", "more", "元")),
]


@pytest.mark.parametrize(
    ("text", "expected"),
    REAL_CONTENT + PREFIXES + MAGNITUDES + SUFFIXES + NUMBERLESS + RANGES + UNITS_AND_FORMS,
)
def test_parse_quantity(text: str, expected: Quantity) -> None:
    assert parse_quantity(text) == expected


@pytest.mark.parametrize(
    ("text", "amount", "amount_high"),
    [
        ("18.3万人次", "183000", None),
        ("3.15亿元", "315000000", None),
        ("0.5亿元", "50000000", None),
        ("2.78%", "2.78", None),
        ("2.50万元", "25000", None),
        ("1.5—2亿元", "150000000", "200000000"),
        ("12,345,678.5元", "12345678.5", None),
    ],
)
def test_amounts_are_exact_and_canonical(text: str, amount: str, amount_high: str | None) -> None:
    # Compare the text, not the Decimal: 1.83E+5 == 183000 but would print differently.
    parsed = parse_quantity(text)
    assert str(parsed.amount) == amount
    assert (str(parsed.amount_high) if parsed.amount_high is not None else None) == amount_high


def test_long_numbers_are_not_rounded() -> None:
    # The default decimal context has 28 digits; a magnitude must not round.
    digits = "1234567890123456789012345678901234567890"
    assert format_decimal(parse_quantity(f"{digits}.5亿").amount) == digits + "50000000"


BAD_INPUTS = [
    ("", "内容为空"),
    ("   ", "内容为空"),
    ("abc人", "没有数字"),
    ("若干", "没有数字"),
    ("第一", "没有数字"),
    ("人次", "没有数字"),
    ("超", "没有数字"),
    ("多人", "没有数字"),
    ("三万人", "阿拉伯数字"),
    ("十三人", "阿拉伯数字"),
    ("3亿万元", "位置不对"),
    ("3万万人", "位置不对"),
    ("3亿多万", "次序不对"),
    ("-5", "负数"),
    ("-5人", "负数"),
    ("－５人", "负数"),
    ("−5人", "负数"),
    ("1.2.3人", "数字写法不对"),
    ("5.", "数字写法不对"),
    (".5万", "数字写法不对"),
    ("5 3人", "数字写法不对"),
    ("1,50人", "数字写法不对"),
    ("1,5000人", "数字写法不对"),
    ("近2万多", "矛盾"),
    ("约100余人", "矛盾"),
    ("超100人左右", "矛盾"),
    ("2万多多人", "只能写一个"),
    ("100余以上", "只能写一个"),
    ("20多万多元", "只能写一个"),
    ("100多人以上", "只能写一个"),
    ("百分之20", "85%"),
    ("100人以下", "以下"),
    ("100以内", "以内"),
    ("5—3", "下限大于上限"),
    ("5万—3万", "下限大于上限"),
    ("3万—5", "下限大于上限"),
    ("3人—5元", "单位不同"),
    ("约3—5万人", "限定词"),
    ("3—5万多人", "限定词"),
    ("达3—5人", "限定词"),
    ("3—超5人", "限定词"),
    ("1—2—3", "两端"),
    ("5—", "两端"),
    ("—5", "两端"),
    ("至5人", "两端"),
    ("5—人", "没有数字"),
]


@pytest.mark.parametrize(("text", "reason"), BAD_INPUTS)
def test_bad_input_is_an_error_quoting_the_value(text: str, reason: str) -> None:
    with pytest.raises(QuantityError) as caught:
        parse_quantity(text)
    message = str(caught.value)
    assert f"“{text}”" in message
    assert message.startswith("无法识别的数量“")
    assert reason in message
    assert "可写成" in message
    assert caught.value.value == text


def test_quantity_error_is_a_value_error_and_pickles() -> None:
    with pytest.raises(ValueError):
        parse_quantity("若干")
    error = QuantityError("若干", "没有数字")
    assert str(pickle.loads(pickle.dumps(error))) == str(error)


def test_non_text_is_an_error() -> None:
    with pytest.raises(QuantityError, match="“None”"):
        parse_quantity(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal(183000), "183000"),
        (Decimal("2.78"), "2.78"),
        (Decimal(315000000), "315000000"),
        (Decimal("1.83E+5"), "183000"),
        (Decimal("3.15E+8"), "315000000"),
        (Decimal("183000.0"), "183000"),
        (Decimal("2.7800"), "2.78"),
        (Decimal("1E-7"), "0.0000001"),
        (Decimal(0), "0"),
        (Decimal("0.000"), "0"),
        (Decimal("-0"), "0"),
        (Decimal("0E+3"), "0"),
        (Decimal(100), "100"),
        (Decimal("-1.50"), "-1.5"),
        (Decimal("1E+30"), "1" + "0" * 30),
    ],
)
def test_format_decimal(value: Decimal, expected: str) -> None:
    assert format_decimal(value) == expected


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity")])
def test_format_decimal_rejects_non_finite(value: Decimal) -> None:
    with pytest.raises(ValueError):
        format_decimal(value)


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (120, "人", q("120", None, "人")),
        (2.78, "%", q("2.78", None, "%")),
        (400000, "元", q("400000", None, "元")),
        (Decimal("18.3"), "人次", q("18.3", None, "人次")),
        (0.1, "", q("0.1", None, "")),
        (1e20, "元", q("100000000000000000000", None, "元")),
        (5, " 家 ", q("5", None, "家")),
        (0, "个", q("0", None, "个")),
        # A leading magnitude in the unit is folded in, as in the string form.
        (18.3, "万人次", q("183000", None, "人次")),
        (3.15, "亿元", q("315000000", None, "元")),
        (2, "十万", q("200000", None, "")),
    ],
)
def test_quantity_from_number(value: object, unit: str, expected: Quantity) -> None:
    assert quantity_from_number(value, unit) == expected  # type: ignore[arg-type]


def test_quantity_from_float_keeps_the_written_digits() -> None:
    assert format_decimal(quantity_from_number(2.78, "%").amount) == "2.78"
    assert str(quantity_from_number(2.78, "%").amount) == "2.78"


@pytest.mark.parametrize(
    ("value", "unit", "quoted"),
    [
        (True, "人", "True"),
        (False, "", "False"),
        (-5, "人", "-5"),
        (-0.5, "%", "-0.5"),
        (float("nan"), "", "nan"),
        (float("inf"), "", "inf"),
        (Decimal("NaN"), "", "NaN"),
        ("300", "元", "300"),
        (None, "元", "None"),
        (300, None, "300"),
        (300, "5人", "300"),
        (300, "亿万元", "300"),
    ],
)
def test_quantity_from_number_rejects(value: object, unit: object, quoted: str) -> None:
    with pytest.raises(QuantityError) as caught:
        quantity_from_number(value, unit)  # type: ignore[arg-type]
    assert f"“{quoted}" in str(caught.value)


@given(st.text())
def test_any_text_parses_or_raises_quantity_error(text: str) -> None:
    try:
        result = parse_quantity(text)
    except QuantityError as error:
        assert f"“{text}”" in str(error)
    else:
        assert isinstance(result, Quantity)
        assert result.amount >= 0


_SNIPPETS = st.sampled_from(
    list("0123456789.,，０１５—-~～至到 　%人元万亿十百千余多超近约达共")
    + ["以上", "左右", "超过", "将近", "大约", "人次", "以下", "分之"]
)


@given(st.lists(_SNIPPETS, max_size=12).map("".join))
def test_quantity_like_text_parses_or_raises_quantity_error(text: str) -> None:
    # Plain st.text() rarely hits the grammar; these pieces do.
    try:
        result = parse_quantity(text)
    except QuantityError as error:
        assert f"“{text}”" in str(error)
    else:
        assert result.amount >= 0
        assert result.amount_high is None or result.amount <= result.amount_high
        assert "e" not in format_decimal(result.amount).lower()


_MAGNITUDE_POWERS = {
    "": 0,
    "十": 1,
    "百": 2,
    "千": 3,
    "万": 4,
    "十万": 5,
    "百万": 6,
    "千万": 7,
    "亿": 8,
}


@given(
    st.decimals(min_value=0, max_value=10**12, allow_nan=False, allow_infinity=False, places=3),
    st.sampled_from(sorted(_MAGNITUDE_POWERS)),
    st.sampled_from(["", "人", "人次", "元", "%"]),
)
def test_number_and_magnitude_round_trip(number: Decimal, magnitude: str, unit: str) -> None:
    text = f"{format_decimal(number)}{magnitude}{unit}"
    parsed = parse_quantity(text)
    assert parsed.amount == number.scaleb(_MAGNITUDE_POWERS[magnitude])
    assert parsed.unit == unit
    assert parsed.qualifier is None
