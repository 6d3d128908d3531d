"""The site folder: a failed build of any kind leaves the previous site exactly as it was.

MkDocs empties the site folder right after `on_pre_build` and writes the new site into it page
by page, so anything failing later (a page that cannot be rendered, a full disk, a warning
under --strict, which MkDocs turns into a failure only after the whole site is written) leaves
a half-written site or none. Checking everything beforehand (the plugin does: see loader.py and
bodies.py) cannot cover the disk or MkDocs' own failures. So a full build writes into a new
folder beside the site folder (`.site.building-<pid>`) and only a build that succeeded replaces
the site folder with it, by two renames on the same file system. The replaced site is renamed
`.site.discarded-<pid>` and deleted by a child process that outlives the build (deleting tens of
thousands of files takes seconds nobody needs to wait for).

Dirty builds (`--dirty`, which `python build.py serve` uses) update the site folder in place:
they rely on what it holds. A site folder that is a mount point cannot be renamed either; it is
built in place too, after the same checks.

This module is the one place that knows MkDocs' internals, each assumption tested in
tests/test_output.py so that a MkDocs upgrade that breaks one fails there loudly:

* `config.site_dir` may be changed in `on_config` and every output is written below the value
  it has from then on (pages, static files, the search index in `on_post_build`);
* under --strict MkDocs counts warnings of the "mkdocs" logger and fails *after* the last
  `on_post_build`; a plugin counting the same records with its own handler knows beforehand;
* `mkdocs serve` serves the folder by its path, so a folder renamed into place is served;
* MkDocs logs a failing page as "Error reading page '<src_uri>': …" or "Error building page
  '<src_uri>': …" before re-raising; the plugin keeps the page to name the case file instead.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, MkDocsException

MKDOCS_LOGGER = "mkdocs"
BUILD_LOGGER = "mkdocs.commands.build"
_PAGE_ERROR = re.compile(r"^Error (?:reading|building) page '(?P<page>.+?)':")
_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?P<what>building|previous|discarded)-(?P<pid>\d+)$")
UNCHANGED = "上一次生成的网站保持不变"


class WarningCount(logging.Handler):
    """Counts the warnings MkDocs' --strict counts (records of the "mkdocs" logger)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class FailingPage(logging.Filter):
    """Keeps the page MkDocs names when rendering or writing it fails, and holds back MkDocs'
    English line: the plugin reports the failure in its own words, naming the case file."""

    def __init__(self) -> None:
        super().__init__()
        self.page: str | None = None

    def filter(self, record: logging.LogRecord) -> bool:
        match = _PAGE_ERROR.match(str(record.msg))
        if match is None:
            return True
        self.page = match.group("page")
        # With -v the maintainer sees MkDocs' line and its traceback (failure_message).
        return logging.getLogger(MKDOCS_LOGGER).isEnabledFor(logging.DEBUG)


@dataclass
class BuildOutput:
    """Where one build writes, and how it ends."""

    config: MkDocsConfig
    site_dir: str  # as MkDocs was given it
    final: Path  # the site folder, symbolic links resolved
    dirty: bool = False
    scratch: Path | None = None  # the folder written instead of `final`; None: in place
    warnings: WarningCount | None = None
    failing: FailingPage = field(default_factory=FailingPage)


def begin(config: MkDocsConfig, *, dirty: bool) -> BuildOutput:
    """Checks that the site folder can be written, and points MkDocs at a new folder beside it
    (unless the build is dirty or the folder is a mount point). Raises Abort with one line in
    Chinese when the site folder cannot be written at all."""
    final = Path(os.path.realpath(config.site_dir))
    output = BuildOutput(config, config.site_dir, final, dirty)
    check_location(final)
    if config.strict:
        output.warnings = WarningCount()
        logging.getLogger(MKDOCS_LOGGER).addHandler(output.warnings)
    logging.getLogger(BUILD_LOGGER).addFilter(output.failing)
    if dirty or os.path.ismount(final):
        return output
    remove_leftovers(final)
    scratch = final.parent / f".{final.name}.building-{os.getpid()}"
    try:
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir()
    except OSError as error:
        finish(output)
        raise Abort(operational_message(error, output)) from None
    output.scratch = scratch
    config.site_dir = str(scratch)
    return output


def check_location(final: Path) -> None:
    """The site folder (or where it is to be made) must be a folder this process may write."""
    if final.exists() and not final.is_dir():
        raise Abort(
            f"网站输出位置 {final} 是一个文件，不是文件夹：删掉或改名这个文件，"
            f"或用 --site-dir 换一个输出位置。"
        )
    try:
        final.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise Abort(_location_message(error, final)) from None
    for folder in (final.parent, final) if final.exists() else (final.parent,):
        if not os.access(folder, os.W_OK | os.X_OK):
            raise Abort(
                f"没有权限写入 {folder}：检查这个文件夹的权限（或它所在的磁盘是否只读），"
                "或用 --site-dir 换一个输出位置。"
            )


def _location_message(error: OSError, final: Path) -> str:
    blocker = next((path for path in final.parents if path.exists() and not path.is_dir()), None)
    if blocker is not None:
        return (
            f"无法在 {final} 生成网站：{blocker} 是一个文件，不是文件夹。"
            "删掉或改名这个文件，或用 --site-dir 换一个输出位置。"
        )
    return f"无法在 {final} 生成网站：{_reason(error)}。"


