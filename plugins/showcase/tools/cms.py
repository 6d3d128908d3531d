"""The contributors' editor at /admin/: Decap CMS, configured from the models that validate
case files.

Everything the editor knows about the case format comes from here, generated like the JSON
Schemas (schema.py): one collection per kind, every model field with the Chinese title and
hint of schema.FIELD_DOCS, required fields, choices as selects, references as pickers that
search existing cases by name and store the id, image fields uploading into images/, the id as
the file name. `editor_config` is the Decap configuration (admin/config.yml); `editor_contract`
is what the editor's own scripts (site_src/overrides/admin/) need to write files the way
`check` reads them: the order of fields, which values YAML may read as dates or numbers, the
id pattern and the summary length.

The editor's JavaScript comes from the npm packages pinned in package.json and is copied into
the build when `npm ci` has installed them (`editor_assets`); without them the build still
succeeds and /admin/ says how to get the editor. Nothing is loaded from another host.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import types
import typing
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import jinja2
import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files
from pydantic import BaseModel, StringConstraints

from showcase import csp, models
from showcase.checking.crosscheck import REFERENCE_FIELDS
from showcase.domain import KINDS
from showcase.output.images import Rendition
from showcase.periods import Period
from showcase.serving.plan import write_if_changed
from showcase.tools.schema import field_doc, validators_of
from showcase.views.cards import image_view

log = get_plugin_logger(__name__)
ADMIN_DIR = "admin"
# The editor and the YAML reader its scripts use, pinned exactly in package.json (a test keeps
# the two in step). Only the browser bundle is copied: Decap's lazily loaded chunks and its
# WebAssembly files sit next to decap-cms.js and are found relative to it.
EDITOR_PACKAGE = ("decap-cms", "3.16.3")
YAML_PACKAGE = ("js-yaml", "4.3.2")
EDITOR_FILES = ("dist/decap-cms.js", "dist/[0-9]*.decap-cms.js", "dist/*.wasm")
YAML_FILES = ("dist/js-yaml.min.js",)
LICENSE_FILES = ("dist/decap-cms.js.LICENSE.txt", "LICENSE")

# Decap's backends for forges whose pull requests carry the editorial workflow (its Gitea
# backend has no workflow: saving there would commit to the branch directly).
WORKFLOW_BACKENDS = ("github", "gitlab", "forgejo")
# The local backend proxy (decap-server) of `python build.py editor`: Decap looks for it on
# this port of the page's own host, and only when that host is localhost or 127.0.0.1.
LOCAL_PROXY_PORT = 8081

# Common fields first the way `python build.py new` writes them: who or what (name, summary),
# then the kind's own fields, then the rest.
LEADING_FIELDS = ("name", "summary")
# Reference fields other than a kind's own (loader.REFERENCE_FIELDS): (model, field) -> kind.
OTHER_REFERENCES = {("CaseFields", "sources"): "source", ("Stat", "source"): "source"}
METRIC_FIELDS = {("Stat", "metric")}
# The image paths loader.image_fields reads; an upload goes to images/<kind folder>/.
IMAGE_FIELDS = {("Worker", "portrait"), ("GalleryImage", "src")}
# Text that YAML reads as a date or a number which the model accepts as such: written
# unquoted, so `updated: 2024-06-24` stays a date and `date: 2023` a year. Every other text
# that YAML would read as something else is quoted.
_PLAIN_VALIDATORS = {
    models._check_date: r"^\d{4}-\d{2}-\d{2}$",
    models._check_publication_date: r"^\d{4}(?:-\d{2}){0,2}$",
}
# The forms of a source's `date` (the model also checks that the day exists).
_PUBLICATION_DATE_PATTERN = rf"^\s*(\d{{4}}(-\d{{2}}){{0,2}}|{models.UNDATED})\s*$"
_SUMMARY_PATTERN = rf"^\s*[\s\S]{{1,{models.SUMMARY_MAX}}}?\s*$"


# {{collection}} is the kind's name (劳模工匠), {{slug}} the id.
COMMIT_MESSAGES = {
    "create": "新增{{collection}}：{{slug}}",
    "update": "修改{{collection}}：{{slug}}",
    "delete": "删除{{collection}}：{{slug}}",
    "uploadMedia": "上传照片：{{path}}",
    "deleteMedia": "删除照片：{{path}}",
    "openAuthoring": "{{message}}",
}


class EditorSettingsError(ValueError):
    """The `editor` option in mkdocs.yml is not usable; str() is a complete Chinese message."""


@dataclass(frozen=True)
class AdminFile:
    """One file of /admin/: generated text, or a file copied from node_modules."""

    dest: str  # site-relative, e.g. admin/config.yml
    content: str | None = None
    source: Path | None = None


# --- The Decap configuration -----------------------------------------------------------------


def editor_config(
    *,
    content_dir: str,
    images_dir: str,
    metrics: dict[str, models.Metric],
    backend: dict[str, Any],
) -> dict[str, Any]:
    """admin/config.yml: the forge, the editorial workflow and one collection per kind."""
    return {
        "locale": "zh_Hans",
        "backend": backend,
        # Every save is a branch and a pull request (draft → in review → ready), never a commit
        # to the published branch; the check workflow annotates it and a reviewer merges it.
        "publish_mode": "editorial_workflow",
        # `python build.py editor`: the working tree through decap-server, looked for at
        # http://<the page's host>:8081/api/v1 when the page is served from this computer.
        "local_backend": {"allowed_hosts": ["localhost", "127.0.0.1"]},
        "media_folder": images_dir,
        "public_folder": "",
        # File names of uploads keep Chinese characters; spaces and URL-unsafe characters
        # become hyphens. Case ids are never slugified: the id field is the file name.
        "slug": {"encoding": "unicode", "clean_accents": False, "sanitize_replacement": "-"},
        "collections": [
            collection_config(kind, content_dir=content_dir, images_dir=images_dir, metrics=metrics)
            for kind in KINDS
        ],
    }


def collection_config(
    kind: str, *, content_dir: str, images_dir: str, metrics: dict[str, models.Metric]
) -> dict[str, Any]:
    folder, model, label = (KINDS[kind].folder, KINDS[kind].model, KINDS[kind].label)
    context = _Context(kind=kind, images_dir=images_dir, metrics=metrics)
    return {
        "name": folder,
        "label": label,
        "label_singular": label,
        "description": f"content/{folder}/ 下的{label}案例文件，每个案例一个文件，文件名就是 id。",
        "folder": f"{content_dir}/{folder}",
        "extension": "md",
        # The custom format registered by admin/case-file.js: front matter written in the
        # contract's field order, the body kept as written.
        "format": f"showcase-{kind}",
        "create": True,
        # Deleting a published case would be a commit to the published branch, not a pull
        # request; cases are withdrawn with `draft: true` instead.
        "delete": False,
        "identifier_field": "name",
        "slug": "{{fields.id}}",
        # {{slug}} here would be the name (the identifier field); the file name is the id.
        "summary": "{{name}}（{{filename}}）",
        "sortable_fields": ["name"],
        "fields": [id_field(kind), *model_fields(model, context), body_field()],
    }


def id_field(kind: str) -> dict[str, Any]:
    """The file name. Not a front-matter field: the editor's format leaves it out of the file."""
    folder, _, label = (KINDS[kind].folder, KINDS[kind].model, KINDS[kind].label)
    return {
        "name": "id",
        "label": "id（文件名）",
        "widget": "showcase-id",
        "hint": (
            f"也是网址：/{folder}/<id>/。只用小写英文字母、数字和单个连字符，如 ma-ben；"
            f"在所有类别中唯一；保存后不能再改。{label}通常用名称的拼音"
        ),
        "pattern": [models.ID_PATTERN.pattern, "只能用小写英文字母、数字和单个连字符，如 ma-ben"],
    }


