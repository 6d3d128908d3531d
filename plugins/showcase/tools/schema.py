"""JSON Schema (draft 2020-12) of each kind's front matter, for editors' completion and checks.

The rules come from the pydantic models (`model_json_schema()`); this module only adds what a
schema cannot learn from them: Chinese titles and descriptions (FIELD_DOCS, the one table of
field explanations), the id pattern of reference fields, the input types of fields whose
validator accepts more than the result type says, and the rule that a worker needs a city or an
enterprise. `python build.py schema` writes schemas/<kind>.schema.json; a test keeps the
committed files equal to freshly generated ones.
"""

from __future__ import annotations

import json
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pydantic import AfterValidator, BaseModel, BeforeValidator

from showcase import models
from showcase.domain import KINDS
from showcase.paths import TAG_MAX_LENGTH

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_DIR = "schemas"
SUBMODELS = (models.Stat, models.GalleryImage, models.Honor)


def _ref(label: str, folder: str) -> str:
    return f"{label}的 id，即 content/{folder}/ 下的文件名（不含 .md）"


_VALUE_FORMS = (
    "写成 18.3万人次、2万多人、超千人次、约3000人、1500—4000元 这样的文字；"
    "也可以写纯数字，再用 unit 写单位"
)

# Model name -> field -> (title, description). A kind's own entry wins over CaseFields.
FIELD_DOCS: dict[str, dict[str, tuple[str, str]]] = {
    "CaseFields": {
        "name": ("名称", "显示的名称，如 淮安市、马奔"),
        "summary": ("一句话介绍", "用在卡片、搜索结果和网页描述里，160 字以内"),
        "tags": ("主题标签", "如 技能提升、权益保障、思想引领；尽量沿用已有的标签"),
        "stats": ("数据卡片", "每项一个数字：label 和 value 必填"),
        "gallery": ("照片", "每项一张照片：src 和 caption 必填；第一张是封面"),
        "sources": ("出处", f"本案例依据的文件，每项是{_ref('出处', 'sources')}"),
        "draft": ("草稿", "true：网站上不显示，但仍会检查"),
        "updated": ("更新日期", "最后一次实质修改的日期，写成 YYYY-MM-DD"),
    },
    "City": {
        "province": ("所在省份", "如 江苏省、安徽省"),
        "level": ("行政级别", "省、地级市、县级市、县、区、镇、街道、园区 之一"),
        "parent": ("上级城市", f"所属上级{_ref('城市', 'cities')}，如祝塘镇的上级写 jiangyin"),
    },
    "Enterprise": {
        "city": ("所在城市", _ref("城市", "cities")),
        "industry": ("行业", "如 钢铁、煤炭、电力、石化、液压机械"),
        "ownership": ("所有制", "国有、民营、外资、台资、混合所有制 之一"),
        "parent": ("所属集团", f"集团的{_ref('企业', 'enterprises')}"),
    },
    "Worker": {
        "enterprise": ("所在企业", _ref("企业", "enterprises")),
        "city": (
            "所在城市",
            _ref("城市", "cities") + "；没填 enterprise 时必填，填了则默认是企业所在的城市",
        ),
        "position": ("岗位", "如 综采二区煤机维护员"),
        "honors": ("荣誉", "每项一个荣誉：title 必填，year、level 可选"),
        "portrait": ("肖像照", "相对于 images/ 的照片路径，如 xuzhou/ma-ben.jpg；也是封面"),
    },
    "Source": {
        "name": ("文件标题", "照原文写，不加书名号"),
        "summary": ("一句话介绍", "可不写：网站自动用“发布单位 日期 发布的《标题》”；160 字以内"),
        "publisher": ("发布单位", "照原文写；原文没有印出时写 资料待补充"),
        "date": ("发布日期", "YYYY-MM-DD、YYYY-MM 或只写年份 YYYY；原文没有日期写 未载明"),
        "issue": ("期号", "如 2024 年第 8 期（总第 38 期）"),
        "authors": ("作者", "每项一人"),
        "url": ("原文网址", "只接受 https:// 开头的完整网址"),
    },
    "Stat": {
        "label": ("数据名称", "如 职业技能培训"),
        "value": ("数值", _VALUE_FORMS),
        "unit": ("单位", 'value 是纯数字时必填（没有单位写 ""）；如 人、元、家'),
        "year": ("年份", "数据所属的年份，四位数字，如 2022；写了 period 就不必再写"),
        "period": (
            "期间",
            "数据覆盖的期间，照原文写：2023（一年）；2021—2023、2019年至今、近两年、三年来、"
            "今年以来（一段时间）；累计、截至发布时、截至2024-06（截至某日）",
        ),
        "measure": ("统计内容", "数的是什么，如 培训、评定、奖励、参与、帮扶、发放、建成"),
        "source": ("出处", f"这个数字出自哪份文件：{_ref('出处', 'sources')}"),
        "note": ("说明", "补充说明，如统计范围"),
        "metric": (
            "可比指标",
            "content/metrics.yml 中的指标名，如 skills-training；单位、统计内容、期间和案例类别"
            "都要符合指标的规定",
        ),
    },
    "GalleryImage": {
        "src": ("照片路径", "相对于 images/ 的路径，如 huaian/huaigang-production.jpg"),
        "caption": ("图片说明", "必填，也是给看不见图片的读者的替代文字"),
        "credit": ("摄影/供图", "如 通讯员 蔡凤"),
    },
    "Honor": {
        "title": ("荣誉名称", "如 全国劳动模范"),
        "year": ("获得年份", "四位数字，如 2020"),
        "level": ("级别", "国家级、省级、市级、企业级 之一"),
    },
}

