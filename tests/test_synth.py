"""showcase.tools.synth (`build.py synth`): the synthetic corpus follows the case-file contract
and builds strictly."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from conftest import make_project, run_mkdocs_build
from showcase.checking.lint import lint_corpus
from showcase.loading.loader import load_corpus
from showcase.routing import case_url
from showcase.tools import synth

SMALL = {"cities": 12, "enterprises": 30, "workers": 80, "images": 6}

# The spec's grammar, written out here independently of the plugin's parser.
PREFIX = "超过|超|逾|将近|接近|近|大约|约|达|共"
MAGNITUDE = "十万|百万|千万|十|百|千|万|亿"
SINGLE = re.compile(
    rf"^(?P<prefix>{PREFIX})?(?P<number>\d+(?:\.\d+)?)?(?P<magnitude>{MAGNITUDE})?"
    rf"(?P<suffix>余|多|以上)?(?P<unit>[^\d—~至到-]*)$"
)
RANGE = re.compile(
    rf"^\d+(?:\.\d+)?(?:{MAGNITUDE})?[^\d—~至到-]*(?P<sep>—|-|~|至|到)\d+(?:\.\d+)?(?:{MAGNITUDE})?[^\d—~至到-]*$"
)


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    synth.generate(out, **SMALL, seed=7, photo_size=(640, 480))
    return out


def forms_of(corpus_dir: Path) -> Counter[str]:
    """Which parts of the grammar the written stat values use."""
    corpus, _ = load_corpus(corpus_dir, "content", "images")
    seen: Counter[str] = Counter()
    for case in corpus.cases.values():
        for stat in case.fields.stats:
            if not isinstance(stat.value, str):
                seen["yaml number + unit" if stat.unit else 'yaml number + unit ""'] += 1
                continue
            if match := RANGE.match(stat.value):
                seen[f"range {match['sep']}"] += 1
                continue
            match = SINGLE.match(stat.value)
            assert match, stat.value
            for part in ("prefix", "magnitude", "suffix"):
                if match[part]:
                    seen[f"{part} {match[part]}"] += 1
            if match["magnitude"] and not match["number"]:
                seen["magnitude without number"] += 1
            if match["number"] and "." in match["number"]:
                seen["decimal"] += 1
    return seen


def test_generated_corpus_passes_validation(corpus_dir: Path) -> None:
    corpus, problems = load_corpus(corpus_dir, "content", "images")
    assert problems == []
    assert lint_corpus(corpus) == []  # no warnings either: every figure sourced, every page linked
    kinds = Counter(case.kind for case in corpus.cases.values())
    assert kinds["city"] == 12 and kinds["enterprise"] == 30 and kinds["worker"] == 80
    assert kinds["source"] >= 5  # about one per 20 cases


def test_every_kind_and_relation_occurs(corpus_dir: Path) -> None:
    corpus, _ = load_corpus(corpus_dir, "content", "images")
    cases = list(corpus.cases.values())
    levels = {c.fields.level for c in cases if c.kind == "city"}
    assert {"地级市", "镇"} <= levels and levels & {"县级市", "区", "县"}
    assert any(c.kind == "city" and c.fields.parent for c in cases)
    assert len({c.fields.province for c in cases if c.kind == "city"}) >= 2
    assert any(c.kind == "enterprise" and c.fields.parent for c in cases)
    assert any(c.kind == "enterprise" and c.fields.ownership for c in cases)
    workers = [c for c in cases if c.kind == "worker"]
    assert any(w.fields.enterprise is None for w in workers)  # only a city
    assert any(w.fields.enterprise and w.fields.city is None for w in workers)
    assert {h.level for w in workers for h in w.fields.honors} >= {
        "国家级",
        "省级",
        "市级",
        "企业级",
    }
    assert any(w.fields.portrait for w in workers)
    assert any(c.draft for c in cases)
    stats = [s for c in cases for s in c.fields.stats]
    assert any(s.year for s in stats) and any(s.source for s in stats)
    assert {s.metric for s in stats if s.metric} == set(corpus.metrics)
    bodies = "".join(c.front.body for c in cases)
    assert re.search(r"\[\[[a-z0-9-]+\]\]", bodies) and re.search(
        r"\[\[[a-z0-9-]+\|[^\]]+\]\]", bodies
    )
    used = Counter(
        src
        for c in cases
        for src in [
            *(g.src for g in c.fields.gallery),
            *filter(None, [getattr(c.fields, "portrait", None)]),
        ]
    )
    assert len(used) == SMALL["images"] and min(used.values()) >= 2  # every photo, several times


def test_every_quantity_form_occurs(corpus_dir: Path) -> None:
    seen = forms_of(corpus_dir)
    expected = (
        [f"prefix {p}" for p in PREFIX.split("|")]
        + [f"magnitude {m}" for m in MAGNITUDE.split("|")]
        + [f"suffix {s}" for s in ("余", "多", "以上")]
        + [f"range {s}" for s in ("—", "-", "~", "至", "到")]
        + ["magnitude without number", "decimal", "yaml number + unit", 'yaml number + unit ""']
    )
    assert [form for form in expected if not seen[form]] == []


def test_ids_are_unique_across_kinds(corpus_dir: Path) -> None:
    stems = [path.stem for path in (corpus_dir / "content").glob("*/*.md")]
    assert len(stems) == len(set(stems))


def test_same_seed_same_corpus(tmp_path: Path) -> None:
    def snapshot(out: Path) -> dict[str, str]:
        synth.generate(
            out, cities=4, enterprises=6, workers=10, images=2, seed=3, photo_size=(64, 48)
        )
        return {
            p.relative_to(out).as_posix(): p.read_bytes().hex()
            for p in sorted(out.rglob("*"))
            if p.is_file()
        }

    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def test_refuses_to_mix_with_existing_files(corpus_dir: Path) -> None:
    with pytest.raises(FileExistsError):
        synth.generate(corpus_dir, cities=1, enterprises=0, workers=0, images=0)


@pytest.mark.slow
def test_strict_build_of_the_corpus(corpus_dir: Path, tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", corpus_dir)
    result = run_mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    corpus, _ = load_corpus(corpus_dir, "content", "images")
    published = [c for c in corpus.cases.values() if not c.draft]
    for case in published:
        assert (project / "site" / case_url(case) / "index.html").is_file(), case_url(case)
