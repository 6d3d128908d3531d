"""The GitHub Actions workflows are valid: checked against GitHub's workflow JSON Schema (the
copy that check-jsonschema ships, so no network is needed)."""

from __future__ import annotations

import importlib.resources
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from conftest import REPO

WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))


def workflow_schema() -> dict:
    vendor = importlib.resources.files("check_jsonschema.builtin_schemas.vendor")
    return json.loads((vendor / "github-workflows.json").read_text(encoding="utf-8"))


def test_there_are_workflows() -> None:
    assert {path.name for path in WORKFLOWS} >= {"check.yml", "publish.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_workflow_matches_githubs_schema(path: Path) -> None:
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as True; GitHub reads it as "on".
    if True in workflow:
        workflow["on"] = workflow.pop(True)
    errors = sorted(jsonschema.Draft7Validator(workflow_schema()).iter_errors(workflow), key=str)
    assert [f"{list(e.absolute_path)}: {e.message}" for e in errors] == []


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_workflow_runs_the_project_commands(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "mkdocs build --strict" in text
    if path.name == "check.yml":
        assert "python build.py check --format github" in text
