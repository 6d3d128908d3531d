"""Like beside like: a stat naming a metric must fit what the metric says is comparable, and a
comparison page charts only rows of one period, each row saying what its case is and when."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from conftest import make_project, read_page, run_mkdocs_build
from showcase.comparability import case_type, misfits
from showcase.loading.loader import load_corpus
from showcase.models import Metric, Stat

STRICT = {"label": "评定高级工", "unit": "人", "measure": "评定", "period": "时段",
          "applies_to": ["镇"]}
TOWN = ("city", SimpleNamespace(level="镇", name="祝塘镇"))
MINE = ("enterprise", SimpleNamespace(name="张双楼煤矿"))

# (metric fields, stat fields, case) -> every (message, hint) the stat gets
MISFITS = {
    "fits every condition": (STRICT, {"measure": "评定", "period": "三年来"}, TOWN, []),
    "a spec-style metric asks nothing more": (
        {"label": "评定高级工", "unit": "人"}, {}, MINE, []),
    "rewarded is not assessed, and a mine is not a town": (
        STRICT, {"measure": "奖励", "period": "两年来"}, MINE, [
            ("这条数据统计的是“奖励”，指标 advanced-workers（评定高级工）统计的是“评定”，"
             "不能放在一起比较",
             "去掉 metric；要比较“奖励”的数据，在 content/metrics.yml 中另设一个指标"),
            ("这条数据属于企业（张双楼煤矿），指标 advanced-workers（评定高级工）只比较镇的数据",
             "去掉 metric；只有当企业的这项数据确实可以与镇的并列比较时，"
             "才在 content/metrics.yml 的 applies_to 中加上 企业"),
        ]),
    "no measure": (STRICT, {"period": "三年来"}, TOWN, [
        ("指标 advanced-workers（评定高级工）只比较统计“评定”的数据，"
         "这条数据没有写 measure（统计的是什么）",
         "原文统计的是评定，就加一行 measure: 评定；不是的话去掉 metric"),
    ]),
    "no period": (STRICT, {"measure": "评定"}, TOWN, [
        ("指标 advanced-workers（评定高级工）只比较一段时间（时段）的数据，"
         "这条数据没有写期间（period 或 year）",
         "照原文加一行 period：写成 2023（一年）；2021—2023、2019年至今、近两年、三年来、"
         "今年以来（一段时间）；累计、截至发布时、截至2024-06（截至某日）；期间不符就去掉 metric"),
    ]),
    "a year is not a span": (STRICT, {"measure": "评定", "year": 2023}, TOWN, [
        ("这条数据的期间“2023年”是某一年（年度），指标 advanced-workers（评定高级工）"
         "只比较一段时间（时段）的数据",
         "去掉 metric；期间不同的数据放在一起比较会误导读者"),
    ]),
    "a total to date is not a span": (STRICT, {"measure": "评定", "period": "累计"}, TOWN, [
        ("这条数据的期间“累计”是截至某日的累计或现有数（截至），"
         "指标 advanced-workers（评定高级工）只比较一段时间（时段）的数据",
         "去掉 metric；期间不同的数据放在一起比较会误导读者"),
    ]),
}


@pytest.mark.parametrize("name", list(MISFITS))
def test_misfits(name: str) -> None:
    metric_fields, stat_fields, (kind, fields), expected = MISFITS[name]
    metric = Metric(**metric_fields)
    stat = Stat(label="高级工", value="350余人", **stat_fields)
    assert misfits("advanced-workers", metric, stat, kind, fields) == expected


def test_case_type() -> None:
    assert case_type("city", SimpleNamespace(level="地级市")) == "地级市"
    assert case_type("enterprise", None) == "企业"
    assert case_type("worker", None) == "劳模工匠"


# --- A corpus with two incomparable stats under one metric -----------------------------------

SOURCE = """---
name: 某省产改专报
publisher: 某省产改办
date: 2024-06-24
---
"""
TOWN_FILE = """---
name: 甲镇
summary: 测试用的镇。
province: 江苏省
level: 镇
stats:
  - label: 评定高级工
    value: 350余人
    period: 三年来
    measure: 评定
    source: bulletin
    metric: advanced-workers
---
"""
MINE_FILE = """---
name: 乙矿
summary: 测试用的煤矿。
city: town
industry: 煤炭
stats:
  - label: 获得高级工资格受奖励
    value: 289人
    period: 两年来
    measure: 奖励
    source: bulletin
    metric: advanced-workers
---
"""
METRICS = """advanced-workers:
  label: 评定高级工
  unit: 人
  measure: 评定
  period: 时段
  applies_to: [镇]
