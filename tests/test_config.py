"""config.py: the plugin's options in mkdocs.yml. (page_size's accepted values are checked in
test_paging.py with the paging they control.)"""

from __future__ import annotations

from showcase.config import DEFAULT_PAGE_SIZE, ShowcaseConfig


def validated(options: dict) -> tuple[list, ShowcaseConfig]:
    config = ShowcaseConfig()
    config.load_dict(options)
    errors, warnings = config.validate()
    assert warnings == []
    return errors, config


def test_defaults() -> None:
    errors, config = validated({})
    assert errors == []
    assert (config.content_dir, config.images_dir, config.page_size) == ("content", "images", 100)
    assert DEFAULT_PAGE_SIZE == 100


def test_paths_are_taken_as_written() -> None:
    errors, config = validated({"content_dir": "data/cases", "images_dir": "photos"})
    assert errors == [] and (config.content_dir, config.images_dir) == ("data/cases", "photos")


def test_a_bad_page_size_is_refused_in_chinese() -> None:
    errors, _ = validated({"page_size": 0})
    [(name, error)] = errors
    assert name == "page_size" and str(error) == "须为不小于 1 的整数，而不是 0"
    [(_, error)] = validated({"page_size": True})[0]
    assert str(error) == "须为不小于 1 的整数，而不是 True"
