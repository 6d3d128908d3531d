"""Image pipeline: checks the photos case files cite, and derives the copies readers get.

Contract: `src` is relative to `images/`; it must exist, stay inside `images/` and be a JPEG, PNG,
WebP or GIF that decodes. The original is never published as is: readers get resized copies with
camera metadata removed and orientation applied. The same image may be used by several cases.

Decisions (documented here because the outputs are public and hard to take back):

* Metadata. Every output is written from an image whose `info` is emptied and without passing
  `exif=`, `xmp=`, `icc_profile=` or `comment=`, so no EXIF (GPS, camera, dates), XMP, ICC or
  comment reaches a reader. The EXIF orientation is applied to the pixels before it is dropped.
* Colour. If the source embeds an ICC profile that is not sRGB (iPhone photos are Display P3),
  the pixels are converted to sRGB with LittleCMS and written untagged: browsers treat untagged
  images as sRGB, so colours stay right without shipping a profile. A profile that cannot be
  read is dropped and the pixels are kept as they are. CMYK without a usable profile goes
  through Pillow's CMYK->RGB conversion (Pillow already undoes Adobe's inverted CMYK).
* Animation. Animated GIF/WebP/PNG are flattened: only the first frame is published, as a
  still. A gallery of photos is not the place for animations (and a GIF fallback would be huge).
* Formats. Each width is written as WebP plus a fallback: JPEG for opaque images, PNG when the
  image has real transparency (an alpha channel that is not fully opaque).
* Limits. At most MAX_PIXELS pixels (60 million): above that the image is refused before any
  pixel is decoded, so a decompression bomb is an error message, not a hang or an OOM kill.
* Cache. Output names come from a hash of the source bytes and of the encoding settings, so
  they never need invalidating; a manifest in the output folder remembers the sizes so that a
  warm build opens no image at all.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import multiprocessing
import os
import re
import secrets
import struct
import sys
import threading
import time
import warnings
import zlib
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from PIL import Image, ImageCms


@dataclass(frozen=True)
class Variant:
    filename: str  # file name inside the output folder, e.g. "3f2a9c1b7d0e-800.webp"
    width: int
    height: int
    format: str  # "webp", "jpeg" or "png" (a GIF source is published as a still, never as GIF)


@dataclass(frozen=True)
class Rendition:
    src: str  # the images/-relative source path as the case wrote it
    width: int  # oriented size of the largest variant
    height: int
    variants: tuple[Variant, ...]  # every width, WebP and fallback, sorted by (format, width)


# A few widths: thumbnails in a two-column phone grid, a desktop grid, and the lightbox.
WIDTHS = (480, 960, 1600)
# Encoder settings, chosen with scripts/bench_images.py (4000x3000 phone-like photos; CPU time
# per photo, fidelity as PSNR against LANCZOS from the full-size image):
# * WebP method 0 encodes ~3.5x faster than libwebp's default 4 (1600 px: ~75 ms against
#   ~270 ms) but, at the same quality setting, is a little less faithful; quality 82 instead
#   of 80 buys that back (PSNR +0.1-0.2 dB over method 4 at 80) for 6-11 % more bytes.
#   Method 1 is as faithful as 0 and slower, 2 gives bigger files, 3 costs as much as 4.
WEBP_QUALITY = 82
WEBP_METHOD = 0
# * JPEG is only the fallback for browsers without WebP and the no-JavaScript link target:
#   optimized Huffman tables cost little (1600 px: +11 ms, 2 % smaller); progressive encoding
#   cost ~80 ms per photo (~16 % of the whole) for ~3 % fewer bytes.
JPEG_QUALITY = 82
JPEG_OPTIMIZE = True
JPEG_PROGRESSIVE = False
# * Resampling: the largest width is resized from the decoded image, which draft() and reduce()
#   leave less than 2x larger: BICUBIC there is ~30 ms per photo cheaper than LANCZOS and
#   loses 0.1 dB. Each smaller width is resized from the next larger one (1.7x, 2x) with
#   LANCZOS: BICUBIC would save another ~20 ms but loses 0.3-0.4 dB, visibly softer thumbnails.
FIRST_FILTER = Image.Resampling.BICUBIC
CHAIN_FILTER = Image.Resampling.LANCZOS
MAX_PIXELS = 60_000_000  # a 60 MP photo is already more than any phone camera produces
# Bump whenever the processing changes in a way the settings below do not capture: all output
# names change, so no stale file is ever served from the cache.
# 2: orientation applied after the first resize; faster encoder settings.
PIPELINE_VERSION = 2
MANIFEST_NAME = "manifest.json"
MAX_SOURCE_LENGTH = 255  # characters of an images/-relative path

_HASH_CHARS = 12  # 48 bits: a collision among even 100 000 photos is a one-in-50 000 event
_EXTENSIONS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".gif": "GIF"}
# Pillow names phone JPEGs that carry a multi-picture index "MPO"; for us they are JPEGs.
_FORMAT_ALIASES = {"MPO": "JPEG"}
_OPEN_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")  # Pillow may only try these decoders
_DISPLAY_NAMES = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WebP", "GIF": "GIF"}
_FILE_EXT = {"webp": "webp", "jpeg": "jpg", "png": "png"}
_TEMP_PREFIX = ".tmp-"
# EXIF orientation -> the operation that turns the stored pixels upright (as exif_transpose).
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_SWAPS_AXES = (5, 6, 7, 8)
_STALE_TEMP_SECONDS = 3600
# Everything Pillow raises on a malformed file. MemoryError is deliberately not here: after the
# pixel limit it would mean a real problem of the machine, not of the photo.
_DECODE_ERRORS = (
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
    IndexError,
    KeyError,
    TypeError,
    struct.error,
    zlib.error,
    Image.DecompressionBombError,
)


class _SourceError(ValueError):
    """A problem with one source photo; its message is the Chinese text shown to the editor."""


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------


def check_image_source(images_dir: Path, src: str) -> str | None:
    """Cheap validation for the build's error report: returns None when fine, else a message in
    Simplified Chinese saying what is wrong and how to fix it (no file prefix; the caller adds
    file/line/field). Checks: not empty; not absolute; no `..` component; resolved path
    (following symlinks) stays inside images_dir; exists and is a file; extension is
    .jpg/.jpeg/.png/.webp/.gif (case-insensitive); the file opens as an image whose real format
    matches its extension (a PNG named .jpg is an error saying what it really is); pixel count
    within a limit (e.g. 60 megapixels: a decompression bomb gives a clear error, never a
    DecompressionBombError/Warning escaping, never a hang or memory blow-up); it decodes
    (truncated or garbage files give an error). Must not decode full pixels of a huge image."""
    try:
        path = _resolve_source(Path(images_dir), src)
        stat = path.stat()
    except _SourceError as exc:
        return str(exc)
    except OSError as exc:
        return f"无法读取图片“{src}”（{exc.strerror or exc}）：请检查文件权限。"
    # `mkdocs serve` re-checks every photo on each rebuild; an unchanged file (same inode, size
    # and times) keeps its verdict instead of being decoded again.
    identity = (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
    return _check_file(str(path), identity, src)


@functools.lru_cache(maxsize=4096)
def _check_file(path: str, identity: tuple[int, int, int, int], src: str) -> str | None:
    del identity  # only part of the cache key
    try:
        with _open_image(Path(path), src) as im:
            _check_header(im, src, Path(path).suffix.lower())
            _verify_decodes(im)
    except _SourceError as exc:
        return str(exc)
    except _DECODE_ERRORS as exc:
        return _decode_failed_message(src, exc)
    return None


def _resolve_source(images_dir: Path, src: str) -> Path:
    """The file `src` names, or _SourceError when the path is not an acceptable images/ path.
    Only path checks here (no file is opened), so derive_images can afford it on every run."""
    if not isinstance(src, str) or not src.strip():
        raise _SourceError("图片路径为空：请填写相对于 images/ 的路径，例如 huaian/huaigang.jpg。")
    if len(src) > MAX_SOURCE_LENGTH:
        raise _SourceError(
            f"图片路径太长（{len(src)} 个字符，最多 {MAX_SOURCE_LENGTH} 个）："
            "请给图片和文件夹起短一些的名字。"
        )
    if "\x00" in src:
        raise _SourceError(f"图片路径“{src!r}”含有不可见的控制字符：请重新输入路径。")
    if "\\" in src:
        raise _SourceError(
            f"图片路径“{src}”使用了反斜杠 \\：请改用正斜杠 /，例如 huaian/huaigang.jpg。"
        )
    # A drive letter ("C:foo") counts as absolute too: it never means a file under images/.
    if src.startswith("/") or re.match(r"^[A-Za-z]:", src):
        raise _SourceError(
            f"图片路径“{src}”是绝对路径：请改写为相对于 images/ 的路径，例如 huaian/huaigang.jpg。"
        )
    if ".." in PurePosixPath(src).parts:
        raise _SourceError(
            f"图片路径“{src}”含有“..”：图片必须放在 images/ 目录之内，"
            "请把图片移入 images/，再写相对于 images/ 的路径。"
        )
    root = images_dir.resolve()
    try:
        resolved = (root / src).resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop on Python < 3.13
        # Python's own text names the absolute path on this machine: not the editor's concern.
        raise _SourceError(
            f"无法解析图片路径“{src}”：其中的符号链接形成了循环，或指向无法访问的位置。"
            "请把图片文件本身放进 images/，不要使用符号链接。"
        ) from None
    if not resolved.is_relative_to(root):
        raise _SourceError(
            f"图片“{src}”经由符号链接指向 images/ 目录之外：请把图片文件本身复制到 images/ 中，"
            "不要使用指向外部的链接。"
        )
    if not resolved.exists():
        hint = _close_name_hint(root / src)
        raise _SourceError(
            f"找不到图片“{src}”：images/{src} 不存在。{hint}"
            "请检查文件名的拼写与大小写，或先把图片放进 images/ 目录。"
        )
    if resolved.is_dir():
        raise _SourceError(
            f"“{src}”是一个目录，不是图片：请写出具体的文件名，例如 {src.rstrip('/')}/照片.jpg。"
        )
    if not resolved.is_file():
        raise _SourceError(f"“{src}”不是普通文件：请引用 images/ 中真实的图片文件。")
    ext = PurePosixPath(src).suffix.lower()
    if ext not in _EXTENSIONS:
        raise _SourceError(_extension_message(src, ext))
    return resolved


def _close_name_hint(wanted: Path) -> str:
    """'Did you mean …' when only the letter case differs (works on Windows, breaks on Linux)."""
    try:
        for sibling in wanted.parent.iterdir():
            if sibling.name.lower() == wanted.name.lower():
                return f"同一目录下有“{sibling.name}”，文件名大小写必须完全一致。"
    except OSError:
        pass
    return ""


def _extension_message(src: str, ext: str) -> str:
    allowed = "只接受 .jpg、.jpeg、.png、.webp、.gif"
    if not ext:
        return f"图片“{src}”没有扩展名：{allowed} 格式的图片，请补上正确的扩展名。"
    if ext in (".heic", ".heif"):
        return (
            f"图片“{src}”是 HEIC 格式，浏览器普遍无法显示：{allowed}。"
            "请在手机“设置→相机→格式”中选“兼容性最佳”，或把照片导出为 JPEG 后再提交。"
        )
    return f"图片“{src}”的格式 {ext} 不受支持：{allowed}。请先转换为 JPEG（照片）或 PNG（图表）。"


@contextlib.contextmanager
def _open_image(path: Path, src: str) -> Iterator[Image.Image]:
    """Image.open limited to our four decoders, with Pillow's own bomb warning silenced: our
    lower MAX_PIXELS check right after opening reports it in words instead."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            opened = Image.open(path, formats=_OPEN_FORMATS)
        except Image.DecompressionBombError as exc:
            # Above twice Pillow's limit the header alone is enough to refuse; keep its count.
            found = re.search(r"\((\d+) pixels\)", str(exc))
            raise _SourceError(_too_large_message(src, int(found[1]) if found else None)) from None
        except Image.UnidentifiedImageError:
            raise _SourceError(_unidentified_message(path, src)) from None
        except _DECODE_ERRORS as exc:
            raise _SourceError(_decode_failed_message(src, exc)) from None
        with opened as im:
            yield im