"""


def corpus_folder(root: Path, files: dict[str, str]) -> Path:
    for relative, text in files.items():
        path = root / "content" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (root / "images").mkdir(parents=True, exist_ok=True)
    return root


INCOMPARABLE = {
    "sources/bulletin.md": SOURCE,
    "cities/town.md": TOWN_FILE,
    "enterprises/mine.md": MINE_FILE,
    "metrics.yml": METRICS,
}


def test_two_incomparable_stats_under_one_metric_are_an_error(tmp_path: Path) -> None:
    _, problems = load_corpus(corpus_folder(tmp_path, INCOMPARABLE), "content", "images")
    assert [problem.format() for problem in problems] == [
        "content/enterprises/mine.md:12: stats[0].metric: 这条数据统计的是“奖励”，"
        "指标 advanced-workers（评定高级工）统计的是“评定”，不能放在一起比较；"
        "修改建议：去掉 metric；要比较“奖励”的数据，在 content/metrics.yml 中另设一个指标",
        "content/enterprises/mine.md:12: stats[0].metric: 这条数据属于企业（乙矿），"
        "指标 advanced-workers（评定高级工）只比较镇的数据；修改建议：去掉 metric；"
        "只有当企业的这项数据确实可以与镇的并列比较时，"
        "才在 content/metrics.yml 的 applies_to 中加上 企业",
    ]


def test_the_build_refuses_them_and_names_the_file(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", corpus_folder(tmp_path / "corpus", INCOMPARABLE))
    result = run_mkdocs_build(project)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "content/enterprises/mine.md:12: stats[0].metric: 这条数据统计的是“奖励”" in output
    assert "Traceback" not in output
    assert not (project / "site").exists()


def test_metric_fields_are_checked(tmp_path: Path) -> None:
    bad = METRICS.replace("period: 时段", "period: 月度").replace("[镇]", "[镇, 乡]")
    _, problems = load_corpus(
        corpus_folder(tmp_path, {**INCOMPARABLE, "metrics.yml": bad}), "content", "images"
    )
    said = {(problem.path, problem.line, problem.field, problem.message) for problem in problems}
    assert ("content/metrics.yml", 5, "advanced-workers.period", "“月度”不是允许的值") in said
    assert ("content/metrics.yml", 6, "advanced-workers.applies_to[1]", "“乡”不是允许的值") in said
    hints = " ".join(problem.hint for problem in problems)
    assert "年度、时段、截至" in hints and "劳模工匠" in hints


# --- The comparison page ---------------------------------------------------------------------

TRAINING = """skills-training:
  label: 职业技能培训（全年）
  unit: 人次
  measure: 培训
  period: 年度
  applies_to: [地级市]
  description: 一个地级市在一年内开展的职业技能培训人次。
"""


def city(name: str, figure: str, year: int) -> str:
    return f"""---
name: {name}
summary: 测试用的地级市。
province: 江苏省
level: 地级市
stats:
  - label: 职业技能培训
    value: {figure}
    year: {year}
    measure: 培训
    source: bulletin
    metric: skills-training
---
"""


@pytest.fixture(scope="module")
def metric_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("metric")
    files = {
        "sources/bulletin.md": SOURCE,
        "cities/east.md": city("东市", "6万人次", 2023),
        "cities/west.md": city("西市", "2万人次", 2023),
        "cities/north.md": city("北市", "9万人次", 2022),
        "metrics.yml": TRAINING,
    }
    project = make_project(root / "project", corpus_folder(root / "corpus", files))
    result = run_mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return read_page(project / "site", "metrics/skills-training")


@pytest.mark.slow  # a real mkdocs build
def test_rows_of_one_period_are_charted_together(metric_page: str) -> None:
    sections = re.findall(r'<section class="sc-section".*?</section>', metric_page, re.S)
    headings = [re.search(r"<h2[^>]*>([^<]+)", section).group(1) for section in sections]
    assert headings == ["2023年", "2022年"]
    charts = [re.findall(r"<desc[^>]*>([^<]+)</desc>", section) for section in sections]
    # 北市's 9万 of 2022 never stands beside the 2023 figures.
    assert charts == [["东市（地级市，2023年）：6万人次；西市（地级市，2023年）：2万人次。"],
                      ["北市（地级市，2022年）：9万人次。"]]
    assert "这一期间只有一个案例的数据" in sections[1]


def test_each_row_says_its_case_type_and_period(metric_page: str) -> None:
    rows = re.findall(r"<tr>\s*<td>\d+</td>(.*?)</tr>", metric_page, re.S)
    assert len(rows) == 3
    for row in rows:
        assert '<span class="sc-table__kind">地级市</span>' in row
        assert re.search(r"<td class=\"sc-table__wide\">202[23]年</td>", row), row


def test_the_page_says_what_is_compared(metric_page: str) -> None:
    scope = re.search(r'<ul class="sc-metric__scope".*?</ul>', metric_page, re.S).group(0)
    for words in ("人次", "培训", "某一年（年度）", "地级市", "3 个"):
        assert words in scope, words
    assert "一个地级市在一年内开展的职业技能培训人次。" in metric_page