def body_field() -> dict[str, Any]:
    return {
        "name": "body",
        "label": "正文",
        "widget": "markdown",
        # Raw Markdown only: the rich-text mode would rewrite [[id]] links as \[\[id]].
        "modes": ["raw"],
        "required": False,
        "hint": (
            "Markdown：空一行分段，## 开头是小标题，- 开头是列表；"
            "[[案例id]] 链接到另一个案例，[[案例id|文字]] 用自己写的文字"
        ),
    }


@dataclass(frozen=True)
class _Context:
    kind: str
    images_dir: str
    metrics: dict[str, models.Metric]


def form_order(model: type[BaseModel]) -> list[str]:
    """The order of a model's fields in the form and in a new file."""
    names = list(model.model_fields)
    if not set(LEADING_FIELDS) <= set(names):
        return names
    common = [n for n in models.CaseFields.model_fields if n not in LEADING_FIELDS]
    own = [n for n in names if n not in models.CaseFields.model_fields]
    return [*LEADING_FIELDS, *own, *common]


def model_fields(model: type[BaseModel], context: _Context) -> list[dict[str, Any]]:
    return [field_config(model, name, context) for name in form_order(model)]


def field_config(model: type[BaseModel], name: str, context: _Context) -> dict[str, Any]:
    """One model field as a Decap field: label and hint, whether it is required, the widget."""
    title, hint = field_doc(model, name)
    info = model.model_fields[name]
    config: dict[str, Any] = {"name": name, "label": title, "hint": hint}
    required = info.is_required() and not (model is models.Worker and name == "city")
    config["required"] = required
    config.update(_widget(model, name, info.annotation, context))
    # The contract's hint says what goes into the file; a picker or an upload also says how.
    # An upload asks for no path, so the hint's example path is left out (it names a shipped
    # photo, and the built site never names an original).
    how = _HOW_TO.get(config["widget"])
    if config["widget"] == "image":
        hint = _EXAMPLE_PATH.sub("", hint)
    if how:
        config["hint"] = f"{hint}。{how.format(folder=KINDS[context.kind].folder)}"
    return config


