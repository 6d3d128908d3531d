"""models.py: the pydantic models of the case files, called directly on plain dictionaries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from showcase.models import (
    ID_PATTERN,
    SUMMARY_MAX,
    City,
    Enterprise,
    Metric,
    Source,
    Stat,
    Worker,
    read_stat_value,
)

WORKER = {"name": "王五", "summary": "炼钢工。", "city": "river-city"}
SOURCE = {"name": "报告", "publisher": "江河市总工会", "date": "2024-06-24"}


def errors(model: type, data: dict[str, Any]) -> list[tuple[tuple, str, str]]:
    """(location, type, message) of every error the model reports for `data`."""
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return [(tuple(e["loc"]), e["type"], e["msg"]) for e in caught.value.errors()]


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("ma-ben", True),
        ("zhangshuanglou-mine", True),
        ("a1-2b", True),
        ("x", True),
        ("Ma-Ben", False),
        ("ma_ben", False),
        ("ma--ben", False),
        ("-ma", False),
        ("ma-", False),
        ("马奔", False),
        ("", False),
    ],
)
def test_id_pattern(text: str, valid: bool) -> None:
    assert bool(ID_PATTERN.match(text)) is valid


def test_a_reference_must_be_a_valid_id() -> None:
    assert Worker.model_validate({**WORKER, "city": "  river-city "}).city == "river-city"
    [(loc, kind, message)] = errors(Worker, {**WORKER, "city": "River_City"})
    assert (loc, kind, message) == (("city",), "showcase", "“River_City”不是有效的 id")


@pytest.mark.parametrize(
    ("written", "read"),
    [
        (dt.date(2024, 6, 24), dt.date(2024, 6, 24)),
        (dt.datetime(2024, 6, 24, 8, 30), dt.date(2024, 6, 24)),
        ("2024-06-24", dt.date(2024, 6, 24)),
        (" 2024-02-29 ", dt.date(2024, 2, 29)),
    ],
)
def test_updated_is_a_calendar_day(written: Any, read: dt.date) -> None:
    assert Worker.model_validate({**WORKER, "updated": written}).updated == read


@pytest.mark.parametrize("written", ["2024-02-30", "2023-02-29", "2024/06/24", "昨天", 20240624])
def test_updated_that_is_no_day_is_refused_with_the_format(written: Any) -> None:
    [(loc, kind, message)] = errors(Worker, {**WORKER, "updated": written})
    assert (loc, kind, message) == (("updated",), "showcase", f"“{written}”不是有效日期")


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("2024-06-24", "2024-06-24"),
        (dt.date(2024, 6, 24), "2024-06-24"),
        ("2020-06", "2020-06"),
        ("2023", "2023"),
        (2023, "2023"),
        ("未载明", "未载明"),
    ],
)
def test_publication_dates(written: Any, read: str) -> None:
    assert Source.model_validate({**SOURCE, "date": written}).date == read


@pytest.mark.parametrize("written", ["2024-13", "2024-00", "24", "2024年", True, ""])
def test_bad_publication_dates(written: Any) -> None:
    [(loc, kind, message)] = errors(Source, {**SOURCE, "date": written})
    assert (loc, kind) == (("date",), "showcase")
    assert message == f"“{written}”不是有效的发布日期"


def test_a_full_publication_date_must_be_a_real_day() -> None:
    assert errors(Source, {**SOURCE, "date": "2024-02-30"}) == [
        (("date",), "showcase", "“2024-02-30”不是有效日期")
    ]


@pytest.mark.parametrize(
    ("url", "valid"),
    [
        ("https://example.org/report", True),
        ("https://example.org", True),
        ("http://example.org", False),
        ("https://", False),
        ("https://exa mple.org", False),
        ("ftp://example.org", False),
    ],
)
def test_source_url_must_be_https(url: str, valid: bool) -> None:
    if valid:
        assert Source.model_validate({**SOURCE, "url": url}).url == url
    else:
        [(loc, _, message)] = errors(Source, {**SOURCE, "url": url})
        assert loc == ("url",) and message == f"“{url}”不是 https:// 开头的网址"


@pytest.mark.parametrize(
    ("value", "unit", "amount", "amount_high", "read_unit", "qualifier"),
    [
        ("18.3万人次", None, "183000", None, "人次", None),
        ("1500—4000元", None, "1500", "4000", "元", None),
        ("超千人次", None, "1000", None, "人次", "more"),
        (400000, "元", "400000", None, "元", None),
        (12.5, "%", "12.5", None, "%", None),
        (7, "", "7", None, "", None),
        # A unit given separately completes a value written without one.
        ("18.3", "万人次", "183000", None, "人次", None),
        ("18.3万人次", "人次", "183000", None, "人次", None),
    ],
)
def test_stat_values(
    value: Any,
    unit: str | None,
    amount: str,
    amount_high: str | None,
    read_unit: str,
    qualifier: str | None,
) -> None:
    quantity = read_stat_value(value, unit)
    assert quantity.amount == Decimal(amount)
    assert quantity.amount_high == (Decimal(amount_high) if amount_high else None)
    assert (quantity.unit, quantity.qualifier) == (read_unit, qualifier)


@pytest.mark.parametrize(
    ("value", "unit", "message"),
    [
        (None, None, "缺少必填字段 value"),
        (True, "人", "无法识别的数量“True”"),
        ([1, 2], None, "无法识别的数量“[1, 2]”"),
        (300, None, "纯数字 300 缺少 unit"),
        ("3000人", "元", "value 的单位“人”与 unit“元”不一致"),
    ],
)
def test_stat_values_refused(value: Any, unit: str | None, message: str) -> None:
    with pytest.raises(PydanticCustomError) as caught:
        read_stat_value(value, unit)
    assert caught.value.message() == message
    assert caught.value.context["hint"]  # every refusal says how to fix it


def test_a_stat_error_names_its_value_field() -> None:
    [(loc, kind, message)] = errors(Stat, {"label": "人数", "value": 300})
    assert (loc, kind, message) == ((), "showcase", "纯数字 300 缺少 unit")
    with pytest.raises(ValidationError) as caught:
        Stat.model_validate({"label": "人数", "value": 300})
    assert caught.value.errors()[0]["ctx"]["field"] == "value"


@pytest.mark.parametrize(
    ("value", "unit", "text", "display"),
    [
        ("  18.3万人次 ", None, "  18.3万人次 ", "18.3万人次"),
        (400000, "元", "400000", "400000元"),
        (7, "", "7", "7"),
        (96.5, "%", "96.5", "96.5%"),
    ],
)
def test_stat_text_and_display(value: Any, unit: str | None, text: str, display: str) -> None:
    stat = Stat.model_validate({"label": "数", "value": value, "unit": unit})
    assert (stat.text, stat.display) == (text, display)


def test_empty_lists_may_be_left_empty() -> None:
    worker = Worker.model_validate({**WORKER, "tags": None, "stats": None, "honors": None})
    assert (worker.tags, worker.stats, worker.honors) == ([], [], [])


def test_unknown_fields_are_errors_not_ignored() -> None:
    assert errors(Worker, {**WORKER, "stat": []})[0][:2] == (("stat",), "extra_forbidden")
    honors = {**WORKER, "honors": [{"title": "劳模", "lvl": "国家级"}]}
    assert errors(Worker, honors)[0][:2] == (("honors", 0, "lvl"), "extra_forbidden")


def test_a_worker_needs_a_city_or_an_enterprise() -> None:
    assert Worker.model_validate({**WORKER, "city": None, "enterprise": "plant"}).city is None
    [(loc, kind, message)] = errors(Worker, {"name": "王五", "summary": "炼钢工。"})
    assert (loc, kind) == ((), "showcase")
    assert message == "缺少 city（未填 enterprise 时 city 必填）"


def test_summary_length_and_whitespace() -> None:
    at_limit = "字" * SUMMARY_MAX
    assert Worker.model_validate({**WORKER, "summary": at_limit}).summary == at_limit
    assert Worker.model_validate({**WORKER, "summary": "  炼钢工。 "}).summary == "炼钢工。"
    assert errors(Worker, {**WORKER, "summary": at_limit + "字"})[0][:2] == (
        ("summary",),
        "string_too_long",
    )
    assert errors(Worker, {**WORKER, "summary": "   "})[0][:2] == (
        ("summary",),
        "string_too_short",
    )


def test_only_a_source_may_leave_out_its_summary() -> None:
    assert Source.model_validate(SOURCE).summary is None
    assert errors(Worker, {"name": "王五", "city": "x"})[0][:2] == (("summary",), "missing")


@pytest.mark.parametrize(
    ("model", "data", "field", "allowed"),
    [
        (City, {"province": "江苏省", "level": "市"}, "level", "地级市"),
        (Enterprise, {"city": "x", "industry": "钢铁", "ownership": "私营"}, "ownership", "民营"),
    ],
)
def test_choices_are_closed_lists(model: type, data: dict, field: str, allowed: str) -> None:
    base = {"name": "名", "summary": "介绍。", **data}
    assert errors(model, base)[0][:2] == ((field,), "literal_error")
    assert getattr(model.model_validate({**base, field: allowed}), field) == allowed


@pytest.mark.parametrize(
    ("year", "valid"),
    [(1900, True), (2100, True), (1899, False), (2101, False), ("2020", False), (2020.0, False)],
)
def test_years_are_plain_integers_in_range(year: Any, valid: bool) -> None:
    data = {**WORKER, "honors": [{"title": "劳模", "year": year}]}
    if valid:
        assert Worker.model_validate(data).honors[0].year == year
    else:
        assert errors(Worker, data)[0][0] == ("honors", 0, "year")


def test_draft_must_be_a_real_boolean() -> None:
    assert Worker.model_validate({**WORKER, "draft": True}).draft is True
    assert errors(Worker, {**WORKER, "draft": "yes"})[0][:2] == (("draft",), "bool_type")


def test_models_are_frozen() -> None:
    worker = Worker.model_validate(WORKER)
    with pytest.raises(ValidationError):
        worker.name = "赵六"  # type: ignore[misc]


def test_metric() -> None:
    assert Metric.model_validate({"label": "职业技能培训", "unit": "人次"}).unit == "人次"
    assert Metric.model_validate({"label": "专利", "unit": ""}).unit == ""
    assert errors(Metric, {"label": "职业技能培训"})[0][:2] == (("unit",), "missing")
