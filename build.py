#!/usr/bin/env python3
"""The maintainer's one-stop command for 产改案例馆.

    python build.py check                 检查全部案例文件（不生成网页）
    python build.py check --format github 以 GitHub Actions 注释格式输出
    python build.py build                 检查并生成网站到 site/
    python build.py serve                 本地预览（修改后自动刷新）
    python build.py bench-images          图片处理性能测试
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))  # works before `pip install -e .` too

# mkdocs-material prints a multi-line banner on every run; contributors only need our messages.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def plugin_options() -> tuple[str, str]:
    """content_dir and images_dir as mkdocs.yml sets them for the showcase plugin."""
    import yaml

    class _IgnoreTags(yaml.SafeLoader):
        pass

    # mkdocs.yml may hold !!python/name or !ENV tags that only MkDocs understands.
    _IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "showcase" in plugin:
            options = plugin["showcase"] or {}
            return options.get("content_dir", "content"), options.get("images_dir", "images")
    return "content", "images"


def command_check(args: argparse.Namespace) -> int:
    from showcase.loader import load_corpus
    from showcase.problems import format_report

    content_dir, images_dir = plugin_options()
    corpus, problems = load_corpus(ROOT, content_dir, images_dir)
    if args.format == "github":
        for problem in sorted(problems):
            print(problem.format_github())
    elif problems:
        print(format_report(problems))
    if problems:
        return 1
    print(f"检查通过：{len(corpus.cases)} 个案例，没有发现问题。")
    return 0


def command_build(args: argparse.Namespace) -> int:
    return subprocess.call([sys.executable, "-m", "mkdocs", "build", "--strict", *args.extra],
                           cwd=ROOT)


def command_serve(args: argparse.Namespace) -> int:
    return subprocess.call([sys.executable, "-m", "mkdocs", "serve", *args.extra], cwd=ROOT)


def command_bench_images(args: argparse.Namespace) -> int:
    sys.path.insert(0, str(ROOT / "scripts"))
    import bench_images

    return bench_images.main(args.extra)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build.py", description="产改案例馆维护命令")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="检查全部案例文件")
    check.add_argument("--format", choices=("text", "github"), default="text")
    check.set_defaults(run=command_check)
    for name, run, text in (("build", command_build, "检查并生成网站"),
                            ("serve", command_serve, "本地预览"),
                            ("bench-images", command_bench_images, "图片处理性能测试")):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("extra", nargs=argparse.REMAINDER)
        sub.set_defaults(run=run)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