_EXAMPLE_PATH = re.compile(r"，如 [\w/.-]+\.(?:jpg|jpeg|png|webp|gif)")


_HOW_TO = {
    "relation": "在框里输入名称的一部分，从列表中选择",
    "image": "点“选择图片”再点“上传”；照片放进 images/{folder}/，文件名请用拼音或英文",
}


def _owner(model: type[BaseModel], name: str) -> str:
    """The model class that declares a field (CaseFields for the common ones)."""
    for cls in reversed(model.__mro__):
        if (
            isinstance(cls, type)
            and issubclass(cls, BaseModel)
            and name in getattr(cls, "__annotations__", {})
        ):
            return cls.__name__
    return model.__name__


def _widget(
    model: type[BaseModel], name: str, annotation: Any, context: _Context
) -> dict[str, Any]:
    owner = _owner(model, name)
    validators = validators_of(model, name)
    shape, detail = _shape(annotation)
    reference = _reference_kind(model, owner, name, context.kind)
    if reference:
        widget = _relation(reference)
        return {**widget, "multiple": True} if shape == "list" else widget
    if (owner, name) in METRIC_FIELDS:
        return {"widget": "select", "options": metric_options(context.metrics)}
    if (model.__name__, name) in IMAGE_FIELDS:
        return _image(context)
    if model is models.Stat and name == "value":
        return {"widget": "showcase-quantity"}
    if shape == "literal":
        return {"widget": "select", "options": list(detail)}
    if shape == "bool":
        return {"widget": "boolean", "default": False}
    if shape == "int":
        low, high = _bounds(annotation)
        return {"widget": "number", "value_type": "int", "min": low, "max": high}
    if models._check_date in validators:
        return {
            "widget": "datetime",
            "format": "YYYY-MM-DD",
            "date_format": "YYYY-MM-DD",
            "time_format": False,
            "default": "",
        }
    if models._check_publication_date in validators:
        return {
            "widget": "string",
            "pattern": [_PUBLICATION_DATE_PATTERN, "写成 YYYY-MM-DD、YYYY-MM、YYYY，或 未载明"],
        }
    if models._check_https in validators:
        return {"widget": "string", "pattern": [r"^https://\S+$", "只接受 https:// 开头的完整网址"]}
    if shape == "list" and _shape(detail)[0] == "model":
        submodel = _shape(detail)[1]
        return {
            "widget": "list",
            "collapsed": True,
            "summary": _list_summary(submodel),
            "fields": model_fields(submodel, context),
        }
    if shape == "list" and _shape(detail)[0] == "text":
        return {
            "widget": "list",
            "summary": "{{fields.item}}",
            "field": {"name": "item", "label": field_doc(model, name)[0], "widget": "string"},
        }
    if shape == "text" and name == "summary":
        return {
            "widget": "text",
            "pattern": [_SUMMARY_PATTERN, f"{models.SUMMARY_MAX} 字以内"],
        }
    if shape == "text":
        return {"widget": "string"}
    raise TypeError(f"no editor widget for {model.__name__}.{name} ({annotation!r})")


