"""The typed model of a case file's front matter: one pydantic model per kind.

The same models give the validation rules and (later) the JSON Schema for editors, so the two
never disagree. Messages are in Simplified Chinese; see `messages.py` for pydantic's own errors.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    StrictInt,
    StrictStr,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from showcase.paths import tag_problem
from showcase.periods import (
    PERIOD_FORMS_HINT,
    PERIOD_KINDS,
    Period,
    PeriodError,
    parse_period,
    year_period,
)
from showcase.quantity import Quantity, QuantityError, parse_quantity, quantity_from_number

# Ids make URLs and file names (workers/<id>/): at most ID_MAX_LENGTH characters, so every
# output path stays far below the file systems' 255-byte limit for one name.
ID_MAX_LENGTH = 64
ID_PATTERN = re.compile(rf"^(?=.{{1,{ID_MAX_LENGTH}}}$)[a-z0-9]+(?:-[a-z0-9]+)*$")
ID_RULE = f"id 只能用小写英文字母、数字和单个连字符，最长 {ID_MAX_LENGTH} 个字符"

# 省 is an extension of this project: a province, for a case a document places in a province
# and nowhere more precisely (徐矿集团张双楼煤矿 in the Jiangsu bulletin).
CITY_LEVELS = ("省", "地级市", "县级市", "县", "区", "镇", "街道", "园区")
# What a metric may restrict its rows to: a city's level, or the kind of any other case.
KIND_CASE_TYPES = {"enterprise": "企业", "worker": "劳模工匠", "source": "出处"}
CASE_TYPES = (*CITY_LEVELS, *KIND_CASE_TYPES.values())
OWNERSHIPS = ("国有", "民营", "外资", "台资", "混合所有制")
HONOR_LEVELS = ("国家级", "省级", "市级", "企业级")
SUMMARY_MAX = 160
UNDATED = "未载明"


def custom_error(message: str, hint: str = "", *, field: str = "") -> PydanticCustomError:
    """An error whose Chinese message and fix reach the contributor as written. `field` names
    the field inside the model being validated when the error is raised for the whole model."""
    return PydanticCustomError("showcase", message, {"hint": hint, "field": field})


def _check_id(value: str) -> str:
    if not ID_PATTERN.fullmatch(value):
        raise custom_error(
            f"“{value}”不是有效的 id",
            f"{ID_RULE}，例如 ma-ben、zhangshuanglou-mine",
        )
    return value


def _check_date(value: Any) -> dt.date:
    """A date must be a real calendar day written YYYY-MM-DD (YAML reads it as a date)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise custom_error(f"“{value}”不是有效日期", "日期写成 YYYY-MM-DD，例如 2024-06-24")


def _check_publication_date(value: Any) -> str:
    """YYYY-MM-DD or YYYY-MM as the spec says. Extensions of this project: YYYY alone, for
    documents that print only the year, and 未载明 for documents that print no date at all
    (dates are never guessed)."""
    if value == UNDATED:
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return _check_date(value).isoformat()
    text = (
        str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
    )
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return _check_date(text).isoformat()
    match = re.fullmatch(r"(\d{4})(?:-(\d{2}))?", text)
    if match and (match.group(2) is None or 1 <= int(match.group(2)) <= 12):
        return text
    raise custom_error(
        f"“{value}”不是有效的发布日期",
        "写成 YYYY-MM-DD、YYYY-MM 或只写年份 YYYY，例如 2024-06-24、2020-06、2023；"
        "原文没有日期写 未载明",
    )


def _check_https(value: str) -> str:
    if not re.fullmatch(r"https://[^\s/$.?#][^\s]*", value):
        raise custom_error(f"“{value}”不是 https:// 开头的网址", "只接受 https:// 开头的完整网址")
    return value


def _none_as_empty_list(value: Any) -> Any:
    # `tags:` with nothing after it is YAML null: contributors mean "no tags", not a mistake.
    return [] if value is None else value


def _check_tag(value: str) -> str:
    problem = tag_problem(value)
    if problem:
        raise custom_error(*problem)
    return value


Text = Annotated[StrictStr, StringConstraints(strip_whitespace=True, min_length=1)]
Tag = Annotated[Text, AfterValidator(_check_tag)]
CaseId = Annotated[StrictStr, StringConstraints(strip_whitespace=True), AfterValidator(_check_id)]
Date = Annotated[dt.date, BeforeValidator(_check_date)]
PublicationDate = Annotated[str, BeforeValidator(_check_publication_date)]
Year = Annotated[StrictInt, Field(ge=1900, le=2100)]


def _read_period(value: Any) -> Period:
    if isinstance(value, Period):
        return value
    try:
        return parse_period(value)
    except PeriodError as error:
        raise custom_error(str(error), PERIOD_FORMS_HINT) from None


StatPeriod = Annotated[Period, BeforeValidator(_read_period)]


