"""JSON Schemas for editors: generated from the models, committed, and in step with `check`."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from pydantic import ValidationError

from conftest import FIXTURES, REPO
from showcase import models
from showcase.frontmatter import parse_front_matter
from showcase.loader import KINDS
from showcase.schema import FIELD_DOCS, SCHEMA_DIR, SUBMODELS, kind_schema, schema_files, write_schemas

CJK = re.compile(r"[\u4e00-\u9fff]")


def json_ready(value: Any) -> Any:
    """Front matter as an editor's YAML server sees it: dates are text, keys are strings."""
    if isinstance(value, dict):
        return {str(key): json_ready(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_ready(item) for item in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def validator(kind: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(kind_schema(kind))


def test_committed_schemas_are_up_to_date() -> None:
    generated = schema_files()
    committed = {path.name: path.read_text(encoding="utf-8")
                 for path in sorted((REPO / SCHEMA_DIR).glob("*.json"))}
    stale = sorted(name for name in generated.keys() | committed.keys()
                   if generated.get(name) != committed.get(name))
    assert not stale, f"schemas/ is out of date ({', '.join(stale)}): run python build.py schema"


def test_write_schemas(tmp_path: Path) -> None:
    assert sorted(path.name for path in write_schemas(tmp_path)) == sorted(schema_files())
    assert write_schemas(tmp_path) == []  # unchanged files are left alone


@pytest.mark.parametrize("kind", list(KINDS))
def test_schema_is_valid_draft_2020_12(kind: str) -> None:
    schema = kind_schema(kind)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


def case_files(root: Path) -> list[tuple[str, Path]]:
    return [(kind, path) for kind, (folder, _, _) in KINDS.items()
            for path in sorted((root / "content" / folder).glob("*.md"))]


@pytest.mark.parametrize(("kind", "path"), case_files(REPO) + case_files(FIXTURES / "mini"),
                         ids=lambda value: value.name if isinstance(value, Path) else value)
def test_every_case_file_validates(kind: str, path: Path) -> None:
    front = parse_front_matter(path.read_text(encoding="utf-8"), str(path))
    assert not isinstance(front, list)
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in validator(kind).iter_errors(json_ready(front.data))]
    assert errors == []


def objects(schema: dict[str, Any]) -> list[dict[str, Any]]:
    return [schema, *schema.get("$defs", {}).values()]


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_field_has_a_chinese_title_and_description(kind: str) -> None:
    for obj in objects(kind_schema(kind)):
        assert CJK.search(obj["title"]) and CJK.search(obj["description"])
        assert obj["additionalProperties"] is False
        for name, prop in obj["properties"].items():
            assert CJK.search(prop["title"]), name
            assert CJK.search(prop["description"]), name
            assert prop.get("default", ...) is not None, name  # no `field: null` completions


def test_field_docs_has_no_stale_entries() -> None:
    model_fields = {cls.__name__: set(cls.model_fields)
                    for cls in (models.CaseFields, *(model for _, model, _ in KINDS.values()),
                                *SUBMODELS)}
    for model, fields in FIELD_DOCS.items():
        assert set(fields) <= model_fields[model], model


def enum_of(prop: dict[str, Any]) -> list[str]:
    return next(branch["enum"] for branch in [prop, *prop.get("anyOf", [])] if "enum" in branch)


def test_enums_for_completion() -> None:
    assert enum_of(kind_schema("city")["properties"]["level"]) == list(models.CITY_LEVELS)
    assert enum_of(kind_schema("enterprise")["properties"]["ownership"]) == list(models.OWNERSHIPS)
    honor = kind_schema("worker")["$defs"]["Honor"]["properties"]["level"]
    assert enum_of(honor) == list(models.HONOR_LEVELS)


BASE = {
    "city": {"name": "某市", "summary": "某市。", "province": "江苏省", "level": "地级市"},
    "enterprise": {"name": "某厂", "summary": "某厂。", "city": "huaian", "industry": "钢铁"},
    "worker": {"name": "某人", "summary": "某人。", "city": "huaian"},
    "source": {"name": "某文", "publisher": "某单位", "date": "2024-06"},
}

# (kind, fields changed from BASE (None removes one), accepted by both the model and the schema)
AGREEMENT = {
    "minimal": ("worker", {}, True),
    "stat value as text": ("worker", {"stats": [{"label": "培训", "value": "18.3万人次"}]}, True),
    "stat value as number with unit": ("worker", {"stats": [{"label": "奖励", "value": 400000,
                                                             "unit": "元"}]}, True),
    "stat value true": ("worker", {"stats": [{"label": "x", "value": True, "unit": "人"}]}, False),
    "stat value list": ("worker", {"stats": [{"label": "x", "value": [1], "unit": "人"}]}, False),
    "unknown field": ("worker", {"stat": []}, False),
    "unknown stat field": ("worker", {"stats": [{"label": "x", "value": "3人", "lable": "y"}]},
                           False),
    "worker with enterprise only": ("worker", {"city": None, "enterprise": "huaigang-group"}, True),
    "worker without a place": ("worker", {"city": None}, False),
    "bad level": ("city", {"level": "市"}, False),
    "bad ownership": ("enterprise", {"ownership": "私营"}, False),
    "good honor": ("worker", {"honors": [{"title": "劳模", "year": 2020, "level": "省级"}]}, True),
    "bad honor level": ("worker", {"honors": [{"title": "劳模", "level": "国家"}]}, False),
    "id with capitals": ("enterprise", {"city": "HuaiAn"}, False),
    "source id with underscore": ("worker", {"sources": ["a_b"]}, False),
    "summary too long": ("city", {"summary": "长" * 161}, False),
    "source without summary": ("source", {}, True),
    "source year only": ("source", {"date": 2023}, True),
    "source undated": ("source", {"date": "未载明"}, True),
    "http url": ("source", {"url": "http://example.org"}, False),
    "https url": ("source", {"url": "https://example.org/a"}, True),
    "year out of range": ("worker", {"stats": [{"label": "x", "value": "3人", "year": 1800}]},
                          False),
    "draft not boolean": ("worker", {"draft": "yes"}, False),
    "missing name": ("city", {"name": None}, False),
}


@pytest.mark.parametrize("name", list(AGREEMENT))
def test_schema_agrees_with_the_model(name: str) -> None:
    kind, changes, accepted = AGREEMENT[name]
    data = {**BASE[kind], **changes}
    data = {key: value for key, value in data.items() if value is not None}
    try:
        KINDS[kind][1].model_validate(data)
        model_accepts = True
    except ValidationError:
        model_accepts = False
    assert model_accepts == accepted
    assert validator(kind).is_valid(data) == accepted


def test_vscode_settings_map_each_schema_to_its_folder() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {
        f"./{SCHEMA_DIR}/{kind}.schema.json": f"content/{folder}/*.md"
        for kind, (folder, _, _) in KINDS.items()
    }


def test_contributing_guide_explains_every_field() -> None:
    """Each kind's table in CONTRIBUTING.md has a row for every field of the model."""
    guide = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for kind, (folder, model, _) in KINDS.items():
        section = guide.split(f"<!-- fields:{kind} -->")[1].split("<!-- /fields -->")[0]
        rows = set(re.findall(r"^\| `([a-z]+)` \|", section, re.MULTILINE))
        assert rows == set(model.model_fields), kind
    for submodel in SUBMODELS:
        section = guide.split(f"<!-- fields:{submodel.__name__} -->")[1].split("<!-- /fields -->")[0]
        rows = set(re.findall(r"^\| `([a-z]+)` \|", section, re.MULTILINE))
        assert rows == set(submodel.model_fields), submodel.__name__