def _shape(annotation: Any) -> tuple[str, Any]:
    """A field's type as the editor sees it: ("text" | "int" | "bool" | "date" | "any", None),
    ("literal", choices), ("list", item type) or ("model", model class). A type it does not
    know is an error, so a new kind of field cannot slip into the editor unconfigured."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _shape(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        arms = [arm for arm in typing.get_args(annotation) if arm is not type(None)]
        return _shape(arms[0])
    if origin is Literal:
        return "literal", typing.get_args(annotation)
    if origin is list:
        return "list", typing.get_args(annotation)[0]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "model", annotation
    if annotation is bool:
        return "bool", None
    if annotation is int:
        return "int", None
    if annotation is str:
        return "text", None
    if annotation is Any:
        return "any", None
    if annotation is dt.date:
        return "date", None
    if annotation is Period:  # written as text (2023, 近两年, 截至2024-06), read by periods.py
        return "text", None
    raise TypeError(f"no editor shape for {annotation!r}")


def _bounds(annotation: Any) -> tuple[int | None, int | None]:
    """ge/le of an integer field (Year: 1900..2100)."""
    low = high = None
    stack = [annotation]
    while stack:
        item = stack.pop()
        if typing.get_origin(item) is typing.Annotated:
            stack += [item.__origin__, *item.__metadata__]
        elif typing.get_origin(item) is not None:
            stack += typing.get_args(item)
        else:
            for constraint in getattr(item, "metadata", None) or [item]:
                low = getattr(constraint, "ge", low)
                high = getattr(constraint, "le", high)
    return low, high


def _reference_kind(model: type[BaseModel], owner: str, name: str, kind: str) -> str | None:
    if (owner, name) in OTHER_REFERENCES:
        return OTHER_REFERENCES[(owner, name)]
    if model is KINDS[kind].model:
        return dict(REFERENCE_FIELDS[kind]).get(name)
    return None


def _relation(target: str) -> dict[str, Any]:
    """A picker that searches cases of one kind by name (or id) and stores the id."""
    folder, _, _ = (KINDS[target].folder, KINDS[target].model, KINDS[target].label)
    return {
        "widget": "relation",
        "collection": folder,
        "search_fields": ["name"],
        "value_field": "{{slug}}",
        # Two people may share a name; the id tells them apart.
        "display_fields": ["{{name}}（{{slug}}）"],
        "options_length": 50,
    }


def metric_options(metrics: dict[str, models.Metric]) -> list[dict[str, str]]:
    """content/metrics.yml as select options (a metric is a key of that file, not a case)."""
    return [
        {"label": f"{metric.label}（{metric.unit or '无单位'}，{key}）", "value": key}
        for key, metric in metrics.items()
    ]


def _image(context: _Context) -> dict[str, Any]:
    # One folder per kind, images/workers/ and so on. Not per case: Decap computes a photo's
    # path when it is uploaded and again, from the entry's data then, when a new case is
    # saved, so a folder named after the id would differ between the two whenever the id is
    # typed after the upload, and the file would not be where the case says.
    folder = KINDS[context.kind].folder
    return {
        "widget": "image",
        "choose_url": False,
        "media_folder": f"/{context.images_dir}/{folder}",
        "public_folder": folder,
    }


def _list_summary(submodel: type[BaseModel]) -> str:
    first, second = list(submodel.model_fields)[:2]
    return f"{{{{fields.{first}}}}}：{{{{fields.{second}}}}}"


# --- What the editor's own scripts need ------------------------------------------------------


def editor_contract() -> dict[str, Any]:
    """Field order, plain-written fields and limits per collection, for admin/case-file.js and
    admin/editor.js (embedded in admin/index.html)."""
    collections = {}
    for kind, folder, model, label in (
        (k.name, k.folder, k.model, k.label) for k in KINDS.values()
    ):
        collections[folder] = {
            "kind": kind,
            "label": label,
            "order": form_order(model),
            "items": {
                name: form_order(_shape(_shape(info.annotation)[1])[1])
                for name, info in model.model_fields.items()
                if _shape(info.annotation)[0] == "list"
                and _shape(_shape(info.annotation)[1])[0] == "model"
            },
            "plain": {
                name: _PLAIN_VALIDATORS[func]
                for name in model.model_fields
                for func in validators_of(model, name) & _PLAIN_VALIDATORS.keys()
            },
            "required": [name for name, info in model.model_fields.items() if info.is_required()],
            "text": [name for name in model.model_fields if _is_text(model, name)],
            # Field titles, for the preview's list of problems ("stats.value": "数值").
            "labels": _labels(model),
            "summary_required": model.model_fields["summary"].is_required(),
        }
    return {
        "id_pattern": models.ID_PATTERN.pattern,
        "reserved_ids": ["index"],
        "summary_max": models.SUMMARY_MAX,
        "folders": {kind.folder: kind.name for kind in KINDS.values()},
        "collections": collections,
    }


def _labels(model: type[BaseModel], prefix: str = "") -> dict[str, str]:
    labels = {"id": "id（文件名）"} if not prefix else {}
    for name, info in model.model_fields.items():
        labels[prefix + name] = field_doc(model, name)[0]
        shape, item = _shape(info.annotation)
        if shape == "list" and _shape(item)[0] == "model":
            labels.update(_labels(_shape(item)[1], f"{prefix}{name}."))
    return labels


def _is_text(model: type[BaseModel], name: str) -> bool:
    """A field of models.Text: stripped, and empty after stripping is an error."""
    stack: list[Any] = [model.model_fields[name].annotation, *model.model_fields[name].metadata]
    while stack:
        item = stack.pop()
        if isinstance(item, StringConstraints) and item.min_length == 1 and item.strip_whitespace:
            return True
        if typing.get_origin(item) is typing.Annotated:
            stack += [item.__origin__, *item.__metadata__]
        elif typing.get_origin(item) is not list:
            stack += typing.get_args(item)
    return False


def image_urls(renditions: dict[str, Rendition]) -> dict[str, str]:
    """image_key(images/-relative path) -> site-relative URL of its smallest published copy, so
    the editor's preview shows existing photos. Keyed by a hash: the built site never names an
    original photo (tests/test_gallery_browser.py), and the preview has the path to hash."""
    return {
        image_key(src): image_view(rendition, "", None).image.src
        for src, rendition in sorted(renditions.items())
    }


def image_key(src: str) -> str:
    """FNV-1a (64 bits) of the path's UTF-8 bytes, in hex; editor.js computes the same."""
    value = 0xCBF29CE484222325
    for byte in src.encode("utf-8"):
        value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{value:016x}"


