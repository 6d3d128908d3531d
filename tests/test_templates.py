"""serving/templates.py: compiled templates kept across the template environments MkDocs makes
for each build, and compiled again when a template is edited."""

from __future__ import annotations

from jinja2 import DictLoader, Environment

from showcase.serving.templates import TemplateCache


def environment(cache: TemplateCache, templates: dict[str, str]) -> tuple[Environment, list[str]]:
    """A new environment, as MkDocs makes for every build, counting what it compiles."""
    env = Environment(loader=DictLoader(templates), bytecode_cache=cache)
    compiled: list[str] = []
    compile_source = env.compile

    def counting(source, name=None, filename=None, raw=False, defer_init=False):
        compiled.append(name)
        return compile_source(source, name, filename, raw, defer_init)

    env.compile = counting  # type: ignore[method-assign]
    return env, compiled


def test_a_later_build_reuses_the_compiled_templates() -> None:
    cache = TemplateCache()
    templates = {"case.html": "<h1>{{ showcase.name }}</h1>", "tag.html": "{{ tag }}"}
    first, compiled = environment(cache, templates)
    assert first.get_template("case.html").render(showcase={"name": "王五"}) == "<h1>王五</h1>"
    assert compiled == ["case.html"] and len(cache.compiled) == 1
    second, compiled_again = environment(cache, templates)
    assert second.get_template("case.html").render(showcase={"name": "赵六"}) == "<h1>赵六</h1>"
    assert compiled_again == []


def test_an_edited_template_is_compiled_afresh() -> None:
    cache = TemplateCache()
    first, _ = environment(cache, {"case.html": "旧：{{ x }}"})
    first.get_template("case.html").render(x=1)
    edited, compiled = environment(cache, {"case.html": "新：{{ x }}"})
    assert edited.get_template("case.html").render(x=1) == "新：1"
    assert compiled == ["case.html"]
    assert len(cache.compiled) == 1  # the same template's entry, replaced


def test_an_empty_cache_compiles_everything() -> None:
    env, compiled = environment(
        TemplateCache(), {"a.html": "a", "b.html": "{% include 'a.html' %}"}
    )
    assert env.get_template("b.html").render() == "a"
    assert sorted(compiled) == ["a.html", "b.html"]
