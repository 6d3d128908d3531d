"""The editor's quantity parser (site_src/overrides/admin/quantity.js) against quantity.py.

Both parsers read the same table of cases (every table of test_quantity.py) and a few thousand
random texts built from the grammar's own words; amounts, qualifiers, units and the Chinese
error messages must be identical, so the editor says what `check` will say.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from decimal import Decimal
from typing import Any

import pytest
import test_quantity
from pydantic_core import PydanticCustomError

from conftest import REPO
from showcase.models import read_stat_value
from showcase.quantity import Quantity, QuantityError, format_decimal, parse_quantity

NODE = shutil.which("node")
pytestmark = pytest.mark.skipif(NODE is None, reason="node is not installed")


def run_js(calls: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Call functions of the editor's scripts in Node, one process for the whole batch."""
    assert NODE is not None
    result = subprocess.run(
        [NODE, str(REPO / "tests/js/run.js")],
        input=json.dumps(calls, ensure_ascii=False),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def as_plain(quantity: Quantity) -> dict[str, Any]:
    return {
        "amount": format_decimal(quantity.amount),
        "amount_high": None
        if quantity.amount_high is None
        else format_decimal(quantity.amount_high),
        "qualifier": quantity.qualifier,
        "unit": quantity.unit,
    }


def python_parse(text: str) -> dict[str, Any]:
    try:
        return {"ok": True, "value": as_plain(parse_quantity(text))}
    except QuantityError as error:
        return {"ok": False, "message": str(error)}


def js_outcome(result: dict[str, Any]) -> dict[str, Any]:
    if result["ok"]:
        return {"ok": True, "value": result["value"]}
    return {"ok": False, "message": result["error"]["message"]}


def table_texts() -> list[str]:
    """Every input of test_quantity.py's tables, good and bad."""
    texts = []
    for name in dir(test_quantity):
        table = getattr(test_quantity, name)
        if name.isupper() and isinstance(table, list):
            texts += [row[0] for row in table if isinstance(row[0], str)]
    return list(dict.fromkeys(texts))


WORDS = [
    *"0123456789",
    ".",
    ",",
    " ",
    "　",
    "１",
    "８",
    "．",
    "十",
    "百",
    "千",
    "万",
    "亿",
    "十万",
    "千万",
    "万亿",
    "超",
    "超过",
    "逾",
    "近",
    "将近",
    "约",
    "大约",
    "达",
    "共",
    "余",
    "多",
    "以上",
    "左右",
    "以下",
    "以内",
    "—",
    "——",
    "-",
    "~",
    "～",
    "至",
    "到",
    "人",
    "人次",
    "元",
    "%",
    "名",
    "家",
    "个",
    "三",
    "两",
    "分之",
    "百分之",
    "−",
    "\t",
    "\u00a0",
]


def random_texts(count: int, seed: int = 16) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(WORDS) for _ in range(rng.randint(1, 7))) for _ in range(count)]


def compare(texts: list[str]) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    js = run_js([{"module": "quantity", "fn": "parseQuantity", "args": [t]} for t in texts])
    return [
        (text, python_parse(text), js_outcome(result))
        for text, result in zip(texts, js, strict=True)
        if python_parse(text) != js_outcome(result)
    ]


def test_table_of_cases_parses_the_same_in_both() -> None:
    texts = table_texts()
    assert len(texts) > 100
    assert compare(texts) == []


def test_random_texts_parse_the_same_in_both() -> None:
    texts = random_texts(4000)
    outcomes = [python_parse(t)["ok"] for t in texts]
    # The texts exercise both sides of the grammar, not only errors.
    assert 500 < sum(outcomes) < len(texts) - 500
    assert compare(texts) == []


def test_amounts_stay_exact_beyond_float_precision() -> None:
    texts = ["12345678901234567.89万亿元", "0.000001亿", "3—5万亿人"]
    assert compare(texts) == []
    assert python_parse(texts[0])["value"]["amount"] == "12345678901234567890000000000"


STAT_VALUES = [
    ("18.3万人次", None),
    ("18.3", "万人次"),
    ("18.3万", "人次"),
    ("30条", "条"),
    ("30条", "人"),
    ("30条", ""),
    (400000, "元"),
    (400000, None),
    (18.3, "万人次"),
    (2.78, "%"),
    (1500, ""),
    (-3, "人"),
    (3, "三人"),
    (True, None),
    (None, None),
    ("很多人", None),
]


def python_stat(value: Any, unit: Any) -> dict[str, Any]:
    try:
        return {"ok": True, "value": as_plain(read_stat_value(value, unit))}
    except PydanticCustomError as error:
        return {
            "ok": False,
            "message": error.message(),
            "hint": (error.context or {}).get("hint", ""),
        }


@pytest.mark.parametrize("decimal_text", ["183000", "2.78", "0"])
def test_format_matches_python(decimal_text: str) -> None:
    assert format_decimal(Decimal(decimal_text)) == decimal_text


def test_stat_values_read_the_same_in_both() -> None:
    """models.read_stat_value: a number needs its unit, a separate unit completes a text."""
    js = run_js(
        [
            {"module": "quantity", "fn": "readStatValue", "args": [value, unit]}
            for value, unit in STAT_VALUES
        ]
    )
    differences = []
    for (value, unit), result in zip(STAT_VALUES, js, strict=True):
        expected = python_stat(value, unit)
        actual = (
            {"ok": True, "value": result["value"]}
            if result["ok"]
            else {
                "ok": False,
                "message": result["error"]["message"],
                "hint": result["error"]["hint"],
            }
        )
        if expected != actual:
            differences.append((value, unit, expected, actual))
    assert differences == []
