"""Benchmark of the image pipeline (showcase.output.images) against the plain approach.

Generates N camera-like 4000x3000 JPEGs (gradients, shapes and sensor-like noise, so they do not
compress trivially; every third one stored sideways with EXIF orientation 6 and a GPS position,
as phones do), then times, in each of R rounds with empty output folders:

  (a) plain: Image.open, ImageOps.exif_transpose (a full-size decode), then for every width a
      LANCZOS resize of the full-size image, saved as WebP and JPEG with exactly the encoder
      settings derive_images uses (images.encoder_params), one photo after another;
  (b) derive_images on an empty cache with the default number of workers ("cold");
  (b1) the same with jobs=1, to separate the cheaper pixel work from the parallelism;
  (c) derive_images again on the cache (b) filled ("warm").

Each figure is the median over the rounds, as wall-clock time and as CPU time (user + system of
this process and of the worker processes): other work on the machine inflates the first and
hardly the second. Afterwards, the fidelity of both outputs to a reference (LANCZOS from the
full-size image, not encoded) is given as PSNR, so that a faster pipeline cannot hide a worse
picture.

Usage: python scripts/bench_images.py [--count 12] [--repeat 3] [--jobs N] [--keep DIR]
"""

from __future__ import annotations

import argparse
import functools
import math
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageOps, ImageStat

from showcase.output import images

try:
    import resource
except ImportError:  # Windows: CPU time of this process only
    resource = None  # type: ignore[assignment]

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


def upright_full_size(src: Path) -> Image.Image:
    with Image.open(src) as opened:
        return ImageOps.exif_transpose(opened)


def plain(src: Path, out_dir: Path) -> None:
    """What one writes first: decode everything at full size, resize each width from it with
    LANCZOS, and save with the same encoder settings as derive_images."""
    im = upright_full_size(src)
    for width in images.WIDTHS:
        if width > im.width:
            continue
        small = im.resize((width, round(im.height * width / im.width)), Image.Resampling.LANCZOS)
        small.save(out_dir / f"{src.stem}-{width}.webp", "WEBP", **images.encoder_params("webp"))
        small.save(out_dir / f"{src.stem}-{width}.jpg", "JPEG", **images.encoder_params("jpeg"))


def plain_all(source_dir: Path, srcs: list[str], out_dir: Path) -> None:
    for src in srcs:
        plain(source_dir / src, out_dir)


