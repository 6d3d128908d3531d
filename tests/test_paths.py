"""Tags become paths (/tags/技能提升/): the one rule they follow, and their slug (paths.py)."""

from __future__ import annotations

import pytest

from showcase.paths import TAG_MAX_LENGTH, TAG_RULE, tag_problem, tag_slug

ACCEPTED = [
    "技能提升",
    "工业4.0",
    "5G",
    "Node.js",
    "产教融合（试点）",
    "AI 应用",
    "党建·引领",
    "C++",
]
REFUSED = {
    "..": "必须以汉字、字母或数字开头和结尾",
    ".": "必须以汉字、字母或数字开头和结尾",
    ".NET开发": "必须以汉字、字母或数字开头和结尾",  # a dot file: MkDocs leaves it out
    "工业4.": "必须以汉字、字母或数字开头和结尾",
    "index": "是保留名",
    "INDEX": "是保留名",
    "a/b": "里有不能用的字符“/”",
    "a\\b": "里有不能用的字符“\\”",
    "技能#提升": "里有不能用的字符“#”",
    "50%": "里有不能用的字符“%”",
    "问号?": "里有不能用的字符“?”",
    "换\n行": "里有不能用的字符“U+000A”",
    "长" * (TAG_MAX_LENGTH + 1): "太长",
}


@pytest.mark.parametrize("tag", ACCEPTED)
def test_accepted_tags(tag: str) -> None:
    assert tag_problem(tag) is None


@pytest.mark.parametrize("tag", list(REFUSED))
def test_refused_tags_say_why(tag: str) -> None:
    problem = tag_problem(tag)
    assert problem is not None
    message, hint = problem
    assert REFUSED[tag] in message
    assert hint in (TAG_RULE, "换一个标签")


def test_slug_joins_spaces_and_lowers_latin_letters() -> None:
    assert tag_slug("技能提升") == "技能提升"
    assert tag_slug(" AI  应用 ") == "ai-应用"
    assert tag_slug("权益\u3000保障") == "权益-保障"


def test_every_accepted_tag_is_a_plain_path_segment() -> None:
    for tag in ACCEPTED:
        slug = tag_slug(tag)
        assert "/" not in slug and "\\" not in slug and not slug.startswith(".")
        assert len(slug.encode("utf-8")) < 255 - len("/index.html")
