"""The schema is found from a source checkout and from a normal install of the built wheel."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from conftest import REPO
from newscli.rules.article_schema import schema_path, validator

PROBE = (
    "import json, sys; from newscli.rules.article_schema import schema_path, validator; "
    "print(json.dumps([str(schema_path()), validator().is_valid({})]))"
)


def probe(first_on_path: Path, cwd: Path) -> tuple[Path, bool]:
    """Where newscli finds its schema, with ``first_on_path`` ahead of any installed copy."""
    env = {**os.environ, "PYTHONPATH": str(first_on_path)}
    command = [sys.executable, "-c", PROBE]
    done = subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True, text=True)
    found, empty_is_valid = json.loads(done.stdout)
    return Path(found), empty_is_valid


def test_source_checkout_finds_the_schema_folder(tmp_path: Path) -> None:
    assert probe(REPO, tmp_path) == (REPO / "schemas" / "article.schema.json", False)


def test_the_schema_is_a_valid_draft_2020_12_schema() -> None:
    # newscli does not check its schema on every run; this test does.
    raw = json.loads(schema_path().read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(raw)
    compiled = validator().schema
    assert isinstance(compiled, dict)
    assert compiled["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.slow
def test_installed_wheel_carries_the_schema(tmp_path: Path) -> None:
    wheels, site = tmp_path / "wheels", tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--quiet"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(REPO)],
        check=True,
    )
    (wheel,) = wheels.glob("newscli-*.whl")
    assert "newscli/schemas/article.schema.json" in zipfile.ZipFile(wheel).namelist()
    subprocess.run([*pip, "install", "--no-deps", "--target", str(site), str(wheel)], check=True)
    # The installed copy comes first on the path; the checkout is nowhere on it.
    found, empty_is_valid = probe(site, tmp_path)
    assert found.is_relative_to(site)
    assert found.read_bytes() == (REPO / "schemas" / "article.schema.json").read_bytes()
    assert empty_is_valid is False
