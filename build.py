#!/usr/bin/env python3
"""The maintainer's one-stop command for 产改案例馆.

python build.py check                 检查全部案例文件（不生成网页）
python build.py check --format github 以 GitHub Actions 注释格式输出
python build.py new worker li-ming --name 李明 --city huaian
                                      用带注释的模板新建案例文件
python build.py schema                重新生成 schemas/ 下供编辑器使用的 JSON Schema
python build.py build                 检查并生成网站到 site/
python build.py serve                 本地预览（修改后自动刷新）
python build.py editor [--workflow]   在浏览器里用表单编辑案例（/admin/，不需要 GitHub 等平台）
python build.py bench-images          图片处理性能测试
python build.py synth OUT --workers N  生成合成案例库；bench 为构建性能测试
python build.py screenshots / page-weight  截图与手机首屏传输量
"""

from __future__ import annotations

import argparse
import importlib
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "plugins"))  # works before `pip install -e .` too

# mkdocs-material prints a multi-line banner on every run; contributors only need our messages.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def site_options() -> dict[str, object]:
    """What `check` needs of mkdocs.yml: the showcase plugin's options and the docs folder."""
    import yaml

    class _IgnoreTags(yaml.SafeLoader):
        pass

    # mkdocs.yml may hold !!python/name or !ENV tags that only MkDocs understands.
    _IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
    found = {"content_dir": "content", "images_dir": "images", "page_size": 100}
    for plugin in config.get("plugins", []):
        if isinstance(plugin, dict) and "showcase" in plugin:
            found.update(plugin["showcase"] or {})
    found["docs_dir"] = ROOT / str(config.get("docs_dir") or "docs")
    return found


def plugin_options() -> tuple[str, str]:
    """content_dir and images_dir as mkdocs.yml sets them for the showcase plugin."""
    options = site_options()
    return str(options["content_dir"]), str(options["images_dir"])


def command_check(args: argparse.Namespace) -> int:
    from showcase.checking.lint import format_github, format_warnings, lint_corpus
    from showcase.loading.loader import load_corpus
    from showcase.problems import format_report
    from showcase.checking.links import check_links

    options = site_options()
    content_dir, images_dir = str(options["content_dir"]), str(options["images_dir"])
    corpus, problems = load_corpus(ROOT, content_dir, images_dir)
    # Relative links in bodies, which `mkdocs build --strict` would reject.
    problems += check_links(
        ROOT,
        corpus,
        content_dir=content_dir,
        docs_dir=Path(str(options["docs_dir"])),
        page_size=int(options["page_size"]),  # type: ignore[call-overload]
    )
    # Warnings never fail the check; with errors, some cases are missing from the corpus, so
    # lint_corpus leaves out the checks that would be guesses.
    warnings = lint_corpus(corpus, complete=not problems)
    if args.format == "github":
        for problem in sorted(problems):
            print(problem.format_github())
        for warning in warnings:
            print(format_github(warning, "warning"))
    else:
        if problems:
            print(format_report(problems))
        if warnings:
            print(format_warnings(warnings))
    if problems:
        return 1
    verdict = f"有 {len(warnings)} 处警告" if warnings else "没有发现问题"
    print(f"检查通过：{len(corpus.cases)} 个案例，{verdict}。")
    return 0


def command_new(args: argparse.Namespace) -> int:
    from showcase.tools.scaffold import ScaffoldError, create_case

    content_dir, _ = plugin_options()
    options = {name: getattr(args, name) for name in NEW_OPTIONS}
    try:
        created = create_case(
            ROOT, content_dir, args.kind, args.id, args.name, args.summary, options
        )
    except ScaffoldError as error:
        print(f"未创建文件：{error}", file=sys.stderr)
        return 1
    print(
        f"已创建 {created.display}：用编辑器打开它，按注释补全内容，再运行 python build.py check。"
    )
    if created.draft:
        print("它暂时是草稿（draft: true），网站上不显示：写好 summary 后删去 draft: true 这一行。")
    return 0


def command_schema(args: argparse.Namespace) -> int:
    from showcase.tools.schema import SCHEMA_DIR, write_schemas

    changed = write_schemas(ROOT)
    for path in changed:
        print(f"已更新 {path.relative_to(ROOT).as_posix()}")
    if not changed:
        print(f"{SCHEMA_DIR}/ 下的文件已是最新。")
    return 0


# Options of `new` beyond --name and --summary; scaffold.py says which kind needs which.
NEW_OPTIONS = {
    "city": "所在城市的 id（企业必填；劳模工匠与 --enterprise 二选一）",
    "enterprise": "所在企业的 id（劳模工匠）",
    "parent": "上级城市或所属集团的 id",
    "province": "所在省份（城市必填），如 江苏省",
    "level": "行政级别（城市必填）：省、地级市、县级市、县、区、镇、街道、园区",
    "industry": "行业（企业必填），如 钢铁",
    "ownership": "所有制（企业）：国有、民营、外资、台资、混合所有制",
    "publisher": "发布单位（出处必填）",
    "date": "发布日期（出处必填）：YYYY-MM-DD、YYYY-MM、YYYY 或 未载明",
}


def source_date_epoch() -> str | None:
    """The last commit's time: MkDocs dates the sitemap with it, so the same sources give a
    byte-identical site (reproducible builds)."""
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return out or None


def command_build(args: argparse.Namespace) -> int:
    env = dict(os.environ)
    if "SOURCE_DATE_EPOCH" not in env and (epoch := source_date_epoch()):
        env["SOURCE_DATE_EPOCH"] = epoch
    return subprocess.call(
        [sys.executable, "-m", "mkdocs", "build", "--strict", *args.extra], cwd=ROOT, env=env
    )


