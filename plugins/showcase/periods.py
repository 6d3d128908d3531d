"""The period a stat covers, written as the documents put it, read into a typed value.

A figure means little without its period: 18.3万人次 trained in total since the reform began is
not comparable with 6万人次 in one year. A stat's `period` is one of these forms (spaces and
full-width characters are ignored):

    form        written                               kind
    year        2023, 2023年, 2023年度                 年度  one calendar year
    years       2021—2023, 2021-2023年, 2021年至2023年  时段  a span of years
    since       2019年至今, 2019年以来                  时段  from a year to the document's date
    recent      近两年, 近3年, 三年来, 近年来            时段  years before the document's date
    this-year   今年以来, 今年                          时段  this year up to the document's date
    to-date     截至2024-06, 截至2024年6月              截至  a total or a count as of a date
    cumulative  累计                                    截至  a total up to the document's date
    current     截至发布时, 截至目前                     截至  a count as of the document's date

Relative forms (至今, 以来, 近N年, 今年, 累计, 截至发布时) end at the date of the document the
stat cites; `resolve` turns them into years and a label once that date is known. Nothing is
guessed: a relative period of an undated document keeps its words and has no years.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

__all__ = [
    "KIND_DESCRIPTIONS",
    "PERIOD_FORMS_HINT",
    "PERIOD_KINDS",
    "Period",
    "PeriodError",
    "Timeframe",
    "date_label",
    "parse_period",
    "resolve",
    "year_period",
]

PeriodKind = Literal["年度", "时段", "截至"]
PERIOD_KINDS: tuple[PeriodKind, ...] = ("年度", "时段", "截至")
KIND_DESCRIPTIONS: dict[str, str] = {
    "年度": "某一年（年度）",
    "时段": "一段时间（时段）",
    "截至": "截至某日的累计或现有数（截至）",
}
PERIOD_FORMS_HINT = (
    "写成 2023（一年）；2021—2023、2019年至今、近两年、三年来、今年以来（一段时间）；"
    "累计、截至发布时、截至2024-06（截至某日）"
)

Form = Literal["year", "years", "since", "recent", "this-year", "to-date", "cumulative", "current"]
_KIND_OF_FORM: dict[str, PeriodKind] = {
    "year": "年度",
    "years": "时段",
    "since": "时段",
    "recent": "时段",
    "this-year": "时段",
    "to-date": "截至",
    "cumulative": "截至",
    "current": "截至",
}
_RELATIVE = {"since", "recent", "this-year", "cumulative", "current"}

_YEAR = r"(\d{4})"
_DASH = r"(?:—|–|-|~|至|到)"
_COUNT = r"(\d{1,2}|[一二两三四五六七八九十])"
_CHINESE_COUNTS = {c: n for n, c in enumerate("一二三四五六七八九十", start=1)} | {"两": 2}
_PATTERNS: tuple[tuple[Form, re.Pattern[str]], ...] = (
    ("year", re.compile(rf"^{_YEAR}年?度?$")),
    ("years", re.compile(rf"^{_YEAR}年?{_DASH}{_YEAR}年?$")),
    ("since", re.compile(rf"^{_YEAR}年?(?:至今|以来)$")),
    ("recent", re.compile(rf"^(?:近{_COUNT}年(?:来|以来)?|{_COUNT}年(?:来|以来))$")),
    ("recent", re.compile(r"^近年(?:来|以来)?$")),
    ("this-year", re.compile(r"^今年(?:以来)?$")),
    ("to-date", re.compile(rf"^截[至止]{_YEAR}(?:-(\d{{1,2}})(?:-(\d{{1,2}}))?)?$")),
    ("to-date", re.compile(rf"^截[至止]{_YEAR}年(?:(\d{{1,2}})月(?:(\d{{1,2}})日)?)?$")),
    ("cumulative", re.compile(r"^累计$")),
    ("current", re.compile(r"^截[至止](?:目前|发布时)$")),
)
_FIRST_YEAR, _LAST_YEAR = 1900, 2100


class PeriodError(ValueError):
    """A period that cannot be read; the message is for contributors, in Chinese."""


@dataclass(frozen=True)
class Period:
    """A stat's period as written. `start`/`end` are years given in the text itself; `years`
    is the length of a 近N年 span; `as_of` the date (YYYY, YYYY-MM or YYYY-MM-DD) of a
    to-date form. Relative forms get their end from the cited document (see `resolve`)."""

    form: Form
    text: str
    start: int | None = None
    end: int | None = None
    years: int | None = None
    as_of: str | None = None

    @property
    def kind(self) -> PeriodKind:
        """年度 (one year), 时段 (a span) or 截至 (a total or count as of a date)."""
        return _KIND_OF_FORM[self.form]

    @property
    def relative(self) -> bool:
        """True when the period ends at the date of the document the stat cites."""
        return self.form in _RELATIVE


@dataclass(frozen=True)
class Timeframe:
    """A period placed in time with its document's date. Years are None where neither the
    period nor the document says them; `resolved` is False when a relative period's document
    is undated (then two such timeframes cannot be told equal)."""

    kind: PeriodKind
    start: int | None
    end: int | None
    as_of: str | None
    label: str
    resolved: bool

    @property
    def key(self) -> tuple[object, ...] | None:
        """Equal for two timeframes covering the same time; None when that cannot be known."""
        return (self.kind, self.start, self.end, self.as_of) if self.resolved else None


def year_period(year: int) -> Period:
    """The period a stat's plain `year` field stands for."""
    return Period("year", f"{year}年", start=year, end=year)


