"""The deploy recipes: the workflows' own upload steps, run here against stand-ins for the remote
side (a folder as the server, reached by real rsync through a local `ssh`; a folder as the
bucket, written by a fake `aws` that records every upload's options)."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, REPO

sys.path.insert(0, str(REPO / "scripts"))
import stage_bucket  # noqa: E402

FAKE_BIN = FIXTURES / "fake-bin"


def workflow_step(workflow: str, name: str) -> str:
    """A step's shell script, with `${{ … || 'default' }}` expressions at their defaults."""
    jobs = yaml.safe_load((REPO / ".github/workflows" / workflow).read_text(encoding="utf-8"))
    steps = jobs["jobs"]["deploy"]["steps"]
    script = next(step["run"] for step in steps if step.get("name") == name)
    return re.sub(r"\$\{\{[^}]*\|\| '([^']*)' \}\}", r"\1", script)


def run_step(script: str, cwd: Path, env: dict[str, str]) -> None:
    result = subprocess.run(
        ["bash", "-e", "-c", script],
        cwd=cwd,
        env={**os.environ, "PATH": f"{FAKE_BIN}:{os.environ['PATH']}", **env},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def copy_site(site: Path, target: Path) -> Path:
    """A checkout as the workflow sees it after the build: site/ and the repository's scripts."""
    shutil.copytree(site, target / "site")
    (target / "scripts").symlink_to(REPO / "scripts")
    return target


# --- Object storage -----------------------------------------------------------------------


@pytest.mark.slow  # a real mkdocs build
def test_staging_groups_text_as_gzip_and_orders_hashed_files_first(
    mini_site: Path, tmp_path: Path
) -> None:
    rows = stage_bucket.stage(mini_site, tmp_path / "staging", None)
    manifest = json.loads((mini_site / "_publish/manifest.json").read_text(encoding="utf-8"))
    staged = {
        path.relative_to(tmp_path / "staging" / row[0]).as_posix(): (row, path)
        for row in rows
        for path in (tmp_path / "staging" / row[0]).rglob("*")
        if path.is_file()
    }
    assert set(staged) == {entry["path"] for entry in manifest["files"]}
    for entry in manifest["files"]:
        (folder, cache_control, encoding, content_type), path = staged[entry["path"]]
        assert cache_control == manifest["cache_control"][entry["cache"]]
        if "encodings" in entry:
            assert encoding == "gzip" and "charset=utf-8" in content_type
            assert gzip.decompress(path.read_bytes()) == (mini_site / entry["path"]).read_bytes()
        else:
            assert encoding == "-" and path.read_bytes() == (mini_site / entry["path"]).read_bytes()
    order = [row[1:] for row in rows]
    immutable = manifest["cache_control"]["immutable"]
    assert order[0][0] == immutable and order[-1][2] == "text/html; charset=utf-8"
    assert (tmp_path / "staging/deleted.txt").read_text(encoding="utf-8") == ""


def test_staging_against_the_deployed_manifest(mini_site: Path, tmp_path: Path) -> None:
    manifest = json.loads((mini_site / "_publish/manifest.json").read_text(encoding="utf-8"))
    previous = json.loads(json.dumps(manifest))
    previous["files"] = [e for e in previous["files"] if e["path"] != "feed.xml"]  # new file
    changed = next(e for e in previous["files"] if e["path"] == "index.html")
    changed["sha256"] = "0" * 64  # changed file
    previous["files"].append({"path": "workers/gone/index.html", "sha256": "1", "cache": "x"})
    rows = stage_bucket.stage(mini_site, tmp_path / "staging", previous)
    staged = sorted(
        path.relative_to(tmp_path / "staging" / row[0]).as_posix()
        for row in rows
        for path in (tmp_path / "staging" / row[0]).rglob("*")
        if path.is_file()
    )
    assert staged == ["feed.xml", "index.html"]
    deleted = (tmp_path / "staging/deleted.txt").read_text(encoding="utf-8")
    assert deleted == "workers/gone/index.html\n"


def bucket_deploy(work: Path, bucket: Path) -> None:
    env = {"FAKE_BUCKET": str(bucket), "BUCKET_URL": "s3://showcase-test"}
    shutil.rmtree(work / "staging", ignore_errors=True)
    (work / "deployed-manifest.json").unlink(missing_ok=True)
    run_step(workflow_step("deploy-bucket.yml", "准备上传"), work, env)
    run_step(workflow_step("deploy-bucket.yml", "上传"), work, env)


@pytest.mark.slow  # a real mkdocs build
def test_the_bucket_workflow_uploads_what_a_bucket_must_send(
    mini_site: Path, tmp_path: Path
) -> None:
    work = copy_site(mini_site, tmp_path / "work")
    bucket = tmp_path / "bucket"
    (bucket / "objects").mkdir(parents=True)
    bucket_deploy(work, bucket)

    site = work / "site"
    manifest = json.loads((site / "_publish/manifest.json").read_text(encoding="utf-8"))
    objects = sorted(
        p.relative_to(bucket / "objects").as_posix()
        for p in (bucket / "objects").rglob("*")
        if p.is_file()
    )
    assert objects == sorted([e["path"] for e in manifest["files"]] + ["_publish/manifest.json"])
    for entry in manifest["files"]:
        stored = (bucket / "objects" / entry["path"]).read_bytes()
        meta = json.loads((bucket / "meta" / (entry["path"] + ".json")).read_text("utf-8"))
        assert meta["cache-control"] == manifest["cache_control"][entry["cache"]], entry["path"]
        if "encodings" in entry:
            assert meta["content-encoding"] == "gzip"
            assert stored == (site / (entry["path"] + ".gz")).read_bytes()
        else:
            assert meta["content-encoding"] is None
            assert stored == (site / entry["path"]).read_bytes()
    assert json.loads((bucket / "meta/index.html.json").read_text("utf-8"))["content-type"] == (
        "text/html; charset=utf-8"
    )
    # The manifest goes last, so a deploy that fails half way is uploaded again in full.
    calls = (bucket / "calls.log").read_text(encoding="utf-8").splitlines()
    uploads = [json.loads(call) for call in calls if json.loads(call)[:2] == ["s3", "cp"]]
    assert uploads[-1][2] == "staging/manifest"

    # The next deploy sends only what changed and removes what is gone.
    (site / "feed.xml").write_text("<feed>新</feed>", encoding="utf-8")
    (site / "feed.xml.gz").write_bytes(gzip.compress(b"x", mtime=0))
    gone = next(e["path"] for e in manifest["files"] if e["path"].startswith("workers/"))
    manifest["files"] = [
        {**e, "sha256": "changed"} if e["path"] == "feed.xml" else e
        for e in manifest["files"]
        if e["path"] != gone
    ]
    (site / "_publish/manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (bucket / "calls.log").unlink()
    bucket_deploy(work, bucket)
    calls = [json.loads(c) for c in (bucket / "calls.log").read_text("utf-8").splitlines()]
    uploaded = [
        p.relative_to(work / "staging").as_posix()
        for p in (work / "staging").rglob("*")
        if p.is_file() and p.parent != work / "staging"
    ]
    assert sorted(uploaded) == ["0/feed.xml", "manifest/_publish/manifest.json"]
    assert ["s3", "rm", f"s3://showcase-test/{gone}", "--only-show-errors"] in calls
    assert not (bucket / "objects" / gone).exists()


# --- Your own server ----------------------------------------------------------------------


def test_the_server_workflow_copies_the_site_with_its_variants(
    mini_site: Path, tmp_path: Path
) -> None:
    work = copy_site(mini_site, tmp_path / "work")
    server = tmp_path / "server" / "www"
    server.mkdir(parents=True)
    (server / "stale.html").write_text("old", encoding="utf-8")
    env = {"DEPLOY_TARGET": "deploy@example.invalid", "DEPLOY_PATH": str(server)}
    run_step(workflow_step("deploy-server.yml", "上传"), work, env)

    def tree(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()
        }

    assert tree(server) == tree(work / "site")
    assert (server / "index.html.br").exists() and (server / "_publish/nginx.conf").exists()
