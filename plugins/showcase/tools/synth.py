"""A synthetic corpus for 产改案例馆: realistic Chinese case files at any scale, for benchmarks
and tests.

    python build.py synth OUT --cities 50 --enterprises 200 --workers 700 --images 40 [--seed 1]

writes OUT/content/ (cities, enterprises, workers, sources, metrics.yml) and OUT/images/ following
shared/spec/case-format.md exactly:

- cities form a hierarchy: provinces (江苏省, 安徽省, 浙江省, …) hold 地级市; a 县级市, 区 or 县
  names a 地级市 as `parent`; a 镇, 街道 or 园区 names a county-level city;
- enterprises have an industry and (mostly) an ownership; some are groups that others name as
  `parent`;
- workers have positions and honors (with levels), and an `enterprise` or only a `city`;
- stats use every quantity form of the spec: each prefix (超 超过 逾 近 将近 接近 约 大约 达 共),
  each magnitude (十 百 千 万 十万 百万 千万 亿, with and without a number before it), each
  suffix (余 多 以上), ranges with each separator (— - ~ 至 到) and plain YAML numbers with
  `unit` (including an empty unit); each has a `year` or a `period` (every period form),
  most a `source`, some a `metric` from content/metrics.yml, always in the metric's unit and
  the same year for all of a metric's rows;
- galleries and portraits draw on a pool of generated photos, each used by several cases;
- bodies link other cases with [[id]] and [[id|text]]; about one source per 20 cases, cited by
  cases and by stats; a few drafts.

Names come from syllable tables, so every run with the same seed writes the same bytes. Ids
are pinyin, unique across kinds (a second 王伟 is wang-wei-2).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from PIL import Image, ImageDraw

DEFAULT_PHOTO_SIZE = (1200, 900)
CAMERA_PHOTO_SIZE = (4000, 3000)
PHOTO_FOLDER = "photos"

# --- Tables ----------------------------------------------------------------------------------

PROVINCES = (
    ("江苏省", "jiangsu"),
    ("安徽省", "anhui"),
    ("浙江省", "zhejiang"),
    ("山东省", "shandong"),
    ("河南省", "henan"),
    ("湖北省", "hubei"),
    ("湖南省", "hunan"),
    ("江西省", "jiangxi"),
    ("福建省", "fujian"),
    ("广东省", "guangdong"),
    ("四川省", "sichuan"),
    ("河北省", "hebei"),
)


def _pairs(hanzi: str, pinyin: str) -> tuple[tuple[str, str], ...]:
    """(hanzi, pinyin) pairs from a string of characters and their space-separated readings."""
    return tuple(zip(hanzi, pinyin.split(), strict=True))


# Syllables of place names, of enterprise brands, surnames and given names.
PLACE_SYLLABLES = _pairs(
    "淮安江阴盐城徐州连云港宿泰扬常锡南通宁湖嘉兴绍金华台丽水温合肥芜蚌阜滁亳池宣铜陵黄山东西北海河"
    "平昌丰溪桥庄塘林源泉新德清康乐福永盛泽沙石松柏梅桃青白龙凤鹤邳沭灌睢沛丹句溧如皋启",
    "huai an jiang yin yan cheng xu zhou lian yun gang su tai yang chang xi nan tong ning hu jia "
    "xing shao jin hua tai li shui wen he fei wu beng fu chu bo chi xuan tong ling huang shan "
    "dong xi bei hai he ping chang feng xi qiao zhuang tang lin yuan quan xin de qing kang le fu "
    "yong sheng ze sha shi song bai mei tao qing bai long feng he pi shu guan sui pei dan ju li "
    "ru gao qi",
)
BRAND_SYLLABLES = _pairs(
    "恒润新海鼎盛华达宏远金泰瑞丰博德信通永利宝兴联创佳锦安中天正和晟鑫隆昌益辉腾飞",
    "heng run xin hai ding sheng hua da hong yuan jin tai rui feng bo de xin tong yong li bao "
    "xing lian chuang jia jin an zhong tian zheng he sheng xin long chang yi hui teng fei",
)
SURNAMES = _pairs(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕"
    "丁任沈姚卢崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱尹薛段雷侯史陶贺顾毛郝龚邵万钱严武戴孔汤",
    "wang li zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo zheng "
    "liang xie song tang xu han feng deng cao peng zeng xiao tian dong yuan pan yu jiang cai yu "
    "du ye cheng su wei lv ding ren shen yao lu cui zhong tan lu wang fan jin shi liao jia xia "
    "wei fu fang bai zou meng xiong qin qiu yin xue duan lei hou shi tao he gu mao hao gong shao "
    "wan qian yan wu dai kong tang",
)
GIVEN_SYLLABLES = _pairs(
    "建国军华伟强磊洋勇杰涛明超刚平辉鹏斌波飞兵峰亮宁红芳娟敏静丽艳燕霞玲桂英秀兰梅志海春林德文利晓"
    "东荣庆新永金宏耀奔根宝福学成立俊雪云健松毅",
    "jian guo jun hua wei qiang lei yang yong jie tao ming chao gang ping hui peng bin bo fei "
    "bing feng liang ning hong fang juan min jing li yan yan xia ling gui ying xiu lan mei zhi "
    "hai chun lin de wen li xiao dong rong qing xin yong jin hong yao ben gen bao fu xue cheng "
    "li jun xue yun jian song yi",
)
# industry -> (words for names, id slug, typical positions)
INDUSTRIES: dict[str, tuple[tuple[str, ...], str, tuple[str, ...]]] = {
    "钢铁": (("钢铁", "特钢", "钢管"), "steel", ("炼钢工", "轧钢工", "天车工", "高炉炉长")),
    "煤炭": (("煤矿", "矿业"), "coal", ("综采二区煤机维护员", "采煤工", "掘进队队长", "通风工")),
    "电力": (("供电公司", "发电公司", "电厂"), "power", ("变电运维工", "输电线路工", "继电保护工")),
    "石化": (("石化", "化工"), "petrochemical", ("化工操作工", "仪表工", "装置班长")),
    "液压机械": (("液压", "液压机械"), "hydraulic", ("装配钳工", "数控车工", "液压试验工")),
    "纺织服装": (("纺织", "服饰"), "textile", ("挡车工", "缝纫工", "版师")),
    "汽车零部件": (("汽车部件", "汽配"), "auto-parts", ("焊装工", "模具钳工", "质检员")),
    "电子信息": (("电子", "微电子"), "electronics", ("贴片工艺工程师", "设备维修工", "测试技术员")),
    "建筑": (("建工", "建设"), "construction", ("钢筋工", "架子工", "项目技术负责人")),
    "港口物流": (("港务", "物流"), "logistics", ("门机司机", "理货员", "装卸队长")),
    "新能源": (("光伏", "新能源"), "new-energy", ("电池片工艺员", "运维工程师")),
    "生物医药": (("药业", "生物医药"), "pharma", ("制剂工", "质量检验员")),
    "装备制造": (("重工", "装备"), "machinery", ("电焊工", "铣工", "装配钳工", "首席技师")),
}
OWNERSHIPS = ("国有", "民营", "外资", "台资", "混合所有制")
COMMON_POSITIONS = ("班组长", "车间主任", "电气检修工", "高级技师", "设备维修工", "工艺工程师")
TAGS = (
    "技能提升",
    "权益保障",
    "思想引领",
    "党建引领",
    "产教融合",
    "新就业形态",
    "劳模工匠",
    "人才发展",
    "薪酬分配",
    "产业集群",
    "小微企业",
    "产改试点",
    "职工创新",
    "安全生产",
)
SCENES = (
    "生产车间一角",
    "职工技能竞赛现场",
    "劳模创新工作室",
    "产改现场推进会",
    "技能培训课堂",
    "职工之家",
    "一线班组交流",
    "师带徒现场",
)
STUDIO_SUFFIX = "劳模创新工作室"

METRICS = {
    "skills-training": ("职业技能培训", "人次"),
    "medical-mutual-aid": ("职工医疗互助", "人"),
    "education-upgrade": ("学历提升", "名"),
    "reform-measures": ("改革举措", "项"),
    "advanced-workers": ("高级工认定", "人"),
    "skills-funds": ("技能提升资金", "元"),
}


@dataclass(frozen=True)
class StatKind:
    label: str
    unit: str
    low: float  # typical amounts
    high: float
    metric: str | None = None


CITY_STATS = (
    StatKind("职业技能培训", "人次", 2_000, 800_000, "skills-training"),
    StatKind("加入职工医疗互助保障的产业工人", "人", 2_000, 300_000, "medical-mutual-aid"),
    StatKind("学历提升", "名", 200, 20_000, "education-upgrade"),
    StatKind("改革举措", "项", 8, 60, "reform-measures"),
    StatKind("职业技能提升行动资金", "元", 2_000_000, 600_000_000, "skills-funds"),
    StatKind("新增工会会员", "人", 1_000, 80_000),
    StatKind("产业工人文化活动", "场", 50, 3_000),
    StatKind("产业学院", "个", 3, 40),
    StatKind("技能提升培训补贴（每人）", "元", 500, 5_000),
    StatKind("劳模创新工作室", "家", 10, 300),
    StatKind("产业工人在党代表中占比", "%", 5, 40),
    StatKind("产改工作考核得分", "", 60, 99),
)
ENTERPRISE_STATS = (
    StatKind("高级工认定", "人", 20, 20_000, "advanced-workers"),
    StatKind("职业技能培训", "人次", 200, 50_000, "skills-training"),
    StatKind("学历提升", "名", 10, 2_000, "education-upgrade"),
    StatKind("技能津贴（每人每月）", "元", 200, 3_000),
    StatKind("职工合理化建议", "条", 100, 30_000),
    StatKind("职工创新成果", "项", 10, 900),
    StatKind("创造经济效益", "元", 100_000, 900_000_000),
    StatKind("一线职工占比", "%", 40, 95),
    StatKind("技能资格奖励总计", "元", 50_000, 5_000_000),
    StatKind("产改工作考核得分", "", 60, 99),
)
WORKER_STATS = (
    StatKind("带徒", "名", 5, 300),
    StatKind("技术革新成果", "项", 3, 200),
    StatKind("节约成本", "元", 50_000, 50_000_000),
    StatKind("获得国家专利", "项", 1, 60),
    StatKind("培训职工", "人次", 100, 20_000),
)

PREFIXES = ("超", "超过", "逾", "近", "将近", "接近", "约", "大约", "达", "共")
# Prefixes meaning "more than", which may stand before a figure rounded down.
MAGNITUDES = {"十": 1, "百": 2, "千": 3, "万": 4, "十万": 5, "百万": 6, "千万": 7, "亿": 8}
SUFFIXES = ("余", "多", "以上")
SEPARATORS = ("—", "-", "~", "至", "到")

# --- Plans: the corpus in memory, before anything is written ----------------------------------


@dataclass
class Plan:
    kind: str  # city, enterprise, worker, source
    id: str
    name: str
    province: str = ""
    fields: dict[str, Any] = field(default_factory=dict)
    body_links: list[str] = field(default_factory=list)
    draft: bool = False


class Names:
    """Deterministic Chinese names and unique pinyin ids."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.ids: set[str] = set()

    def unique_id(self, base: str) -> str:
        candidate, number = base, 1
        while candidate in self.ids or candidate == "index":
            number += 1
            candidate = f"{base}-{number}"
        self.ids.add(candidate)
        return candidate

    def syllables(self, table: Sequence[tuple[str, str]], count: int) -> tuple[str, str]:
        picked = [self.rng.choice(table) for _ in range(count)]
        return "".join(h for h, _ in picked), "".join(p for _, p in picked)

    def person(self) -> tuple[str, str]:
        surname, surname_py = self.rng.choice(SURNAMES)
        given, given_py = self.syllables(GIVEN_SYLLABLES, self.rng.choice((1, 2, 2)))
        return surname + given, f"{surname_py}-{given_py}"