# --- Settings and files ----------------------------------------------------------------------


def backend_settings(option: dict[str, Any]) -> dict[str, Any]:
    """The `editor` option of mkdocs.yml as Decap's `backend`: the forge and its repository.

    Raises EditorSettingsError naming what to fix.
    """
    backend = {key: value for key, value in option.items() if value not in (None, "")}
    name = backend.setdefault("name", "github")
    if name not in WORKFLOW_BACKENDS:
        raise EditorSettingsError(
            f"editor.name 不能是“{name}”：只能是 {'、'.join(WORKFLOW_BACKENDS)} 之一"
            "（这些平台的拉取请求能承载审核流程）"
        )
    if name == "forgejo" and "api_root" not in backend:
        raise EditorSettingsError(
            "editor.name 是 forgejo 时必须给出 editor.api_root，如 https://git.example.org/api/v1"
        )
    backend.setdefault("branch", "main")
    backend.setdefault("repo", "")
    # The first commit's message is the pull request's title: reviewers read Chinese.
    backend.setdefault("commit_messages", COMMIT_MESSAGES)
    return backend


# The API each forge's backend talks to when mkdocs.yml gives no editor.api_root.
DEFAULT_API_ROOTS = {"github": "https://api.github.com", "gitlab": "https://gitlab.com/api/v4"}


