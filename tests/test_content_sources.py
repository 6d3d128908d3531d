"""The shipped content against the five documents it comes from (copied into tests/data/seeds,
so this runs on a fresh clone): every figure is found in the document its stat cites, next to
the words of its label; every period the document words (近两年, 累计 …) is the document's own;
every photo caption is the document's. A condensation that is still faithful is allowed only
with its reason, and an allowance nobody needs any more fails the test too."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from conftest import REPO, read_page
from showcase.checking.lint import editor_notes, metrics_with_mixed_periods, stats_without_period
from showcase.domain import Case, Corpus
from showcase.loading.loader import load_corpus
from showcase.models import Stat

SEEDS = Path(__file__).parent / "data" / "seeds"
# Source case id -> the document it stands for.
DOCUMENTS = {
    "huaian-feature": "000_6d410ef8f2ccf2df.txt",
    "jiangsu-bulletin-2024-08": "001_99985028e1312488.txt",
    "yancheng-2023-review": "002_41800a6e5f5ba040.txt",
    "suzhou-feature": "003_f3832c51ed326b58.txt",
    "lianyungang-brief-4": "004_7ac95797b2c22a71.txt",
}
# A figure belongs with the words around it: at least this share of the label's two-character
# words must stand in the document's sentence that holds the figure.
LABEL_OVERLAP = 0.5

# (case id, stat label) -> (what the document says, why the stat may say it differently)
VALUE_ALLOWANCES: dict[tuple[str, str], tuple[str, str]] = {}
PERIOD_ALLOWANCES: dict[tuple[str, str], tuple[str, str]] = {
    ("yancheng", "命名市县两级职工“幸福企业”"): (
        "两年共命名市县两级240家职工“幸福企业”",
        "“两年共”是两年合计，期间的写法里没有“两年共”，记为 近两年",
    ),
}


def plain(text: str) -> str:
    """Text compared the way a reader reads it: width and spacing ignored (the bulletin prints
    `350 余人`, the stat says 350余人)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def words(text: str) -> set[str]:
    chinese = re.sub(r"[^\u4e00-\u9fff]", "", text)
    return {chinese[i : i + 2] for i in range(len(chinese) - 1)}


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    corpus, problems = load_corpus(REPO, "content", "images")
    assert problems == []
    return corpus


@pytest.fixture(scope="module")
def documents() -> dict[str, str]:
    return {
        key: plain((SEEDS / name).read_text(encoding="utf-8")) for key, name in DOCUMENTS.items()
    }


def shipped_stats(corpus: Corpus) -> list[tuple[Case, Stat]]:
    return [(case, stat) for case in corpus.cases.values() for stat in case.fields.stats]


def test_the_seeds_are_the_shared_documents() -> None:
    shared = Path("/work/shared/seeds")
    if not shared.is_dir():
        pytest.skip("the shared seed folder exists only on the project's machines")
    for name in DOCUMENTS.values():
        assert (SEEDS / name).read_bytes() == (shared / name).read_bytes(), name


def test_every_source_case_has_its_document(corpus: Corpus) -> None:
    sources = {case.id for case in corpus.cases.values() if case.kind == "source"}
    assert sources == set(DOCUMENTS)


def test_every_stat_cites_a_document(corpus: Corpus) -> None:
    uncited = [
        (case.id, stat.label)
        for case, stat in shipped_stats(corpus)
        if stat.source not in DOCUMENTS
    ]
    assert uncited == []


def test_every_figure_is_in_the_document_it_cites(
    corpus: Corpus, documents: dict[str, str]
) -> None:
    missing, misplaced, used = [], [], set()
    for case, stat in shipped_stats(corpus):
        document = documents[stat.source]
        key = (case.id, stat.label)
        if key in VALUE_ALLOWANCES:
            used.add(key)
            assert plain(VALUE_ALLOWANCES[key][0]) in document, key
            continue
        figure = plain(stat.display)
        sentences = [s for s in re.split(r"[。；;！？!?]", document) if figure in s]
        if not sentences:
            missing.append((*key, stat.display))
            continue
        label = words(stat.label)
        overlap = max(len(label & words(s)) / max(len(label), 1) for s in sentences)
        if overlap < LABEL_OVERLAP:
            misplaced.append((*key, stat.display, round(overlap, 2)))
    assert missing == [], "figures not in the document they cite"
    assert misplaced == [], "figures whose sentence does not say what the label says"
    assert used == set(VALUE_ALLOWANCES), "allowances no stat needs any more"


def test_every_period_is_the_documents(corpus: Corpus, documents: dict[str, str]) -> None:
    """Periods in the document's words are found in it; a year is printed in it or is the year
    of the document's date (今年 in a report of 2023-12); 截至发布时 is our word for a figure
    whose period the document does not give."""
    wrong, used = [], set()
    for case, stat in shipped_stats(corpus):
        period = stat.effective_period
        assert period is not None, (case.id, stat.label)
        document = documents[stat.source]
        key = (case.id, stat.label)
        if key in PERIOD_ALLOWANCES:
            used.add(key)
            assert plain(PERIOD_ALLOWANCES[key][0]) in document, key
            continue
        if period.form == "year":
            date = str(corpus.cases[stat.source].fields.date)
            if str(period.start) not in document and not date.startswith(str(period.start)):
                wrong.append((*key, period.text))
        elif period.text != "截至发布时" and plain(period.text) not in document:
            wrong.append((*key, period.text))
    assert wrong == []
    assert used == set(PERIOD_ALLOWANCES), "allowances no stat needs any more"


def test_every_caption_is_the_documents(corpus: Corpus, documents: dict[str, str]) -> None:
    lines = {
        key: {plain(line) for line in (SEEDS / name).read_text(encoding="utf-8").splitlines()}
        for key, name in DOCUMENTS.items()
    }
    wrong = [
        (case.id, image.caption)
        for case in corpus.cases.values()
        for image in case.fields.gallery
        if not any(plain(image.caption) in lines[source] for source in case.fields.sources)
    ]
    assert wrong == []


def test_no_editor_notes_and_every_stat_has_its_period(corpus: Corpus) -> None:
    assert [w.format() for w in editor_notes(corpus)] == []
    assert [w.format() for w in stats_without_period(corpus)] == []
    assert [w.format() for w in metrics_with_mixed_periods(corpus)] == []


def test_comparison_pages_show_only_comparable_rows(corpus: Corpus, shipped_site: Path) -> None:
    """On every metric page each row is a case of a type the metric compares, and the rows of a
    table share one period."""
    for key, metric in corpus.metrics.items():
        html = read_page(shipped_site, f"metrics/{key}")
        tables = re.findall(r"<tbody>(.*?)</tbody>", html, re.S)
        assert tables, key
        for table in tables:
            types = re.findall(r'<span class="sc-table__kind">([^<]+)</span>', table)
            periods = re.findall(
                r"</td>\s*<td class=\"sc-table__wide\">([^<]+)</td>\s*<td class=\"sc-table__wide\">(?:<a|—)",
                table,
            )
            assert types and set(types) <= set(metric.applies_to), (key, types)
            assert len(periods) == len(types) and len(set(periods)) == 1, (key, periods)