def command_serve(args: argparse.Namespace) -> int:
    # --dirty: after the first build, only the pages whose displayed data changed are rebuilt
    # (the plugin tracks what every page shows; see plugins/showcase/incremental.py).
    return subprocess.call(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", *args.extra], cwd=ROOT
    )


def dev_address(serve_args: list[str]) -> str:
    """The address `mkdocs serve` will listen on, as its -a/--dev-addr option says."""
    for index, arg in enumerate(serve_args):
        if arg.startswith("--dev-addr="):
            return arg.split("=", 1)[1]
        if arg in ("-a", "--dev-addr") and index + 1 < len(serve_args):
            return serve_args[index + 1]
    return "127.0.0.1:8000"


def command_editor(args: argparse.Namespace) -> int:
    """The editor at /admin/ on this computer: decap-server (the editor's local backend) on the
    working tree, and the live preview. Nothing needs a forge or an account."""
    from showcase.tools.cms import NPM_HINT, local_proxy_command

    argv, env = local_proxy_command(ROOT, workflow=args.workflow)
    if not Path(argv[-1]).is_file() or not (ROOT / "node_modules/decap-cms").is_dir():
        print(f"没有找到编辑器的程序：{NPM_HINT}。", file=sys.stderr)
        return 1
    if args.workflow:
        # The git mode commits everything in the working tree to the case's branch.
        status = subprocess.run(
            ["git", "status", "--porcelain"], cwd=ROOT, capture_output=True, text=True
        )
        if status.returncode != 0 or status.stdout.strip():
            print(
                "--workflow 要在干净的 Git 工作区里用：先提交或暂存（git stash）现有修改。",
                file=sys.stderr,
            )
            return 1
    try:
        proxy = subprocess.Popen(argv, env={**os.environ, **env}, cwd=ROOT)
    except OSError:
        print("无法启动 node：请先安装 Node.js。", file=sys.stderr)
        return 1
    mode = (
        "保存即提交到分支 cms/<类别>/<id>，“发布”时合并"
        if args.workflow
        else "保存即写入 content/ 下的文件"
    )
    address = dev_address(args.extra)
    print(
        f"在浏览器打开 http://{address}/admin/ ，点“登录”即可编辑（{mode}）。Ctrl+C 结束。",
        flush=True,
    )
    try:
        return subprocess.call(
            [sys.executable, "-m", "mkdocs", "serve", "--dirty", *args.extra], cwd=ROOT
        )
    except KeyboardInterrupt:
        return 0
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)


# Commands that run a module's main() with the remaining arguments: (module, help); a bare
# name is a script of scripts/, a dotted one a module of the plugin package.
SCRIPTS = {
    "bench-images": ("bench_images", "图片处理性能测试：本流程与朴素做法对比"),
    "bench-bodies": ("bench_bodies", "正文限制下最慢的正文的生成时间"),
    "bench": ("bench", "构建性能测试：本插件与同样页面的普通 mkdocs-material 站点对比"),
    "synth": ("showcase.tools.synth", "生成合成案例库（用于性能测试）"),
    "screenshots": ("screenshots", "手机和桌面宽度的页面截图"),
    "editor-screenshots": ("editor_screenshots", "贡献指南里在线编辑器的截图"),
    "bench-editor": ("bench_editor", "在线编辑器在大案例库上的等待时间（本地后端）"),
    "page-weight": ("page_weight", "手机首屏传输量"),
}


def command_script(args: argparse.Namespace) -> int:
    sys.path.insert(0, str(ROOT / "scripts"))
    module = importlib.import_module(SCRIPTS[args.command][0])
    return module.main(args.extra)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build.py", description="产改案例馆维护命令")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="检查全部案例文件")
    check.add_argument("--format", choices=("text", "github"), default="text")
    check.set_defaults(run=command_check)
    new = commands.add_parser("new", help="用带注释的模板新建案例文件")
    new.add_argument("kind", help="类别：city、enterprise、worker、source（或 cities 等文件夹名）")
    new.add_argument("id", help="id，即文件名（不含 .md），如 ma-ben")
    new.add_argument("--name", help="名称（必填），如 马奔")
    new.add_argument("--summary", help="一句话介绍；不写则新文件先作为草稿")
    for name, text in NEW_OPTIONS.items():
        new.add_argument(f"--{name}", help=text)
    new.set_defaults(run=command_new)
    schema = commands.add_parser("schema", help="生成 schemas/ 下的 JSON Schema")
    schema.set_defaults(run=command_schema)
    editor = commands.add_parser(
        "editor", help="在浏览器里用表单编辑案例：http://127.0.0.1:8000/admin/（本地，不需要账号）"
    )
    editor.add_argument(
        "--workflow",
        action="store_true",
        help="试用审核流程：保存到 Git 分支 cms/<类别>/<id>，发布时合并（需干净的工作区）",
    )
    # Other options (such as --dev-addr) go to mkdocs serve.
    editor.set_defaults(run=command_editor, passthrough=True)
    passthrough = [
        ("build", command_build, "检查并生成网站（其余参数交给 mkdocs build）"),
        ("serve", command_serve, "本地预览（其余参数交给 mkdocs serve）"),
    ]
    passthrough += [(name, command_script, text) for name, (_, text) in SCRIPTS.items()]
    for name, run, text in passthrough:
        sub = commands.add_parser(name, help=text, add_help=False)  # --help goes to the tool
        sub.set_defaults(run=run, passthrough=True)
    # Options such as --count belong to the script or to mkdocs, not to this parser.
    args, extra = parser.parse_known_args(argv)
    if extra and not getattr(args, "passthrough", False):
        parser.error("无法识别的参数：" + " ".join(extra))
    args.extra = [arg for arg in extra if arg != "--"]
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