def _origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def editor_connections(backend: dict[str, Any]) -> list[str]:
    """Where the editor's page connects besides the site: the forge's API and, when the page is
    served from this computer, the local backend (decap-server)."""
    api_root = backend.get("api_root") or DEFAULT_API_ROOTS.get(backend["name"], "")
    local = [f"http://{host}:{LOCAL_PROXY_PORT}" for host in ("localhost", "127.0.0.1")]
    return [*([_origin(api_root)] if api_root else []), *local]


def editor_header_policy(options: Any) -> str:
    """The Content-Security-Policy sent with /admin/ (publish.py), from the `editor` option."""
    try:
        backend = backend_settings(options.editor)
    except EditorSettingsError:
        backend = {"name": ""}  # add_admin_files has refused the build already
    return csp.serialize(csp.editor_policy(editor_connections(backend)))


def editor_assets(node_modules: Path) -> list[AdminFile] | None:
    """The editor's JavaScript copied from the pinned npm packages, or None when `npm ci` has
    not installed them (or installed other versions than package.json pins)."""
    found = []
    for (package, version), patterns in (
        (EDITOR_PACKAGE, EDITOR_FILES + LICENSE_FILES),
        (YAML_PACKAGE, YAML_FILES + LICENSE_FILES),
    ):
        root = node_modules / package
        if _installed_version(root) != version:
            return None
        for pattern in patterns:
            for path in sorted(root.glob(pattern)):
                name = (
                    path.name
                    if path.suffix != ".txt" and path.name != "LICENSE"
                    else (f"{package}.LICENSE.txt")
                )
                found.append(AdminFile(f"{ADMIN_DIR}/{name}", source=path))
    return found


