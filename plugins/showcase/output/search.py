"""Chinese search: the words jieba must keep whole when the search plugin segments pages.

mkdocs-material's search plugin cuts Chinese text into words with jieba at build time; the
browser then matches what a reader types against those words. A name that jieba splits (马奔 into
马 / 奔, 张双楼煤矿 into 张双楼 / 煤矿) could never be found as typed, so every case name, tag,
stat label and a few reform terms are registered as words before the pages are indexed.
"""

from __future__ import annotations

from collections.abc import Iterable

from showcase.domain import Corpus

REFORM_TERMS = (
    "产改",
    "产业工人",
    "产业工人队伍建设改革",
    "技能培训",
    "技能提升",
    "能级工资",
    "集体协商",
    "劳模创新工作室",
    "技能大师工作室",
    "职工之家",
    "劳动模范",
    "全国劳动模范",
    "工匠",
    "劳模工匠",
    "高技能人才",
    "职业技能",
    "新就业形态",
    "医疗互助",
    "求学圆梦",
    "学历提升",
)


def search_terms(corpus: Corpus, only: Iterable[str] | None = None) -> list[str]:
    """Every word to keep whole, each once, in a stable order; with `only`, the words of those
    case ids (after an edit, the rest are registered already)."""
    terms: list[str] = list(REFORM_TERMS)
    cases = corpus.cases.values() if only is None else filter(None, map(corpus.cases.get, only))
    for case in cases:
        fields = case.fields
        terms.append(fields.name)
        terms += fields.tags
        terms += [stat.label for stat in fields.stats]
    terms += [metric.label for metric in corpus.metrics.values()]
    return [term for term in dict.fromkeys(t.strip() for t in terms) if _is_word(term)]


def _is_word(term: str) -> bool:
    # jieba's dictionary format cannot hold spaces; very long phrases are not words.
    return bool(term) and " " not in term and len(term) <= 20


_registered: set[str] = set()  # jieba's dictionary lives as long as the process


def register_terms(terms: Iterable[str]) -> None:
    import jieba  # imported here: loading its dictionary costs a second

    for term in terms:
        if term not in _registered:
            jieba.add_word(term, freq=None)
            _registered.add(term)
