"""`python build.py new`: a new case file from the commented template of its kind.

Decisions:
- Every required field that the tool cannot fill by itself has an option, and the command
  refuses without it, naming the option (`--city` for an enterprise; `--enterprise` or
  `--city` for a worker; `--province` and `--level` for a city; `--industry`; `--publisher`
  and `--date` for a source). Reference options must name an existing case of the right kind.
  So the new file passes `python build.py check` as soon as it is written; a placeholder such
  as `city: 待填写` would only move the error to the next command.
- `--summary` may be left out: then the file gets a placeholder summary and `draft: true`,
  so nothing unfinished is ever published; the contributor writes the summary and deletes the
  `draft` line.
- Templates live in `new_case/<kind>.md`: every field of the kind with a Chinese comment,
  optional ones commented out. An option fills the line of its field (`city: …` or
  `# city: …`), so the template stays the single place where the file's layout is decided.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from showcase.checking.crosscheck import reference_problem
from showcase.domain import KINDS
from showcase.loading.loader import discover
from showcase.loading.messages import problems_from_validation
from showcase.models import ID_MAX_LENGTH, ID_PATTERN
from showcase.parsing.frontmatter import parse_front_matter

RESERVED_IDS = ("index",)
PLACEHOLDER_SUMMARY = "待补充：用一句话介绍这个案例（160 字以内）"
# Folder names are accepted too: contributors see them in content/.
KIND_NAMES = {
    **{kind: kind for kind in KINDS},
    **{kind.folder: kind.name for kind in KINDS.values()},
}

# kind -> required fields that only the contributor knows, each given by the option --<field>.
REQUIRED_OPTIONS = {
    "city": ("province", "level"),
    "enterprise": ("city", "industry"),
    "worker": (),  # --enterprise or --city, see _missing_options
    "source": ("publisher", "date"),
}
# kind -> fields that may be filled by an option; references are checked against content/.
OPTIONAL_OPTIONS = {
    "city": ("parent",),
    "enterprise": ("ownership", "parent"),
    "worker": ("enterprise", "city"),
    "source": (),
}
# field -> kind of case it names.
REFERENCE_OPTIONS = {
    "city": {"parent": "city"},
    "enterprise": {"city": "city", "parent": "enterprise"},
    "worker": {"enterprise": "enterprise", "city": "city"},
    "source": {},
}
EXAMPLES = {
    "province": "--province 江苏省",
    "level": "--level 地级市",
    "city": "--city huaian（城市的 id，即 content/cities/ 下的文件名）",
    "industry": "--industry 钢铁",
    "publisher": "--publisher 江苏省总工会",
    "date": "--date 2024-06（也可写 2024-06-24、2024 或 未载明）",
}


class ScaffoldError(Exception):
    """A refusal, in Simplified Chinese, saying what to change in the command."""


@dataclass(frozen=True)
class Created:
    path: Path
    display: str  # project-relative, for messages
    draft: bool  # True when the summary is still a placeholder


def kind_of(name: str) -> str:
    """`worker` or `workers` -> `worker`."""
    kind = KIND_NAMES.get(name.strip().lower())
    if kind is None:
        choices = "、".join(
            f"{kind.name}（{kind.folder}，{kind.label}）" for kind in KINDS.values()
        )
        raise ScaffoldError(f"不认识的案例类别“{name}”：只能是 {choices}")
    return kind


def suggest_id(text: str) -> str | None:
    """A valid id close to what was typed (Ma_Ben.md -> ma-ben), or None when there is none
    (Chinese characters: the id is written in pinyin, which is the contributor's to choose)."""
    text = unicodedata.normalize("NFKC", text).strip().lower().removesuffix(".md")
    text = re.sub(r"[\s_]+", "-", text)
    text = re.sub(r"-{2,}", "-", text).strip("-")
    if ID_PATTERN.fullmatch(text) and text not in RESERVED_IDS:
        return text
    return None


def id_problem(case_id: str, existing: dict[str, str]) -> str | None:
    """Why `case_id` cannot be used for a new file, or None. `existing` maps each id in use to
    its file."""
    if case_id in RESERVED_IDS:
        return f"{case_id} 是保留名（目录页用它），不能用作 id：请换一个名字"
    if not ID_PATTERN.fullmatch(case_id):
        suggestion = suggest_id(case_id)
        hint = (
            f"改成 {suggestion} 试试"
            if suggestion
            else "例如用姓名或地名的拼音：ma-ben、zhangshuanglou-mine"
        )
        return (
            f"“{case_id}”不能用作 id：id 只能用小写英文字母、数字和单个连字符（-），"
            f"最长 {ID_MAX_LENGTH} 个字符，"
            f"不能有空格、下划线或汉字；{hint}"
        )
    if case_id in existing:
        return (
            f"id“{case_id}”已被 {existing[case_id]} 使用（id 在所有类别中必须唯一）：请换一个名字"
        )
    return None


def existing_cases(project_dir: Path, content_dir: str) -> dict[str, tuple[str, str]]:
    """id -> (kind, file) of every case file in content/, whatever its kind."""
    found = discover(project_dir / content_dir, project_dir, problems=[])
    cases: dict[str, tuple[str, str]] = {}
    for item in found:
        cases.setdefault(item.id, (item.kind, item.display))
    return cases


def template(kind: str) -> str:
    return (resources.files("showcase.tools") / "new_case" / f"{kind}.md").read_text(
        encoding="utf-8"
    )


def yaml_scalar(value: str | bool) -> str:
    """`value` (stripped) as YAML reads it back unchanged: plain when that is safe, else
    double-quoted with YAML's own escapes (line separators, control characters)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    plain = value.strip()
    try:
        if plain and yaml.safe_load(f"key: {plain}") == {"key": plain}:
            return plain
    except (yaml.YAMLError, ValueError):  # ValueError: date-shaped text that is no date
        pass
    quoted = yaml.safe_dump(plain, allow_unicode=True, default_style='"', width=math.inf)
    return quoted.strip()


def fill(text: str, values: dict[str, str | bool]) -> str:
    """The template with the line of each field in `values` (`key: …` or `# key: …`, at the
    start of a line) replaced by `key: value`."""
    for key, value in values.items():
        pattern = re.compile(rf"^(?:# )?{re.escape(key)}:.*$", re.MULTILINE)
        line = f"{key}: {yaml_scalar(value)}"
        text, count = pattern.subn(lambda _, line=line: line, text, count=1)
        if count != 1:
            raise ValueError(f"template has no line for {key}")
    return text


def render_case(kind: str, name: str, summary: str | None, options: dict[str, str]) -> str:
    """The new file's text (not validated; see create_case)."""
    values: dict[str, str | bool] = {"name": name}
    if summary is not None:
        values["summary"] = summary
    elif kind != "source":  # a source needs no summary
        values["summary"] = PLACEHOLDER_SUMMARY
        values["draft"] = True
    values.update(options)
    return fill(template(kind), values)


def _missing_options(kind: str, options: dict[str, str]) -> list[str]:
    missing = [name for name in REQUIRED_OPTIONS[kind] if not options.get(name)]
    if kind == "worker" and not (options.get("enterprise") or options.get("city")):
        missing.append("enterprise 或 --city")
    return missing


def check_options(kind: str, options: dict[str, str], cases: dict[str, tuple[str, str]]) -> None:
    """Refuses missing required options, options the kind does not have, and references that
    do not name an existing case of the right kind."""
    allowed = REQUIRED_OPTIONS[kind] + OPTIONAL_OPTIONS[kind]
    extra = [name for name in options if name not in allowed]
    if extra:
        usable = "、".join(f"--{name}" for name in allowed) or "（无）"
        raise ScaffoldError(
            f"{KINDS[kind].label}没有 {'、'.join('--' + n for n in extra)} 这一项："
            f"可用的选项是 --name、--summary、{usable}"
        )
    missing = _missing_options(kind, options)
    if missing:
        lines = [f"新建{KINDS[kind].label}还需要这些选项："]
        for name in missing:
            example = EXAMPLES.get(name)
            lines.append(
                f"  --{name}"
                + (
                    f"，例如 {example}"
                    if example
                    else "：所在企业的 id（content/enterprises/ 下的文件名），"
                    "或所在城市的 id（content/cities/ 下的文件名）"
                )
            )
        raise ScaffoldError("\n".join(lines))
    kinds_by_id = {case_id: case_kind for case_id, (case_kind, _) in cases.items()}
    for name, expected in REFERENCE_OPTIONS[kind].items():
        target = options.get(name)
        if not target:
            continue
        problem = reference_problem(target, expected, kinds_by_id)
        if problem:
            message, hint = problem
            raise ScaffoldError(f"--{name}：{message}；{hint}")


def validate_text(kind: str, text: str, display: str) -> None:
    """The rendered file must pass the same model as `check`; what fails was given by an
    option (the template itself is tested), so the message names the option."""
    front = parse_front_matter(text, display)
    if isinstance(front, list):  # cannot happen: values are quoted when needed
        raise ScaffoldError("\n".join(problem.format() for problem in front))
    model = KINDS[kind].model
    try:
        model.model_validate(front.data)
    except ValidationError as error:
        problems = problems_from_validation(error, model, front, display)
        lines = [f"--{p.field}：{p.message}" + (f"；{p.hint}" if p.hint else "") for p in problems]
        raise ScaffoldError("\n".join(lines)) from None


def create_case(
    project_dir: Path,
    content_dir: str,
    kind: str,
    case_id: str,
    name: str | None,
    summary: str | None = None,
    options: dict[str, str] | None = None,
) -> Created:
    """Writes content/<folder>/<id>.md; ScaffoldError says why not, and nothing is written."""
    kind = kind_of(kind)
    options = {key: value for key, value in (options or {}).items() if value is not None}
    cases = existing_cases(project_dir, content_dir)
    folder = KINDS[kind].folder
    path = project_dir / content_dir / folder / f"{case_id}.md"
    existing = {other: display for other, (_, display) in cases.items()}
    if path.exists():  # an id discover() skips, such as a malformed one, still holds the file
        existing.setdefault(case_id, f"{content_dir}/{folder}/{case_id}.md")
    problem = id_problem(case_id, existing)
    if problem:
        raise ScaffoldError(problem)
    if not name or not name.strip():
        raise ScaffoldError("缺少 --name：写上名称，例如 --name 马奔")
    check_options(kind, options, cases)
    display = f"{content_dir}/{folder}/{case_id}.md"
    text = render_case(kind, name, summary, options)
    validate_text(kind, text, display)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as file:  # "x": never overwrite
        file.write(text)
    return Created(path, display, draft=summary is None and kind != "source")