def _check_header(im: Image.Image, src: str, ext: str) -> None:
    """Format and size checks that need only the header Image.open has read."""
    real = _FORMAT_ALIASES.get(im.format or "", im.format or "")
    expected = _EXTENSIONS[ext]
    if real != expected:
        name = _DISPLAY_NAMES.get(real, real)
        right_ext = ".jpg" if real == "JPEG" else f".{real.lower()}"
        raise _SourceError(
            f"图片“{src}”的扩展名是 {ext}，但文件实际是 {name} 图片：请把扩展名改为 {right_ext}，"
            f"或重新导出为 {_DISPLAY_NAMES[expected]} 格式。"
        )
    width, height = im.size
    if width < 1 or height < 1:
        raise _SourceError(f"图片“{src}”的尺寸为 {width}×{height}，是空图片：请重新导出。")
    if width * height > MAX_PIXELS:
        raise _SourceError(_too_large_message(src, width * height, (width, height)))


def _too_large_message(src: str, pixels: int | None, size: tuple[int, int] | None = None) -> str:
    declared = f"{size[0]}×{size[1]} 像素，" if size else ""
    count = f"约 {pixels / 10_000:.0f} 万像素，" if pixels else ""
    return (
        f"图片“{src}”声明的尺寸为 {declared}{count}超过上限 {MAX_PIXELS // 10_000} 万像素"
        "（可能是超大扫描件，或是故意构造的“解压炸弹”）：请把图片缩小到长边 4000 像素左右再提交，"
        "网页展示并不需要更大的图片。"
    )