def remove_leftovers(final: Path) -> None:
    """Folders a killed build left beside the site folder (this process's own, or a process's
    that no longer runs). A previous site whose replacement never arrived is put back."""
    try:
        entries = list(os.scandir(final.parent))
    except OSError:
        return
    for entry in entries:
        match = _LEFTOVER.match(entry.name)
        if match is None or match.group("name") != final.name:
            continue
        pid = int(match.group("pid"))
        if pid != os.getpid() and _running(pid):
            continue
        if match.group("what") == "previous" and not final.exists():
            os.rename(entry.path, final)
        elif match.group("what") == "discarded":
            delete_in_background(Path(entry.path))  # its deleter may have been killed
        else:
            shutil.rmtree(entry.path, ignore_errors=True)


def delete_in_background(folder: Path) -> None:
    """Deletes a folder in a child process of its own, which outlives the build: a previous
    site of tens of thousands of files takes seconds to delete, and nobody waits for that. Two
    deleters of one folder (a build that starts before the last one's deleter ends) are
    harmless."""
    try:
        subprocess.Popen(
            [sys.executable, "-c", _DELETE, str(folder)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # not killed with the build's process group (Ctrl-C)
        )
    except OSError:  # no process to spare: deleted here and now
        shutil.rmtree(folder, ignore_errors=True)


_DELETE = "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)"


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def publish(output: BuildOutput, log: logging.Logger) -> None:
    """The build succeeded: its folder replaces the site folder. Under --strict with warnings
    MkDocs is about to fail the build, so the new folder is dropped instead."""
    finish(output)
    scratch = output.scratch
    if scratch is None:
        return
    if output.warnings is not None and output.warnings.count:
        shutil.rmtree(scratch, ignore_errors=True)
        # Not a warning: MkDocs would count it among those it reports.
        log.info(f"严格模式（--strict）下有警告，新生成的网站已丢弃；{UNCHANGED}。")
        return
    previous = output.final.parent / f".{output.final.name}.previous-{os.getpid()}"
    try:
        if output.final.exists():
            os.rename(output.final, previous)
        try:
            os.rename(scratch, output.final)
        except OSError:
            if previous.exists():
                os.rename(previous, output.final)
            raise
    except OSError as error:
        shutil.rmtree(scratch, ignore_errors=True)
        raise Abort(operational_message(error, output)) from None
    # Renamed first, so that no later build takes it for a site to put back; a folder whose
    # deletion did not finish is deleted by the next build.
    discarded = output.final.parent / f".{output.final.name}.discarded-{os.getpid()}"
    try:
        os.rename(previous, discarded)
    except OSError:
        return  # there was no previous site (or it is being deleted already)
    delete_in_background(discarded)


def finish(output: BuildOutput) -> None:
    """Takes the counting handler and the page filter off MkDocs' loggers, and gives MkDocs
    back its site folder (`mkdocs gh-deploy` publishes config.site_dir after the build)."""
    if output.warnings is not None:
        logging.getLogger(MKDOCS_LOGGER).removeHandler(output.warnings)
    logging.getLogger(BUILD_LOGGER).removeFilter(output.failing)
    output.config.site_dir = output.site_dir


def abandon(output: BuildOutput | None) -> None:
    """The build failed: the folder it was writing goes, the site folder stays as it was.
    (After a successful publish the folder has become the site folder: nothing is left.)"""
    if output is None:
        return
    finish(output)
    if output.scratch is not None:
        shutil.rmtree(output.scratch, ignore_errors=True)


def failure_message(
    error: BaseException, output: BuildOutput | None, case_file: str | None
) -> str | None:
    """One line in Chinese for a failure MkDocs would show as a traceback; None for MkDocs' own
    errors (it reports those itself) and when the maintainer asked for details (-v)."""
    if isinstance(error, MkDocsException) or logging.getLogger(MKDOCS_LOGGER).isEnabledFor(
        logging.DEBUG
    ):
        return None
    if isinstance(error, OSError) and error.filename is not None:
        return operational_message(error, output)
    page = output.failing.page if output is not None else None
    if case_file:
        where = f"{case_file}: 生成这个案例的网页时出错"
    else:
        where = f"生成网页 {page} 时出错" if page else "生成网站时出错"
    return (
        f"{where}（{type(error).__name__}: {str(error)[:200]}）。{_outcome(output)}。"
        "运行 mkdocs build -v 可看到详细信息；这多半是网站程序的问题，请把这条信息告诉维护者。"
    )


def operational_message(error: OSError, output: BuildOutput | None) -> str:
    """A file-system error in one line: what, where (the site folder's path, not the folder
    being written), and whether the previous site is intact."""
    # A copy (shutil) names its source first and its destination second: the destination is
    # what could not be written.
    path = str(error.filename2 or error.filename or "")
    if output is not None and output.scratch is not None:
        path = path.replace(str(output.scratch), str(output.final))
    return f"无法写入 {path}：{_reason(error)}。{_outcome(output)}。"


def _outcome(output: BuildOutput | None) -> str:
    if output is None or output.scratch is not None:
        return UNCHANGED
    why = "--dirty 构建" if output.dirty else "网站文件夹是挂载点，这次构建"
    return f"{why}直接写入网站文件夹，网站可能只更新了一部分，问题解决后请完整地重新构建"


def _reason(error: OSError) -> str:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return "磁盘空间不足，清理磁盘后重新构建"
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "没有写入权限（或磁盘是只读的），检查权限，或用 --site-dir 换一个输出位置"
    if error.errno == errno.EFBIG:
        return "文件超过了系统允许的大小"
    if error.errno == errno.ENOTDIR:
        return "路径中有一段是文件而不是文件夹"
    return error.strerror or type(error).__name__
