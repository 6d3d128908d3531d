"""The editor at /admin/ (showcase.tools.cms): its configuration agrees with the models that
validate case files, and the build ships it when `npm ci` has installed it, and says how to get
it when not."""

from __future__ import annotations

import json
import re
import typing
from pathlib import Path
from typing import Any, Literal

import pytest
import yaml
from pydantic import BaseModel

from conftest import REPO, make_project, run_mkdocs_build
from showcase import csp, models
from showcase.checking.crosscheck import REFERENCE_FIELDS
from showcase.domain import KINDS
from showcase.tools import cms
from showcase.tools.schema import SUBMODELS, field_doc


@pytest.fixture(scope="module")
def built_config(shipped_site: Path) -> dict[str, Any]:
    """admin/config.yml as the built site serves it to the browser."""
    return yaml.safe_load((shipped_site / "admin/config.yml").read_text(encoding="utf-8"))


def collection(config: dict[str, Any], kind: str) -> dict[str, Any]:
    [found] = [c for c in config["collections"] if c["name"] == KINDS[kind].folder]
    return found


def by_name(fields: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {field["name"]: field for field in fields}


def literal_choices(model: type[BaseModel], name: str) -> list[str] | None:
    stack = [model.model_fields[name].annotation]
    while stack:
        item = stack.pop()
        if typing.get_origin(item) is Literal:
            return list(typing.get_args(item))
        stack += typing.get_args(item)
    return None


def submodel_of(model: type[BaseModel], name: str) -> type[BaseModel] | None:
    stack = [model.model_fields[name].annotation]
    while stack:
        item = stack.pop()
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item
        stack += typing.get_args(item)
    return None


def check_fields(model: type[BaseModel], fields: list[dict[str, Any]], where: str) -> list[str]:
    """Every disagreement between a model and the editor's fields for it."""
    problems = []
    editor = by_name(fields)
    missing = set(model.model_fields) - set(editor)
    problems += [f"{where}.{name}: missing from the editor" for name in sorted(missing)]
    extra = set(editor) - set(model.model_fields) - {"id", "body"}
    problems += [f"{where}.{name}: not a field of {model.__name__}" for name in sorted(extra)]
    for name, info in model.model_fields.items():
        field = editor.get(name)
        if field is None:
            continue
        title, description = field_doc(model, name)
        if field.get("widget") == "image":
            description = cms._EXAMPLE_PATH.sub("", description)
        if field["label"] != title or not field["hint"].startswith(description):
            problems.append(f"{where}.{name}: label or hint differs from FIELD_DOCS")
        required = info.is_required() and not (model is models.Worker and name == "city")
        if field.get("required", True) != required:
            problems.append(f"{where}.{name}: required is {field.get('required')}")
        choices = literal_choices(model, name)
        if choices is not None and (field["widget"], field.get("options")) != ("select", choices):
            problems.append(f"{where}.{name}: choices {field.get('options')} != {choices}")
        submodel = submodel_of(model, name)
        if submodel is not None:
            problems += check_fields(submodel, field.get("fields", []), f"{where}.{name}")
    return problems


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_model_field_is_in_the_built_editor_config(
    built_config: dict[str, Any], kind: str
) -> None:
    """Generated from the models, never hand-written: a model field missing from the editor,
    a field the models do not know, another label, or another list of choices fails here."""
    model = KINDS[kind].model
    assert check_fields(model, collection(built_config, kind)["fields"], kind) == []


def test_the_check_catches_a_missing_field_and_a_different_choice() -> None:
    config = cms.editor_config(
        content_dir="content", images_dir="images", metrics={}, backend={"name": "github"}
    )
    fields = collection(config, "city")["fields"]
    without_parent = [f for f in fields if f["name"] != "parent"]
    assert check_fields(models.City, without_parent, "city") == [
        "city.parent: missing from the editor"
    ]
    changed = [dict(f, options=f["options"][:-1]) if f["name"] == "level" else f for f in fields]
    [problem] = check_fields(models.City, changed, "city")
    assert problem.startswith("city.level: choices")


def test_every_submodel_is_edited_as_a_list() -> None:
    config = cms.editor_config(
        content_dir="content", images_dir="images", metrics={}, backend={"name": "github"}
    )
    lists = {
        (kind, field["name"]): field
        for kind in KINDS
        for field in collection(config, kind)["fields"]
        if field.get("widget") == "list" and "fields" in field
    }
    assert {submodel_of(KINDS[kind].model, name) for kind, name in lists} == set(SUBMODELS)
    gallery = by_name(lists[("worker", "gallery")]["fields"])
    assert gallery["caption"]["required"] is True and gallery["credit"]["required"] is False


def test_every_reference_is_a_picker_that_stores_the_id() -> None:
    config = cms.editor_config(
        content_dir="content", images_dir="images", metrics={}, backend={"name": "github"}
    )
    expected = {
        (kind, name): target for kind, refs in REFERENCE_FIELDS.items() for name, target in refs
    }
    expected |= {(kind, "sources"): "source" for kind in KINDS}
    expected |= {(kind, "stats.source"): "source" for kind in KINDS}
    found = {}
    for kind in KINDS:
        fields = by_name(collection(config, kind)["fields"])
        for name, field in [
            *fields.items(),
            *((f"stats.{n}", f) for n, f in by_name(fields["stats"]["fields"]).items()),
        ]:
            if field.get("widget") == "relation":
                found[(kind, name)] = field
    assert {key: KINDS[target].folder for key, target in expected.items()} == {
        key: field["collection"] for key, field in found.items()
    }
    for (_, name), field in found.items():
        assert field["value_field"] == "{{slug}}"  # the id is stored, the name is searched
        assert field["search_fields"] == ["name"]
        assert field.get("multiple", False) == (name == "sources")


def test_metrics_are_chosen_from_metrics_yml() -> None:
    metrics = {"skills-training": models.Metric(label="职业技能培训", unit="人次")}
    config = cms.editor_config(
        content_dir="content", images_dir="images", metrics=metrics, backend={"name": "github"}
    )
    metric = by_name(by_name(collection(config, "city")["fields"])["stats"]["fields"])["metric"]
    assert metric["widget"] == "select"
    assert [o["value"] for o in metric["options"]] == ["skills-training"]
    assert metric["options"][0]["label"] == "职业技能培训（人次，skills-training）"


def test_images_upload_into_a_folder_of_images() -> None:
    config = cms.editor_config(
        content_dir="content", images_dir="images", metrics={}, backend={"name": "github"}
    )
    worker = by_name(collection(config, "worker")["fields"])
    gallery_src = by_name(worker["gallery"]["fields"])["src"]
    for field in (worker["portrait"], gallery_src):
        assert field["widget"] == "image"
        assert field["media_folder"] == "/images/workers"
        assert field["public_folder"] == "workers"  # the value is relative to images/
    city_src = by_name(by_name(collection(config, "city")["fields"])["gallery"]["fields"])["src"]
    assert city_src["media_folder"] == "/images/cities"


def test_the_id_is_the_file_name_with_the_contracts_pattern() -> None:
    config = cms.editor_config(
        content_dir="content", images_dir="images", metrics={}, backend={"name": "github"}
    )
    for kind in KINDS:
        coll = collection(config, kind)
        assert coll["folder"] == f"content/{KINDS[kind].folder}"
        assert coll["slug"] == "{{fields.id}}"
        id_field, *_, body = coll["fields"]
        assert id_field["name"] == "id" and id_field["pattern"][0] == models.ID_PATTERN.pattern
        assert body == {**body, "name": "body", "widget": "markdown", "modes": ["raw"]}
        assert coll["delete"] is False  # deleting would commit to the published branch


def test_saving_goes_through_the_editorial_workflow(built_config: dict[str, Any]) -> None:
    assert built_config["publish_mode"] == "editorial_workflow"
    assert built_config["locale"] == "zh_Hans"
    assert built_config["backend"]["name"] in cms.WORKFLOW_BACKENDS


def test_the_built_config_is_the_generated_one(shipped_site: Path) -> None:
    from showcase.loading.loader import load_corpus

    corpus, problems = load_corpus(REPO, "content", "images")
    assert problems == []
    options = yaml.safe_load(
        re.sub(r"!ENV \[[^\]]*\]", "''", (REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    )
    [editor] = [
        p["showcase"]["editor"]
        for p in options["plugins"]
        if isinstance(p, dict) and "showcase" in p
    ]
    expected = cms.editor_config(
        content_dir="content",
        images_dir="images",
        metrics=corpus.metrics,
        backend=cms.backend_settings(editor),
    )
    built = yaml.safe_load((shipped_site / "admin/config.yml").read_text(encoding="utf-8"))
    built["backend"].pop("repo")
    expected["backend"].pop("repo")
    assert built == expected


@pytest.mark.parametrize(
    ("option", "message"),
    [
        ({"name": "gitea", "repo": "a/b"}, "editor.name 不能是“gitea”"),
        ({"name": "forgejo", "repo": "a/b"}, "editor.name 是 forgejo 时必须给出 editor.api_root"),
    ],
)
def test_unusable_forge_settings_are_named(option: dict[str, str], message: str) -> None:
    with pytest.raises(cms.EditorSettingsError, match=re.escape(message)):
        cms.backend_settings(option)


def test_forge_settings_pass_through() -> None:
    gitlab = {
        "name": "gitlab",
        "repo": "reform/cases",
        "auth_type": "pkce",
        "app_id": "abc",
        "base_url": "https://git.example.org",
        "api_root": "https://git.example.org/api/v4",
    }
    assert cms.backend_settings(gitlab) == {
        **gitlab,
        "branch": "main",
        "commit_messages": cms.COMMIT_MESSAGES,
    }
    assert cms.backend_settings({"repo": ""})["name"] == "github"


def test_pinned_packages_are_the_ones_package_json_pins() -> None:
    manifest = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    for name, version in (cms.EDITOR_PACKAGE, cms.YAML_PACKAGE):
        assert manifest["dependencies"][name] == version
        assert lock["packages"][f"node_modules/{name}"]["version"] == version


def test_assets_are_copied_only_from_the_pinned_versions(tmp_path: Path) -> None:
    modules = REPO / "node_modules"
    if not (modules / "decap-cms").is_dir():
        pytest.skip("npm ci has not been run")
    assets = cms.editor_assets(modules)
    assert assets is not None
    names = {Path(a.dest).name for a in assets}
    assert {"decap-cms.js", "js-yaml.min.js", "decap-cms.LICENSE.txt"} <= names
    assert not any(name.endswith(".map") for name in names)
    # Another version installed: the build does not ship what package.json does not pin.
    fake = tmp_path / "node_modules"
    for name in ("decap-cms", "js-yaml"):
        (fake / name).mkdir(parents=True)
        (fake / name / "package.json").write_text('{"version": "0.0.1"}', encoding="utf-8")
    assert cms.editor_assets(fake) is None


def test_admin_page_loads_the_editor_from_this_site(shipped_site: Path) -> None:
    page = (shipped_site / "admin/index.html").read_text(encoding="utf-8")
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert scripts == list(cms.EDITOR_SCRIPTS)
    assert all((shipped_site / "admin" / script).is_file() for script in scripts)
    assert "://" not in "".join(re.findall(r'(?:src|href)="([^"]+)"', page))
    contract = json.loads(re.search(r'id="showcase-contract"[^>]*>(.*?)</script>', page).group(1))
    assert contract == cms.editor_contract()


@pytest.mark.slow  # a real mkdocs build
def test_without_npm_the_build_succeeds_and_says_how_to_get_the_editor(tmp_path: Path) -> None:
    """The README's first command on a fresh machine: no node_modules."""
    project = make_project(tmp_path / "project")
    assert not (project / "node_modules").exists()
    result = run_mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert "npm ci" in result.stderr
    page = (project / "site/admin/index.html").read_text(encoding="utf-8")
    assert "案例编辑器尚未安装" in page and "npm ci" in page
    assert "<script src=" not in page
    assert not (project / "site/admin/decap-cms.js").exists()
    assert (project / "site/admin/config.yml").is_file()


@pytest.mark.slow  # a real mkdocs build
def test_an_unusable_forge_fails_the_build_with_a_message(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(
        config.replace("name: github", "name: gitea"), encoding="utf-8"
    )
    result = run_mkdocs_build(project)
    assert result.returncode == 1
    assert "editor.name 不能是“gitea”" in result.stderr
    assert "Traceback" not in result.stderr


def test_image_urls_point_at_published_copies(shipped_site: Path) -> None:
    urls = json.loads((shipped_site / "admin/images.json").read_text(encoding="utf-8"))
    assert cms.image_key("huaian/chen-fei-dish.jpg") in urls
    assert len(urls) == len(list((REPO / "images").rglob("*.jpg")))
    assert all((shipped_site / url).is_file() for url in urls.values())


def test_image_keys_are_fnv1a_64() -> None:
    # Published FNV-1a 64-bit test vectors; editor.js computes the same (browser test).
    assert cms.image_key("") == "cbf29ce484222325"
    assert cms.image_key("a") == "af63dc4c8601ec8c"
    assert cms.image_key("foobar") == "85944171f73967e8"


def test_local_proxy_command(tmp_path: Path) -> None:
    argv, env = cms.local_proxy_command(tmp_path, workflow=False, port=8081)
    assert argv[-1].endswith("decap-server/dist/index.js")
    assert env["MODE"] == "fs" and env["GIT_REPO_DIRECTORY"] == str(tmp_path)
    assert env["BIND_HOST"] == "127.0.0.1" and env["PORT"] == "8081"
    assert cms.local_proxy_command(tmp_path, workflow=True, port=9000)[1]["MODE"] == "git"


@pytest.mark.parametrize(
    ("option", "api"),
    [
        ({}, "https://api.github.com"),
        ({"name": "gitlab"}, "https://gitlab.com"),
        (
            {"name": "gitlab", "api_root": "https://git.example.org/api/v4"},
            "https://git.example.org",
        ),
        (
            {"name": "forgejo", "api_root": "https://code.example.cn/api/v1"},
            "https://code.example.cn",
        ),
    ],
)
def test_the_editor_connects_only_to_its_forge_and_the_local_backend(
    option: dict[str, str], api: str
) -> None:
    connections = cms.editor_connections(cms.backend_settings(option))
    assert connections == [api, "http://localhost:8081", "http://127.0.0.1:8081"]
    policy = csp.editor_policy(connections)
    assert policy["connect-src"] == ("'self'", "blob:", *connections)
    assert "'unsafe-inline'" not in policy["script-src"]
    assert policy["frame-ancestors"] == ("'none'",)
