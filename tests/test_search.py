"""output/search.py: the words jieba must keep whole so that readers find names as typed."""

from __future__ import annotations

import pytest

from helpers import make_case, make_corpus, mini_corpus
from showcase.output import search
from showcase.output.search import REFORM_TERMS, register_terms, search_terms


def corpus():
    return make_corpus(
        make_case(
            "worker",
            "ma-ben",
            name="马奔",
            city="c",
            tags=["技能提升", " 班组建设 ", "含 空格"],
            stats=[{"label": "带徒", "value": "40人"}, {"label": "技能提升", "value": "3次"}],
        ),
        make_case("city", "c", name="张双楼镇", tags=["安全生产"]),
        make_case(
            "source", "long", name="一个远远超过二十个字的出处名称用来检查长度限制是否生效的例子"
        ),
        metrics={"skills-training": ("职业技能培训", "人次"), "wages": ("能级工资", "元")},
    )


def test_every_name_tag_stat_label_and_metric_label_once_in_order() -> None:
    terms = search_terms(corpus())
    assert terms[: len(REFORM_TERMS)] == list(REFORM_TERMS)
    # Names, tags and labels in case order; a term already there is not repeated; tags are
    # stripped; phrases with spaces and very long ones are left out.
    assert terms[len(REFORM_TERMS) :] == [
        "马奔",
        "班组建设",
        "带徒",
        "张双楼镇",
        "安全生产",
        "职业技能培训",
    ]
    assert "能级工资" in REFORM_TERMS and terms.count("技能提升") == 1


def test_only_the_changed_cases_terms_after_an_edit() -> None:
    terms = search_terms(corpus(), only=["c", "gone"])
    assert terms[len(REFORM_TERMS) :] == ["张双楼镇", "安全生产", "职业技能培训"]
    assert search_terms(corpus(), only=[])[len(REFORM_TERMS) :] == ["职业技能培训"]


def test_the_mini_corpus_terms() -> None:
    terms = set(search_terms(mini_corpus()))
    assert {
        "王五",
        "江河市",
        "甲镇钢厂",
        "技能提升",
        "权益保障",
        "职业技能培训",
        "技能津贴",
    } <= terms
    assert len(terms) == len(search_terms(mini_corpus()))  # each once


@pytest.mark.parametrize(
    ("term", "word"),
    [("马奔", True), ("", False), ("含 空格", False), ("字" * 20, True), ("字" * 21, False)],
)
def test_what_counts_as_a_word(term: str, word: bool) -> None:
    assert search._is_word(term) is word


def test_each_term_is_registered_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    import jieba

    added: list[str] = []
    monkeypatch.setattr(search, "_registered", set())
    monkeypatch.setattr(jieba, "add_word", lambda word, freq=None: added.append(word))
    register_terms(["马奔", "张双楼煤矿"])
    register_terms(["张双楼煤矿", "王五"])
    assert added == ["马奔", "张双楼煤矿", "王五"]


def test_a_registered_name_is_kept_whole_by_jieba() -> None:
    import jieba

    sentence = "劳模来到测试专用甲乙煤矿"
    assert "测试专用甲乙煤矿" not in jieba.lcut(sentence)
    register_terms(["测试专用甲乙煤矿"])
    assert "测试专用甲乙煤矿" in jieba.lcut(sentence)
