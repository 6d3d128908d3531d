"""Contributors' values that become paths of the built site, and the one rule they follow.

Ids and metric keys are ASCII words (models.ID_PATTERN). A tag is written in Chinese and makes
the URL of its page as it is written (/tags/技能提升/), so it must be a word that is a safe
path on every file system and web server: letters, digits, spaces and a few marks, short, not
starting with a dot (MkDocs leaves such files out, so `.NET开发` had no page), not `.` or `..`,
and not `index` (the tags overview is tags/index.md). CONTRIBUTING.md states the same rule.
"""

from __future__ import annotations

import functools
import re
import unicodedata

TAG_MAX_LENGTH = 30
# Besides letters, marks and digits of any script (汉字, Latin, …).
TAG_MARKS = " -_+.·()（）"
TAG_RULE = (
    "标签只用汉字、字母、数字、空格和 " + " ".join(TAG_MARKS.strip()) + " 这几个符号，"
    f"以汉字、字母或数字开头和结尾（结尾也可以是右括号或 +），最长 {TAG_MAX_LENGTH} 个字"
)
RESERVED_TAGS = ("index",)


def _is_word_character(character: str) -> bool:
    return unicodedata.category(character)[0] in "LMN"


def tag_problem(tag: str) -> tuple[str, str] | None:
    """(message, hint) saying why `tag` (stripped, not empty) cannot be a tag, or None."""
    if len(tag) > TAG_MAX_LENGTH:
        return f"标签“{tag}”太长（{len(tag)} 个字，最多 {TAG_MAX_LENGTH} 个）", TAG_RULE
    for character in tag:
        if not (
            _is_word_character(character)
            or character in TAG_MARKS
            or unicodedata.category(character) == "Zs"  # spaces, the full-width one too
        ):
            shown = character if character.isprintable() else f"U+{ord(character):04X}"
            return f"标签“{tag}”里有不能用的字符“{shown}”", TAG_RULE
    if not _is_word_character(tag[0]) or not (_is_word_character(tag[-1]) or tag[-1] in ")）+"):
        return f"标签“{tag}”必须以汉字、字母或数字开头和结尾", TAG_RULE
    if tag_slug(tag) in RESERVED_TAGS:
        return f"“{tag}”是保留名（主题总览页用它），不能用作标签", "换一个标签"
    return None


@functools.lru_cache(maxsize=4096)
def tag_slug(tag: str) -> str:
    """The tag as it is written makes the URL (/tags/技能提升/); spaces become hyphens and
    Latin letters lower case, so tags that differ only in these share one page (and two pages
    never differ only in letter case, which some file systems cannot tell apart)."""
    return re.sub(r"\s+", "-", tag.strip()).lower()  # \s: every Unicode space