def _unidentified_message(path: Path, src: str) -> str:
    sniffed = _sniff_format(path)
    if sniffed in _DISPLAY_NAMES:
        return (
            f"图片“{src}”看起来是 {_DISPLAY_NAMES[sniffed]} 文件，但文件头已损坏、无法打开："
            "请重新导出或重新上传原图。"
        )
    if sniffed:
        return (
            f"图片“{src}”实际是 {sniffed} 文件，不是 JPEG、PNG、WebP 或 GIF 图片："
            "请转换为 JPEG（照片）或 PNG（图表）后再引用。"
        )
    return f"图片“{src}”无法识别为图片（文件已损坏，或根本不是图片）：请重新导出或重新上传原图。"


def _sniff_format(path: Path) -> str | None:
    """Names common non-web formats from their magic bytes, for a more helpful message."""
    try:
        with path.open("rb") as fh:
            head = fh.read(32)
    except OSError:
        return None
    if head.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "WEBP"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1"):
            return "HEIC"
        if brand in (b"avif", b"avis"):
            return "AVIF"
        return "MP4/QuickTime 视频"
    for magic, name in (
        (b"BM", "BMP"),
        (b"II*\x00", "TIFF"),
        (b"MM\x00*", "TIFF"),
        (b"%PDF", "PDF"),
        (b"PK\x03\x04", "ZIP/Office 文档"),
        (b"8BPS", "Photoshop PSD"),
    ):
        if head.startswith(magic):
            return name
    if head.lstrip().startswith((b"<svg", b"<?xml")):
        return "SVG/XML"
    return None