# --- Quantities ------------------------------------------------------------------------------


def _number_text(value: float, decimals: int) -> str:
    """1.50 -> 1.5, 3.0 -> 3; never an exponent."""
    text = f"{value:.{decimals}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _with_magnitude(amount: float, rng: random.Random) -> tuple[str, str]:
    """A number and a magnitude: 183000 -> ("18.3", "万"), 3.15e8 -> ("3.15", "亿")."""
    if amount >= 1e8:
        return _number_text(amount / 1e8, rng.choice((1, 2))), "亿"
    if amount >= 1e4:
        return _number_text(amount / 1e4, rng.choice((0, 1, 1, 2))), "万"
    if amount >= 2e3 and rng.random() < 0.3:
        return _number_text(amount / 1e3, 0), "千"
    if amount >= 200 and rng.random() < 0.15:
        return _number_text(amount / 1e2, 0), "百"
    return str(round(amount)), ""


def _round_amount(amount: float) -> int:
    """Writers round: 18342 -> 18300, 437 -> 440."""
    digits = len(str(int(amount)))
    keep = 10 ** max(0, digits - 2)
    return max(1, round(amount / keep) * keep)


# Periods of stats without a year, one of each form of showcase.periods.
PERIODS = (
    "2021—2023",
    "2019年至今",
    "近两年",
    "三年来",
    "今年以来",
    "截至2023-12",
    "累计",
    "截至发布时",
)
METRIC_YEAR = 2023