def _installed_version(package_dir: Path) -> str | None:
    try:
        manifest = json.loads((package_dir / "package.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return manifest.get("version")


def generated_admin_files(
    *,
    content_dir: str,
    images_dir: str,
    metrics: dict[str, models.Metric],
    backend: dict[str, Any],
    renditions: dict[str, Rendition],
) -> Iterator[AdminFile]:
    """config.yml and images.json; index.html is rendered from its template by the plugin."""
    config = editor_config(
        content_dir=content_dir, images_dir=images_dir, metrics=metrics, backend=backend
    )
    yield AdminFile(f"{ADMIN_DIR}/config.yml", content=config_yaml(config))
    yield AdminFile(
        f"{ADMIN_DIR}/images.json",
        content=json.dumps(image_urls(renditions), ensure_ascii=False, indent=0) + "\n",
    )


def local_proxy_command(
    project_dir: Path, *, workflow: bool, port: int = LOCAL_PROXY_PORT
) -> tuple[list[str], dict[str, str]]:
    """The command line and environment of decap-server, the local backend of
    `python build.py editor`: the working tree itself (`fs`: saving writes the file), or with
    `workflow` the repository's branches (`git`: saving commits to a branch cms/<kind>/<id>,
    publishing merges it, as a pull request would be)."""
    script = project_dir / "node_modules" / "decap-server" / "dist" / "index.js"
    env = {
        "MODE": "git" if workflow else "fs",
        "GIT_REPO_DIRECTORY": str(project_dir),
        "PORT": str(port),
        # Only this computer may talk to it: it reads and writes the working tree.
        "BIND_HOST": "127.0.0.1",
        "LOG_LEVEL": "warn",
    }
    if workflow:
        # decap-server reads the paths `git diff` prints; by default git quotes and escapes
        # non-ASCII ones ("images/workers/\346\235\216.jpg"), and a photo named 李明.jpg is
        # then not found. Set for its git commands only, not in the repository's config.
        env |= {
            "GIT_CONFIG_COUNT": "1",
            "GIT_CONFIG_KEY_0": "core.quotePath",
            "GIT_CONFIG_VALUE_0": "false",
        }
    return ["node", str(script)], env


def config_yaml(config: dict[str, Any]) -> str:
    """config.yml's text. The same configuration comes back after every rebuild under `mkdocs
    serve`: its YAML is kept by the JSON of the configuration, which costs far less to make."""
    key = json.dumps(config, ensure_ascii=False, default=repr)  # key order kept: it is the file's
    if key not in _CONFIG_YAML:
        _CONFIG_YAML.clear()
        _CONFIG_YAML[key] = _config_yaml(config)
    return _CONFIG_YAML[key]


_CONFIG_YAML: dict[str, str] = {}


def _config_yaml(config: dict[str, Any]) -> str:
    header = (
        "# 由 plugins/showcase/cms.py 根据 models.py 生成，请勿手改：\n"
        "# 要改就改模型（models.py、schema.py 的字段说明）或 mkdocs.yml 的 editor 选项。\n"
    )
    return header + yaml.safe_dump(
        config, allow_unicode=True, sort_keys=False, width=1000, default_flow_style=False
    )


# --- MkDocs: the files of /admin/ ------------------------------------------------------------

# The theme's own stylesheets, found by name (mkdocs-material fingerprints them).
_THEME_STYLESHEETS = re.compile(r"^assets/stylesheets/(main|palette)\.[0-9a-f]+\.min\.css$")
# The editor's scripts in site_src/overrides/admin/, in the order the page loads them; MkDocs
# copies them with the theme's other static files.
EDITOR_SCRIPTS = (
    "manual-init.js",
    "js-yaml.min.js",
    "quantity.js",
    "checks.js",
    "case-file.js",
    "decap-cms.js",
    "editor.js",
)
NPM_HINT = "在仓库根目录运行 npm ci（需要 Node.js），再重新生成网站"


def preview_stylesheets(theme_files: list[str], extra_css: list[str]) -> list[str]:
    """Site-relative stylesheets the preview uses to look like the portal."""
    theme = sorted(uri for uri in theme_files if _THEME_STYLESHEETS.match(uri))
    return [*theme, *extra_css, f"{ADMIN_DIR}/preview.css"]


def add_admin_files(files: Files, config: MkDocsConfig, options: Any, site: Any) -> None:
    """Adds admin/ to the site: the page, the generated configuration and, when `npm ci` has
    installed them, the editor's scripts. Called from the plugin's on_files."""
    project_dir = Path(config.config_file_path).parent
    try:
        backend = backend_settings(options.editor)
    except EditorSettingsError as error:
        raise PluginError(f"mkdocs.yml: plugins.showcase.{error}") from None
    assets = editor_assets(project_dir / "node_modules")
    if assets is None:
        log.info(f"在线编辑器（/admin/）的程序没有安装，/admin/ 只显示获取方法：{NPM_HINT}。")
    generated = generated_admin_files(
        content_dir=options.content_dir,
        images_dir=options.images_dir,
        metrics=site.corpus.metrics,
        backend=backend,
        renditions=site.renditions,
    )
    stylesheets = preview_stylesheets(
        [file.src_uri for file in files if file.src_uri.startswith("assets/stylesheets/")],
        [str(path) for path in config.extra_css],
    )
    page = admin_page(
        config.theme.get_env(),
        installed=assets is not None,
        site_name=config.site_name,
        stylesheets=stylesheets,
        policy=csp.serialize(csp.editor_policy(editor_connections(backend)), meta=True),
    )
    generated = [*generated, AdminFile(f"{ADMIN_DIR}/index.html", content=page)]
    for item in [*generated, *(assets or [])]:
        source = item.source
        if source is None:
            # A file in the cache, rewritten only when it changes: a dirty rebuild (`mkdocs
            # serve`) then leaves the output alone, as it does for unchanged pages.
            source = write_if_changed(site.cache_dir / item.dest, item.content or "")
        files.append(File.generated(config, item.dest, abs_src_path=str(source)))


def admin_page(
    env: jinja2.Environment,
    *,
    installed: bool,
    site_name: str,
    stylesheets: list[str],
    policy: str,
) -> str:
    """admin/index.html from the theme template site_src/overrides/admin/index.html."""
    return env.get_template(f"{ADMIN_DIR}/index.html").render(
        installed=installed,
        policy=policy,
        site_name=site_name,
        # Page-relative: the page is admin/index.html.
        stylesheets=["../" + uri for uri in stylesheets],
        scripts=EDITOR_SCRIPTS,
        contract=editor_contract(),
        npm_hint=NPM_HINT,
    )