def _cpu_seconds() -> float:
    if resource is None:
        return time.process_time()
    own = resource.getrusage(resource.RUSAGE_SELF)
    # Worker processes count once they have been waited for, which the pool does on shutdown.
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def timed(action: Callable[[], object]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one call."""
    cpu, start = _cpu_seconds(), time.perf_counter()
    action()
    return time.perf_counter() - start, _cpu_seconds() - cpu


def folder_bytes(folder: Path, suffix: str = "") -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.name.endswith(suffix))


def psnr(a: Image.Image, b: Image.Image) -> float:
    """Peak signal-to-noise ratio over R, G and B in dB (higher is closer; inf if equal)."""
    rms = ImageStat.Stat(ImageChops.difference(a.convert("RGB"), b.convert("RGB"))).rms
    mse = sum(x * x for x in rms) / len(rms)
    return math.inf if mse == 0 else 10 * math.log10(255 * 255 / mse)


def settings_text(fmt: str) -> str:
    return " ".join(f"{k}={v}" for k, v in images.encoder_params(fmt).items())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=12, help="number of photos (default 12)")
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds (default 3)")
    parser.add_argument("--jobs", type=int, default=None, help="workers for the cold run")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["--"]:  # as passed on by `python build.py bench-images -- --count 4`
        argv = argv[1:]
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count must be at least 1")
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-images-"))
    try:
        return _run(work, args.count, args.repeat, args.jobs)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


def _run(work: Path, count: int, repeat: int, jobs: int | None) -> int:
    source_dir = work / "images"
    shutil.rmtree(source_dir, ignore_errors=True)
    source_dir.mkdir(parents=True)
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
    workers = jobs or cores
    print(f"cores: {cores} usable (os.cpu_count() = {os.cpu_count()})")
    print(f"Python {sys.version.split()[0]}, Pillow {Image.__version__}")
    _describe(source_dir, srcs, workers)

    timings: dict[str, list[tuple[float, float]]] = {
        "plain": [],
        "cold": [],
        "serial": [],
        "warm": [],
    }
    warm: dict[str, images.Rendition] = {}
    for round_ in range(repeat):
        if hasattr(os, "getloadavg"):  # other work on the machine skews the wall-clock figures
            load = " ".join(f"{x:.2f}" for x in os.getloadavg())
            print(f"round {round_ + 1}/{repeat}: load average {load}", flush=True)
        plain_dir, cache, serial_cache = (
            work / f"{name}-{round_}" for name in ("plain", "cache", "cache-serial")
        )
        for folder in (plain_dir, cache, serial_cache):
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
        timings["plain"].append(timed(functools.partial(plain_all, source_dir, srcs, plain_dir)))
        timings["cold"].append(
            timed(functools.partial(images.derive_images, srcs, source_dir, cache, jobs=jobs))
        )
        timings["serial"].append(
            timed(functools.partial(images.derive_images, srcs, source_dir, serial_cache, jobs=1))
        )
        warm.clear()
        timings["warm"].append(
            timed(lambda: warm.update(images.derive_images(srcs, source_dir, cache)))  # noqa: B023
        )
    last = repeat - 1
    cache, plain_dir = work / f"cache-{last}", work / f"plain-{last}"

    median = {
        name: (statistics.median(t[0] for t in runs), statistics.median(t[1] for t in runs))
        for name, runs in timings.items()
    }

    def row(label: str, name: str) -> None:
        wall, cpu = median[name]
        spread = ", ".join(f"{t[0] * 1000 / count:.0f}" for t in timings[name])
        print(
            f"  {label:<36} wall {wall * 1000 / count:7.1f} ms   CPU {cpu * 1000 / count:7.1f} ms"
            f"   (wall per round: {spread})"
        )

    print(f"per image, median of {repeat} rounds:")
    row("(a) plain, serial", "plain")
    row(f"(b) derive_images cold, jobs={workers}", "cold")
    row("(b1) derive_images cold, jobs=1", "serial")
    row("(c) derive_images warm", "warm")
    ratio = median["plain"][0] / median["cold"][0]
    print(
        f"plain/cold, wall: {ratio:.2f}x with jobs={workers} ({ratio:.0%}), "
        f"{median['plain'][0] / median['serial'][0]:.2f}x with jobs=1; "
        f"CPU: {median['plain'][1] / median['cold'][1]:.2f}x"
    )
    print(f"warm/cold, wall: {median['warm'][0] / median['cold'][0]:.2%}")

    print("output sizes, average per image (derive_images | plain):")
    for width in images.WIDTHS:
        cells = []
        for ext in ("webp", "jpg"):
            ours = folder_bytes(cache, f"-{width}.{ext}") / count / 1024
            theirs = folder_bytes(plain_dir, f"-{width}.{ext}") / count / 1024
            cells.append(f"{'WebP' if ext == 'webp' else 'JPEG'} {ours:6.1f} | {theirs:6.1f} KiB")
        print(f"  {width:>5} px  " + "   ".join(cells))
    ours_total = folder_bytes(cache, ".webp") + folder_bytes(cache, ".jpg")
    print(
        f"  total {ours_total / 1e6:.1f} MB for {count} photos (sources {sources / 1e6:.1f} MB, "
        f"plain approach {folder_bytes(plain_dir) / 1e6:.1f} MB)"
    )
    _fidelity(source_dir, srcs, warm, cache, plain_dir)
    example = next(iter(warm.values()))
    print(
        f"  e.g. {example.src}: {len(example.variants)} variants, largest {example.width}x"
        f"{example.height}"
    )
    return 0


def _describe(source_dir: Path, srcs: list[str], workers: int) -> None:
    """States what each side does, from the module's actual settings."""
    widths = "/".join(str(w) for w in images.WIDTHS)
    print(
        f"both sides: widths {widths} px, WebP {settings_text('webp')}, "
        f"JPEG {settings_text('jpeg')}"
    )
    print(
        "  (a) plain: open, exif_transpose (full-size decode), each width resized from the "
        "full-size image with LANCZOS, saved as WebP and JPEG; serial"
    )
    # What draft() really decodes, for an upright and (if any) a sideways photo.
    decoded = []
    for src in srcs[:3]:
        with Image.open(source_dir / src) as im:
            oriented = images._oriented_size(im)
            largest = images._target_sizes(*oriented)[-1][0]
            stored = im.size
            images._decode(im, largest, oriented[0])
            decoded.append(f"{stored[0]}x{stored[1]} -> {im.size[0]}x{im.size[1]}")
    print(
        f"  (b) derive_images: JPEG draft decode at the smallest 1/2, 1/4 or 1/8 scale still "
        f"{max(images.WIDTHS)} px across when upright ({', '.join(dict.fromkeys(decoded))}); "
        f"largest width resized with {images.FIRST_FILTER.name} and then turned upright, each "
        f"smaller width resized with {images.CHAIN_FILTER.name} from the next larger one; "
        f"metadata dropped; same encoder settings; {workers} worker process(es)"
    )


def _fidelity(
    source_dir: Path,
    srcs: list[str],
    renditions: dict[str, images.Rendition],
    cache: Path,
    plain_dir: Path,
) -> None:
    """PSNR of both sides' outputs against LANCZOS from the full-size image, unencoded."""
    scores: dict[tuple[str, int, str], list[float]] = {}
    for src in srcs:
        full = upright_full_size(source_dir / src)
        for variant in renditions[src].variants:
            height = round(full.height * variant.width / full.width)
            reference = full.resize((variant.width, height), Image.Resampling.LANCZOS)
            ext = "jpg" if variant.format == "jpeg" else variant.format
            with Image.open(cache / variant.filename) as ours:
                scores.setdefault(("ours", variant.width, ext), []).append(psnr(ours, reference))
            with Image.open(plain_dir / f"{Path(src).stem}-{variant.width}.{ext}") as theirs:
                scores.setdefault(("plain", variant.width, ext), []).append(psnr(theirs, reference))
    print("fidelity, PSNR against LANCZOS from the full-size image (derive_images | plain):")
    for width in images.WIDTHS:
        cells = []
        for ext in ("webp", "jpg"):
            ours = statistics.mean(scores[("ours", width, ext)])
            theirs = statistics.mean(scores[("plain", width, ext)])
            cells.append(f"{'WebP' if ext == 'webp' else 'JPEG'} {ours:5.2f} | {theirs:5.2f} dB")
        print(f"  {width:>5} px  " + "   ".join(cells))


if __name__ == "__main__":
    raise SystemExit(main())
