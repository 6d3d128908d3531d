"""Pydantic's validation errors, told to a contributor in Simplified Chinese with a fix."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from showcase.parsing.frontmatter import FieldPath, FrontMatter, format_field
from showcase.problems import Problem


def problems_from_validation(
    error: ValidationError,
    model: type[BaseModel],
    front: FrontMatter,
    path: str,
    prefix: FieldPath = (),
) -> list[Problem]:
    """One problem per pydantic error. `prefix` is where the validated mapping sits in the
    file (the metric's key in metrics.yml; nothing for a case file)."""
    problems = []
    for detail in error.errors(include_url=False):
        loc: FieldPath = tuple(detail["loc"])
        context = detail.get("ctx") or {}
        if context.get("field"):
            loc = (*loc, context["field"])
        message, hint = describe(detail, model, loc)
        line, column = front.locate((*prefix, *loc), key=detail["type"] == "extra_forbidden")
        problems.append(Problem(path, line, column, format_field((*prefix, *loc)), message, hint))
    return problems


def describe(detail: dict[str, Any], model: type[BaseModel], loc: FieldPath) -> tuple[str, str]:
    """(message, hint) for one pydantic error."""
    kind = detail["type"]
    context = detail.get("ctx") or {}
    name = str(loc[-1]) if loc else ""
    value = detail.get("input")
    if kind == "showcase":
        return detail["msg"], context.get("hint", "")
    if kind == "missing":
        return f"缺少必填字段 {name}", f"加一行 {name}: ……"
    if kind == "extra_forbidden":
        known = known_fields(model, loc[:-1])
        nearest = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
        hint = f"你是不是想写 {nearest[0]}？" if nearest else ""
        return f"未知字段 {name}", hint + "可用的字段：" + "、".join(known)
    if kind == "literal_error":
        allowed = allowed_values(model, loc)
        nearest = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.3)
        hint = f"你是不是想写 {nearest[0]}？" if nearest else ""
        return f"“{value}”不是允许的值", hint + "只能是以下之一：" + "、".join(allowed)
    if kind in ("string_type",):
        return f"应当是文字，实际是“{value}”", '如果是数字、日期或 yes/no，请加引号，例如 "2024"'
    if kind == "string_too_short":
        return f"{item_name(loc)}不能为空", "写上内容，或删掉这一行"
    if kind == "string_too_long":
        limit = context.get("max_length")
        return f"超过 {limit} 个字（现有 {len(str(value))} 个）", f"缩短到 {limit} 个字以内"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return f"应当是整数，实际是“{value}”", "写成 2022 这样的数字，不加引号"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"年份“{value}”不在合理范围内", "写成四位年份，例如 2022"
    if kind in ("bool_type", "bool_parsing"):
        return f"应当是 true 或 false，实际是“{value}”", "写 true 或 false"
    if kind == "list_type":
        return f"{name} 应当是列表", "每一项另起一行，以“- ”开头"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"{item_name(loc)}应当是“字段: 值”的组合，实际是“{value}”", mapping_hint(model, loc)
    return f"取值“{value}”无效：{detail['msg']}", ""


def item_name(loc: FieldPath) -> str:
    """How a message names a field: ('tags', 0) -> 'tags 的第 1 项'; ('name',) -> 'name '."""
    if len(loc) >= 2 and isinstance(loc[-1], int):
        return f"{loc[-2]} 的第 {loc[-1] + 1} 项"
    return f"{loc[-1]} " if loc else ""


def mapping_hint(model: type[BaseModel], loc: FieldPath) -> str:
    """How to write the mapping expected at `loc`, from its own model (Honor for honors[0])."""
    inner = model_at(model, loc)
    names = list(inner.model_fields)
    required = [name for name, info in inner.model_fields.items() if info.is_required()]
    first = (required or names)[0]
    others = "、".join(name for name in names if name != first)
    return f"每一项以“- {first}: ……”开头，需要时再另起一行写 {others}（与 {first} 左对齐）"


def _unwrap(annotation: Any) -> Any:
    """list[X] -> X, X | None -> X, Annotated[X, ...] -> X."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (list, typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        else:
            return annotation


def model_at(model: type[BaseModel], loc: FieldPath) -> type[BaseModel]:
    """The model that validates the mapping at `loc` (e.g. Stat for ('stats', 0))."""
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        inner = _unwrap(field.annotation) if field else None
        if not (isinstance(inner, type) and issubclass(inner, BaseModel)):
            break
        model = inner
    return model


def known_fields(model: type[BaseModel], loc: FieldPath) -> list[str]:
    return list(model_at(model, loc).model_fields)


def allowed_values(model: type[BaseModel], loc: FieldPath) -> list[str]:
    if loc and isinstance(loc[-1], int):
        loc = loc[:-1]  # an item of a list of choices (a metric's applies_to)
    owner = model_at(model, loc[:-1])
    field = owner.model_fields.get(str(loc[-1]))
    inner = _unwrap(field.annotation) if field else None
    if typing.get_origin(inner) is Literal:
        return [str(v) for v in typing.get_args(inner)]
    return []
