"""The search-quality query set for the shipped content: what readers type, and which page must
come first.

Each query names the pages that may rightly come first (most queries have exactly one) and how
the text reaches the search box:

- "typed": key presses, as on a desktop keyboard (Latin pinyin) or an input method whose last
  key the page sees (Chinese: the text arrives, then a key is released);
- "pasted": the text appears at once with no key event (paste from the context menu, a phone's
  long-press paste, autofill);
- "dictated": text inserted by the system (voice input, a phone keyboard's suggestions);
- "ime": an input method's composition (compositionstart … compositionend) committing the text.

Used by tests/test_search_quality.py (every query must find its page first) and by
scripts/search_quality.py (top-1 and top-3 rates, for the README).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Query:
    text: str
    expected: tuple[str, ...]  # site-relative URLs of the pages that may rightly come first
    group: str  # what the query tests: name, prefix, topic, pinyin, pasted
    how: str = "typed"


def _q(text: str, *expected: str, group: str, how: str = "typed") -> Query:
    return Query(text, tuple(expected), group, how)


CITY = "cities/{}/"
ENTERPRISE = "enterprises/{}/"
WORKER = "workers/{}/"
SOURCE = "sources/{}/"

# Every shipped case by its full name.
FULL_NAMES = [
    _q("滨海县", CITY.format("binhai"), group="name"),
    _q("赣榆区", CITY.format("ganyu"), group="name"),
    _q("高邮市", CITY.format("gaoyou"), group="name"),
    _q("淮安市", CITY.format("huaian"), group="name"),
    _q("江阴市", CITY.format("jiangyin"), group="name"),
    _q("连云港市", CITY.format("lianyungang"), group="name"),
    _q("宿州市", CITY.format("suzhou-anhui"), group="name"),
    _q("汤庄镇液压机械产业园区", CITY.format("tangzhuang-hydraulic-park"), group="name"),
    _q("汤庄镇", CITY.format("tangzhuang"), group="name"),
    _q("江苏省", CITY.format("jiangsu"), group="name"),
    _q("盐城市", CITY.format("yancheng"), group="name"),
    _q("祝塘镇", CITY.format("zhutang"), group="name"),
    _q("贝德服装", ENTERPRISE.format("bede-garment"), group="name"),
    _q("恒润环锻", ENTERPRISE.format("hengrun-forging"), group="name"),
    _q("淮钢集团", ENTERPRISE.format("huaigang-group"), group="name"),
    _q("连云港市工业投资集团", ENTERPRISE.format("lianyungang-gongtou-group"), group="name"),
    _q("国网宿州供电公司", ENTERPRISE.format("state-grid-suzhou-anhui"), group="name"),
    _q("江苏新海石化有限公司", ENTERPRISE.format("xinhai-petrochemical"), group="name"),
    _q("徐矿集团", ENTERPRISE.format("xukuang-group"), group="name"),
    _q("鹰贝液压", ENTERPRISE.format("yingbei-hydraulic"), group="name"),
    _q("悦达集团", ENTERPRISE.format("yueda-group"), group="name"),
    _q("张双楼煤矿", ENTERPRISE.format("zhangshuanglou-mine"), group="name"),
    _q("仁禾中衡咨询集团", ENTERPRISE.format("renhe-zhongheng-group"), group="name"),
    _q("陈飞", WORKER.format("chen-fei"), group="name"),
    _q("李兵", WORKER.format("li-bing"), group="name"),
    _q("廖志斌", WORKER.format("liao-zhibin"), group="name"),
    _q("马奔", WORKER.format("ma-ben"), group="name"),
    _q("启金工作室", WORKER.format("qijin-studio"), group="name"),
    _q("汪洋劳模创新工作室", WORKER.format("wangyang-studio"), group="name"),
    _q("杨庚豹", WORKER.format("yang-gengbao"), group="name"),
    _q("淮安产业工人队伍建设改革向纵深推进", SOURCE.format("huaian-feature"), group="name"),
    _q(
        "新时代江苏产业工人队伍建设改革联席会专报",
        SOURCE.format("jiangsu-bulletin-2024-08"),
        group="name",
    ),
    _q("市工投集团产业工人队伍建设改革简报", SOURCE.format("lianyungang-brief-4"), group="name"),
    _q(
        "汇聚磅礴力量 迸发建功热情——宿州市蹄疾步稳推进产业工人队伍建设改革",
        SOURCE.format("suzhou-feature"),
        group="name",
    ),
    _q("我市产改工作接受省“年终考”", SOURCE.format("yancheng-2023-review"), group="name"),
]

# The first two characters of a name, as a reader types them before the rest.
PREFIXES = [
    _q("滨海", CITY.format("binhai"), group="prefix"),
    _q("赣榆", CITY.format("ganyu"), group="prefix"),
    _q("高邮", CITY.format("gaoyou"), group="prefix"),
    _q("淮安", CITY.format("huaian"), group="prefix"),
    _q("江阴", CITY.format("jiangyin"), group="prefix"),
    _q("连云", CITY.format("lianyungang"), group="prefix"),
    _q("宿州", CITY.format("suzhou-anhui"), group="prefix"),
    _q("汤庄", CITY.format("tangzhuang"), group="prefix"),
    _q("仁禾", ENTERPRISE.format("renhe-zhongheng-group"), group="prefix"),
    _q("盐城", CITY.format("yancheng"), group="prefix"),
    _q("祝塘", CITY.format("zhutang"), group="prefix"),
    _q("恒润", ENTERPRISE.format("hengrun-forging"), group="prefix"),
    _q("淮钢", ENTERPRISE.format("huaigang-group"), group="prefix"),
    _q("徐矿", ENTERPRISE.format("xukuang-group"), group="prefix"),
    _q("鹰贝", ENTERPRISE.format("yingbei-hydraulic"), group="prefix"),
    _q("悦达", ENTERPRISE.format("yueda-group"), group="prefix"),
    _q("张双", ENTERPRISE.format("zhangshuanglou-mine"), group="prefix"),
    _q("贝德", ENTERPRISE.format("bede-garment"), group="prefix"),
    _q("廖志", WORKER.format("liao-zhibin"), group="prefix"),
    _q("启金", WORKER.format("qijin-studio"), group="prefix"),
    _q("汪洋", WORKER.format("wangyang-studio"), group="prefix"),
    _q("杨庚", WORKER.format("yang-gengbao"), group="prefix"),
]

# Topics, positions, honours and publication details: the page that is about it comes first.
TOPICS = [
    _q("技能竞赛", CITY.format("suzhou-anhui"), group="topic"),
    _q(
        "劳模创新工作室",
        WORKER.format("wangyang-studio"),
        WORKER.format("bede-studio"),
        group="topic",
    ),
    _q("工匠学院", CITY.format("huaian"), group="topic"),  # 淮安工匠学院
    _q("新海石化", ENTERPRISE.format("xinhai-petrochemical"), group="topic"),
    # 祝塘镇's programme; 江阴市's page reports it too (three times), so either is right.
    _q("三大工程", CITY.format("zhutang"), CITY.format("jiangyin"), group="topic"),
    _q("劳模宣讲团", CITY.format("suzhou-anhui"), group="topic"),
    _q("台资", CITY.format("huaian"), group="topic"),  # 台资集聚示范区产改新模式
    _q(
        "产改示范园",
        CITY.format("tangzhuang-hydraulic-park"),
        CITY.format("tangzhuang"),
        group="topic",
    ),
    _q("全国技能大师", WORKER.format("yang-gengbao"), group="topic"),  # an honour title
    _q("江淮工匠", WORKER.format("liao-zhibin"), group="topic"),  # 江淮工匠标兵
    _q("副矿长", WORKER.format("li-bing"), group="topic"),  # a position
    _q("煤机维护", WORKER.format("ma-ben"), group="topic"),
    _q(
        "3D模型",
        WORKER.format("qijin-studio"),
        ENTERPRISE.format("state-grid-suzhou-anhui"),  # its summary says its studio made them
        group="topic",
    ),
    _q("年终考", SOURCE.format("yancheng-2023-review"), group="topic"),
    _q("总第38期", SOURCE.format("jiangsu-bulletin-2024-08"), group="topic"),  # the issue
    _q(
        "连云港市工业投资集团公司产改领导小组办公室",  # a publisher
        SOURCE.format("lianyungang-brief-4"),
        group="topic",
    ),
    _q(
        "新时代江苏产业工人队伍建设改革联席会议办公室",  # another publisher
        SOURCE.format("jiangsu-bulletin-2024-08"),
        group="topic",
    ),
]

# Pinyin of names, whole or by initials, as readers without a Chinese keyboard type them.
PINYIN = [
    _q("huaian", CITY.format("huaian"), group="pinyin"),
    _q("has", CITY.format("huaian"), group="pinyin"),
    _q("huai an", CITY.format("huaian"), group="pinyin"),
    _q("Huaian", CITY.format("huaian"), group="pinyin"),
    _q("maben", WORKER.format("ma-ben"), group="pinyin"),
    _q("zhangshuanglou", ENTERPRISE.format("zhangshuanglou-mine"), group="pinyin"),
    _q("zslmk", ENTERPRISE.format("zhangshuanglou-mine"), group="pinyin"),
    _q("liaozhibin", WORKER.format("liao-zhibin"), group="pinyin"),
    _q("ygb", WORKER.format("yang-gengbao"), group="pinyin"),
    _q("zhutangzhen", CITY.format("zhutang"), group="pinyin"),
    _q("lianyungang", CITY.format("lianyungang"), group="pinyin"),
    _q("xkjt", ENTERPRISE.format("xukuang-group"), group="pinyin"),
]

# Text that reaches the box without key presses, with what a paste drags along.
PASTED = [
    _q(" 马奔 ", WORKER.format("ma-ben"), group="pasted", how="pasted"),
    _q("张双楼煤矿。", ENTERPRISE.format("zhangshuanglou-mine"), group="pasted", how="pasted"),
    _q(
        "《淮安产业工人队伍建设改革向纵深推进》",
        SOURCE.format("huaian-feature"),
        group="pasted",
        how="pasted",
    ),
    _q(
        "江苏新海石化有限公司",
        ENTERPRISE.format("xinhai-petrochemical"),
        group="pasted",
        how="pasted",
    ),
    _q("杨庚豹", WORKER.format("yang-gengbao"), group="pasted", how="dictated"),
    _q("祝塘镇", CITY.format("zhutang"), group="pasted", how="ime"),
    _q("廖志斌", WORKER.format("liao-zhibin"), group="pasted", how="ime"),
]

QUERIES: list[Query] = FULL_NAMES + PREFIXES + TOPICS + PINYIN + PASTED
