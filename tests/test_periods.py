"""Periods: every form of the grammar read, placed in time with its document's date, and the
mistakes refused with a Chinese message."""

from __future__ import annotations

import pytest

from showcase.periods import PeriodError, date_label, parse_period, resolve, year_period

BULLETIN = "2024-06-24"  # the date of the Jiangsu bulletin: relative periods end here

# written -> (form, kind, label with the bulletin's date, (start, end, as_of) with that date)
PERIODS = {
    2023: ("year", "年度", "2023年", (2023, 2023, None)),
    "2023": ("year", "年度", "2023年", (2023, 2023, None)),
    "2023年": ("year", "年度", "2023年", (2023, 2023, None)),
    "２０２３年度": ("year", "年度", "2023年", (2023, 2023, None)),
    "2021—2023": ("years", "时段", "2021—2023年", (2021, 2023, None)),
    "2021-2023年": ("years", "时段", "2021—2023年", (2021, 2023, None)),
    "2021年至2023年": ("years", "时段", "2021—2023年", (2021, 2023, None)),
    "2019年至今": ("since", "时段", "2019年至今（截至2024年6月24日）", (2019, 2024, BULLETIN)),
    "2019年以来": ("since", "时段", "2019年至今（截至2024年6月24日）", (2019, 2024, BULLETIN)),
    "近两年": ("recent", "时段", "近两年（截至2024年6月24日）", (2022, 2024, BULLETIN)),
    "近两年来": ("recent", "时段", "近两年来（截至2024年6月24日）", (2022, 2024, BULLETIN)),
    "三年来": ("recent", "时段", "三年来（截至2024年6月24日）", (2021, 2024, BULLETIN)),
    "近3年": ("recent", "时段", "近3年（截至2024年6月24日）", (2021, 2024, BULLETIN)),
    "近 十 年": ("recent", "时段", "近十年（截至2024年6月24日）", (2014, 2024, BULLETIN)),
    "近年来": ("recent", "时段", "近年来（截至2024年6月24日）", (None, 2024, BULLETIN)),
    "今年以来": ("this-year", "时段", "今年以来（截至2024年6月24日）", (2024, 2024, BULLETIN)),
    "截至2024-06": ("to-date", "截至", "截至2024年6月", (None, 2024, "2024-06")),
    "截至2023-12-31": ("to-date", "截至", "截至2023年12月31日", (None, 2023, "2023-12-31")),
    "截止2024年6月": ("to-date", "截至", "截至2024年6月", (None, 2024, "2024-06")),
    "截至2023年": ("to-date", "截至", "截至2023年", (None, 2023, "2023")),
    "累计": ("cumulative", "截至", "累计（截至2024年6月24日）", (None, 2024, BULLETIN)),
    "截至发布时": ("current", "截至", "截至2024年6月24日", (None, 2024, BULLETIN)),
    "截至目前": ("current", "截至", "截至2024年6月24日", (None, 2024, BULLETIN)),
}


@pytest.mark.parametrize("written", list(PERIODS), ids=str)
def test_every_form(written: object) -> None:
    form, kind, label, (start, end, as_of) = PERIODS[written]
    period = parse_period(written)
    assert (period.form, period.kind) == (form, kind)
    when = resolve(period, BULLETIN)
    assert when.label == label
    assert (when.start, when.end, when.as_of) == (start, end, as_of)
    assert when.resolved and when.key == (kind, start, end, as_of)


# A relative period of an undated document keeps its words; nothing is guessed.
UNDATED = {
    "近两年": "近两年",
    "今年以来": "今年以来",
    "累计": "累计",
    "截至发布时": "截至发布时",
    "2019年至今": "2019年至今",
}


@pytest.mark.parametrize("published", ["未载明", None])
@pytest.mark.parametrize("written", list(UNDATED))
def test_undated_document(written: str, published: str | None) -> None:
    when = resolve(parse_period(written), published)
    assert when.label == UNDATED[written]
    assert when.as_of is None and not when.resolved and when.key is None
    assert when.end is None


def test_absolute_periods_need_no_document_date() -> None:
    for written in ("2023", "2021—2023", "截至2024-06"):
        assert resolve(parse_period(written), None).resolved


def test_document_dated_by_month_or_year() -> None:
    assert resolve(parse_period("累计"), "2023-12").label == "累计（截至2023年12月）"
    assert resolve(parse_period("今年以来"), "2023").label == "今年以来（截至2023年）"
    assert resolve(parse_period("近两年"), "2023-12").start == 2021


def test_year_field_as_period() -> None:
    period = year_period(2022)
    assert (period.form, period.kind, period.text) == ("year", "年度", "2022年")
    assert resolve(period, None).key == ("年度", 2022, 2022, None)


def test_same_time_same_key() -> None:
    # 累计 and 截至发布时 of one document both stand at its date; 2023 and 2023年 are one year.
    assert resolve(parse_period("2023"), None).key == resolve(parse_period("2023年"), None).key
    cumulative = resolve(parse_period("累计"), BULLETIN)
    current = resolve(parse_period("截至发布时"), BULLETIN)
    assert cumulative.key == current.key
    assert resolve(parse_period("2022"), None).key != resolve(parse_period("2023"), None).key


ERRORS = {
    "去年": "无法识别的期间“去年”",
    "上半年": "无法识别的期间“上半年”",
    "2023年下半年": "无法识别的期间“2023年下半年”",
    "1850": "期间“1850”的年份 1850 不在合理范围内",
    "2023—2021": "期间“2023—2021”的起始年份不早于结束年份",
    "2023—2023": "期间“2023—2023”的起始年份不早于结束年份",
    "截至2024-13": "期间“截至2024-13”里的日期不存在",
    "近0年": "期间“近0年”的年数应当至少是 1",
    "": "无法识别的期间“”",
}


@pytest.mark.parametrize("written", list(ERRORS))
def test_errors(written: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(written)
    assert str(caught.value) == ERRORS[written]


@pytest.mark.parametrize("value", [True, 3.5, ["2023"], {"from": 2021}])
def test_not_text_nor_year(value: object) -> None:
    with pytest.raises(PeriodError, match="期间应当写成文字或四位年份"):
        parse_period(value)


def test_date_label() -> None:
    assert date_label("2024-06-24") == "2024年6月24日"
    assert date_label("2023-12") == "2023年12月"
    assert date_label("2023") == "2023年"
