"""Which stats may stand side by side under one metric.

A metric in content/metrics.yml may say what makes its figures comparable: what was counted
(`measure`: 培训, 评定, 奖励 …), the kind of period (`period`: 年度, 时段 or 截至) and which cases
(`applies_to`: city levels such as 地级市 or 镇, or 企业, 劳模工匠). A stat naming the metric must
fit every condition the metric states, else putting it beside the others would mislead; the
unit is checked by the loader as the spec says. Pure functions on models, so the loader, the
pages and the lint share one definition.
"""

from __future__ import annotations

from typing import Any

from showcase.models import KIND_CASE_TYPES, Metric, Stat
from showcase.periods import KIND_DESCRIPTIONS, PERIOD_FORMS_HINT, Timeframe, resolve


def case_type(kind: str, fields: Any) -> str:
    """What a comparison row says the case is: a city's level (地级市, 镇 …), else 企业,
    劳模工匠 or 出处."""
    return fields.level if kind == "city" else KIND_CASE_TYPES[kind]


def timeframe(stat: Stat, published: str | None) -> Timeframe | None:
    """The stat's period placed in time with the cited document's date (None: no period)."""
    period = stat.effective_period
    return resolve(period, published) if period is not None else None


def misfits(key: str, metric: Metric, stat: Stat, kind: str, fields: Any) -> list[tuple[str, str]]:
    """(message, hint) for every condition of `metric` that `stat`, of a case of `kind` with
    `fields`, does not meet. Empty when the stat may be compared under the metric."""
    named = f"指标 {key}（{metric.label}）"
    found: list[tuple[str, str]] = []
    if metric.measure is not None:
        if stat.measure is None:
            found.append(
                (
                    f"{named}只比较统计“{metric.measure}”的数据，"
                    "这条数据没有写 measure（统计的是什么）",
                    f"原文统计的是{metric.measure}，就加一行 measure: {metric.measure}；"
                    "不是的话去掉 metric",
                )
            )
        elif stat.measure != metric.measure:
            found.append(
                (
                    f"这条数据统计的是“{stat.measure}”，{named}统计的是“{metric.measure}”，"
                    "不能放在一起比较",
                    f"去掉 metric；要比较“{stat.measure}”的数据，"
                    "在 content/metrics.yml 中另设一个指标",
                )
            )
    period = stat.effective_period
    if metric.period is not None:
        wanted = KIND_DESCRIPTIONS[metric.period]
        if period is None:
            found.append(
                (
                    f"{named}只比较{wanted}的数据，这条数据没有写期间（period 或 year）",
                    f"照原文加一行 period：{PERIOD_FORMS_HINT}；期间不符就去掉 metric",
                )
            )
        elif period.kind != metric.period:
            found.append(
                (
                    f"这条数据的期间“{period.text}”是{KIND_DESCRIPTIONS[period.kind]}，"
                    f"{named}只比较{wanted}的数据",
                    "去掉 metric；期间不同的数据放在一起比较会误导读者",
                )
            )
    if metric.applies_to:
        own = case_type(kind, fields)
        if own not in metric.applies_to:
            allowed = "、".join(metric.applies_to)
            found.append(
                (
                    f"这条数据属于{own}（{fields.name}），{named}只比较{allowed}的数据",
                    f"去掉 metric；只有当{own}的这项数据确实可以与{allowed}的并列比较时，"
                    f"才在 content/metrics.yml 的 applies_to 中加上 {own}",
                )
            )
    return found
