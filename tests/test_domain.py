"""domain.py: the kinds of case, a case's derived fields, the corpus."""

from __future__ import annotations

import pytest

from helpers import make_case
from showcase.domain import KIND_OF_FOLDER, KINDS, Corpus
from showcase.models import City, Enterprise, Source, Worker


@pytest.mark.parametrize(
    ("name", "folder", "model", "label"),
    [
        ("city", "cities", City, "城市"),
        ("enterprise", "enterprises", Enterprise, "企业"),
        ("worker", "workers", Worker, "劳模工匠"),
        ("source", "sources", Source, "出处"),
    ],
)
def test_each_kind_names_its_folder_model_and_label(
    name: str, folder: str, model: type, label: str
) -> None:
    kind = KINDS[name]
    assert (kind.name, kind.folder, kind.model, kind.label) == (name, folder, model, label)
    assert KIND_OF_FOLDER[folder] == name


def test_kinds_come_in_the_order_pages_and_open_data_list_them() -> None:
    assert list(KINDS) == ["city", "enterprise", "worker", "source"]
    assert KIND_OF_FOLDER == {
        "cities": "city",
        "enterprises": "enterprise",
        "workers": "worker",
        "sources": "source",
    }


def test_a_kind_is_a_frozen_record() -> None:
    with pytest.raises(AttributeError):
        KINDS["city"].folder = "towns"  # type: ignore[misc]


def test_a_case_reads_its_own_fields() -> None:
    case = make_case("enterprise", "steel", name="钢铁厂", city="river", draft=True)
    assert case.folder == "enterprises"
    assert case.name == "钢铁厂"
    assert case.summary == "测试用的企业。"
    assert case.draft is True
    assert case.path == "content/enterprises/steel.md"


@pytest.mark.parametrize(
    ("fields", "summary"),
    [
        ({"summary": "写明的介绍。"}, "写明的介绍。"),
        ({"publisher": "江河市总工会", "date": "2024-06"}, "江河市总工会 2024-06 发布的《报告》。"),
        ({"publisher": "某报", "date": "未载明"}, "某报 未载明 发布的《报告》。"),
    ],
)
def test_a_source_without_a_summary_gets_one_from_its_facts(fields: dict, summary: str) -> None:
    assert make_case("source", "report", name="报告", **fields).summary == summary


def test_locate_gives_the_line_and_column_in_the_file() -> None:
    case = make_case("city", "river", stats=[{"label": "培训", "value": "3人"}])
    # Line 1 is the opening ---, then name, summary, province, level, stats.
    assert case.locate(("name",)) == (2, 7)
    assert case.locate(("stats", 0, "value")) == (8, 10)
    # An absent field points at where its parent is written.
    assert case.locate(("stats", 0, "year")) == case.front.locate(("stats", 0), key=True)


@pytest.mark.parametrize(
    ("body", "mentions"),
    [
        ("", frozenset()),
        ("见 [[a]] 和 [[b|乙]]，再见 [[a]]。", frozenset({"a", "b"})),
        ("`[[in-code]]` 不是链接，[[ spaced ]] 是。", frozenset({"spaced"})),
        ("```\n[[fenced]]\n```\n[[after]]", frozenset({"after"})),
    ],
)
def test_mentions_are_the_ids_the_body_links_to(body: str, mentions: frozenset) -> None:
    assert make_case("city", "river", body=body).mentions == mentions


def test_mentions_are_computed_once_per_case() -> None:
    case = make_case("city", "river", body="[[a]]")
    assert case.mentions is case.mentions


def test_corpora_do_not_share_their_dictionaries() -> None:
    first, second = Corpus(), Corpus()
    first.cases["x"] = make_case("city", "x")
    assert second.cases == {} and second.metrics == {}