def parse_period(value: object) -> Period:
    """Reads a `period` field: a YAML integer year or a string of one of the forms above."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise PeriodError(f"无法识别的期间“{value}”：期间应当写成文字或四位年份")
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(value)))
    for form, pattern in _PATTERNS:
        match = pattern.match(text)
        if match:
            return _period(form, text, [group for group in match.groups()], str(value))
    raise PeriodError(f"无法识别的期间“{value}”")


def _period(form: Form, text: str, groups: list[str | None], original: str) -> Period:
    if form == "year":
        year = _year(groups[0], original)
        return Period(form, text, start=year, end=year)
    if form == "years":
        start, end = _year(groups[0], original), _year(groups[1], original)
        if start >= end:
            raise PeriodError(f"期间“{original}”的起始年份不早于结束年份")
        return Period(form, text, start=start, end=end)
    if form == "since":
        return Period(form, text, start=_year(groups[0], original))
    if form == "recent":
        count = next((group for group in groups if group), None)
        if count is None:
            return Period(form, text)
        years = int(count) if count.isdigit() else _CHINESE_COUNTS[count]
        if years < 1:
            raise PeriodError(f"期间“{original}”的年数应当至少是 1")
        return Period(form, text, years=years)
    if form == "to-date":
        return Period(form, text, as_of=_date(groups, original))
    return Period(form, text)


def _year(digits: str | None, original: str) -> int:
    year = int(digits or 0)
    if not _FIRST_YEAR <= year <= _LAST_YEAR:
        raise PeriodError(f"期间“{original}”的年份 {digits} 不在合理范围内")
    return year


def _date(groups: list[str | None], original: str) -> str:
    year = _year(groups[0], original)
    month, day = (int(group) if group else None for group in groups[1:3])
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError:
        raise PeriodError(f"期间“{original}”里的日期不存在") from None
    parts = [f"{year:04d}"] + [f"{part:02d}" for part in (month, day) if part is not None]
    return "-".join(parts)


def date_label(date: str) -> str:
    """2024-06-24 → 2024年6月24日, 2023-12 → 2023年12月, 2023 → 2023年."""
    parts = [int(part) for part in date.split("-")]
    return "".join(f"{part}{unit}" for part, unit in zip(parts, "年月日", strict=False))


def _document_date(published: str | None) -> str | None:
    """The cited document's date if it has one (`未载明` and None mean it has none)."""
    if published and re.fullmatch(r"\d{4}(?:-\d{2}){0,2}", published):
        return published
    return None


def resolve(period: Period, published: str | None) -> Timeframe:
    """The period in years and words, given the date of the document the stat cites (a
    source's `date`: YYYY-MM-DD, YYYY-MM, YYYY, 未载明 or None)."""
    date = _document_date(published) if period.relative else None
    year = int(date[:4]) if date else None
    start, end, as_of = period.start, period.end, period.as_of
    suffix = f"（截至{date_label(date)}）" if date else ""
    label = period.text
    if period.form == "year":
        label = f"{start}年"
    elif period.form == "years":
        label = f"{start}—{end}年"
    elif period.form == "since":
        end, label = year, f"{start}年至今{suffix}"
    elif period.form == "recent":
        end = year
        start = year - period.years if year is not None and period.years else None
        label = period.text + suffix
    elif period.form == "this-year":
        start = end = year
        label = f"今年以来{suffix}"
    elif period.form == "to-date":
        end, label = int(as_of[:4]), f"截至{date_label(as_of)}"
    elif period.form == "cumulative":
        end, label = year, f"累计{suffix}"
    elif period.form == "current":
        end = year
        label = f"截至{date_label(date)}" if date else period.text
    if period.relative:
        as_of = date
    resolved = not period.relative or date is not None
    return Timeframe(period.kind, start, end, as_of, label, resolved)
