"""serving/session.py: what one `mkdocs serve` process keeps between builds, driven through
its hooks' calls in order (load, plan, data files, views, success or failure) on a copy of the
mini corpus, without MkDocs."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import NamedTuple

import pytest

from helpers import MINI
from showcase.config import ShowcaseConfig
from showcase.output.images import Rendition, Variant
from showcase.routing import PageRole
from showcase.serving import session as session_module
from showcase.serving.plan import FINGERPRINT_KEY, RebuildPlan
from showcase.serving.session import Session
from showcase.site import SiteModel, page_roles

HOME = "# 首页\n"
NAMES = {"site_name": "产改案例馆", "site_url": "https://example.org/"}
DATA = ["data/cases.json", "data/stats.csv", "data/stats-zh.csv"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return shutil.copytree(MINI, tmp_path / "project")


def options() -> ShowcaseConfig:
    config = ShowcaseConfig()
    config.load_dict({"content_dir": "content", "images_dir": "images"})
    assert config.validate() == ([], [])
    return config


def edit(project: Path, relative: str, old: str, new: str) -> None:
    path = project / "content" / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


class Build(NamedTuple):
    site: SiteModel
    plan: RebuildPlan
    data: dict[str, str]  # the data files rewritten


def build(session: Session, project: Path, context: str = "context") -> Build:
    """What the plugin's hooks ask of the session in one dirty build, in their order: the site
    (on_pre_build), the roles, the plan and the data files (on_files)."""
    site, problems = session.load(project, options())
    assert problems == [] and site is not None
    site.roles.update(page_roles(site))
    rebuild = session.plan(site, dict(site.roles), context, HOME)
    return Build(site, rebuild, dict(session.data_files(site, **NAMES)))


def test_the_first_build_plans_every_page_and_writes_each_source(project: Path) -> None:
    session = Session(dirty=True)
    site, rebuild, _ = build(session, project)
    assert session.changed is None  # nothing to compare with yet
    roles = page_roles(site)
    assert rebuild.hand == set(roles) and rebuild.removed == set()
    assert set(rebuild.sources) == set(roles) == set(rebuild.states)
    written = site.cache_dir / "pages" / "workers/wang-wu.md"
    assert written.read_text(encoding="utf-8").startswith(f"---\n{FINGERPRINT_KEY}: ")
    assert (site.cache_dir / "pages" / "index.md").read_text(encoding="utf-8").endswith(HOME)
    # The planned views are handed to the templates instead of being computed again.
    planned = session.views["workers/wang-wu.md"]
    assert session.view(site, "workers/wang-wu.md") is planned
    again = session.view(site, "workers/wang-wu.md")
    assert again is not planned and again == planned
    assert session.live is None and session.pending is not None


def test_the_first_data_files_are_the_open_data_and_the_feed(project: Path) -> None:
    assert list(build(Session(dirty=True), project).data) == [*DATA, "feed.xml"]


def test_an_edit_rebuilds_the_pages_that_show_the_case(project: Path) -> None:
    session = Session(dirty=True)
    first = build(session, project).site
    session.succeeded()
    assert session.live is not None and session.views == {}
    edit(project, "workers/zhao-liu.md", "个体工匠", "木匠")
    site, rebuild, data = build(session, project)
    assert session.changed == {"zhao-liu"}
    # Its page, its city's (workers list), the workers' index and the home page (cards).
    assert set(rebuild.sources) == {
        "workers/zhao-liu.md",
        "cities/hill-county.md",
        "workers/index.md",
        "index.md",
    }
    assert set(session.views) == set(rebuild.sources)
    assert rebuild.sources.keys() <= rebuild.hand < set(page_roles(site))
    assert rebuild.removed == set()
    # The summary is in no open-data record and the case has no date: no data file changes.
    assert data == {}
    assert site.graph is not first.graph


def test_an_edit_to_a_dated_case_renews_the_open_data_and_the_feed(project: Path) -> None:
    session = Session(dirty=True)
    build(session, project)
    session.succeeded()
    edit(project, "cities/river-city.md", "name: 江河市", "name: 江河新市")
    files = build(session, project).data
    assert list(files) == [*DATA, "feed.xml"]
    assert '"name": "江河新市"' in files["data/cases.json"]
    assert "江河新市" in files["data/stats-zh.csv"]  # its stats name their case
    assert "<title>江河新市</title>" in files["feed.xml"]


def test_a_case_made_draft_is_removed(project: Path) -> None:
    session = Session(dirty=True)
    build(session, project)
    session.succeeded()
    edit(project, "workers/zhao-liu.md", "city: hill-county", "city: hill-county\ndraft: true")
    rebuild = build(session, project).plan
    assert rebuild.removed == {"workers/zhao-liu.md"}
    assert "workers/zhao-liu.md" not in rebuild.states


def test_after_a_failed_build_everything_is_checked_again(project: Path) -> None:
    session = Session(dirty=True)
    build(session, project)
    session.succeeded()
    edit(project, "workers/zhao-liu.md", "个体工匠", "木匠")
    build(session, project)
    session.failed()
    assert (session.live, session.pending, session.views) == (None, None, {})
    site, rebuild, _ = build(session, project)
    assert session.changed is None
    assert rebuild.hand == set(page_roles(site))


def test_a_new_context_plans_every_page_again(project: Path) -> None:
    session = Session(dirty=True)
    build(session, project, context="before")
    session.succeeded()
    site, rebuild, _ = build(session, project, context="templates edited")
    assert rebuild.hand == set(page_roles(site))
    assert session.previous is None
    # Nothing changed in the pages' data, so every source in the cache is still right.
    assert rebuild.sources.keys() == set(page_roles(site))


def test_a_build_without_dirty_starts_afresh(project: Path) -> None:
    session = Session(dirty=False)
    first, problems = session.load(project, options())
    assert problems == [] and first is not None
    session.plan(first, page_roles(first), "context", HOME)
    session.succeeded()
    second, _ = session.load(project, options())
    assert session.changed is None and second is not None and second.graph is not first.graph


def test_problems_leave_the_session_as_it_was(project: Path) -> None:
    session = Session(dirty=True)
    build(session, project)
    session.succeeded()
    live = session.live
    (project / "content/workers/broken.md").write_text("---\nname: 坏\n---\n", encoding="utf-8")
    site, problems = session.load(project, options())
    assert site is None
    assert [(p.path, p.field) for p in problems] == [("content/workers/broken.md", "summary")]
    assert session.live is live


def rendition(src: str, *names: str) -> Rendition:
    return Rendition(src, 480, 360, tuple(Variant(name, 480, 360, "jpeg") for name in names))


def test_new_images_are_those_not_copied_in_an_earlier_build(project: Path) -> None:
    session = Session(dirty=True)
    site, problems = session.load(project, options())
    assert site is not None
    site.renditions = {"river/plant.jpg": rendition("river/plant.jpg", "a-480.jpeg")}
    assert [p.name for p in session.new_images(site)] == ["a-480.jpeg"]  # first build: all
    session.plan(site, page_roles(site), "context", HOME)
    session.succeeded()
    site, _ = session.load(project, options())
    site.renditions = {
        "river/plant.jpg": rendition("river/plant.jpg", "a-480.jpeg"),
        "river/meeting.png": rendition("river/meeting.png", "b-480.jpeg"),
    }
    session.plan(site, page_roles(site), "context", HOME)
    assert [p.name for p in session.new_images(site)] == ["b-480.jpeg"]


def test_renditions_are_derived_again_only_when_a_photo_or_a_path_changes(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[list[str]] = []

    def derive(sources, images_root, out_dir, progress=None):
        calls.append(list(sources))
        return {src: rendition(src, f"{len(calls)}.jpeg") for src in sources}

    monkeypatch.setattr(session_module.images, "derive_images", derive)
    session = Session(dirty=True)
    site, _ = session.load(project, options())
    first = session.renditions(site)
    assert session.renditions(site) is first
    assert calls == [["river/plant.jpg", "river/meeting.png"]]
    (project / "images/river/meeting.png").write_bytes(
        (project / "images/river/meeting.png").read_bytes() + b"\0"
    )
    assert session.renditions(site) is not first and len(calls) == 2
    # Without --dirty nothing is kept from one build to the next.
    plain = Session(dirty=False)
    plain.renditions(site)
    plain.renditions(site)
    assert len(calls) == 4


def test_the_home_page_is_planned_from_the_hand_written_source(project: Path) -> None:
    site, rebuild, _ = build(Session(dirty=True), project)
    assert site.role("index.md") == PageRole("home")
    assert rebuild.sources["index.md"].endswith("---\n" + HOME)
    # It shows cards and figures of the whole corpus: what it read is recorded.
    assert rebuild.states["index.md"].reads >= {"wang-wu", "river-city", "town-a"}
