"""Stages the built site for an S3-compatible bucket (Alibaba Cloud OSS, Tencent COS, MinIO, …).

    python scripts/stage_bucket.py SITE STAGING [--previous OLD_MANIFEST]

A bucket sends every object exactly as stored, with the headers stored with it, and chooses
no encoding for the reader. So each text file is staged as its gzip variant under its own name,
to be uploaded with `Content-Encoding: gzip` (every browser asks for gzip; choosing brotli per
request needs a server or a CDN edge rule). Files are grouped by what the upload must say about
them — Cache-Control, Content-Encoding, Content-Type — into folders STAGING/<n>/, listed in
STAGING/groups.tsv as `folder<TAB>cache-control<TAB>content-encoding<TAB>content-type` (`-` for no
encoding: the shell's `read` would merge an empty field away), hashed assets first so that no
page is uploaded before what it links to.

With --previous (the manifest of the deployed site, `_publish/manifest.json` in the bucket),
only new and changed files are staged, and STAGING/deleted.txt lists the objects to delete.
The new manifest is staged last, in STAGING/manifest/, to be uploaded after everything else.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path, PurePosixPath

# Content types the upload states (a bucket's own guesses vary); text in UTF-8.
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".svg": "image/svg+xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".map": "application/json; charset=utf-8",
    ".webmanifest": "application/manifest+json; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".ics": "text/calendar; charset=utf-8",
    ".webp": "image/webp",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".gz": "application/gzip",
    ".wasm": "application/wasm",
}
MANIFEST = "_publish/manifest.json"


def content_type(path: str) -> str:
    return CONTENT_TYPES.get(PurePosixPath(path).suffix.lower(), "application/octet-stream")


def changed_entries(manifest: dict, previous: dict | None) -> tuple[list[dict], list[str]]:
    """(entries to upload, paths to delete) against the deployed site's manifest."""
    if previous is None:
        return list(manifest["files"]), []
    deployed = {entry["path"]: entry for entry in previous["files"]}
    current = {entry["path"] for entry in manifest["files"]}
    upload = [
        entry
        for entry in manifest["files"]
        if (old := deployed.get(entry["path"])) is None
        or (old["sha256"], old["cache"]) != (entry["sha256"], entry["cache"])
    ]
    return upload, sorted(set(deployed) - current)


def group_key(entry: dict, cache_control: dict[str, str]) -> tuple[str, str, str]:
    encoding = "gzip" if "encodings" in entry else "-"
    return (cache_control[entry["cache"]], encoding, content_type(entry["path"]))


def stage(site: Path, staging: Path, previous: dict | None) -> list[tuple[str, ...]]:
    manifest = json.loads((site / MANIFEST).read_text(encoding="utf-8"))
    upload, deleted = changed_entries(manifest, previous)
    # Immutable (hashed) files first, then the rest, pages last of all.
    upload.sort(key=lambda e: (e["cache"] != "immutable", e["path"].endswith(".html")))
    groups: dict[tuple[str, str, str], str] = {}
    for entry in upload:
        key = group_key(entry, manifest["cache_control"])
        folder = groups.setdefault(key, str(len(groups)))
        target = staging / folder / entry["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        source = site / (entry["path"] + (".gz" if key[1] == "gzip" else ""))
        shutil.copyfile(source, target)
    rows = [(folder, *key) for key, folder in groups.items()]
    (staging / "groups.tsv").write_text(
        "".join("\t".join(row) + "\n" for row in rows), encoding="utf-8"
    )
    (staging / "deleted.txt").write_text("".join(p + "\n" for p in deleted), encoding="utf-8")
    (staging / "manifest" / "_publish").mkdir(parents=True)
    shutil.copyfile(site / MANIFEST, staging / "manifest" / MANIFEST)
    return rows


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("staging", type=Path)
    parser.add_argument("--previous", type=Path, help="the deployed site's manifest.json")
    args = parser.parse_args(argv)
    if args.staging.exists() and any(args.staging.iterdir()):
        parser.error(f"{args.staging} is not empty")
    previous = None
    if args.previous is not None and args.previous.exists():
        previous = json.loads(args.previous.read_text(encoding="utf-8"))
    rows = stage(args.site, args.staging, previous)
    deleted = (args.staging / "deleted.txt").read_text(encoding="utf-8").splitlines()
    count = sum(1 for row in rows for p in (args.staging / row[0]).rglob("*") if p.is_file())
    print(f"{count} files to upload in {len(rows)} groups, {len(deleted)} to delete")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
