"""The image pipeline: safety checks on `src`, orientation, metadata stripping, colour modes,
sizes and the cache. Every test image is generated here with Pillow; no binary fixtures."""

from __future__ import annotations

import io
import multiprocessing
import os
import re
import struct
import time
import warnings
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageCms, JpegImagePlugin

from showcase.output import images
from showcase.output.images import Rendition, Variant, check_image_source, derive_images

CJK = re.compile(r"[\u4e00-\u9fff]")
RED, GREEN, WHITE = (255, 0, 0), (0, 200, 0), (255, 255, 255)
MAKE = "TestMakerCorp"
MODEL = "PhoneModelX9"
TAKEN = "2024:05:01 10:20:30"
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
    b'syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" '
    b'dc:creator="SecretPhotographer"/></rdf:RDF></x:xmpmeta>'
)


# ------------------------------------------------------------------------------------------
# Helpers
# ------------------------------------------------------------------------------------------


@pytest.fixture
def images_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "images"
    folder.mkdir()
    return folder


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    return tmp_path / "out"


def save(im: Image.Image, path: Path, fmt: str | None = None, **params: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, fmt, **params)
    return path


def marked(size: tuple[int, int]) -> Image.Image:
    """An upright picture: white, a red block top-left and a green block top-right."""
    w, h = size
    im = Image.new("RGB", size, WHITE)
    im.paste(RED, (0, 0, w // 4, h // 4))
    im.paste(GREEN, (w - w // 4, 0, w, h // 4))
    return im


def camera_exif(orientation: int = 1) -> Image.Exif:
    """EXIF as a phone writes it: camera, date and a GPS position."""
    exif = Image.Exif()
    exif[271] = MAKE
    exif[272] = MODEL
    exif[274] = orientation
    exif.get_ifd(0x8769)[36867] = TAKEN  # DateTimeOriginal lives in the Exif sub-IFD
    exif.get_ifd(0x8825).update(  # GPSInfo: 32.5° N, 119.1° E (Huai'an)
        {1: "N", 2: (32.0, 30.0, 0.0), 3: "E", 4: (119.0, 6.0, 0.0)}
    )
    return exif


def close(a: tuple[int, ...], b: tuple[int, ...], tolerance: int = 40) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b, strict=False))


def pixel(im: Image.Image, fx: float, fy: float) -> tuple[int, ...]:
    value = im.convert("RGBA").getpixel((int(im.width * fx), int(im.height * fy)))
    assert isinstance(value, tuple)
    return value


def one(images_dir: Path, out_dir: Path, src: str, **kwargs: object) -> Rendition:
    return derive_images([src], images_dir, out_dir, jobs=1, **kwargs)[src]  # type: ignore[arg-type]


def variant_images(out_dir: Path, rendition: Rendition) -> list[tuple[Variant, Image.Image]]:
    result = []
    for variant in rendition.variants:
        with Image.open(out_dir / variant.filename) as im:
            im.load()
            result.append((variant, _detached(im)))
    return result


def _detached(im: Image.Image) -> Image.Image:
    """A loaded copy that keeps the file's format and info, for assertions after closing."""
    copy = im.copy()
    copy.format = im.format  # type: ignore[misc]
    copy.info = dict(im.info)
    copy.n_frames = getattr(im, "n_frames", 1)  # type: ignore[attr-defined]
    return copy


def assert_no_metadata(path: Path) -> None:
    raw = path.read_bytes()
    with Image.open(path) as im:
        assert not im.getexif(), f"{path.name} carries EXIF"
        for key in ("exif", "xmp", "XML:com.adobe.xmp", "comment", "icc_profile"):
            assert key not in im.info, f"{path.name} carries {key}"
    for secret in (MAKE.encode(), MODEL.encode(), b"SecretPhotographer", b"Exif\x00"):
        assert secret not in raw, f"{path.name} contains {secret!r}"


# ------------------------------------------------------------------------------------------
# Orientation
# ------------------------------------------------------------------------------------------

# How a camera stores an upright picture under each EXIF orientation, written from the EXIF
# specification (where the stored 0th row and 0th column are), not from Pillow's table:
STORED_AS = {
    1: None,  # row 0 top, column 0 left
    2: Image.Transpose.FLIP_LEFT_RIGHT,  # row 0 top, column 0 right
    3: Image.Transpose.ROTATE_180,  # row 0 bottom, column 0 right
    4: Image.Transpose.FLIP_TOP_BOTTOM,  # row 0 bottom, column 0 left
    5: Image.Transpose.TRANSPOSE,  # row 0 left, column 0 top
    6: Image.Transpose.ROTATE_90,  # row 0 right, column 0 top: the phone held upright
    7: Image.Transpose.TRANSVERSE,  # row 0 right, column 0 bottom
    8: Image.Transpose.ROTATE_270,  # row 0 left, column 0 bottom
}


def assert_upright(variant: Variant, im: Image.Image) -> None:
    assert im.size == (variant.width, variant.height)
    assert close(pixel(im, 0.1, 0.1)[:3], RED), f"{variant.filename}: no red top-left"
    assert close(pixel(im, 0.9, 0.1)[:3], GREEN), f"{variant.filename}: no green top-right"
    assert close(pixel(im, 0.5, 0.7)[:3], WHITE), f"{variant.filename}: no white below"


@pytest.mark.parametrize(
    "upright_size", [(3600, 2400), (2400, 3600)], ids=["landscape", "portrait"]
)
@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_gives_upright_variants(
    images_dir: Path,
    out_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    orientation: int,
    upright_size: tuple[int, int],
) -> None:
    upright = marked(upright_size)
    method = STORED_AS[orientation]
    stored = upright if method is None else upright.transpose(method)
    save(stored, images_dir / "photo.jpg", quality=90, exif=camera_exif(orientation))

    # Spy: JPEG decodes must use draft (reduced scale) yet never be so small that a variant is
    # upscaled, which is what asking draft() for a displayed-coordinates box does to sideways
    # portraits.
    loaded: list[tuple[int, int]] = []
    resized: list[tuple[tuple[int, int], tuple[int, int]]] = []
    real_load, real_resize = JpegImagePlugin.JpegImageFile.load, Image.Image.resize

    def spy_load(self: JpegImagePlugin.JpegImageFile) -> object:
        result = real_load(self)
        loaded.append(self.size)
        return result

    def spy_resize(self: Image.Image, size: tuple[int, int], *args: object, **kw: object) -> object:
        resized.append((self.size, tuple(size)))
        return real_resize(self, size, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "load", spy_load)
    monkeypatch.setattr(Image.Image, "resize", spy_resize)
    rendition = one(images_dir, out_dir, "photo.jpg")

    w, h = upright_size
    assert (rendition.width, rendition.height) == (1600, round(1600 * h / w))
    assert {v.width for v in rendition.variants} == {480, 960, 1600}
    for variant, im in variant_images(out_dir, rendition):
        assert_upright(variant, im)
        assert_no_metadata(out_dir / variant.filename)
    for source, target in resized:
        assert target[0] <= source[0] and target[1] <= source[1], "upscaled"
    if upright_size == (3600, 2400):
        # 3600 px across as shown: 1/2 scale (1800 across) is enough, whatever the rotation.
        assert sorted(loaded[0]) == [1200, 1800]
    else:
        # 2400 px across as shown: 1/2 scale would leave 1200 < 1600, so a full-size decode.
        assert sorted(loaded[0]) == [2400, 3600]


@pytest.mark.parametrize("fmt,ext", [("PNG", "png"), ("WEBP", "webp")])
@pytest.mark.parametrize("orientation", [3, 6, 8])
def test_orientation_in_png_and_webp(
    images_dir: Path, out_dir: Path, fmt: str, ext: str, orientation: int
) -> None:
    upright = marked((1000, 600))
    stored = upright.transpose(STORED_AS[orientation])  # type: ignore[arg-type]
    save(stored, images_dir / f"p.{ext}", fmt, exif=camera_exif(orientation))
    rendition = one(images_dir, out_dir, f"p.{ext}")
    assert (rendition.width, rendition.height) == (1000, 600)
    for variant, im in variant_images(out_dir, rendition):
        assert_upright(variant, im)


def test_large_png_is_reduced_before_resizing(
    images_dir: Path, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save(marked((4000, 3000)), images_dir / "big.png")
    reductions: list[int] = []
    real_reduce = Image.Image.reduce

    def spy_reduce(self: Image.Image, factor: int | tuple[int, int], box: object = None) -> object:
        reductions.append(factor if isinstance(factor, int) else factor[0])
        return real_reduce(self, factor, box)  # type: ignore[arg-type]

    monkeypatch.setattr(Image.Image, "reduce", spy_reduce)
    rendition = one(images_dir, out_dir, "big.png")
    assert reductions == [2]
    assert (rendition.width, rendition.height) == (1600, 1200)
    for variant, im in variant_images(out_dir, rendition):
        assert_upright(variant, im)


# ------------------------------------------------------------------------------------------
# Metadata
# ------------------------------------------------------------------------------------------


def test_gps_camera_xmp_comment_and_icc_never_reach_the_outputs(
    images_dir: Path, out_dir: Path
) -> None:
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    photo = Image.effect_noise((1200, 900), 40).convert("RGB")
    save(
        photo,
        images_dir / "gps.jpg",
        quality=90,
        exif=camera_exif(6),
        xmp=XMP,
        comment=b"SecretPhotographer",
        icc_profile=srgb,
    )
    with Image.open(images_dir / "gps.jpg") as im:  # the input really carries all of it
        exif = im.getexif()
        assert exif[271] == MAKE and exif.get_ifd(0x8825) and "xmp" in im.info
        assert exif.get_ifd(0x8769)[36867] == TAKEN and "icc_profile" in im.info
    rendition = one(images_dir, out_dir, "gps.jpg")
    assert (rendition.width, rendition.height) == (900, 1200)  # orientation 6 applied
    assert len(rendition.variants) == 4  # 480 and 900, WebP and JPEG
    for variant in rendition.variants:
        assert_no_metadata(out_dir / variant.filename)


def test_metadata_stripped_from_png_and_webp_sources(images_dir: Path, out_dir: Path) -> None:
    rgba = Image.new("RGBA", (700, 500), (10, 20, 30, 128))
    save(rgba, images_dir / "a.png", exif=camera_exif())
    save(rgba, images_dir / "b.webp", exif=camera_exif(), xmp=XMP)
    renditions = derive_images(["a.png", "b.webp"], images_dir, out_dir, jobs=1)
    for rendition in renditions.values():
        for variant in rendition.variants:
            assert_no_metadata(out_dir / variant.filename)


def test_broken_icc_profile_is_dropped_not_fatal(images_dir: Path, out_dir: Path) -> None:
    save(
        Image.new("RGB", (600, 400), (200, 100, 50)),
        images_dir / "icc.jpg",
        icc_profile=b"not a profile at all",
    )
    assert check_image_source(images_dir, "icc.jpg") is None
    rendition = one(images_dir, out_dir, "icc.jpg")
    for _variant, im in variant_images(out_dir, rendition):
        assert "icc_profile" not in im.info
        assert close(pixel(im, 0.5, 0.5)[:3], (200, 100, 50), 12)


# ------------------------------------------------------------------------------------------
# Colour modes, transparency, animation
# ------------------------------------------------------------------------------------------


def test_cmyk_jpeg_comes_out_rgb_with_its_colours(images_dir: Path, out_dir: Path) -> None:
    cmyk = Image.new("CMYK", (800, 600), (0, 255, 255, 0))  # red in CMYK
    cmyk.paste((255, 0, 0, 0), (400, 0, 800, 600))  # right half cyan
    save(cmyk, images_dir / "cmyk.jpg", quality=95)
    with Image.open(images_dir / "cmyk.jpg") as im:
        assert im.mode == "CMYK"  # Pillow writes Adobe's inverted CMYK and reads it back
    assert check_image_source(images_dir, "cmyk.jpg") is None
    rendition = one(images_dir, out_dir, "cmyk.jpg")
    for variant, im in variant_images(out_dir, rendition):
        assert im.mode == "RGB", variant.filename
        assert close(pixel(im, 0.25, 0.5)[:3], (255, 0, 0)), variant.filename
        assert close(pixel(im, 0.75, 0.5)[:3], (0, 255, 255)), variant.filename


def test_rgba_png_keeps_alpha_in_webp_and_png_fallback(images_dir: Path, out_dir: Path) -> None:
    im = Image.new("RGBA", (1000, 800), (0, 0, 255, 255))
    im.paste((0, 0, 0, 0), (500, 0, 1000, 800))  # right half fully transparent
    save(im, images_dir / "logo.png")
    rendition = one(images_dir, out_dir, "logo.png")
    assert {v.format for v in rendition.variants} == {"webp", "png"}
    for variant, out in variant_images(out_dir, rendition):
        assert out.mode == "RGBA", variant.filename
        assert pixel(out, 0.8, 0.5)[3] == 0, variant.filename
        assert close(pixel(out, 0.2, 0.5), (0, 0, 255, 255), 8), variant.filename


def test_opaque_alpha_channel_falls_back_to_jpeg(images_dir: Path, out_dir: Path) -> None:
    save(Image.new("RGBA", (640, 480), (1, 2, 3, 255)), images_dir / "opaque.png")
    rendition = one(images_dir, out_dir, "opaque.png")
    assert {v.format for v in rendition.variants} == {"webp", "jpeg"}


def test_palette_png_with_transparency(images_dir: Path, out_dir: Path) -> None:
    im = Image.new("P", (600, 400), 1)
    im.putpalette([0, 0, 0, 255, 0, 0] + [0] * 762)
    im.paste(0, (0, 0, 300, 400))
    save(im, images_dir / "pal.png", transparency=0)  # index 0 (left half) is transparent
    rendition = one(images_dir, out_dir, "pal.png")
    assert {v.format for v in rendition.variants} == {"webp", "png"}
    for variant, out in variant_images(out_dir, rendition):
        assert out.mode == "RGBA", variant.filename
        assert pixel(out, 0.2, 0.5)[3] == 0
        assert close(pixel(out, 0.8, 0.5), (255, 0, 0, 255), 8)


def test_palette_gray_alpha_and_16_bit_modes_become_rgb(images_dir: Path, out_dir: Path) -> None:
    save(Image.new("P", (500, 300), 3), images_dir / "p.png")  # palette, no transparency
    save(Image.new("L", (500, 300), 90), images_dir / "l.png")
    la = Image.new("LA", (500, 300), (200, 255))
    la.paste((200, 0), (0, 0, 100, 300))
    save(la, images_dir / "la.png")
    save(Image.new("I;16", (500, 300), 40000), images_dir / "deep.png")  # 16-bit grey
    out = derive_images(["p.png", "l.png", "la.png", "deep.png"], images_dir, out_dir, jobs=1)
    modes = {src: {im.mode for _, im in variant_images(out_dir, r)} for src, r in out.items()}
    assert modes == {"p.png": {"RGB"}, "l.png": {"RGB"}, "la.png": {"RGBA"}, "deep.png": {"RGB"}}
    for _, im in variant_images(out_dir, out["deep.png"]):
        # 40000 / 65535 of white: about 156 out of 255, not clipped to 255.
        assert close(pixel(im, 0.5, 0.5)[:3], (156, 156, 156), 3)
    for _, im in variant_images(out_dir, out["l.png"]):
        assert close(pixel(im, 0.5, 0.5)[:3], (90, 90, 90), 3)


def test_animated_gif_becomes_a_still_of_its_first_frame(images_dir: Path, out_dir: Path) -> None:
    frames = [Image.new("RGB", (600, 400), colour) for colour in (RED, (0, 0, 255), GREEN)]
    save(
        frames[0],
        images_dir / "anim.gif",
        save_all=True,
        append_images=frames[1:],
        duration=100,
        loop=0,
    )
    with Image.open(images_dir / "anim.gif") as im:
        assert im.n_frames == 3
    assert check_image_source(images_dir, "anim.gif") is None
    rendition = one(images_dir, out_dir, "anim.gif")
    assert {v.format for v in rendition.variants} == {"webp", "jpeg"}
    for variant, im in variant_images(out_dir, rendition):
        assert im.n_frames == 1, variant.filename  # type: ignore[attr-defined]
        assert close(pixel(im, 0.5, 0.5)[:3], RED, 30), variant.filename


def test_transparent_gif_falls_back_to_png(images_dir: Path, out_dir: Path) -> None:
    im = Image.new("P", (500, 500), 1)
    im.putpalette([0, 0, 0, 0, 128, 0] + [0] * 762)
    im.paste(0, (0, 0, 250, 500))
    save(im, images_dir / "t.gif", transparency=0)
    rendition = one(images_dir, out_dir, "t.gif")
    assert {v.format for v in rendition.variants} == {"webp", "png"}


# ------------------------------------------------------------------------------------------
# Sizes
# ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "size,widths",
    [
        ((700, 525), [480, 700]),
        ((300, 200), [300]),
        ((480, 360), [480]),
        ((1600, 900), [480, 960, 1600]),
        ((5000, 1000), [480, 960, 1600]),
    ],
)
def test_never_upscale_and_every_width_exists(
    images_dir: Path, out_dir: Path, size: tuple[int, int], widths: list[int]
) -> None:
    save(marked(size), images_dir / "s.jpg", quality=90)
    rendition = one(images_dir, out_dir, "s.jpg")
    assert rendition.width == widths[-1]
    assert sorted({v.width for v in rendition.variants}) == widths
    assert len(rendition.variants) == 2 * len(widths)
    assert list(rendition.variants) == sorted(rendition.variants, key=lambda v: (v.format, v.width))
    for variant, im in variant_images(out_dir, rendition):
        assert im.size == (variant.width, variant.height)
        ext = "jpg" if variant.format == "jpeg" else variant.format
        assert re.fullmatch(rf"[0-9a-f]{{12}}-{variant.width}\.{ext}", variant.filename)
        assert abs(variant.height - variant.width * size[1] / size[0]) <= 0.5 + 1e-9
        assert im.format == {"webp": "WEBP", "jpeg": "JPEG", "png": "PNG"}[variant.format]


def test_encoder_settings_and_a_baseline_optimized_jpeg(
    images_dir: Path, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save(Image.effect_noise((900, 600), 30).convert("RGB"), images_dir / "n.jpg")
    saves: list[tuple[str, dict[str, object]]] = []
    real_save = Image.Image.save

    def spy_save(
        self: Image.Image, fp: object, format: str | None = None, **params: object
    ) -> None:
        saves.append((str(format), params))
        real_save(self, fp, format, **params)  # type: ignore[arg-type]

    monkeypatch.setattr(Image.Image, "save", spy_save)
    rendition = one(images_dir, out_dir, "n.jpg")
    assert sorted(saves, key=str) == sorted(
        [("WEBP", images.encoder_params("webp")), ("JPEG", images.encoder_params("jpeg"))] * 2,
        key=str,
    )
    assert images.encoder_params("jpeg") == {
        "quality": images.JPEG_QUALITY,
        "optimize": True,
        "progressive": False,
    }
    jpeg = next(v for v in rendition.variants if v.format == "jpeg")
    with Image.open(out_dir / jpeg.filename) as im:
        assert not im.info.get("progressive") and not im.info.get("progression")


@pytest.mark.parametrize("orientation", [1, 6])
def test_a_4000_px_photo_is_drafted_then_each_width_made_from_the_next(
    images_dir: Path, out_dir: Path, monkeypatch: pytest.MonkeyPatch, orientation: int
) -> None:
    # A 4000x3000 phone photo. Upright, draft() decodes it at 1/2 (2000x1500, the smallest
    # scale still 1600 px across); held sideways it is 3000 px across, 1/2 would leave 1500,
    # so it is decoded at full size. The largest width is made from the decoded image and only
    # then turned upright; 960 is made from 1600 and 480 from 960, never from the original.
    upright = marked((4000, 3000) if orientation == 1 else (3000, 4000))
    stored = upright if orientation == 1 else upright.transpose(STORED_AS[orientation])
    save(stored, images_dir / "big.jpg", quality=85, exif=camera_exif(orientation))
    loaded: list[tuple[int, int]] = []
    steps: list[tuple[str, tuple[int, int], tuple[int, int], object]] = []
    real_load = JpegImagePlugin.JpegImageFile.load
    real_resize, real_transpose = Image.Image.resize, Image.Image.transpose

    def spy_load(self: JpegImagePlugin.JpegImageFile) -> object:
        result = real_load(self)
        loaded.append(self.size)
        return result

    def spy_resize(
        self: Image.Image,
        size: tuple[int, int],
        resample: object = None,
        *args: object,
        **kw: object,
    ) -> Image.Image:
        steps.append(("resize", self.size, tuple(size), resample))  # type: ignore[arg-type]
        return real_resize(self, size, resample, *args, **kw)  # type: ignore[arg-type]

    def spy_transpose(self: Image.Image, method: Image.Transpose) -> Image.Image:
        result = real_transpose(self, method)
        steps.append(("transpose", self.size, result.size, method))
        return result

    monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "load", spy_load)
    monkeypatch.setattr(Image.Image, "resize", spy_resize)
    monkeypatch.setattr(Image.Image, "transpose", spy_transpose)
    rendition = one(images_dir, out_dir, "big.jpg")

    first, chain = images.FIRST_FILTER, images.CHAIN_FILTER
    if orientation == 1:
        assert set(loaded) == {(2000, 1500)}  # load() runs again as a no-op
        assert steps == [
            ("resize", (2000, 1500), (1600, 1200), first),
            ("resize", (1600, 1200), (960, 720), chain),
            ("resize", (960, 720), (480, 360), chain),
        ]
    else:
        assert set(loaded) == {(4000, 3000)}
        assert steps == [
            ("resize", (4000, 3000), (2133, 1600), first),
            ("transpose", (2133, 1600), (1600, 2133), Image.Transpose.ROTATE_270),
            ("resize", (1600, 2133), (960, 1280), chain),
            ("resize", (960, 1280), (480, 640), chain),
        ]
    assert rendition.width == 1600
    for variant, im in variant_images(out_dir, rendition):
        assert_upright(variant, im)
        assert_no_metadata(out_dir / variant.filename)


# ------------------------------------------------------------------------------------------
# Cache, parallelism, atomicity
# ------------------------------------------------------------------------------------------


def test_warm_run_opens_no_image_and_returns_equal_renditions(
    images_dir: Path, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save(marked((2000, 1500)), images_dir / "a.jpg", exif=camera_exif(6))
    save(Image.new("RGBA", (800, 600), (0, 0, 0, 0)), images_dir / "sub" / "b.png")
    srcs = ["a.jpg", "sub/b.png"]
    cold = derive_images(srcs, images_dir, out_dir, jobs=1)
    mtimes = {p.name: p.stat().st_mtime_ns for p in out_dir.iterdir()}

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("a warm run opened an image")

    monkeypatch.setattr(Image, "open", forbidden)
    warm = derive_images(srcs, images_dir, out_dir, jobs=1)
    assert warm == cold
    assert {p.name: p.stat().st_mtime_ns for p in out_dir.iterdir()} == mtimes


def test_changed_bytes_give_new_file_names(images_dir: Path, out_dir: Path) -> None:
    save(marked((800, 600)), images_dir / "a.jpg", quality=90)
    first = one(images_dir, out_dir, "a.jpg")
    save(marked((800, 600)), images_dir / "a.jpg", quality=70)
    second = one(images_dir, out_dir, "a.jpg")
    assert not {v.filename for v in first.variants} & {v.filename for v in second.variants}


def test_changed_settings_give_new_file_names(
    images_dir: Path, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save(marked((800, 600)), images_dir / "a.jpg")
    first = one(images_dir, out_dir, "a.jpg")
    monkeypatch.setattr(images, "JPEG_QUALITY", 60)
    second = one(images_dir, out_dir, "a.jpg")
    assert not {v.filename for v in first.variants} & {v.filename for v in second.variants}


def test_each_distinct_image_is_processed_once(
    images_dir: Path, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save(marked((700, 500)), images_dir / "a.jpg")
    (images_dir / "copy").mkdir()
    (images_dir / "copy" / "same.jpg").write_bytes((images_dir / "a.jpg").read_bytes())
    calls: list[str] = []
    real = images._derive_one

    def counting(task: object) -> dict[str, object]:
        calls.append(task.path)  # type: ignore[attr-defined]
        return real(task)  # type: ignore[arg-type]

    monkeypatch.setattr(images, "_derive_one", counting)
    progress: list[tuple[int, int]] = []
    result = derive_images(
        ["a.jpg", "a.jpg", "copy/same.jpg", "a.jpg"],
        images_dir,
        out_dir,
        jobs=1,
        progress=lambda done, total: progress.append((done, total)),
    )
    assert len(calls) == 1
    assert list(result) == ["a.jpg", "copy/same.jpg"]
    assert result["a.jpg"].variants == result["copy/same.jpg"].variants
    assert result["copy/same.jpg"].src == "copy/same.jpg"
    assert progress[-1] == (2, 2)


def test_parallel_run_matches_serial_run(images_dir: Path, tmp_path: Path) -> None:
    srcs = []
    for i in range(4):
        save(Image.effect_noise((900 + 50 * i, 600), 20).convert("RGB"), images_dir / f"{i}.jpg")
        srcs.append(f"{i}.jpg")
    save(Image.new("RGBA", (700, 700), (5, 5, 5, 100)), images_dir / "t.png")
    srcs.append("t.png")
    progress: list[tuple[int, int]] = []
    parallel = derive_images(
        srcs, images_dir, tmp_path / "p", jobs=2, progress=lambda d, t: progress.append((d, t))
    )
    serial = derive_images(srcs, images_dir, tmp_path / "s", jobs=1)
    assert parallel == serial
    assert [d for d, _ in progress] == sorted(d for d, _ in progress)
    assert progress[-1] == (5, 5)
    for rendition in parallel.values():
        for variant in rendition.variants:
            assert (tmp_path / "p" / variant.filename).is_file()


def test_spawned_workers_work_too(
    images_dir: Path, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Where fork is not safe (threads running, macOS, Windows) workers are spawned: a fresh
    # interpreter that must find the worker function by its import name.
    monkeypatch.setattr(images, "_pool_context", lambda: multiprocessing.get_context("spawn"))
    for name in ("a.jpg", "b.png"):
        save(marked((800, 600)), images_dir / name)
    result = derive_images(["a.jpg", "b.png"], images_dir, out_dir, jobs=2)
    assert {r.width for r in result.values()} == {800}
    for rendition in result.values():
        for variant, im in variant_images(out_dir, rendition):
            assert_upright(variant, im)


def test_interrupted_write_leaves_no_half_file(
    images_dir: Path, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save(marked((800, 600)), images_dir / "a.jpg")

    def failing_save(self: Image.Image, fp: object, *args: object, **kwargs: object) -> None:
        fp.write(b"half a file")  # type: ignore[attr-defined]
        raise OSError("disk full")

    monkeypatch.setattr(Image.Image, "save", failing_save)
    with pytest.raises(OSError, match="disk full"):
        one(images_dir, out_dir, "a.jpg")
    assert list(out_dir.iterdir()) == []
    monkeypatch.undo()
    rendition = one(images_dir, out_dir, "a.jpg")
    assert all((out_dir / v.filename).is_file() for v in rendition.variants)
    assert not [p for p in out_dir.iterdir() if p.name.startswith(".")]


def test_lost_manifest_reuses_files_and_corrupt_manifest_is_ignored(
    images_dir: Path, out_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    save(marked((800, 600)), images_dir / "a.jpg")
    first = one(images_dir, out_dir, "a.jpg")
    (out_dir / images.MANIFEST_NAME).write_text("{not json", encoding="utf-8")
    monkeypatch.setattr(images, "_encode", lambda *a: pytest.fail("re-encoded a cached image"))
    assert one(images_dir, out_dir, "a.jpg") == first
    monkeypatch.undo()
    (out_dir / first.variants[0].filename).unlink()  # a variant deleted by hand: made again
    assert one(images_dir, out_dir, "a.jpg") == first
    assert (out_dir / first.variants[0].filename).is_file()


def test_derive_refuses_paths_outside_images(images_dir: Path, out_dir: Path) -> None:
    with pytest.raises(ValueError, match="images/"):
        derive_images(["../secret.jpg"], images_dir, out_dir, jobs=1)


def test_derive_reports_an_undecodable_source_in_chinese(images_dir: Path, out_dir: Path) -> None:
    (images_dir / "bad.png").write_bytes(os.urandom(2000))
    with pytest.raises(ValueError) as caught:
        derive_images(["bad.png"], images_dir, out_dir, jobs=1)
    assert CJK.search(str(caught.value))


# ------------------------------------------------------------------------------------------
# check_image_source
# ------------------------------------------------------------------------------------------


def png_declaring(width: int, height: int) -> bytes:
    """A tiny valid-looking PNG whose header claims width x height (IHDR patched, CRC fixed)."""
    buffer = io.BytesIO()
    Image.new("1", (8, 8)).save(buffer, "PNG")
    data = bytearray(buffer.getvalue())
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def checked(images_dir: Path, src: str) -> str | None:
    start = time.perf_counter()
    message = check_image_source(images_dir, src)
    assert time.perf_counter() - start < 1.5, f"checking {src!r} took too long"
    return message


def assert_rejected(images_dir: Path, src: str, *needles: str) -> str:
    message = checked(images_dir, src)
    assert message is not None, f"{src!r} was accepted"
    assert CJK.search(message), message
    for needle in needles:
        assert needle in message, message
    return message


def test_valid_sources_are_accepted(images_dir: Path) -> None:
    photo = marked((640, 480))
    save(photo, images_dir / "huaian" / "huaigang.jpg")
    save(photo, images_dir / "UPPER.JPG", "JPEG")
    save(photo, images_dir / "b.jpeg")
    save(photo, images_dir / "c.png")
    save(photo, images_dir / "d.webp")
    save(photo, images_dir / "e.gif")
    (images_dir / "link.jpg").symlink_to(images_dir / "b.jpeg")  # a link that stays inside
    for src in [
        "huaian/huaigang.jpg",
        "UPPER.JPG",
        "b.jpeg",
        "c.png",
        "d.webp",
        "e.gif",
        "link.jpg",
        "./c.png",
    ]:
        assert checked(images_dir, src) is None, src


def test_path_escapes_are_rejected(images_dir: Path, tmp_path: Path) -> None:
    outside = save(marked((64, 64)), tmp_path / "outside.jpg")
    (images_dir / "a").mkdir()
    (images_dir / "leak.jpg").symlink_to(outside)
    (images_dir / "leakdir").symlink_to(tmp_path, target_is_directory=True)
    assert_rejected(images_dir, "../x.jpg", "..")
    assert_rejected(images_dir, "a/../../x.jpg", "..")
    assert_rejected(images_dir, "/etc/passwd", "绝对路径")
    assert_rejected(images_dir, "C:/photos/x.jpg", "绝对路径")
    assert_rejected(images_dir, "a\\x.jpg", "/")
    assert_rejected(images_dir, "leak.jpg", "链接")
    assert_rejected(images_dir, "leakdir/outside.jpg", "链接")
    assert_rejected(images_dir, "", "为空")
    assert_rejected(images_dir, "   ", "为空")


def test_missing_directory_and_wrong_extension(images_dir: Path) -> None:
    (images_dir / "folder").mkdir()
    save(marked((64, 64)), images_dir / "Case.jpg")
    assert_rejected(images_dir, "nope.jpg", "找不到", "nope.jpg")
    assert_rejected(images_dir, "case.jpg", "Case.jpg")  # only the letter case differs
    assert_rejected(images_dir, "folder", "目录")
    for ext, fmt in [("bmp", "BMP"), ("tiff", "TIFF")]:
        save(marked((64, 64)), images_dir / f"x.{ext}", fmt)
        assert_rejected(images_dir, f"x.{ext}", f".{ext}")
    (images_dir / "x.heic").write_bytes(b"\x00\x00\x00\x18ftypheic" + bytes(100))
    assert_rejected(images_dir, "x.heic", "HEIC", "JPEG")
    (images_dir / "noext").write_bytes(b"hello")
    assert_rejected(images_dir, "noext", "扩展名")


def test_content_must_match_extension(images_dir: Path) -> None:
    save(marked((64, 64)), images_dir / "fake.jpg", "PNG")
    assert_rejected(images_dir, "fake.jpg", "PNG", ".png")
    save(marked((64, 64)), images_dir / "fake.png", "JPEG")
    assert_rejected(images_dir, "fake.png", "JPEG", ".jpg")
    save(marked((64, 64)), images_dir / "bmp.jpg", "BMP")
    assert_rejected(images_dir, "bmp.jpg", "BMP")


def test_broken_files_are_rejected(images_dir: Path) -> None:
    buffer = io.BytesIO()
    Image.effect_noise((800, 600), 50).convert("RGB").save(buffer, "JPEG")
    data = buffer.getvalue()
    (images_dir / "cut.jpg").write_bytes(data[: len(data) // 2])
    assert_rejected(images_dir, "cut.jpg", "截断")
    buffer = io.BytesIO()
    Image.effect_noise((800, 600), 50).save(buffer, "PNG")
    (images_dir / "cut.png").write_bytes(buffer.getvalue()[:-5000])
    assert_rejected(images_dir, "cut.png", "截断")
    (images_dir / "noise.png").write_bytes(os.urandom(4096))
    assert_rejected(images_dir, "noise.png", "无法识别")
    (images_dir / "empty.gif").write_bytes(b"")
    assert_rejected(images_dir, "empty.gif")
    (images_dir / "head.jpg").write_bytes(data[:300])  # header only
    assert_rejected(images_dir, "head.jpg")


@pytest.mark.parametrize("size", [(30000, 30000), (9000, 8000), (60000, 1)])
def test_decompression_bombs_give_a_message(
    images_dir: Path, out_dir: Path, size: tuple[int, int]
) -> None:
    # 30000x30000 is past Pillow's own hard limit; 9000x8000 (72 MP) is below Pillow's warning
    # threshold, so only our limit stops it; 60000x1 is within the limit, but its header lies
    # about the 8x8 data that follows, which is an ordinary decoding error.
    (images_dir / "bomb.png").write_bytes(png_declaring(*size))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no DecompressionBombWarning may escape
        message = checked(images_dir, "bomb.png")
        assert message is not None and CJK.search(message)
        if size != (60000, 1):
            assert "万像素" in message
            with pytest.raises(ValueError, match="万像素"):
                derive_images(["bomb.png"], images_dir, out_dir, jobs=1)


def test_unreadable_file(images_dir: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every file")
    path = save(marked((64, 64)), images_dir / "locked.jpg")
    path.chmod(0)
    try:
        assert_rejected(images_dir, "locked.jpg")
    finally:
        path.chmod(0o644)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.text(min_size=0, max_size=40),
    data=st.binary(max_size=300),
    ext=st.sampled_from([".jpg", ".png", ".webp", ".gif", ".jpeg"]),
)
def test_check_never_raises(images_dir: Path, name: str, data: bytes, ext: str) -> None:
    # Arbitrary bytes under a valid extension, and arbitrary path strings: always a verdict.
    (images_dir / f"f{ext}").write_bytes(data)
    assert isinstance(check_image_source(images_dir, f"f{ext}"), str)
    message = check_image_source(images_dir, name)
    assert message is None or CJK.search(message)


def test_a_damaged_cached_variant_is_made_again(images_dir: Path, out_dir: Path) -> None:
    """A derivative cut short, or changed in place, is never published from the cache: its
    length and hash are checked against the manifest, and it is derived again."""
    save(marked((800, 600)), images_dir / "a.jpg")
    first = one(images_dir, out_dir, "a.jpg")
    good = {v.filename: (out_dir / v.filename).read_bytes() for v in first.variants}
    webp, jpeg = (next(v for v in first.variants if v.format == f) for f in ("webp", "jpeg"))
    (out_dir / webp.filename).write_bytes(good[webp.filename][: len(good[webp.filename]) // 2])
    same_length = bytearray(good[jpeg.filename])
    same_length[len(same_length) // 2] ^= 0xFF
    (out_dir / jpeg.filename).write_bytes(bytes(same_length))
    assert one(images_dir, out_dir, "a.jpg") == first
    assert {name: (out_dir / name).read_bytes() for name in good} == good


def test_without_a_manifest_only_files_that_decode_are_reused(
    images_dir: Path, out_dir: Path
) -> None:
    save(marked((800, 600)), images_dir / "a.jpg")
    first = one(images_dir, out_dir, "a.jpg")
    (out_dir / images.MANIFEST_NAME).unlink()
    webp = next(v for v in first.variants if v.format == "webp")
    whole = (out_dir / webp.filename).read_bytes()
    (out_dir / webp.filename).write_bytes(whole[: len(whole) // 2])
    assert one(images_dir, out_dir, "a.jpg") == first
    assert (out_dir / webp.filename).read_bytes() == whole