def stat_value(kind: StatKind, form: str, rng: random.Random) -> tuple[Any, str | None]:
    """(value, unit field) of a stat in the given quantity form (see FORMS)."""
    unit = kind.unit
    amount = _round_amount(rng.uniform(kind.low, kind.high))
    if form == "plain":
        return f"{amount}{unit}", None
    if form == "magnitude":
        number, magnitude = _with_magnitude(max(amount, 12_000), rng)
        return f"{number}{magnitude}{unit}", None
    if form.startswith("prefix:"):
        number, magnitude = _with_magnitude(amount, rng)
        return f"{form.split(':', 1)[1]}{number}{magnitude}{unit}", None
    if form.startswith("bare:"):  # 超千人次: the magnitude alone stands for 1 of it
        magnitude = form.split(":", 1)[1]
        prefix = "" if magnitude == "十" else rng.choice(("超", "近", "逾", "约", "超过"))
        suffix = rng.choice(("余", "多")) if magnitude == "十" else ""
        return f"{prefix}{magnitude}{suffix}{unit}", None
    if form.startswith("mag:"):  # a number times a magnitude: 3千人, 2千万元, 1.5亿元
        magnitude = form.split(":", 1)[1]
        number = max(1, min(9, int(kind.high // 10 ** MAGNITUDES[magnitude])))
        return f"{rng.randint(1, number)}{magnitude}{unit}", None
    if form.startswith("suffix:"):  # 40余项, 2万多人: a round figure followed by "more"
        suffix = form.split(":", 1)[1]
        digits = len(str(amount))
        number, magnitude = _with_magnitude(int(str(amount)[0]) * 10 ** (digits - 1), rng)
        return f"{number}{magnitude}{suffix}{unit}", None
    if form.startswith("range:"):
        separator = form.split(":", 1)[1]
        low = _round_amount(rng.uniform(kind.low, (kind.low + kind.high) / 2))
        high = _round_amount(low * rng.uniform(1.5, 4))
        style = rng.choice(("both", "high", "shared"))
        if low >= 10_000 and high < 10**8:
            low_text, high_text = _number_text(low / 1e4, 1), _number_text(high / 1e4, 1)
            if style == "shared":  # 3—5万人: the bare low end shares the high end's magnitude
                return f"{low_text}{separator}{high_text}万{unit}", None
            return f"{low_text}万{separator}{high_text}万{unit}", None
        if style == "both":
            return f"{low}{unit}{separator}{high}{unit}", None
        return f"{low}{separator}{high}{unit}", None
    if form == "number":
        return amount, unit
    if form == "decimal":
        return round(rng.uniform(kind.low, kind.high), 1), unit
    if form == "empty-unit":  # a score: a YAML number with `unit: ""`
        return rng.choice((rng.randint(60, 99), round(rng.uniform(60, 99), 1))), ""
    raise ValueError(form)


FORMS: tuple[str, ...] = (
    "plain",
    "magnitude",
    "number",
    "decimal",
    "empty-unit",
    *(f"prefix:{p}" for p in PREFIXES),
    *(f"bare:{m}" for m in MAGNITUDES),
    *(f"mag:{m}" for m in ("千", "万", "百万", "千万", "亿")),  # 3十人 is not Chinese
    *(f"suffix:{s}" for s in SUFFIXES),
    *(f"range:{s}" for s in SEPARATORS),
)
# Plain figures are what most documents print; every other form still turns up regularly.
_FORM_WEIGHTS = tuple(
    12 if f in ("plain", "magnitude") else 3 if f == "number" else 1 for f in FORMS
)


def fits(kind: StatKind, form: str) -> bool:
    """Whether a form reads naturally for this kind of figure (no 超亿个, no 近十万%)."""
    if kind.unit == "" or form == "empty-unit":
        return kind.unit == "" and form == "empty-unit"
    if kind.unit == "%":
        return form in ("plain", "number", "decimal") or form.startswith(("prefix:", "range:"))
    if form == "decimal":
        return False
    if form == "magnitude":
        return kind.high >= 12_000
    if form.startswith(("bare:", "mag:")):
        return 10 ** MAGNITUDES[form.split(":", 1)[1]] * 2 <= kind.high
    return True


def pick_form(kind: StatKind, rng: random.Random, pending: list[str]) -> str:
    """A form not used yet if one fits (so every form occurs early), else a weighted draw."""
    for index, form in enumerate(pending):
        if fits(kind, form):
            return pending.pop(index)
    while True:
        form = rng.choices(FORMS, _FORM_WEIGHTS)[0]
        if fits(kind, form):
            return form


# --- Building the plan -----------------------------------------------------------------------


def plan_cities(count: int, names: Names, rng: random.Random) -> list[Plan]:
    prefectures = max(min(count, 2), round(count * 0.12))
    counties = min(round(count * 0.35), count - prefectures)
    towns = count - prefectures - counties
    province_count = max(1, min(len(PROVINCES), prefectures, 3 + prefectures // 10))
    plans: list[Plan] = []

    def make(level: str, province: str, parent: Plan | None) -> Plan:
        stem, stem_py = names.syllables(PLACE_SYLLABLES, 2)
        if level == "园区":
            industry = rng.choice(list(INDUSTRIES))
            name = rng.choice((f"{stem}经济开发区", f"{stem}{industry}产业园", f"{stem}高新区"))
            base = f"{stem_py}-park"
        elif level == "街道":
            name, base = f"{stem}街道", f"{stem_py}-jiedao"
        else:
            suffix = {"地级市": "市", "县级市": "市", "区": "区", "县": "县", "镇": "镇"}[level]
            name, base = stem + suffix, stem_py
        plan = Plan("city", names.unique_id(base), name, province)
        plan.fields = {"name": name, "province": province, "level": level}
        if parent is not None:
            plan.fields["parent"] = parent.id
            plan.body_links.append(parent.id)
        plans.append(plan)
        return plan

    tops = [make("地级市", PROVINCES[i % province_count][0], None) for i in range(prefectures)]
    middles = []
    for _ in range(counties):
        top = rng.choice(tops)
        level = rng.choice(("县级市", "区", "县"))
        # A few county-level cities are described on their own, without their 地级市.
        middles.append(make(level, top.province, top if rng.random() < 0.9 else None))
    for _ in range(towns):
        parent = rng.choice(middles or tops)
        make(rng.choice(("镇", "镇", "街道", "园区")), parent.province, parent)
    return plans


def plan_enterprises(
    count: int, cities: list[Plan], names: Names, rng: random.Random
) -> list[Plan]:
    groups = max(1, round(count * 0.08)) if count >= 5 else 0
    weights = [
        {"地级市": 3, "县级市": 2, "区": 2, "县": 2, "园区": 3}.get(c.fields["level"], 1)
        for c in cities
    ]
    plans: list[Plan] = []
    group_plans: list[Plan] = []
    for index in range(count):
        is_group = index < groups
        industry = rng.choice(list(INDUSTRIES))
        words, slug, _ = INDUSTRIES[industry]
        brand, brand_py = names.syllables(BRAND_SYLLABLES, 2)
        if is_group:
            city = rng.choice([c for c in cities if c.fields["level"] == "地级市"] or cities)
            name = f"{brand}{rng.choice(('', words[0]))}集团"
            base = f"{brand_py}-group"
        else:
            city = rng.choices(cities, weights)[0]
            word = rng.choice(words)
            tail = (
                ""
                if word.endswith(("矿", "厂", "公司"))
                else rng.choice(("有限公司", "股份有限公司", ""))
            )
            name, base = f"{brand}{word}{tail}", f"{brand_py}-{slug}"
        plan = Plan("enterprise", names.unique_id(base), name, city.province)
        plan.fields = {"name": name, "city": city.id, "industry": industry}
        if rng.random() < 0.85:
            plan.fields["ownership"] = rng.choice(OWNERSHIPS)
        plan.body_links.append(city.id)
        if not is_group and group_plans and rng.random() < 0.35:
            same = [g for g in group_plans if g.fields["industry"] == industry]
            parent = rng.choice(same or group_plans)
            plan.fields["parent"] = parent.id
            plan.body_links.append(parent.id)
        (group_plans if is_group else plans).append(plan)
    return group_plans + plans


def plan_workers(
    count: int, cities: list[Plan], enterprises: list[Plan], names: Names, rng: random.Random
) -> list[Plan]:
    by_id = {c.id: c for c in cities}
    plans = []
    for _ in range(count):
        person, person_py = names.person()
        studio = rng.random() < 0.05
        name = f"{person}{STUDIO_SUFFIX}" if studio else person
        employer = rng.choice(enterprises) if enterprises and rng.random() < 0.75 else None
        fields: dict[str, Any] = {"name": name}
        if employer is not None:
            fields["enterprise"] = employer.id
            city = by_id[employer.fields["city"]]
            if rng.random() < 0.1:  # works in another city than the enterprise's seat
                city = rng.choice(cities)
                fields["city"] = city.id
            positions = INDUSTRIES[employer.fields["industry"]][2] + COMMON_POSITIONS
        else:
            city = rng.choice(cities)
            fields["city"] = city.id
            positions = COMMON_POSITIONS
        if rng.random() < 0.85:
            fields["position"] = rng.choice(positions)
        plan = Plan(
            "worker",
            names.unique_id(f"{person_py}-studio" if studio else person_py),
            name,
            city.province,
            fields,
        )
        plan.fields["honors"] = honors(city, rng)
        plan.body_links += [x for x in (fields.get("enterprise"), city.id) if x]
        plans.append(plan)
    return plans


def honors(city: Plan, rng: random.Random) -> list[dict[str, Any]]:
    choices = (
        ("全国劳动模范", "国家级"),
        ("全国五一劳动奖章", "国家级"),
        ("全国技术能手", "国家级"),
        (f"{city.province}劳动模范", "省级"),
        (f"{city.province[:-1]}工匠", "省级"),
        (f"{city.province[:-1]}五一劳动奖章", "省级"),
        (f"{city.name}劳动模范", "市级"),
        (f"“{city.name[:2]}工匠”", "市级"),
        ("企业首席技师", "企业级"),
        ("优秀共产党员", "企业级"),
    )
    result = []
    for title, level in rng.sample(choices, rng.choice((0, 1, 1, 2, 3))):
        honor: dict[str, Any] = {"title": title}
        if rng.random() < 0.8:
            honor["year"] = rng.randint(2005, 2024)
        if rng.random() < 0.85:
            honor["level"] = level
        result.append(honor)
    return result


def plan_sources(count: int, cities: list[Plan], names: Names, rng: random.Random) -> list[Plan]:
    plans = []
    for index in range(count):
        city = rng.choice(cities)
        province = city.province
        short = province[:-1]
        year = rng.randint(2019, 2024)
        issue_no = rng.randint(1, 24)
        style = index % 4
        if style == 0:
            name = f"新时代{short}产业工人队伍建设改革联席会专报（{year}年第{issue_no}期）"
            publisher = f"新时代{province[:-1]}产业工人队伍建设改革联席会议办公室"
            base = f"{_province_slug(province)}-bulletin-{year}-{issue_no:02d}"
        elif style == 1:
            name = f"{city.name}产业工人队伍建设改革向纵深推进"
            publisher = f"{city.name}总工会"
            base = f"{city.id}-{year}-feature"
        elif style == 2:
            name = f"{city.name}产改工作简报（第{issue_no}期）"
            publisher = f"{city.name}产业工人队伍建设改革工作领导小组办公室"
            base = f"{city.id}-brief-{issue_no}"
        else:
            name = f"{city.name[:2]}：让产业工人成长出彩"
            publisher = rng.choice(("工人日报", f"{short}工人报", f"{short}日报"))
            base = f"{city.id}-{year}-report"
        plan = Plan("source", names.unique_id(base), name, province)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        plan.fields = {
            "name": name,
            "publisher": publisher,
            "date": dt.date(year, month, day) if rng.random() < 0.7 else f"{year}-{month:02d}",
        }
        if style == 0:
            plan.fields["issue"] = f"{year} 年第 {issue_no} 期（总第 {issue_no + 30} 期）"
        if rng.random() < 0.5:
            plan.fields["authors"] = [names.person()[0] for _ in range(rng.randint(1, 3))]
        if rng.random() < 0.4:
            plan.fields["url"] = f"https://www.example.cn/chan-gai/{year}/{plan.id}.html"
        plans.append(plan)
    return plans


def _province_slug(province: str) -> str:
    return dict(PROVINCES).get(province, "cn")


# --- Filling in shared fields ------------------------------------------------------------------


def add_common_fields(
    plans: list[Plan],
    sources: list[Plan],
    photos: list[str],
    rng: random.Random,
    forms: Counter[str],
) -> None:
    """Summary, tags, stats, gallery or portrait, sources and updated, for every non-source case;
    every quantity form at least once (when there are enough stats), every photo used."""
    pending_forms = list(FORMS)
    photo_cycle = _Cycle(photos, rng)
    stat_tables = {"city": CITY_STATS, "enterprise": ENTERPRISE_STATS, "worker": WORKER_STATS}
    stat_counts = {"city": (2, 8), "enterprise": (1, 6), "worker": (0, 3)}
    for plan in plans:
        fields = plan.fields
        fields["summary"] = summary(plan, rng)
        fields["tags"] = rng.sample(TAGS, rng.randint(1, 4))
        low, high = stat_counts[plan.kind]
        kinds = rng.sample(stat_tables[plan.kind], rng.randint(low, high))
        # Every figure names its source (build.py check warns otherwise), so a case with
        # figures cites at least one document.
        wanted = rng.choice((1, 1, 2)) if kinds else rng.choice((0, 1))
        cited = rng.sample(sources, min(len(sources), wanted))
        if cited:
            fields["sources"] = [s.id for s in cited]
        stats = []
        for kind in kinds:
            form = pick_form(kind, rng, pending_forms)
            forms[form] += 1
            value, unit = stat_value(kind, form, rng)
            stat: dict[str, Any] = {"label": kind.label, "value": value}
            if unit is not None:
                stat["unit"] = unit
            if rng.random() < 0.5:
                stat["year"] = rng.randint(2019, 2024)
            else:
                # Cycled, not drawn: the corpus stays the one earlier versions wrote, periods added.
                stat["period"] = PERIODS[sum(forms.values()) % len(PERIODS)]
            if cited:
                stat["source"] = rng.choice(cited).id
            if kind.metric and rng.random() < 0.8:
                stat["metric"] = kind.metric
                # The rows of one metric cover the same year (build.py check warns otherwise).
                stat.pop("period", None)
                stat["year"] = METRIC_YEAR
            if rng.random() < 0.3:
                stat["note"] = rng.choice(("累计数", "截至报道时", "当年数据", "原文如此"))
            stats.append(stat)
        if stats:
            fields["stats"] = stats
        gallery_odds = {"city": 0.7, "enterprise": 0.6, "worker": 0.2}[plan.kind]
        if photos and plan.kind == "worker" and rng.random() < 0.5:
            fields["portrait"] = photo_cycle.next()
        if photos and rng.random() < gallery_odds:
            fields["gallery"] = [
                gallery_item(plan, photo_cycle.next(), rng) for _ in range(rng.randint(1, 3))
            ]
        if rng.random() < 0.3:
            fields["updated"] = dt.date(2024, rng.randint(1, 12), rng.randint(1, 28))
    # Photos the random draws left unused go to city galleries, so every photo appears.
    leftovers = photo_cycle.unused()
    cities = [p for p in plans if p.kind == "city"] or plans
    for index, photo in enumerate(leftovers):
        plan = cities[index % len(cities)]
        plan.fields.setdefault("gallery", []).append(gallery_item(plan, photo, rng))


class _Cycle:
    """Photos in a shuffled round, so each is used about equally often."""

    def __init__(self, items: list[str], rng: random.Random) -> None:
        self.items, self.rng, self.order, self.used = items, rng, [], set()

    def next(self) -> str:
        if not self.order:
            self.order = self.items[:]
            self.rng.shuffle(self.order)
        item = self.order.pop()
        self.used.add(item)
        return item

    def unused(self) -> list[str]:
        return [item for item in self.items if item not in self.used]


def gallery_item(plan: Plan, photo: str, rng: random.Random) -> dict[str, str]:
    item = {"src": photo, "caption": f"{plan.name}{rng.choice(SCENES)}"}
    if rng.random() < 0.4:
        item["credit"] = f"通讯员 {rng.choice(SURNAMES)[0]}{rng.choice(GIVEN_SYLLABLES)[0]}"
    return item


def summary(plan: Plan, rng: random.Random) -> str:
    name = plan.name
    if plan.kind == "city":
        text = rng.choice(
            (
                (
                    f"{name}把产业工人队伍建设改革列入重要改革事项，围绕思想引领、技能提升、权益保障出台系列举措，"
                    f"推动产业工人队伍建设改革向纵深发展。"
                ),
                f"{name}以“党建带工建”为抓手，建强产业工人技能形成体系，打造产改示范点，产业工人获得感不断增强。",
                f"{name}总工会推进产改试点，聚焦一线职工成长通道、技能待遇和服务保障，形成可复制的经验做法。",
            )
        )
    elif plan.kind == "enterprise":
        text = rng.choice(
            (
                f"{name}围绕“政治上有地位、经济上有待遇、社会上受尊重”的目标，打通一线产业工人成长通道。",
                f"{name}深化分配制度改革，技能人才与工程技术人员同等享受津贴，一线职工创新创效热情高涨。",
                f"{name}建立“首席技师+劳模创新工作室”培养体系，以赛促学、以师带徒，培养出一批大国工匠后备人才。",
            )
        )
    else:
        position = plan.fields.get("position", "一线职工")
        text = rng.choice(
            (
                f"{name}，{position}，扎根一线二十余年，从普通工人成长为技术骨干，带出一支技术过硬的团队。",
                f"{name}，{position}，先后完成技术革新项目数十项，多次在技能大赛中获奖。",
                f"{name}，{position}，坚持“师带徒”传帮带，把绝活绝技传给年轻职工。",
            )
        )
    return text[:160]


# --- Bodies ----------------------------------------------------------------------------------

_PARAGRAPHS = {
    "city": (
        (
            "{name}坚持把产业工人队伍建设改革作为“一把手”工程，成立由党委主要负责同志任组长的领导小组，"
            "建立联席会议制度，每季度调度一次改革任务进展。"
        ),
        (
            "在技能提升方面，{name}整合职业院校、龙头企业和公共实训基地资源，推行“企业新型学徒制”，"
            "对取得职业资格证书的产业工人给予培训补贴。"
        ),
        "围绕权益保障，{name}建设职工服务中心，开通职工诉求热线，推动集体协商覆盖规模以上企业。",
        (
            "{name}推动产业工人在党代表、人大代表、政协委员中的比例逐步提高，"
            "选树一批劳动模范和工匠人才，营造尊重劳动、崇尚技能的社会氛围。"
        ),
    ),
    "enterprise": (
        "{name}制定产改实施意见和任务清单，把改革任务分解到车间班组，做到责任到人、节点到月。",
        "企业打破学历和身份限制，从一线产业工人中公开选拔技术管理人员，让“蓝领”有机会走上管理岗位。",
        (
            "{name}完善技能人才薪酬分配办法，高级工、技师、高级技师分别享受相应技能津贴，"
            "并对取得技能等级的职工给予一次性奖励。"
        ),
        "依托劳模创新工作室，{name}组织职工开展“五小”创新活动，职工创新成果在生产中推广应用。",
    ),
    "worker": (
        "{name}参加工作以来一直扎根生产一线，刻苦钻研技术，从学徒成长为技术能手。",
        "面对设备故障频发的难题，{name}带领班组反复试验，完成多项技术革新，为企业节约大量成本。",
        "{name}坚持“传帮带”，总结出一套实用的操作法，带出的徒弟中多人成为技术骨干。",
        "荣誉面前，{name}说：“技术没有止境，我还要把手上的本领传给更多年轻人。”",
    ),
    "source": (
        "《{name}》介绍基层推进产业工人队伍建设改革的主要做法与成效。",
        "文件分思想引领、技能提升、权益保障三部分，每部分列举了基层的典型做法。",
        "文中数字为截至发稿时的统计，部分数字为累计数。",
    ),
}


def body(plan: Plan, names: dict[str, str], short: dict[str, str], rng: random.Random) -> str:
    """Two to four paragraphs, sometimes a heading and a list, linking related cases."""
    paragraphs = [
        p.format(name=plan.name)
        for p in rng.sample(_PARAGRAPHS[plan.kind], rng.randint(2, len(_PARAGRAPHS[plan.kind])))
    ]
    mentions = []
    for target in dict.fromkeys(plan.body_links):
        if target in names and target != plan.id:
            if rng.random() < 0.5:
                mentions.append(f"[[{target}]]")
            else:  # the short name (淮安 for 淮安市) or the name in full
                text = short[target] if rng.random() < 0.4 else names[target]
                mentions.append(f"[[{target}|{text}]]")
    if mentions:
        paragraphs.insert(1, f"相关情况另见{'、'.join(mentions)}。")
    if rng.random() < 0.3:
        paragraphs.insert(len(paragraphs) // 2, "## 主要做法")
    if rng.random() < 0.2:
        paragraphs.append(
            "\n".join(
                f"{i}. {t}"
                for i, t in enumerate(
                    rng.sample(("建强组织体系", "畅通成长通道", "提高技能待遇", "做实服务保障"), 3),
                    1,
                )
            )
        )
    return "\n\n".join(paragraphs) + "\n"


# --- Writing ---------------------------------------------------------------------------------

_RESOLVER = yaml.resolver.Resolver()
_PLAIN_START = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`]")


def yaml_scalar(value: Any) -> str:
    """A scalar as a contributor would type it: plain when YAML reads it back as the same
    string, double-quoted (JSON syntax is valid YAML) otherwise."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    plain = (
        text
        and _PLAIN_START.match(text)
        and text == text.strip()
        and ": " not in text
        and " #" not in text
        and not text.endswith(":")
        and "\n" not in text
        and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"
    )
    return text if plain else json.dumps(text, ensure_ascii=False)


def front_matter(fields: dict[str, Any]) -> str:
    """The YAML block in the layout of the shipped case files (list items indented)."""
    lines = ["---"]
    for key, value in fields.items():
        if isinstance(value, list):
            if not value:
                continue
            lines.append(f"{key}:")
            for item in value:
                if isinstance(item, dict):
                    first = True
                    for sub_key, sub_value in item.items():
                        lead = "  - " if first else "    "
                        lines.append(f"{lead}{sub_key}: {yaml_scalar(sub_value)}")
                        first = False
                else:
                    lines.append(f"  - {yaml_scalar(item)}")
        else:
            lines.append(f"{key}: {yaml_scalar(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


_FIELD_ORDER = (
    "name",
    "province",
    "level",
    "parent",
    "city",
    "enterprise",
    "industry",
    "ownership",
    "position",
    "publisher",
    "date",
    "issue",
    "authors",
    "url",
    "summary",
    "portrait",
    "honors",
    "tags",
    "stats",
    "gallery",
    "sources",
    "draft",
    "updated",
)


def _ordered(fields: dict[str, Any]) -> dict[str, Any]:
    return {key: fields[key] for key in _FIELD_ORDER if key in fields}


def write_metrics(path: Path) -> None:
    lines = ["# Comparable metrics: stats carrying the same key are shown side by side."]
    for key, (label, unit) in METRICS.items():
        lines += [f"{key}:", f"  label: {label}", f"  unit: {unit}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# --- Photos ----------------------------------------------------------------------------------


def make_photo(path: Path, seed: int, size: tuple[int, int], sideways: bool) -> None:
    """A synthetic phone photo: smooth light, hard-edged objects, sensor-like noise and EXIF
    (camera, and for a photo held upright orientation 6 with a GPS position)."""
    rng = random.Random(seed)
    width, height = size
    channels = []
    for angle in (0, 90, 45):  # a different gradient per channel gives smooth colour shifts
        gradient = Image.linear_gradient("L").rotate(angle + rng.uniform(-20, 20))
        channels.append(gradient.resize(size, Image.Resampling.BILINEAR))
    im = Image.merge("RGB", channels)
    draw = ImageDraw.Draw(im)
    for _ in range(40):  # edges and flat areas, like buildings, people and machines
        x, y = rng.randrange(width), rng.randrange(height)
        box = (
            x,
            y,
            x + rng.randrange(width // 50, width // 4),
            y + rng.randrange(height // 40, height // 4),
        )
        colour = tuple(rng.randrange(256) for _ in range(3))
        (draw.ellipse if rng.random() < 0.4 else draw.rectangle)(box, fill=colour)
    # Sensor noise, what makes real photos costly to encode; from the seeded generator (not
    # Image.effect_noise, whose C rand() is not seeded), so the same seed gives the same bytes.
    noise = Image.frombytes("RGB", size, rng.randbytes(width * height * 3))
    im = Image.blend(im, noise, 0.12)
    exif = Image.Exif()
    exif[271], exif[272] = "SynthPhone", f"Model {seed % 7 + 1}"
    if sideways:
        exif[274] = 6  # held upright: stored landscape, shown portrait
        exif.get_ifd(0x8825).update({1: "N", 2: (32.0, 3.0, 0.0), 3: "E", 4: (118.0, 47.0, 0.0)})
    im.save(path, "JPEG", quality=90, exif=exif)


def _make_photo_task(task: tuple[str, int, tuple[int, int], bool]) -> None:
    make_photo(Path(task[0]), task[1], task[2], task[3])


def make_photos(images_dir: Path, count: int, seed: int, size: tuple[int, int]) -> list[str]:
    """`count` photos under images/photos/; returns their images/-relative paths."""
    folder = images_dir / PHOTO_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    srcs = [f"{PHOTO_FOLDER}/photo-{i:04d}.jpg" for i in range(1, count + 1)]
    tasks = [
        (str(images_dir / src), seed * 100_003 + i, size, i % 3 == 2) for i, src in enumerate(srcs)
    ]
    if count < 8:
        for task in tasks:
            _make_photo_task(task)
    else:
        with ProcessPoolExecutor(max_workers=2) as pool:
            list(pool.map(_make_photo_task, tasks, chunksize=4))
    return srcs


# --- Entry points ----------------------------------------------------------------------------


def generate(
    out_dir: Path,
    *,
    cities: int,
    enterprises: int,
    workers: int,
    images: int,
    seed: int = 1,
    sources: int | None = None,
    photo_size: tuple[int, int] = DEFAULT_PHOTO_SIZE,
) -> dict[str, Any]:
    """Writes out_dir/content/ and out_dir/images/ and returns what was written: counts per
    kind, drafts, stats, body links and how often each quantity form occurs.

    `sources` defaults to about one per 20 cases. out_dir/content and out_dir/images must not
    exist yet (or be empty), so no stale file mixes into the corpus."""
    if cities < 1:
        raise ValueError("at least one city is needed: enterprises and workers need a city")
    if min(enterprises, workers, images) < 0:
        raise ValueError("counts cannot be negative")
    out_dir = Path(out_dir)
    for folder in ("content", "images"):
        if (out_dir / folder).exists() and any((out_dir / folder).iterdir()):
            raise FileExistsError(f"{out_dir / folder} already has files")
    started = time.perf_counter()
    rng = random.Random(seed)
    names = Names(rng)
    if sources is None:
        sources = max(1, round((cities + enterprises + workers) / 19))

    city_plans = plan_cities(cities, names, rng)
    enterprise_plans = plan_enterprises(enterprises, city_plans, names, rng)
    worker_plans = plan_workers(workers, city_plans, enterprise_plans, names, rng)
    source_plans = plan_sources(sources, city_plans, names, rng)
    photos = make_photos(out_dir / "images", images, seed, photo_size) if images else []
    forms: Counter[str] = Counter()
    cases = city_plans + enterprise_plans + worker_plans
    add_common_fields(cases, source_plans, photos, rng, forms)
    _link_more(city_plans, enterprise_plans, worker_plans, source_plans, rng)
    drafts = _mark_drafts(enterprise_plans, worker_plans, source_plans, rng)
    _link_everything(city_plans, enterprise_plans, worker_plans, source_plans, rng)
    for source in source_plans:  # a source needs no summary; half of them have one
        if rng.random() < 0.5:
            source.fields["summary"] = (
                f"{source.fields['publisher']}刊发的《{source.name}》，介绍基层产改做法与成效。"[
                    :160
                ]
            )
        if rng.random() < 0.5:
            source.fields["tags"] = rng.sample(TAGS, rng.randint(1, 3))

    display = {plan.id: plan.name for plan in cases + source_plans}
    short = {
        plan.id: plan.name[:2] if plan.kind in ("city", "enterprise") else plan.name
        for plan in cases + source_plans
    }
    links = 0
    content = out_dir / "content"
    for plan in cases + source_plans:
        folder = (
            content
            / {
                "city": "cities",
                "enterprise": "enterprises",
                "worker": "workers",
                "source": "sources",
            }[plan.kind]
        )
        folder.mkdir(parents=True, exist_ok=True)
        fields = dict(plan.fields)
        if plan.draft:
            fields["draft"] = True
        text = body(plan, display, short, rng)
        links += text.count("[[")
        (folder / f"{plan.id}.md").write_text(
            front_matter(_ordered(fields)) + "\n" + text, encoding="utf-8"
        )
    content.mkdir(parents=True, exist_ok=True)
    write_metrics(content / "metrics.yml")
    (out_dir / "images").mkdir(parents=True, exist_ok=True)
    return {
        "cities": len(city_plans),
        "enterprises": len(enterprise_plans),
        "workers": len(worker_plans),
        "sources": len(source_plans),
        "cases": len(cases) + len(source_plans),
        "drafts": drafts,
        "images": len(photos),
        "stats": sum(forms.values()),
        "links": links,
        "forms": dict(sorted(forms.items())),
        "seconds": round(time.perf_counter() - started, 2),
    }


def _link_more(
    cities: list[Plan],
    enterprises: list[Plan],
    workers: list[Plan],
    sources: list[Plan],
    rng: random.Random,
) -> None:
    """Bodies also mention cases further away: a city its enterprises and workers, an
    enterprise its workers, a source the cases citing it, and now and then any case."""
    everyone = cities + enterprises + workers
    by_id = {p.id: p for p in everyone}
    for worker in workers:
        employer = by_id.get(worker.fields.get("enterprise", ""))
        if employer is not None and rng.random() < 0.3:
            employer.body_links.append(worker.id)
        city = by_id[worker.fields.get("city") or employer.fields["city"]]  # type: ignore[union-attr]
        if rng.random() < 0.1:
            city.body_links.append(worker.id)
    for enterprise in enterprises:
        if rng.random() < 0.3:
            by_id[enterprise.fields["city"]].body_links.append(enterprise.id)
    citing: dict[str, list[str]] = {}
    for plan in everyone:
        for source_id in plan.fields.get("sources", []):
            citing.setdefault(source_id, []).append(plan.id)
        if rng.random() < 0.05:
            plan.body_links.append(rng.choice(everyone).id)
    for source in sources:
        source.body_links += rng.sample(
            citing.get(source.id, []), min(3, len(citing.get(source.id, [])))
        )


def _link_everything(
    cities: list[Plan],
    enterprises: list[Plan],
    workers: list[Plan],
    sources: list[Plan],
    rng: random.Random,
) -> None:
    """Every published case is reached from some other page, as editors are asked to do
    (build.py check warns otherwise): a city without parent, children, enterprises or workers
    is mentioned by another city; a source nobody cites is cited by a published case."""
    linked = {p.fields.get("parent") for p in cities + enterprises} | {
        p.fields.get(key)
        for p in enterprises + workers
        if not p.draft
        for key in ("city", "enterprise")
    }
    linked |= {p.id for p in cities if p.fields.get("parent")}
    published = [p for p in cities + enterprises + workers if not p.draft]
    for city in cities:
        if city.id not in linked and len(cities) > 1:
            other = rng.choice([c for c in cities if c is not city])
            other.body_links.append(city.id)
    cited = {s for p in published for s in p.fields.get("sources", [])}
    for source in sources:
        if source.id not in cited and not source.draft and published:
            citing = rng.choice(published)
            citing.fields.setdefault("sources", []).append(source.id)


def _mark_drafts(
    enterprises: list[Plan], workers: list[Plan], sources: list[Plan], rng: random.Random
) -> int:
    """About one case in 200 (at least one) is a draft: validated, but not published."""
    total = len(enterprises) + len(workers) + len(sources)
    wanted = max(1, total // 200) if total >= 10 else 0
    pool = workers + [e for e in enterprises if not e.id.endswith("-group")]
    drafts = rng.sample(pool, min(wanted, len(pool)))
    if sources and wanted > 2:
        drafts.append(rng.choice(sources))
    for plan in drafts:
        plan.draft = True
    return len(drafts)


def parse_size(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d+)[x×X](\d+)", text.strip())
    if not match or min(int(match[1]), int(match[2])) < 16:
        raise argparse.ArgumentTypeError(f"size must look like 4000x3000, not {text!r}")
    return int(match[1]), int(match[2])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="build.py synth",
        description="Write a synthetic corpus (content/ and images/) into OUT.",
    )
    parser.add_argument("out", type=Path, help="project folder to write content/ and images/ into")
    parser.add_argument("--cities", type=int, required=True)
    parser.add_argument("--enterprises", type=int, required=True)
    parser.add_argument("--workers", type=int, required=True)
    parser.add_argument("--images", type=int, required=True, help="size of the photo pool")
    parser.add_argument("--sources", type=int, default=None, help="default: one per 20 cases")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--photo-size",
        type=parse_size,
        default=DEFAULT_PHOTO_SIZE,
        metavar="WxH",
        help=f"photo size, default {DEFAULT_PHOTO_SIZE[0]}x{DEFAULT_PHOTO_SIZE[1]}; "
        f"{CAMERA_PHOTO_SIZE[0]}x{CAMERA_PHOTO_SIZE[1]} for camera-like photos (slow)",
    )
    parser.add_argument(
        "--force", action="store_true", help="delete OUT/content and OUT/images first"
    )
    args = parser.parse_args(argv)
    if args.force:
        for folder in ("content", "images"):
            shutil.rmtree(args.out / folder, ignore_errors=True)
    try:
        report = generate(
            args.out,
            cities=args.cities,
            enterprises=args.enterprises,
            workers=args.workers,
            images=args.images,
            seed=args.seed,
            sources=args.sources,
            photo_size=args.photo_size,
        )
    except (ValueError, FileExistsError) as error:
        print(f"build.py synth: {error}", file=sys.stderr)
        return 2
    forms = report.pop("forms")
    print(" ".join(f"{key}={value}" for key, value in report.items()))
    print(f"quantity forms ({len(forms)}): " + " ".join(f"{k}={v}" for k, v in forms.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
