"""JSON Schemas for editors: generated from the models, committed, and in step with `check`."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from PIL import Image
from pydantic import ValidationError

from conftest import FIXTURES, REPO, make_project
from showcase import models
from showcase.checking.lint import lint_corpus
from showcase.domain import KINDS
from showcase.loading.loader import load_corpus
from showcase.parsing.frontmatter import parse_front_matter
from showcase.tools.schema import (
    FIELD_DOCS,
    SCHEMA_DIR,
    SUBMODELS,
    kind_schema,
    schema_files,
    write_schemas,
)
from showcase.checking.links import check_links

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
    return [(kind.name, path) for kind in KINDS.values()
            for path in sorted((root / "content" / kind.folder).glob("*.md"))]


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
                    for cls in (models.CaseFields, *(kind.model for kind in KINDS.values()),
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
        KINDS[kind].model.model_validate(data)
        model_accepts = True
    except ValidationError:
        model_accepts = False
    assert model_accepts == accepted
    assert validator(kind).is_valid(data) == accepted


def test_vscode_settings_map_each_schema_to_its_folder() -> None:
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == {
        f"./{SCHEMA_DIR}/{kind.name}.schema.json": f"content/{kind.folder}/*.md"
        for kind in KINDS.values()
    }


# --- The contributor guide ------------------------------------------------------------------

GUIDE = REPO / "CONTRIBUTING.md"


def guide_section(marker: str) -> str:
    text = GUIDE.read_text(encoding="utf-8")
    assert f"<!-- {marker} -->" in text, marker
    return text.split(f"<!-- {marker} -->")[1].split("<!-- /")[0]


def table_fields(marker: str) -> set[str]:
    return set(re.findall(r"^\| `([a-z]+)` \|", guide_section(marker), re.MULTILINE))


def test_guide_explains_every_field() -> None:
    """CONTRIBUTING.md has a table row for every field of every model, and no other rows."""
    common = table_fields("fields:common")
    assert common == set(models.CaseFields.model_fields)
    for kind, model in ((kind.name, kind.model) for kind in KINDS.values()):
        own = table_fields(f"fields:{kind}")
        assert own | common == set(model.model_fields), kind
        assert own <= set(model.model_fields), kind
    for submodel in SUBMODELS:
        assert table_fields(f"fields:{submodel.__name__}") == set(submodel.model_fields)


def tiny_image(path: Path, image_format: str = "JPEG") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (8, 6), "red").save(path, image_format)


def test_guide_example_passes_check(tmp_path: Path) -> None:
    section = guide_section("example:content/workers/li-ming.md")
    text = section.split("```markdown\n")[1].split("```")[0]
    project = make_project(tmp_path / "project")
    (project / "content/workers/li-ming.md").write_text(text, encoding="utf-8")
    for name in ("li-ming.jpg", "li-ming-workshop.jpg"):
        tiny_image(project / "images/xuzhou" / name)
    corpus, problems = load_corpus(project, "content", "images")
    assert problems == [], [problem.format() for problem in problems]
    worker = corpus.cases["li-ming"]
    assert [stat.quantity.unit for stat in worker.fields.stats] == ["项", "人", "元"]
    assert not [w for w in lint_corpus(corpus) if w.path.endswith("li-ming.md")]


LI_MING = "content/workers/li-ming.md"
WORKER = "---\nname: 李明\nsummary: 测试。\ncity: river-city\n{extra}---\n{body}"


def worker(extra: str = "", body: str = "") -> dict[str, str | bytes]:
    return {LI_MING: WORKER.format(extra=extra, body=body)}


def city_file(extra: str) -> str:
    return f"---\nname: 市\nsummary: 市\nprovince: 江苏省\nlevel: 镇\n{extra}---\n"


# A metric that states what is comparable: training, of one year, by a 地级市.
STRICT_METRIC = (
    "skills-training:\n  label: 职业技能培训\n  unit: 人次\n  measure: 培训\n  period: 年度\n"
    "  applies_to: [地级市]\n"
)


def strict_metric(stat_lines: str) -> dict[str, str | bytes]:
    """李明 with a training stat under STRICT_METRIC; `stat_lines` add period and measure."""
    stat = f"stats:\n  - label: 培训\n    value: 3人次\n{stat_lines}    metric: skills-training\n"
    return {**worker(stat), "content/metrics.yml": STRICT_METRIC}


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), "blue").save(buffer, "PNG")
    return buffer.getvalue()


# A file for each message the guide quotes, so its quotations stay exact as messages change.
GUIDE_MESSAGES: dict[str, dict[str, str | bytes]] = {
    "文件开头缺少 YAML 头部（front matter）": {LI_MING: "name: 李明\n"},
    "YAML 头部没有结束行": {LI_MING: "---\nname: 李明\n"},
    "YAML 语法错误：冒号位置不对：值里含有冒号时，请给整个值加引号"
    "（YAML: mapping values are not allowed in this context）": worker("position: 班长: 负责人\n"),
    "YAML 语法错误：列表项的缩进不一致（YAML: did not find expected '-' indicator）":
        worker("honors:\n  - title: 劳模\n   year: 2020\n"),
    "YAML 语法错误：引号或括号没有成对，写到文件头部结束也没有闭合"
    "（YAML: found unexpected end of stream）": worker("position: \"班长\n"),
    "YAML 语法错误：这里有不能出现在开头的字符：多半是用了 Tab 缩进（请改用空格），"
    "或值以 @ 或反引号开头（请加引号）（YAML: found character that cannot start any token）":
        worker("tags:\n\t- 技能提升\n"),
    "字段重复出现": worker("name: 又一个\n"),
    "文件不是 UTF-8 编码": {LI_MING: WORKER.format(extra="", body="").encode("gbk")},
    "文件名“Li_Ming”不能用作 id": {"content/workers/Li_Ming.md": WORKER.format(extra="", body="")},
    "index 是保留名，不能用作 id": {"content/workers/index.md": WORKER.format(extra="", body="")},
    "案例文件必须是 .md 文件": {"content/workers/li-ming.jpg": b"x"},
    "id“wang-wu”与 content/workers/wang-wu.md 重复":
        {"content/sources/wang-wu.md": "---\nname: 文\npublisher: 某\ndate: 2024\n---\n"},
    "不认识的文件或文件夹": {"content/li-ming.md": "x"},
    "未知字段 stat": worker("stat:\n  - label: x\n"),
    "缺少必填字段 summary": {LI_MING: "---\nname: 李明\ncity: river-city\n---\n"},
    "“市”不是允许的值": {"content/cities/c.md": city_file("").replace("level: 镇", "level: 市")},
    "超过 160 个字（现有 172 个）": {LI_MING: WORKER.format(extra="", body="").replace("测试。",
                                                                                  "长" * 172)},
    "应当是文字，实际是“2024”": worker("position: 2024\n"),
    "应当是整数，实际是“去年”": worker("honors:\n  - title: 劳模\n    year: 去年\n"),
    "应当是 true 或 false，实际是“是”": worker("draft: 是\n"),
    "tags 应当是列表": worker("tags: 技能提升\n"),
    "“2024/06/24”不是有效日期": worker("updated: 2024/06/24\n"),
    "“2024年6月”不是有效的发布日期":
        {"content/sources/s.md": "---\nname: 文\npublisher: 某\ndate: 2024年6月\n---\n"},
    "“http://www.example.org”不是 https:// 开头的网址":
        {"content/sources/s.md": "---\nname: 文\npublisher: 某\ndate: 2024\n"
                                 "url: http://www.example.org\n---\n"},
    "“Report_2024”不是有效的 id": worker("sources: [Report_2024]\n"),
    "缺少 city（未填 enterprise 时 city 必填）": {LI_MING: "---\nname: 李明\nsummary: x\n---\n"},
    "找不到 id 为“steel-plnt”的企业": worker("enterprise: steel-plnt\n"),
    "“river-city”是城市，不是企业": worker("enterprise: river-city\n"),
    "不能引用自己": {"content/cities/c.md": city_file("parent: c\n")},
    "链接 [[steel-plnt]] 指向不存在的案例": worker(body="见 [[steel-plnt]]。\n"),
    "parent 形成了循环（上级最终又指回自己）": {"content/cities/c1.md": city_file("parent: c2\n"),
                                       "content/cities/c2.md": city_file("parent: c1\n")},
    "无法识别的数量“很多人”：没有数字。可写成 18.3万人次、2万多人、超千人次、1500—4000元、近20个，"
    "或写成数字并另给 unit。": worker("stats:\n  - label: 培训\n    value: 很多人\n"),
    "无法识别的数量“三万人”：数字请用阿拉伯数字写，如 3万、20。可写成 18.3万人次、2万多人、超千人次、"
    "1500—4000元、近20个，或写成数字并另给 unit。": worker("stats:\n  - label: 培训\n    value: 三万人\n"),
    "无法识别的数量“100人以下”：不支持“以下”，只能表示超过、将近或大约。可写成 18.3万人次、2万多人、"
    "超千人次、1500—4000元、近20个，或写成数字并另给 unit。":
        worker("stats:\n  - label: 培训\n    value: 100人以下\n"),
    "纯数字 400000 缺少 unit": worker("stats:\n  - label: 奖励\n    value: 400000\n"),
    "value 的单位“人”与 unit“元”不一致": worker("stats:\n  - label: 奖励\n    value: 3人\n    unit: 元\n"),
    "缺少必填字段 value": worker("stats:\n  - label: 奖励\n"),
    "未定义的指标“skill-training”":
        worker("stats:\n  - label: 培训\n    value: 3人次\n    metric: skill-training\n"),
    "单位“人”与指标 skills-training 的单位“人次”不一致":
        worker("stats:\n  - label: 培训\n    value: 3人\n    metric: skills-training\n"),
    "无法识别的期间“去年”": worker("stats:\n  - label: 培训\n    value: 3人次\n    period: 去年\n"),
    "year 2022 与 period“2023”重复或矛盾":
        worker("stats:\n  - label: 培训\n    value: 3人次\n    year: 2022\n    period: 2023\n"),
    "指标 skills-training（职业技能培训）只比较统计“培训”的数据，这条数据没有写 measure（统计的是什么）":
        strict_metric("    year: 2023\n"),
    "这条数据统计的是“评定”，指标 skills-training（职业技能培训）统计的是“培训”，不能放在一起比较":
        strict_metric("    year: 2023\n    measure: 评定\n"),
    "指标 skills-training（职业技能培训）只比较某一年（年度）的数据，这条数据没有写期间（period 或 year）":
        strict_metric("    measure: 培训\n"),
    "这条数据的期间“累计”是截至某日的累计或现有数（截至），指标 skills-training（职业技能培训）"
    "只比较某一年（年度）的数据": strict_metric("    period: 累计\n    measure: 培训\n"),
    "这条数据属于劳模工匠（李明），指标 skills-training（职业技能培训）只比较地级市的数据":
        strict_metric("    year: 2023\n    measure: 培训\n"),
    "找不到图片“xuzhou/li-ming.jpg”：images/xuzhou/li-ming.jpg 不存在。请检查文件名的拼写与大小写，"
    "或先把图片放进 images/ 目录。": worker("portrait: xuzhou/li-ming.jpg\n"),
    "找不到图片“river/Plant.jpg”：images/river/Plant.jpg 不存在。同一目录下有“plant.jpg”，"
    "文件名大小写必须完全一致。请检查文件名的拼写与大小写，或先把图片放进 images/ 目录。":
        worker("portrait: river/Plant.jpg\n"),
    "图片路径“xuzhou\\li-ming.jpg”使用了反斜杠 \\：请改用正斜杠 /，例如 huaian/huaigang.jpg。":
        worker("portrait: xuzhou\\li-ming.jpg\n"),
    "图片路径“/home/li-ming.jpg”是绝对路径：请改写为相对于 images/ 的路径，例如 huaian/huaigang.jpg。":
        worker("portrait: /home/li-ming.jpg\n"),
    "图片路径“../li-ming.jpg”含有“..”：图片必须放在 images/ 目录之内，请把图片移入 images/，"
    "再写相对于 images/ 的路径。": worker("portrait: ../li-ming.jpg\n"),
    "图片“xuzhou/li-ming.heic”是 HEIC 格式，浏览器普遍无法显示：只接受 .jpg、.jpeg、.png、.webp、.gif。"
    "请在手机“设置→相机→格式”中选“兼容性最佳”，或把照片导出为 JPEG 后再提交。":
        {**worker("portrait: xuzhou/li-ming.heic\n"),
         "images/xuzhou/li-ming.heic": b"\0\0\0\x18ftypheic"},
    "图片“xuzhou/li-ming.jpg”的扩展名是 .jpg，但文件实际是 PNG 图片：请把扩展名改为 .png，"
    "或重新导出为 JPEG 格式。": {**worker("portrait: xuzhou/li-ming.jpg\n"),
                           "images/xuzhou/li-ming.jpg": png_bytes()},
    "缺少必填字段 caption": worker("gallery:\n  - src: river/plant.jpg\n"),
    # Hostile and unlucky input (issue 11)
    "YAML 语法错误：“year:”这一行比它上面同一层的字段缩进得多，被当成了上一个值的一部分："
    "让 year 与上面的字段左对齐（YAML: mapping values are not allowed in this context）":
        worker("honors:\n  - title: 劳模\n     year: 2020\n"),
    "不支持 YAML 锚点“&a”（以 & 开头的写法）": worker("position: &a 班长\n"),
    "不支持 YAML 别名“*a”（以 * 开头的写法）": worker("position: *a\n"),
    "YAML 语法错误：以 & 或 * 开头的值会被当作 YAML 的锚点或别名：请给整个值加引号"
    "（YAML: did not find expected alphabetic or numeric character）": worker("position: &技术员\n"),
    "不支持 YAML 标签“!!set”（以 ! 开头的写法）": worker("position: !!set {a}\n"),
    "这里的 --- 开始了第二个 YAML 文档：它后面的内容都不会被读取":
        {"content/metrics.yml": "skills-training:\n  label: 培训\n  unit: 人次\n---\nx: 1\n"},
    "嵌套太深（超过 8 层）": worker("tags: " + "[" * 10 + "]" * 10 + "\n"),
    "YAML 头部的内容太多（超过 10000 项），其余部分没有读取":
        worker("tags: [" + ",".join(["a"] * 10_001) + "]\n"),
    "这一行第 13 个字符是看不见的控制字符 U+0001": worker("position: 测试\x01\n"),
    "值里有看不见的控制字符 U+0001（多半是引号里写了 \\x01 这样的转义）":
        worker('position: "测试\\x01"\n'),
    # A folder where metrics.yml should be.
    "不是普通文件（是文件夹、管道、设备或其他特殊文件），无法读取": {"content/metrics.yml/x": "x"},
    "文件太大（超过 1 MB）": worker(body="字" * 400_000),
    "tags 的第 1 项不能为空": worker('tags: [""]\n'),
    "honors 的第 1 项应当是“字段: 值”的组合，实际是“全国劳动模范”": worker("honors: [全国劳动模范]\n"),
    "标签“.NET开发”必须以汉字、字母或数字开头和结尾": worker("tags: [.NET开发]\n"),
    "标签“a/b”里有不能用的字符“/”": worker("tags: [a/b]\n"),
    "“index”是保留名（主题总览页用它），不能用作标签": worker("tags: [index]\n"),
    "链接“../cities/nowhere.md”指向的页面或文件不存在（cities/nowhere.md）":
        worker(body="见[旧链接](../cities/nowhere.md)。\n"),
    "链接“draft-worker.md”指向草稿 content/workers/draft-worker.md：草稿不生成页面":
        worker(body="[草稿](draft-worker.md)\n"),
    "正文里的图片“https://evil.example/t.png”不是本站的文件：本站不从其他网站加载任何内容":
        worker(body="![x](https://evil.example/t.png)\n"),
    "正文太长（60000 个字符，最多 50000 个）": worker(body="字" * 60_000),
    "这一行嵌套太深（列表、引用等的缩进共 102 格，最多 100 格）": worker(body=" " * 102 + "x\n"),
    "正文里的 [ 和 < 太多（1001 个，最多 1000 个；[[id]] 链接不算）": worker(body="[" * 1001),
    # Warnings
    "标签“技能 提升”与已有标签“技能提升”只差全角/半角或空格，会被当成两个不同的主题":
        worker("tags: [技能 提升]\n"),
    "数据“攻克设备难题”没有注明出处（source）": worker("stats:\n  - label: 攻克设备难题\n    value: 30余项\n"),
    "数据“攻克设备难题”没有写期间（period）：读者看不出是一年的、几年的还是累计的":
        worker("stats:\n  - label: 攻克设备难题\n    value: 30余项\n"),
    # The fixture's two rows of skills-training are of 2022 and 2023.
    "指标 skills-training（职业技能培训）的数据期间不一（江河市 2022年、甲镇 2023年），"
    "期间不同的数字放在一起会误导读者": {},
    "“所据文件”读起来像写给编辑的说明，不该出现在读者看到的页面上":
        worker(body="所据文件未介绍李明的岗位。\n"),
    "没有其他已发布的案例链接到这个出处（某报告），读者只能从目录页找到它":
        {"content/sources/s.md": "---\nname: 某报告\npublisher: 某\ndate: 2024\n---\n"},
}


PAGES = REPO / "site_src/pages"


def guide_quotations() -> list[str]:
    """The first column of the guide's tables of errors and of warnings."""
    rows = guide_section("messages") + guide_section("warnings")
    return re.findall(r"^\| `([^`]+)` \|", rows, re.MULTILINE)


def test_guide_quotes_each_message_once() -> None:
    quoted = guide_quotations()
    assert len(quoted) == len(set(quoted))
    assert set(quoted) == set(GUIDE_MESSAGES)


@pytest.mark.parametrize("message", list(GUIDE_MESSAGES))
def test_guide_quotes_real_messages(tmp_path: Path, message: str) -> None:
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "mini", project)
    for relative, content in GUIDE_MESSAGES[message].items():
        path = project / relative
        if path.parent.is_file():  # a folder where a file was
            path.parent.unlink()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    corpus, problems = load_corpus(project, "content", "images")
    # The body links are checked as `python build.py check` does.
    problems += check_links(
        project, corpus, content_dir="content", docs_dir=PAGES
    )
    said = {problem.message for problem in problems + lint_corpus(corpus, complete=not problems)}
    assert message in said
