"""How long the slowest bodies that `check` accepts take to render (showcase.bodies' limits).

For each shape of body known to make Python-Markdown slow (unclosed brackets and tags, code
fences, tables, long lists, deep nesting …) the script makes the largest body of that shape
that passes bodies.check_body, checks that it does pass, and renders it with the Markdown
extensions and settings of mkdocs.yml, then through the sanitiser, as a case page is. It
prints the characters and the seconds (wall clock, and CPU time of this process, which other
work on the machine hardly changes) of each; the limits are chosen so that none of these takes
more than a few seconds (a plain mkdocs-material site has no limits at all).

Usage: python scripts/bench_bodies.py [--scale 1.0]
       (--scale 0.1 makes every body a tenth of the limit, for a quick look)
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

import markdown
import yaml

from showcase.checking import bodies
from showcase.parsing.frontmatter import FrontMatter
from showcase.output.sanitize import sanitize_html

ROOT = Path(__file__).resolve().parent.parent


def site_markdown() -> markdown.Markdown:
    class _IgnoreTags(yaml.SafeLoader):
        pass

    _IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
    names, settings = [], {}
    for item in config["markdown_extensions"]:
        name, options = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        names.append(name)
        settings[name] = options or {}
    return markdown.Markdown(extensions=names, extension_configs=settings)


def fill(unit: str, characters: int) -> str:
    return unit * max(1, characters // len(unit))


def brackets(unit: str, count: int, characters: int) -> str:
    """`count` copies of an unclosed `unit`, spread over paragraphs of text up to the size."""
    filler = fill("这是正文文字。", max(0, characters // count - len(unit) - 2))
    return "\n\n".join(unit + filler for _ in range(count))[:characters]


def shapes(scale: float) -> dict[str, Callable[[], str]]:
    size = int(bodies.MAX_BODY_CHARACTERS * scale)
    markup = max(1, int(bodies.MAX_MARKUP * scale))
    depth = bodies.MAX_NESTING_COLUMNS // 4
    return {
        "unclosed <a": lambda: brackets("<a", markup, size),
        "unclosed <http://": lambda: brackets("<http://a", markup, size),
        "unclosed ![": lambda: brackets("![", markup, size),
        "unclosed [": lambda: brackets("[", markup, size),
        "code fences": lambda: fill("```\nx\n```\n", size),
        "table rows": lambda: "|a|b|\n|-|-|\n" + fill("|x|y|\n", size - 12),
        "list items": lambda: fill("- x\n", size),
        "headings": lambda: fill("# h\n\n", size),
        "emphasis": lambda: fill("*a* ", size),
        "inline code": lambda: fill("`a` ", size),
        "details blocks": lambda: fill("??? note\n    x\n\n", size),
        "nested lists": lambda: fill(
            "".join("    " * level + "- 层\n" for level in range(depth)), size
        ),
        "plain text": lambda: fill("正文文字，", size),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="body size as part of the limit")
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["--"]:
        argv = argv[1:]
    args = parser.parse_args(argv)
    if not 0 < args.scale <= 1:
        parser.error("--scale must be above 0 and at most 1")
    renderer = site_markdown()
    print(
        f"limits: {bodies.MAX_BODY_CHARACTERS} characters, {bodies.MAX_MARKUP} [ and <, "
        f"{bodies.MAX_NESTING_COLUMNS} columns of nesting; scale {args.scale}"
    )
    print(f"{'body':<20} {'characters':>10} {'wall s':>8} {'CPU s':>8}")
    slowest = 0.0
    for name, make in shapes(args.scale).items():
        body = make()
        problems = bodies.check_body("bench.md", FrontMatter(data={}, body=body))
        if problems:
            print(f"{name:<20} {len(body):>10} refused: {problems[0].message}")
            return 1
        renderer.reset()
        start, cpu = time.perf_counter(), time.process_time()
        sanitize_html(renderer.convert(body))
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        slowest = max(slowest, cpu)
        print(f"{name:<20} {len(body):>10} {seconds:>8.2f} {cpu:>8.2f}")
    print(f"slowest: {slowest:.2f} s of CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