def _decode_failed_message(src: str, exc: BaseException) -> str:
    detail = str(exc) or type(exc).__name__
    return (
        f"图片“{src}”无法完整解码（文件被截断或已损坏，技术细节：{detail}）："
        "请重新导出或重新上传原图。"
    )


def _verify_decodes(im: Image.Image) -> None:
    """Decodes the (first frame's) pixels as cheaply as the format allows: JPEG at 1/8 scale,
    which still reads every byte of the entropy-coded data, so truncation is noticed."""
    if im.format in ("JPEG", "MPO"):
        im.draft("RGB", (max(1, im.width // 8), max(1, im.height // 8)))
    im.load()


# --------------------------------------------------------------------------------------------
# Derivation
# --------------------------------------------------------------------------------------------


def tree_signature(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Every file under a folder with its time and size: cheap, and changes with any photo."""
    found = []
    for root, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(root, name)
            try:
                stat = os.stat(path)
            except OSError:
                continue
            found.append((path, stat.st_mtime_ns, stat.st_size))
    return tuple(sorted(found))


def derive_images(
    srcs: Iterable[str],
    images_dir: Path,
    out_dir: Path,
    *,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Rendition]:
    """Makes (or reuses from out_dir) every variant of every distinct src; returns src -> Rendition.
    out_dir is a persistent cache folder; output file names are derived from a hash of the source
    bytes AND the encoding settings (widths, qualities, pipeline version), so a rebuild with
    unchanged photos opens no image at all (a manifest JSON in out_dir maps the content hash to
    the variants' sizes so that a warm run needs no decoding; hashing the source bytes is fine).
    Each src processed once even if given many times. Sources are processed in parallel across
    cores (concurrent.futures.ProcessPoolExecutor; jobs=1 runs in-process, useful for tests).
    progress(done, total) is called as images finish (the plugin logs it).

    Raises ValueError (with the same Chinese message check_image_source gives) for a source
    that is not acceptable; the caller is expected to have reported those already."""
    images_dir, out_dir = Path(images_dir), Path(out_dir)
    unique = list(dict.fromkeys(srcs))
    out_dir.mkdir(parents=True, exist_ok=True)
    _remove_stale_temp_files(out_dir)

    paths = {src: _resolve_source(images_dir, src) for src in unique}
    keys = {src: _content_key(path) for src, path in paths.items()}
    manifest = _read_manifest(out_dir)

    renditions: dict[str, Rendition] = {}
    tasks: dict[str, _Task] = {}  # one task per distinct content, however many srcs share it
    srcs_of: dict[str, list[str]] = {}
    for src in unique:
        key = keys[src]
        cached = _cached_rendition(src, manifest.get(key), out_dir)
        if cached is not None:
            renditions[src] = cached
            continue
        srcs_of.setdefault(key, []).append(src)
        tasks.setdefault(key, _Task(str(paths[src]), key, str(out_dir), src))

    total, done = len(unique), len(renditions)
    if progress is not None and done:
        progress(done, total)
    fresh: dict[str, dict[str, object]] = {}
    try:
        for key, entry in _run_tasks(list(tasks.values()), jobs):
            fresh[key] = entry
            for src in srcs_of[key]:
                renditions[src] = _rendition_from_entry(src, entry)
            done += len(srcs_of[key])
            if progress is not None:
                progress(done, total)
    finally:
        # Saved even when one photo fails, so the work done for the others is not lost.
        if fresh:
            _write_manifest(out_dir, {**manifest, **fresh})
    return {src: renditions[src] for src in unique}


@dataclass(frozen=True)
class _Task:
    """One distinct photo to derive; plain strings so it pickles cheaply to a worker."""

    path: str
    key: str
    out_dir: str
    label: str  # the src as written, for messages


def _run_tasks(tasks: list[_Task], jobs: int | None) -> Iterator[tuple[str, dict[str, object]]]:
    """Yields (key, manifest entry) as photos finish, in-process or on a pool of processes."""
    workers = max(1, min(jobs if jobs is not None else _available_cores(), len(tasks)))
    if workers == 1:
        for task in tasks:
            yield task.key, _derive_one(task)
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context()) as pool:
        futures = {pool.submit(_derive_one, task): task.key for task in tasks}
        try:
            for future in as_completed(futures):
                yield futures[future], future.result()
        finally:
            # On an error, do not make the editor wait for every remaining photo first.
            pool.shutdown(wait=True, cancel_futures=True)


def _pool_context() -> multiprocessing.context.BaseContext:
    """fork where it is safe (Linux, no other thread running): workers start at once and
    nothing is imported again. Otherwise spawn, because forking a process with threads (mkdocs
    serve runs a server thread) can deadlock on a lock another thread held at that moment; spawn
    re-imports the main module in each worker, which mkdocs, pytest and any script with an
    `if __name__ == "__main__":` guard allow."""
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # honours container CPU limits
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def _derive_one(task: _Task) -> dict[str, object]:
    """Decodes one photo once and writes all its variants; returns its manifest entry."""
    path, out_dir = Path(task.path), Path(task.out_dir)
    with _open_image(path, task.label) as im:
        _check_header(im, task.label, path.suffix.lower())
        try:
            orientation = _orientation(im)
            width, height = _oriented_size(im)
            sizes = _target_sizes(width, height)
            # Variants may exist without a manifest entry (a run killed before saving it):
            # their names prove they were made from these bytes with these settings.
            existing = _existing_variants(out_dir, task.key, sizes)
            if existing is not None:
                return _entry(existing, out_dir)
            decoded = _decode(im, sizes[-1][0], width)
        except _DECODE_ERRORS as exc:
            raise _SourceError(_decode_failed_message(task.label, exc)) from None
        # All pixel work happens while the file is open: until an operation returns a new
        # image, `decoded` is the file's own image, which closing it would invalidate.
        image = _normalize_mode(_to_srgb(decoded))
        image = _reduce(image, _stored_size(sizes[-1], orientation))
        outputs = [
            out.copy() if out is im else out for out in _resize_chain(image, sizes, orientation)
        ]
    variants: list[Variant] = []
    for resized in outputs:
        _strip_metadata(resized)
        for fmt in ("webp", _fallback_format(resized)):
            name = f"{task.key}-{resized.width}.{_FILE_EXT[fmt]}"
            _write_atomic(out_dir / name, functools.partial(_encode, resized, fmt))
            variants.append(Variant(name, resized.width, resized.height, fmt))
    return _entry(variants, out_dir)


def _oriented_size(im: Image.Image) -> tuple[int, int]:
    """Size as displayed: EXIF orientations 5-8 swap width and height."""
    return _stored_size(im.size, _orientation(im))


def _stored_size(size: tuple[int, int], orientation: int) -> tuple[int, int]:
    """Displayed size -> stored size and back: the same swap for orientations 5-8."""
    return (size[1], size[0]) if orientation in _SWAPS_AXES else size


def _orientation(im: Image.Image) -> int:
    # Same source as ImageOps.exif_transpose (EXIF, else XMP), so both always agree.
    value = im.getexif().get(0x0112, 1)
    return value if isinstance(value, int) and value in _TRANSPOSE else 1


def _target_sizes(width: int, height: int) -> tuple[tuple[int, int], ...]:
    """Output sizes, smallest first; never upscale: a 700-px-wide photo gives 480 and 700."""
    largest = min(width, max(WIDTHS))
    widths = sorted({w for w in WIDTHS if w < largest} | {largest})
    # Heights from the original's aspect ratio, not from a draft-decoded size that is rounded.
    return tuple((w, max(1, round(height * w / width))) for w in widths)


def _decode(im: Image.Image, target_width: int, oriented_width: int) -> Image.Image:
    """Decodes the first frame, for JPEG directly at 1/2, 1/4 or 1/8 scale when that still
    leaves at least target_width pixels across *after* orientation. The request is made in the
    stored (unrotated) coordinates draft() works in; asking for (target_width, h) in displayed
    coordinates would, for a portrait photo stored sideways, decode too small and upscale.
    On the benchmark, 1/2 scale saves ~70 ms of ~460 per photo against a full-size decode
    followed by reduce(2)."""
    if im.format in ("JPEG", "MPO"):
        scale = target_width / oriented_width
        stored_w, stored_h = im.size
        im.draft("RGB", (max(1, _ceil(stored_w * scale)), max(1, _ceil(stored_h * scale))))
    im.load()
    # Only the current (first) frame is loaded: animations are flattened to their first frame.
    # The caller must derive a new image before the file is closed.
    return im


def _ceil(value: float) -> int:
    return int(-(-value // 1))


@functools.cache
def _srgb_profile() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _to_srgb(im: Image.Image) -> Image.Image:
    """Converts pixels from an embedded non-sRGB ICC profile to sRGB (outputs are untagged)."""
    icc = im.info.get("icc_profile")
    if not icc or im.mode not in ("RGB", "RGBA", "CMYK"):
        return im  # no profile, or a grey/palette one: the profile is just dropped later
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if "srgb" in ImageCms.getProfileDescription(profile).lower():
            return im  # already sRGB: converting would only cost time
        return ImageCms.profileToProfile(
            im,
            profile,
            _srgb_profile(),
            renderingIntent=ImageCms.Intent.PERCEPTUAL,
            outputMode="RGBA" if im.mode == "RGBA" else "RGB",
        )
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return im  # unreadable or mismatched profile: keep the pixels, drop the profile


def _normalize_mode(im: Image.Image) -> Image.Image:
    """RGB, or RGBA when some pixel is actually transparent; everything else converted."""
    if im.mode.startswith("I;16") or im.mode == "I":
        # 16-bit grey (PNG): scale 0..65535 to 0..255; a plain convert("L") would clip to white.
        wide = im if im.mode == "I" else im.convert("I")
        im = wide.point(lambda v: v / 257).convert("L")
    wants_alpha = im.mode in ("RGBA", "LA", "PA", "La", "RGBa") or im.has_transparency_data
    target = "RGBA" if wants_alpha else "RGB"
    converted = im if im.mode == target else im.convert(target)
    if target == "RGBA" and not _has_real_transparency(converted):
        return converted.convert("RGB")  # an alpha channel that is opaque everywhere
    return converted


def _has_real_transparency(im: Image.Image) -> bool:
    return im.mode == "RGBA" and im.getchannel("A").getextrema()[0] < 255


def _reduce(im: Image.Image, target: tuple[int, int]) -> Image.Image:
    """Cheap integer box reduction when the image is still at least twice the largest size
    (non-JPEG formats, or JPEGs beyond draft's 1/8); the resampling filter then only finishes
    the job. `target` is in the image's own (stored) coordinates."""
    factor = min(im.width // target[0], im.height // target[1])
    return im.reduce(factor) if factor >= 2 else im


def _strip_metadata(im: Image.Image) -> None:
    """Empties `info` (an image this module made, never the file's own): some encoders copy
    EXIF, ICC or comments from it by default. Every Pillow operation copies `info` along."""
    im.info = {}


def _resize_chain(
    im: Image.Image, sizes: tuple[tuple[int, int], ...], orientation: int
) -> list[Image.Image]:
    """Upright images of every size, smallest first. The largest is resized from the decoded
    image (still in its stored orientation) and then turned upright, which moves far fewer
    pixels than turning the decoded image; each smaller size is resized from the previous
    result, at most ~2x larger, which costs a fraction of resizing from the decoded image."""
    results: list[Image.Image] = []
    current = im
    for size in sorted(sizes, reverse=True):
        if not results:
            stored = _stored_size(size, orientation)
            if current.size != stored:
                current = current.resize(stored, FIRST_FILTER)
            if orientation in _TRANSPOSE:
                current = current.transpose(_TRANSPOSE[orientation])
        elif current.size != size:
            current = current.resize(size, CHAIN_FILTER)
        results.append(current)
    return results[::-1]


def _fallback_format(im: Image.Image) -> str:
    return "png" if im.mode == "RGBA" else "jpeg"


def encoder_params(fmt: str) -> dict[str, object]:
    """The keyword arguments Image.save gets for `fmt` ("webp", "jpeg" or "png"). Public so
    that the benchmark's plain approach encodes with exactly the same settings."""
    if fmt == "webp":
        return {"quality": WEBP_QUALITY, "method": WEBP_METHOD}
    if fmt == "jpeg":
        return {"quality": JPEG_QUALITY, "optimize": JPEG_OPTIMIZE, "progressive": JPEG_PROGRESSIVE}
    return {"optimize": True}


def _encode(im: Image.Image, fmt: str, fh: BinaryIO) -> None:
    # Deliberately no exif=, xmp=, icc_profile= or comment= arguments: see the module docstring.
    im.save(fh, fmt.upper(), **encoder_params(fmt))


def _write_atomic(dest: Path, write: Callable[[BinaryIO], None]) -> None:
    """Writes through a temporary file and os.replace, so a killed run leaves either the whole
    file or none under its final name (a cached name is trusted without being opened)."""
    tmp = dest.with_name(f"{_TEMP_PREFIX}{dest.name}.{os.getpid()}.{secrets.token_hex(4)}")
    try:
        # open(..., "xb") rather than mkstemp: mkstemp's 0600 mode would follow the file into
        # the published site, where the web server may not be allowed to read it.
        with open(tmp, "xb") as fh:
            write(fh)
        os.replace(tmp, dest)
    finally:
        with contextlib.suppress(FileNotFoundError):  # gone already after a successful replace
            tmp.unlink()


def _remove_stale_temp_files(out_dir: Path) -> None:
    """Removes temporary files a killed run left behind. Recent ones may belong to a build
    running right now in the same folder, so only old ones go."""
    limit = time.time() - _STALE_TEMP_SECONDS
    for leftover in out_dir.glob(f"{_TEMP_PREFIX}*"):
        with contextlib.suppress(OSError):
            if leftover.stat().st_mtime < limit:
                leftover.unlink()


# --------------------------------------------------------------------------------------------
# Cache: content keys and the manifest
# --------------------------------------------------------------------------------------------


def _settings_fingerprint() -> bytes:
    """Everything that changes the output bytes. Read at call time, so it follows the module's
    constants (tests change them)."""
    settings = {
        "version": PIPELINE_VERSION,
        "widths": list(WIDTHS),
        "filters": [FIRST_FILTER.name, CHAIN_FILTER.name],
        "webp": encoder_params("webp"),
        "jpeg": encoder_params("jpeg"),
        "png": encoder_params("png"),
    }
    return json.dumps(settings, sort_keys=True).encode()


def _content_key(path: Path) -> str:
    # `mkdocs serve` derives on every rebuild: an unchanged file (same inode, size and times)
    # under the same settings is not read and hashed again.
    stat = path.stat()
    identity = (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)
    return _hashed_content(str(path), identity, _settings_fingerprint())


@functools.lru_cache(maxsize=65536)
def _hashed_content(path: str, identity: tuple[int, int, int, int], settings: bytes) -> str:
    del identity  # only part of the cache key
    digest = hashlib.sha256(settings + b"\0")
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:_HASH_CHARS]


def _existing_variants(
    out_dir: Path, key: str, sizes: tuple[tuple[int, int], ...]
) -> list[Variant] | None:
    """The variants already on disk for this key, or None unless every size is complete."""
    found: list[Variant] = []
    for width, height in sizes:
        webp = f"{key}-{width}.webp"
        fallbacks = [
            fmt
            for fmt in ("jpeg", "png")
            if (out_dir / f"{key}-{width}.{_FILE_EXT[fmt]}").is_file()
        ]
        if not (out_dir / webp).is_file() or len(fallbacks) != 1:
            return None
        fmt = fallbacks[0]
        pair = [
            Variant(webp, width, height, "webp"),
            Variant(f"{key}-{width}.{_FILE_EXT[fmt]}", width, height, fmt),
        ]
        # No manifest vouches for these files (it was lost, or this entry failed its check):
        # each must decode to its size, or the photo is derived again.
        if not all(_decodes_to_size(out_dir / v.filename, (v.width, v.height)) for v in pair):
            return None
        found += pair
    return found


def _decodes_to_size(path: Path, size: tuple[int, int]) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path, formats=("WEBP", "JPEG", "PNG")) as im:
                im.load()
                return im.size == size
    except _DECODE_ERRORS:
        return False


def _entry(variants: list[Variant], out_dir: Path) -> dict[str, object]:
    """The manifest entry of a photo: its variants with each file's length and hash, which a
    later build checks before publishing a cached file (a truncated or replaced file in the
    cache is derived again, never published)."""
    largest = max(variants, key=lambda v: v.width)
    entries = []
    for v in sorted(variants, key=lambda v: (v.format, v.width)):
        path = out_dir / v.filename
        entries.append(
            {
                "filename": v.filename,
                "width": v.width,
                "height": v.height,
                "format": v.format,
                "bytes": path.stat().st_size,
                "sha256": _file_digest(str(path), _identity(path)),
            }
        )
    return {"width": largest.width, "height": largest.height, "variants": entries}


def _identity(path: Path) -> tuple[int, int, int, int]:
    stat = path.stat()
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


@functools.lru_cache(maxsize=65536)
def _file_digest(path: str, identity: tuple[int, int, int, int]) -> str:
    """SHA-256 of a file, once per version of it in a process (identity is the cache key)."""
    del identity
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _intact(path: Path, entry: dict[str, object]) -> bool:
    """Whether a cached variant is the file its manifest entry describes."""
    try:
        identity = _identity(path)
    except OSError:
        return False
    return identity[1] == entry.get("bytes") and _file_digest(str(path), identity) == entry.get(
        "sha256"
    )


def _rendition_from_entry(src: str, entry: dict[str, object]) -> Rendition:
    variants = tuple(
        sorted(
            (
                Variant(str(v["filename"]), int(v["width"]), int(v["height"]), str(v["format"]))
                for v in entry["variants"]
            ),  # type: ignore[union-attr]
            key=lambda v: (v.format, v.width),
        )
    )
    return Rendition(src, int(entry["width"]), int(entry["height"]), variants)  # type: ignore[arg-type]


def _cached_rendition(src: str, entry: object, out_dir: Path) -> Rendition | None:
    """The Rendition a manifest entry describes, if the entry is sound and its files are the
    ones it describes (length and SHA-256: a warm build reads each derivative once per process,
    about 1 ms per photo, and opens no image)."""
    if not isinstance(entry, dict):
        return None
    try:
        rendition = _rendition_from_entry(src, entry)
        files = {str(v["filename"]): v for v in entry["variants"]}  # type: ignore[union-attr]
    except (KeyError, TypeError, ValueError):
        return None  # a hand-edited or older manifest: derive again
    if not rendition.variants:
        return None
    if not all(_intact(out_dir / v.filename, files[v.filename]) for v in rendition.variants):
        return None
    return rendition


def _read_manifest(out_dir: Path) -> dict[str, object]:
    try:
        data = json.loads((out_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # missing or corrupt: the cache is rebuilt from the files' names
    images = data.get("images") if isinstance(data, dict) else None
    return images if isinstance(images, dict) else {}


def _write_manifest(out_dir: Path, entries: dict[str, object]) -> None:
    # Entries whose files were deleted are dropped, so the manifest does not grow forever.
    kept = {
        key: entry
        for key, entry in entries.items()
        if isinstance(entry, dict) and _cached_rendition("", entry, out_dir) is not None
    }
    text = json.dumps({"version": PIPELINE_VERSION, "images": kept}, sort_keys=True, indent=1)
    _write_atomic(out_dir / MANIFEST_NAME, lambda fh: fh.write(text.encode("utf-8")))
