#!/usr/bin/env python3
"""Draw labelled placeholder photos for every image the case files refer to.

The seed documents keep their photo captions but not the photos. This script reads the
front matter of every case file under content/, collects each `gallery` item (src and
caption) and each worker `portrait`, and draws a 1600x1200 JPEG placeholder for it under
images/<src>: a calm coloured background with a subtle pattern, the caption in large type
and the label 「示意图 · 待替换为实拍照片」. Label and caption stay inside the central square
(`SAFE_BOX`), which every crop the site makes keeps whole: 16:9 on cards, 4:3 in galleries,
3:4 for a worker's portrait. Nothing else is written on it: no file path, which a reader
has no use for.

It never overwrites a real photo: a file is (re)drawn only when it is missing or when it
is a placeholder this script made earlier (recognised by the JPEG comment it writes).
So running it again after editing captions keeps the placeholders true to the content,
and dropping a real photo in place of a placeholder is safe.

Usage:  python3 scripts/make_placeholders.py [--root REPO] [--dry-run]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path, PurePosixPath

import yaml
from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1600, 1200
# The central square that a 16:9 crop (1600x900) and a 3:4 crop (900x1200) both keep, less
# a margin: what is written on a placeholder stays inside it.
SAFE_BOX = (400, 200, 1200, 1000)
QUALITY = 80
MAX_BYTES = 300 * 1024
LABEL = "示意图 · 待替换为实拍照片"
# Recognises the script's own placeholders (of any version), which it may redraw.
MARKER = b"chanegai-placeholder"
VERSION = b"v2"
FONT_DIRS = [
    Path("/usr/share/fonts/opentype/noto"),
    Path("/usr/share/fonts/opentype/noto-cjk"),
    Path("/usr/share/fonts/truetype/noto"),
]
KINDS = ("cities", "enterprises", "workers", "sources")

# Calm, muted background colours (background, pattern, accent).
PALETTES = [
    ((62, 96, 111), (70, 106, 122), (236, 229, 206)),  # slate teal
    ((88, 110, 86), (97, 120, 95), (240, 232, 210)),  # sage
    ((112, 84, 84), (123, 93, 93), (243, 228, 214)),  # dusty rose brown
    ((70, 82, 118), (79, 92, 129), (232, 230, 240)),  # muted indigo
    ((120, 102, 72), (131, 112, 80), (246, 238, 220)),  # sand
    ((76, 104, 100), (85, 115, 110), (232, 240, 234)),  # celadon
]

# Characters that must not start a line (kept with the previous line).
NO_LINE_START = set("，。、；：！？）》」』”’%.,;:!?)")
# Characters that must not end a line (kept with the next character).
NO_LINE_END = set("“‘（《「『(")


# --------------------------------------------------------------------------- content


def read_front_matter(path: Path) -> dict:
    text = path.read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        raise ValueError(f"{path}: no front matter")
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            data = yaml.safe_load("\n".join(lines[1:i])) or {}
            if not isinstance(data, dict):
                raise ValueError(f"{path}: front matter is not a mapping")
            return data
    raise ValueError(f"{path}: front matter not closed")


def collect_images(content: Path) -> dict[str, dict]:
    """Map each referenced image path (relative to images/) to its caption and users."""
    images: dict[str, dict] = {}
    portraits: list[tuple[str, str, str]] = []
    for kind in KINDS:
        for path in sorted((content / kind).glob("*.md")):
            meta = read_front_matter(path)
            case = f"{kind}/{path.stem}"
            for item in meta.get("gallery") or []:
                src, caption = str(item["src"]), str(item["caption"])
                entry = images.setdefault(src, {"caption": caption, "cases": []})
                if entry["caption"] != caption:
                    print(
                        f"warning: {src} captioned differently in {case}: {caption!r}"
                        f" (using {entry['caption']!r})",
                        file=sys.stderr,
                    )
                if case not in entry["cases"]:
                    entry["cases"].append(case)
            if meta.get("portrait"):
                portraits.append((str(meta["portrait"]), str(meta.get("name", path.stem)), case))
    for src, name, case in portraits:
        entry = images.setdefault(src, {"caption": name, "cases": []})
        if case not in entry["cases"]:
            entry["cases"].append(case)
    return images


def safe_target(images_dir: Path, src: str) -> Path | None:
    rel = PurePosixPath(src)
    if rel.is_absolute() or ".." in rel.parts or not rel.parts:
        print(f"error: image path {src!r} must stay inside images/", file=sys.stderr)
        return None
    if rel.suffix.lower() not in (".jpg", ".jpeg"):
        print(f"skip: {src} is not a .jpg path; placeholders are JPEG only", file=sys.stderr)
        return None
    return images_dir.joinpath(*rel.parts)


def is_placeholder(path: Path) -> bool:
    try:
        with Image.open(path) as im:
            return (im.info.get("comment") or b"").startswith(MARKER)
    except Exception:
        return False


def stamp(caption: str) -> bytes:
    """The JPEG comment of a placeholder: what drew it, and for which caption."""
    return MARKER + b" " + VERSION + b"; " + caption.encode("utf-8")


# --------------------------------------------------------------------------- drawing


def find_cjk_font(bold: bool) -> tuple[str, int] | None:
    wanted = "Bold" if bold else "Regular"
    for directory in FONT_DIRS:
        for name in (f"NotoSansCJK-{wanted}.ttc", f"NotoSerifCJK-{wanted}.ttc"):
            path = directory / name
            if not path.exists():
                continue
            for index in range(10):  # pick the Simplified Chinese face of the collection
                try:
                    family, _ = ImageFont.truetype(str(path), 20, index=index).getname()
                except OSError:
                    break
                if "SC" in family.split():
                    return str(path), index
            return str(path), 0
    return None


class Fonts:
    def __init__(self) -> None:
        self.bold = find_cjk_font(True)
        self.regular = find_cjk_font(False) or self.bold
        if self.bold is None:
            print(
                "warning: no CJK font found, falling back to Pillow's default font"
                " (Chinese text will not render)",
                file=sys.stderr,
            )

    def get(self, size: int, bold: bool = True) -> ImageFont.ImageFont:
        spec = self.bold if bold else self.regular
        if spec:
            return ImageFont.truetype(spec[0], size, index=spec[1])
        try:
            return ImageFont.load_default(size)
        except TypeError:  # Pillow < 10.1
            return ImageFont.load_default()


def wrap(text: str, font: ImageFont.ImageFont, width: int) -> list[str]:
    """Greedy wrap for CJK text; keeps ASCII words and closing punctuation together."""
    tokens: list[str] = []
    for ch in text:
        if (
            tokens
            and ch.isascii()
            and ch.isalnum()
            and tokens[-1][-1:].isascii()
            and tokens[-1][-1:].isalnum()
        ):
            tokens[-1] += ch
        elif tokens and (ch in NO_LINE_START or tokens[-1][-1] in NO_LINE_END):
            tokens[-1] += ch
        else:
            tokens.append(ch)
    lines: list[str] = []
    line = ""
    for tok in tokens:
        if line and font.getlength(line + tok) > width:
            lines.append(line)
            line = tok
        else:
            line += tok
    if line:
        lines.append(line)
    return lines


def palette_for(src: str) -> tuple:
    topic = PurePosixPath(src).parts[0]
    digest = hashlib.sha256(topic.encode("utf-8")).digest()
    return PALETTES[digest[0] % len(PALETTES)]


def draw_placeholder(src: str, caption: str, fonts: Fonts) -> Image.Image:
    bg, pattern, accent = palette_for(src)
    img = Image.new("RGB", (WIDTH, HEIGHT), bg)
    d = ImageDraw.Draw(img)
    left, top, right, bottom = SAFE_BOX
    width = right - left

    # Subtle pattern over the whole picture: sparse diagonal hatching.
    for x in range(-HEIGHT, WIDTH, 48):
        d.line([(x, 0), (x + HEIGHT, HEIGHT)], fill=pattern, width=3)

    # Label banner at the top of the safe box.
    label_font = fonts.get(44)
    lw = label_font.getlength(LABEL)
    bx0 = (WIDTH - lw) / 2 - 36
    d.rounded_rectangle([bx0, top, WIDTH - bx0, top + 84], radius=20, fill=accent)
    d.text((WIDTH / 2, top + 42), LABEL, font=label_font, fill=bg, anchor="mm")

    # A simple picture icon.
    cx, cy = WIDTH / 2, top + 200
    d.rounded_rectangle([cx - 80, cy - 55, cx + 80, cy + 55], radius=12, outline=accent, width=6)
    d.polygon(
        [
            (cx - 62, cy + 40),
            (cx - 18, cy - 13),
            (cx + 13, cy + 22),
            (cx + 31, cy + 4),
            (cx + 62, cy + 40),
        ],
        fill=accent,
    )
    d.ellipse([cx + 25, cy - 40, cx + 52, cy - 13], fill=accent)

    # Caption, as large as fits in the rest of the safe box.
    box_top, box_bottom = top + 300, bottom
    for size in range(84, 32, -4):
        font = fonts.get(size)
        lines = wrap(caption, font, width)
        line_h = int(size * 1.4)
        if len(lines) * line_h <= box_bottom - box_top:
            break
    # Balanced lines: the narrowest width that needs no more lines (no one-character last line).
    narrow = width
    while narrow > 200 and len(wrap(caption, font, narrow - 20)) == len(lines):
        narrow -= 20
    lines = wrap(caption, font, narrow)
    y = box_top + ((box_bottom - box_top) - len(lines) * line_h) / 2 + line_h / 2
    for line in lines:
        d.text((WIDTH / 2, y), line, font=font, fill=(255, 255, 255), anchor="mm")
        y += line_h
    return img


# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--root",
        type=Path,
        default=Path(__file__).resolve().parent.parent,
        help="repository root (default: the parent of scripts/)",
    )
    parser.add_argument("--dry-run", action="store_true", help="list, do not write")
    args = parser.parse_args(argv)

    content, images_dir = args.root / "content", args.root / "images"
    images = collect_images(content)
    fonts = Fonts()
    status = 0
    for src, entry in sorted(images.items()):
        target = safe_target(images_dir, src)
        if target is None:
            status = 1
            continue
        if target.exists() and not is_placeholder(target):
            print(f"keep   {src} (real photo)")
            continue
        marker = stamp(entry["caption"])
        if target.exists():
            with Image.open(target) as im:
                if im.info.get("comment") == marker and im.size == (WIDTH, HEIGHT):
                    print(f"ok     {src}")
                    continue
        if args.dry_run:
            print(f"draw   {src}: {entry['caption']}")
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        img = draw_placeholder(src, entry["caption"], fonts)
        img.save(target, "JPEG", quality=QUALITY, optimize=True, progressive=True, comment=marker)
        size = target.stat().st_size
        print(f"drew   {src} ({size // 1024} KB) for {', '.join(entry['cases'])}")
        if size > MAX_BYTES:
            print(f"warning: {src} is {size} bytes, over {MAX_BYTES}", file=sys.stderr)
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