class StrictModel(BaseModel):
    # Unknown fields are errors: a typo such as `stat:` must not vanish silently.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Stat(StrictModel):
    label: Text
    value: Any
    unit: StrictStr | None = None
    year: Year | None = None
    # Extensions of this project: the period the figure covers and what was counted.
    period: StatPeriod | None = None
    measure: Text | None = None
    source: CaseId | None = None
    note: Text | None = None
    metric: Text | None = None
    _quantity: Quantity = PrivateAttr()

    @model_validator(mode="after")
    def _parse_value(self) -> Stat:
        try:
            self._quantity = read_stat_value(self.value, self.unit)
        except PydanticCustomError as error:
            context = error.context or {}
            raise custom_error(error.message(), context.get("hint", ""), field="value") from None
        return self

    @model_validator(mode="after")
    def _year_agrees_with_period(self) -> Stat:
        if self.year is None or self.period is None:
            return self
        if self.period.form != "year" or self.period.start != self.year:
            raise custom_error(
                f"year {self.year} 与 period“{self.period.text}”重复或矛盾",
                "period 已经写明期间，删去 year"
                "（一年的数据写 period: 2023 或 year: 2023 之一即可）",
                field="year",
            )
        return self

    @property
    def effective_period(self) -> Period | None:
        """The period the figure covers: `period`, else the year of a plain `year`, else None."""
        if self.period is not None:
            return self.period
        return year_period(self.year) if self.year is not None else None

    @property
    def quantity(self) -> Quantity:
        return self._quantity

    @property
    def text(self) -> str:
        """The figure as the contributor wrote it."""
        return self.value if isinstance(self.value, str) else str(self.value)

    @property
    def display(self) -> str:
        """What the stat card shows: the text as written, a plain number followed by its unit."""
        if isinstance(self.value, str):
            return self.value.strip()
        return f"{self.value}{self.unit or ''}"


def read_stat_value(value: Any, unit: str | None) -> Quantity:
    """Either a YAML number with `unit`, or a Chinese quantity string (see quantity.py)."""
    if value is None:
        raise custom_error("缺少必填字段 value", "写上数值，例如 value: 18.3万人次")
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise custom_error(
            f"无法识别的数量“{value}”", "写成 18.3万人次 这样的文字，或写数字并另给 unit"
        )
    try:
        if isinstance(value, str):
            quantity = parse_quantity(value)
            if unit is not None and unit.strip():
                # Extension: a unit given separately completes a string written without one,
                # read as if written together ("18.3" + "万人次" is 183000 人次).
                if not quantity.unit:
                    return parse_quantity(value + unit)
                if quantity.unit != unit.strip():
                    raise custom_error(
                        f"value 的单位“{quantity.unit}”与 unit“{unit}”不一致",
                        "删去 unit，或让两者一致",
                    )
            return quantity
        if unit is None:
            raise custom_error(
                f"纯数字 {value} 缺少 unit",
                f'加一行 unit: 人（或 元、家、个……）；没有单位写 unit: ""；'
                f"也可以把单位写进 value，如 value: {value}人",
            )
        return quantity_from_number(value, unit.strip())
    except QuantityError as error:
        raise custom_error(str(error)) from error


class GalleryImage(StrictModel):
    src: Text
    caption: Text
    credit: Text | None = None


class Honor(StrictModel):
    title: Text
    year: Year | None = None
    level: Literal[HONOR_LEVELS] | None = None  # type: ignore[valid-type]


def OptionalList(item: Any) -> Any:  # noqa: N802 - reads as a type in the models below
    """A list that may be left empty or omitted."""
    return Annotated[list[item], BeforeValidator(_none_as_empty_list)]


class CaseFields(StrictModel):
    """Fields common to every kind."""

    name: Text
    summary: Annotated[Text, Field(max_length=SUMMARY_MAX)]
    tags: OptionalList(Tag) = []
    stats: OptionalList(Stat) = []
    gallery: OptionalList(GalleryImage) = []
    sources: OptionalList(CaseId) = []
    draft: StrictBool = False
    updated: Date | None = None


class City(CaseFields):
    province: Text
    level: Literal[CITY_LEVELS]  # type: ignore[valid-type]
    parent: CaseId | None = None


class Enterprise(CaseFields):
    city: CaseId
    industry: Text
    ownership: Literal[OWNERSHIPS] | None = None  # type: ignore[valid-type]
    parent: CaseId | None = None


class Worker(CaseFields):
    enterprise: CaseId | None = None
    city: CaseId | None = None
    position: Text | None = None
    honors: OptionalList(Honor) = []
    portrait: Text | None = None

    @model_validator(mode="after")
    def _needs_a_place(self) -> Worker:
        if self.city is None and self.enterprise is None:
            raise custom_error(
                "缺少 city（未填 enterprise 时 city 必填）",
                "加一行 city: 所在城市的 id，或 enterprise: 所在企业的 id",
                field="city",
            )
        return self


class Source(CaseFields):
    summary: Annotated[Text, Field(max_length=SUMMARY_MAX)] | None = None  # type: ignore[assignment]
    publisher: Text
    date: PublicationDate
    issue: Text | None = None
    authors: OptionalList(Text) = []
    url: Annotated[StrictStr, AfterValidator(_check_https)] | None = None


class Metric(StrictModel):
    label: Text
    unit: StrictStr
    # Extensions of this project: what makes two stats comparable. Each one left out puts no
    # condition on the stats (a metric written as the spec shows, label and unit, still works).
    measure: Text | None = None
    period: Literal[PERIOD_KINDS] | None = None  # type: ignore[valid-type]
    applies_to: OptionalList(Literal[CASE_TYPES]) = []  # type: ignore[valid-type]
    description: Text | None = None