MODEL_DOCS: dict[str, tuple[str, str]] = {
    kind.name: (
        f"{kind.label}案例文件的 YAML 头部",
        f"content/{kind.folder}/<id>.md 开头两行 --- 之间的字段",
    )
    for kind in KINDS.values()
} | {
    "Stat": ("数据卡片", "一个数字：label 和 value 必填"),
    "GalleryImage": ("照片", "src 和 caption 必填"),
    "Honor": ("荣誉", "title 必填"),
}

# What a validator accepts, where it differs from what it returns: YAML reads `date: 2023` as
# a number and an editor reads `updated: 2024-06-24` as text.
_INPUT_SCHEMAS: dict[Callable[..., Any], dict[str, Any]] = {
    models._check_publication_date: {"type": ["string", "integer"]},
    models._read_period: {"type": ["string", "integer", "null"]},
}
# Types the models hold that contributors never write as such (a period is written as text).
_PARSED_TYPES = ("Period",)
# Constraints a validator checks, added to the string schemas of the field.
_STRING_RULES: dict[Callable[..., Any], dict[str, Any]] = {
    models._check_id: {"pattern": models.ID_PATTERN.pattern},
    models._check_https: {"pattern": r"^https://\S+$"},
    # The tag rule's characters are Unicode classes, which editors' schema regexes may lack.
    models._check_tag: {"maxLength": TAG_MAX_LENGTH},
}
# Validators that read a null (`tags:` with nothing after it) as an empty list.
_NULL_AS_EMPTY = {getattr(models, "_none_as_empty_list", None)} - {None}
# Fields typed Any in the model because their validator reads them.
_ANY_FIELDS = {("Stat", "value"): {"type": ["string", "number"]}}


def field_doc(model: type[BaseModel], name: str) -> tuple[str, str]:
    for cls in model.__mro__:
        doc = FIELD_DOCS.get(cls.__name__, {}).get(name)
        if doc:
            return doc
    raise KeyError(f"FIELD_DOCS has no entry for {model.__name__}.{name}")


def validators_of(model: type[BaseModel], name: str) -> set[Callable[..., Any]]:
    """The functions of every Before/AfterValidator anywhere in a field's type."""
    info = model.model_fields[name]
    found: set[Callable[..., Any]] = set()
    stack: list[Any] = [info.annotation, *info.metadata]
    while stack:
        item = stack.pop()
        if isinstance(item, (AfterValidator, BeforeValidator)):
            found.add(item.func)
        elif typing.get_origin(item) is typing.Annotated:
            stack += [item.__origin__, *item.__metadata__]
        else:
            stack += typing.get_args(item)
    return found


def _string_schemas(schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The string schemas inside a property's schema (itself, anyOf branches, list items)."""
    if schema.get("type") == "string":
        yield schema
    for branch in schema.get("anyOf", []):
        yield from _string_schemas(branch)
    if isinstance(schema.get("items"), dict):
        yield from _string_schemas(schema["items"])


def _document_model(model: type[BaseModel], schema: dict[str, Any], key: str) -> None:
    title, description = MODEL_DOCS[key]
    schema["title"], schema["description"] = title, description
    for name, prop in schema["properties"].items():
        funcs = validators_of(model, name)
        for func in funcs & _INPUT_SCHEMAS.keys():
            prop.clear()
            prop.update(_INPUT_SCHEMAS[func])
        if (model.__name__, name) in _ANY_FIELDS:
            prop.update(_ANY_FIELDS[(model.__name__, name)])
        for func in funcs & _STRING_RULES.keys():
            for string in _string_schemas(prop):
                string.update(_STRING_RULES[func])
        if funcs & _NULL_AS_EMPTY:
            default = prop.pop("default", None)
            accepted = {k: v for k, v in prop.items() if k not in ("title", "description")}
            prop.clear()
            prop["anyOf"] = [accepted, {"type": "null"}]
            if default is not None:
                prop["default"] = default
        if prop.get("default", ...) is None:
            del prop["default"]  # editors would insert `field: null`
        title, description = field_doc(model, name)
        # Title and description first: editors show them in this order.
        rest = {k: v for k, v in prop.items() if k not in ("title", "description")}
        prop.clear()
        prop.update({"title": title, "description": description, **rest})


def kind_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind's front matter."""
    model = KINDS[kind].model
    generated = model.model_json_schema()
    _document_model(model, generated, kind)
    for submodel in SUBMODELS:
        if submodel.__name__ in generated.get("$defs", {}):
            _document_model(submodel, generated["$defs"][submodel.__name__], submodel.__name__)
    for name in _PARSED_TYPES:
        generated.get("$defs", {}).pop(name, None)
    if model is models.Worker:
        # Worker._needs_a_place: `city` is required unless `enterprise` is given.
        generated["anyOf"] = [{"required": ["city"]}, {"required": ["enterprise"]}]
    return {"$schema": DIALECT, **generated}


def schema_files() -> dict[str, str]:
    """File name under schemas/ -> its text, for every kind."""
    return {
        f"{kind}.schema.json": json.dumps(kind_schema(kind), ensure_ascii=False, indent=2) + "\n"
        for kind in KINDS
    }


def write_schemas(project_dir: Path) -> list[Path]:
    """Writes schemas/<kind>.schema.json; returns the files whose content changed."""
    folder = project_dir / SCHEMA_DIR
    folder.mkdir(exist_ok=True)
    changed = []
    for name, text in schema_files().items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8", newline="\n")
            changed.append(path)
    return changed
