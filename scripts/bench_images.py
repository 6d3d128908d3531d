"""Benchmark of the image pipeline (showcase.images) against the plain approach.

Generates N camera-like 4000x3000 JPEGs (gradients, shapes and sensor-like noise, so they do not
compress trivially; every third one stored sideways with EXIF orientation 6 and a GPS position,
as phones do), then times in one run:

  (a) plain: open, exif_transpose, resize every width from the full-size image, save WebP and
      JPEG with the same settings, one image after another;
  (b) derive_images on an empty cache with the default number of workers ("cold");
  (b1) the same with jobs=1, to separate the cheaper decoding from the parallelism;
  (c) derive_images again on the same cache ("warm").

Usage: python scripts/bench_images.py [--count 12] [--jobs N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageOps
from showcase import images

SIZE = (4000, 3000)


def make_photo(path: Path, seed: int, sideways: bool) -> None:
    """A synthetic phone photo: smooth light, hard-edged objects and per-channel noise."""
    rng = random.Random(seed)
    w, h = SIZE
    channels = []
    for angle in (0, 90, 45):  # a different gradient per channel gives smooth colour shifts
        gradient = Image.linear_gradient("L").rotate(angle + rng.uniform(-20, 20))
        channels.append(gradient.resize(SIZE, Image.Resampling.BILINEAR))
    im = Image.merge("RGB", channels)
    draw = ImageDraw.Draw(im)
    for _ in range(40):  # edges and flat areas, like buildings, people and machines
        x, y = rng.randrange(w), rng.randrange(h)
        box = (x, y, x + rng.randrange(80, 900), y + rng.randrange(80, 700))
        colour = tuple(rng.randrange(256) for _ in range(3))
        (draw.ellipse if rng.random() < 0.4 else draw.rectangle)(box, fill=colour)
    # Texture at two scales, so that it survives downscaling as real detail does: blotches a
    # few pixels wide (foliage, fabric, concrete) and per-pixel sensor noise. Full-size
    # effect_noise is slow, so the grain is a 1000 px tile repeated: costs the same to encode.
    blotches = Image.effect_noise((w // 6, h // 6), 70).resize(SIZE, Image.Resampling.BICUBIC)
    im = Image.blend(im, Image.merge("RGB", [blotches] * 3), 0.2)
    grain = Image.new("RGB", SIZE)
    tile = Image.merge("RGB", [Image.effect_noise((1000, 1000), 50) for _ in range(3)])
    for x in range(0, w, 1000):
        for y in range(0, h, 1000):
            grain.paste(tile, (x, y))
    im = Image.blend(im, grain, 0.06)
    exif = Image.Exif()
    exif[271], exif[272] = "BenchPhone", "Model 1"
    if sideways:
        exif[274] = 6  # held upright: stored landscape, shown portrait
        exif.get_ifd(0x8825).update({1: "N", 2: (33.0, 30.0, 0.0), 3: "E", 4: (119.0, 1.0, 0.0)})
    im.save(path, "JPEG", quality=90, exif=exif)


def plain(src: Path, out_dir: Path) -> None:
    """What one writes first: decode everything at full size, resize each width from it."""
    with Image.open(src) as opened:
        im = ImageOps.exif_transpose(opened)
    for width in images.WIDTHS:
        if width > im.width:
            continue
        small = im.resize((width, round(im.height * width / im.width)), Image.Resampling.LANCZOS)
        small.save(
            out_dir / f"{src.stem}-{width}.webp",
            "WEBP",
            quality=images.WEBP_QUALITY,
            method=images.WEBP_METHOD,
        )
        small.save(
            out_dir / f"{src.stem}-{width}.jpg",
            "JPEG",
            quality=images.JPEG_QUALITY,
            progressive=True,
            optimize=True,
        )


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def folder_bytes(folder: Path, suffix: str = "") -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.name.endswith(suffix))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=12, help="number of photos (default 12)")
    parser.add_argument("--jobs", type=int, default=None, help="workers for the cold run")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["--"]:  # as passed on by `python build.py bench-images -- --count 4`
        argv = argv[1:]
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count must be at least 1")

    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-images-"))
    try:
        return _run(work, args.count, args.jobs)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


def _run(work: Path, count: int, jobs: int | None) -> int:
    source_dir = work / "images"
    for folder in (source_dir, work / "plain", work / "cache", work / "cache-serial"):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    started = time.perf_counter()
    srcs = []
    for i in range(count):
        make_photo(source_dir / f"photo-{i:02d}.jpg", seed=i, sideways=i % 3 == 2)
        srcs.append(f"photo-{i:02d}.jpg")
    sources = folder_bytes(source_dir)
    sideways = sum(1 for i in range(count) if i % 3 == 2)
    print(
        f"{count} synthetic {SIZE[0]}x{SIZE[1]} JPEGs ({sideways} with EXIF orientation 6 + GPS), "
        f"{sources / count / 1e6:.1f} MB each, generated in {time.perf_counter() - started:.1f} s"
    )
    # What derive_images uses by default: the cores this process may run on.
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"cores: {cores} usable (os.cpu_count() = {os.cpu_count()})")
    print(f"Python {sys.version.split()[0]}, Pillow {Image.__version__}")
    if hasattr(os, "getloadavg"):  # other work on the machine skews every figure below
        print("load average before timing: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))

    plain_s = timed(lambda: [plain(source_dir / s, work / "plain") for s in srcs])
    cold_s = timed(lambda: images.derive_images(srcs, source_dir, work / "cache", jobs=jobs))
    serial_s = timed(lambda: images.derive_images(srcs, source_dir, work / "cache-serial", jobs=1))
    warm: dict[str, images.Rendition] = {}
    warm_s = timed(lambda: warm.update(images.derive_images(srcs, source_dir, work / "cache")))

    def row(label: str, seconds: float) -> None:
        print(f"  {label:<44} {seconds * 1000 / count:8.1f} ms/image  {seconds:7.2f} s total")

    print("per image:")
    row("(a) plain, serial", plain_s)
    row(f"(b) derive_images cold, jobs={jobs or cores}", cold_s)
    row("(b1) derive_images cold, jobs=1", serial_s)
    row("(c) derive_images warm", warm_s)
    print(f"plain/cold: {plain_s / cold_s:.0%}   warm/cold: {warm_s / cold_s:.2%}")
    print(f"plain/cold with jobs=1 (no parallelism): {plain_s / serial_s:.0%}")

    cache = work / "cache"
    print("output sizes (derive_images), average per image:")
    for width in images.WIDTHS:
        webp = folder_bytes(cache, f"-{width}.webp") / count
        jpeg = folder_bytes(cache, f"-{width}.jpg") / count
        print(f"  {width:>5} px  WebP {webp / 1024:7.1f} KiB   JPEG {jpeg / 1024:7.1f} KiB")
    ours = folder_bytes(cache, ".webp") + folder_bytes(cache, ".jpg")
    print(
        f"  total {ours / 1e6:.1f} MB for {count} photos (sources {sources / 1e6:.1f} MB, "
        f"plain approach {folder_bytes(work / 'plain') / 1e6:.1f} MB)"
    )
    example = next(iter(warm.values()))
    print(
        f"  e.g. {example.src}: {len(example.variants)} variants, largest {example.width}x"
        f"{example.height}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
