"""Rebuilds after an edit under `mkdocs serve` (serving/plan.py): the pages whose view is not
computed again must be exactly those whose view cannot have changed.

Each test loads a synthetic corpus, computes every page's state, edits the case files as a
contributor would, loads again with the same read cache (as the plugin does between rebuilds),
and compares the pages the plugin would check with a brute-force recomputation of every page.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from showcase.config import ShowcaseConfig
from showcase.graph import RELATIONS, build_graph, update_graph
from showcase.loading.loader import ReadCache
from showcase.output import open_data as export
from showcase.routing import PageRole
from showcase.serving.plan import (
    PageState,
    changed_cases,
    listings_in_scope,
    page_layouts,
    page_state,
    pages_named_by,
    pages_to_check,
)
from showcase.site import SiteModel, load_site, page_roles
from showcase.tools import synth

HOME_SOURCE = "# 首页\n"
PAGE_SIZE = 7  # small, so indexes and tags have several pages


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("live-corpus")
    synth.generate(
        out,
        cities=8,
        enterprises=16,
        workers=45,
        images=3,
        sources=4,
        seed=11,
        photo_size=(64, 48),
    )
    return out


@pytest.fixture
def project(corpus: Path, tmp_path: Path) -> Path:
    shutil.copytree(corpus, tmp_path / "project")
    return tmp_path / "project"


def load(project: Path, cache: ReadCache) -> SiteModel:
    config = ShowcaseConfig()
    config.load_dict({"content_dir": "content", "images_dir": "images", "page_size": PAGE_SIZE})
    assert config.validate() == ([], [])
    site, problems = load_site(project, config, cache)
    assert site is not None, [p.format() for p in problems]
    return site


def roles_of(site: SiteModel) -> dict[str, PageRole]:
    return {**page_roles(site), "index.md": PageRole("home")}


def all_states(site: SiteModel) -> tuple[dict[str, PageState], dict]:
    roles = roles_of(site)
    layouts = page_layouts(site, roles)
    states = {
        src_uri: page_state(
            site,
            src_uri,
            role,
            layouts[src_uri],
            "context",
            HOME_SOURCE if role.kind == "home" else None,
        )[1]
        for src_uri, role in roles.items()
    }
    return states, layouts


# --- Edits, as a contributor makes them --------------------------------------------------


def files_of(project: Path, folder: str) -> list[Path]:
    return sorted((project / "content" / folder).glob("*.md"))


def set_field(path: Path, key: str, value: str) -> None:
    text = path.read_text(encoding="utf-8")
    line = f"{key}: {value}"
    if re.search(rf"(?m)^{key}: .*$", text):
        text = re.sub(rf"(?m)^{key}: .*$", line, text, count=1)
    else:
        text = text.replace("\n", f"\n{line}\n", 1)
    path.write_text(text, encoding="utf-8")


def field_of(path: Path, key: str) -> str | None:
    match = re.search(rf"(?m)^{key}: (.*)$", path.read_text(encoding="utf-8"))
    return match.group(1).strip() if match else None


def published_worker(project: Path, index: int = 0) -> Path:
    workers = [p for p in files_of(project, "workers") if field_of(p, "draft") != "true"]
    return workers[index]


def edit_summary(project: Path) -> None:
    set_field(published_worker(project), "summary", "新写的简介，用来检查重建。")


def move_worker(project: Path) -> None:
    worker = next(p for p in files_of(project, "workers") if field_of(p, "enterprise"))
    others = [
        p.stem for p in files_of(project, "enterprises") if p.stem != field_of(worker, "enterprise")
    ]
    set_field(worker, "enterprise", others[-1])


def move_enterprise(project: Path) -> None:
    enterprise = files_of(project, "enterprises")[0]
    cities = [p.stem for p in files_of(project, "cities") if p.stem != field_of(enterprise, "city")]
    set_field(enterprise, "city", cities[-1])


def rename_enterprise(project: Path) -> None:
    set_field(files_of(project, "enterprises")[1], "name", "新名字有限公司")


def rename_source(project: Path) -> None:
    set_field(files_of(project, "sources")[0], "name", "改过名字的出处")


def rename_city(project: Path) -> None:
    set_field(files_of(project, "cities")[0], "name", "新名市")


def make_draft(project: Path) -> None:
    set_field(published_worker(project, 3), "draft", "true")


def publish_draft(project: Path) -> None:
    drafts = [
        p
        for folder in ("workers", "enterprises", "cities")
        for p in files_of(project, folder)
        if field_of(p, "draft") == "true"
    ]
    assert drafts, "the synthetic corpus has drafts"
    set_field(drafts[0], "draft", "false")


def delete_worker(project: Path) -> None:
    """A worker no body links to (a link to a deleted case is an error, rightly)."""
    bodies = "".join(p.read_text(encoding="utf-8") for p in (project / "content").rglob("*.md"))
    workers = [p for p in files_of(project, "workers") if f"[[{p.stem}" not in bodies]
    workers[len(workers) // 2].unlink()


def add_worker(project: Path) -> None:
    enterprise = files_of(project, "enterprises")[2].stem
    (project / "content/workers/xin-gong-ren.md").write_text(
        f"---\nname: 新工人\nenterprise: {enterprise}\nposition: 焊工\n"
        "summary: 新来的焊工。\ntags:\n  - 技能提升\n---\n\n新来的焊工。\n",
        encoding="utf-8",
    )


def add_tag(project: Path) -> None:
    worker = published_worker(project, 2)
    text = worker.read_text(encoding="utf-8")
    if re.search(r"(?m)^tags:$", text):
        text = re.sub(r"(?m)^tags:$", "tags:\n  - 全新主题", text, count=1)
    else:
        text = text.replace("\n", "\ntags:\n  - 全新主题\n", 1)
    worker.write_text(text, encoding="utf-8")


def mention_in_body(project: Path) -> None:
    worker = published_worker(project, 4)
    target = files_of(project, "cities")[1].stem
    worker.write_text(
        worker.read_text(encoding="utf-8") + f"\n另见[[{target}]]。\n", encoding="utf-8"
    )


def change_first_stat(project: Path) -> None:
    worker = next(
        p for p in files_of(project, "workers") if "stats:" in p.read_text(encoding="utf-8")
    )
    text = worker.read_text(encoding="utf-8")
    worker.write_text(
        re.sub(r"(?m)^(    value: ).*$", r"\g<1>12345人", text, count=1), encoding="utf-8"
    )


def change_city_parent(project: Path) -> None:
    cities = files_of(project, "cities")
    child = next(p for p in cities if field_of(p, "parent"))
    others = [p.stem for p in cities if p.stem not in (child.stem, field_of(child, "parent"))]
    top = [stem for stem in others if not field_of(project / f"content/cities/{stem}.md", "parent")]
    set_field(child, "parent", top[0])


EDITS: list[Callable[[Path], None]] = [
    edit_summary,
    move_worker,
    move_enterprise,
    rename_enterprise,
    rename_source,
    rename_city,
    make_draft,
    publish_draft,
    delete_worker,
    add_worker,
    add_tag,
    mention_in_body,
    change_first_stat,
    change_city_parent,
]


WORKER_EDITS = {edit_summary, move_worker, make_draft, delete_worker, add_worker, add_tag}


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.__name__)
def test_every_page_an_edit_changes_is_checked(project: Path, edit: Callable[[Path], None]) -> None:
    cache = ReadCache()
    before = load(project, cache)
    states_before, _ = all_states(before)
    edit(project)
    after = load(project, cache)
    states_after, layouts = all_states(after)
    changed = changed_cases(before.graph, after.graph)
    assert changed, "the edit changed a case"
    named = pages_named_by(before.graph, after.graph, changed)
    # A listing out of scope lists what it listed (so the plugin keeps its last layout).
    scope = listings_in_scope(before.graph, after.graph, changed, roles_of(after))
    for src_uri, layout in layouts.items():
        if src_uri in states_before and src_uri not in scope:
            assert states_before[src_uri].layout == layout, src_uri
    checked = pages_to_check(states_before, layouts, changed, named)
    differing = {
        src_uri
        for src_uri, state in states_after.items()
        if src_uri not in states_before or states_before[src_uri].fingerprint != state.fingerprint
    }
    assert differing - {"index.md"}, "the edit changed some page"
    assert differing <= checked, f"changed pages not checked: {sorted(differing - checked)}"
    if edit in WORKER_EDITS:
        # The point of it all: an edit to one worker checks a small share of the site (a
        # source, cited by a sixth of this small corpus, is shown on many more pages).
        assert len(checked) < len(states_after) / 3, (len(checked), len(states_after))


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.__name__)
def test_open_data_renewed_in_parts_equals_a_fresh_export(
    project: Path, edit: Callable[[Path], None]
) -> None:
    cache = ReadCache()
    before = load(project, cache)
    parts = export.OpenDataParts()
    parts.renew(before.graph)
    edit(project)
    after = load(project, cache)
    parts.renew(
        after.graph,
        export.parts_to_renew(before.graph, after.graph, changed_cases(before.graph, after.graph)),
    )
    assert export.cases_json(after.graph, parts) == export.cases_json(after.graph)
    assert export.stats_csv(after.graph, parts) == export.stats_csv(after.graph)
    assert export.stats_zh_csv(after.graph, parts) == export.stats_zh_csv(after.graph)


def test_unchanged_files_keep_their_cases_so_nothing_is_checked(project: Path) -> None:
    cache = ReadCache()
    before = load(project, cache)
    states, _ = all_states(before)
    after = load(project, cache)
    assert changed_cases(before.graph, after.graph) == set()
    checked = pages_to_check(states, page_layouts(after, roles_of(after)), set(), set())
    assert checked == set()


def graph_shape(graph) -> dict:
    """Every relation list as the objects it holds (identity matters: pages read them)."""
    shape = {
        relation: {
            key: [id(item.case) if hasattr(item, "stat") else id(item) for item in items]
            + [getattr(item, "index", 0) for item in items]
            for key, items in getattr(graph, relation).items()
            if items
        }
        for relation in RELATIONS
    }
    shape["tags"] = {tag: [id(case) for case in cases] for tag, cases in graph.tags.items()}
    shape["tag order"] = list(graph.tags)
    shape["cases"] = [id(case) for case in graph.cases.values()]
    return shape


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.__name__)
def test_an_updated_graph_is_the_graph_built_anew(
    project: Path, edit: Callable[[Path], None]
) -> None:
    cache = ReadCache()
    before = load(project, cache)
    edit(project)
    after = load(project, cache)
    updated = update_graph(before.graph, after.corpus)
    fresh = build_graph(after.corpus)
    if updated is None:  # added, removed, published or unpublished cases: built anew
        assert edit in {make_draft, publish_draft, delete_worker, add_worker}
        return
    assert graph_shape(updated) == graph_shape(fresh)
    # The previous graph is left as it was (the next rebuild compares against it).
    assert graph_shape(before.graph) == graph_shape(build_graph(before.corpus))
