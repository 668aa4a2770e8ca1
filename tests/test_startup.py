"""A run imports only what its files need: a hook on one valid article never pays for the
validator of record or for reading image sizes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import BASE_ARTICLE, splice

PROBE = """
import sys
from newscli.cli.app import main
sys.argv = ["newscli", *sys.argv[1:]]
try:
    main()
finally:
    print(" ".join(sorted(sys.modules)), file=sys.stderr)
"""


def modules_loaded(folder: Path, *args: str) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, "lint", "--no-cache", *args],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    assert done.returncode in (0, 1), done.stderr
    return set(done.stderr.splitlines()[-1].split())


def test_a_valid_article_needs_neither_jsonschema_nor_imagesize(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(BASE_ARTICLE)
    loaded = modules_loaded(tmp_path, "a.md")
    assert "newscli.rules.schema_precheck" in loaded
    assert not {"jsonschema", "imagesize", "fastjsonschema", "pygls", "lsprotocol"} & loaded


def test_an_invalid_article_is_explained_by_jsonschema(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(splice("quality: 150\n"))
    assert "jsonschema" in modules_loaded(tmp_path, "a.md")


def test_images_are_measured_only_with_a_static_folder(tmp_path: Path) -> None:
    image = "images:\n  - url: /logo.png\n    width: 50\n    height: 50\n"
    (tmp_path / "a.md").write_text(splice(image))
    assert "imagesize" not in modules_loaded(tmp_path, "a.md")
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 30)
    (tmp_path / "newscli.toml").write_text('static-folder = "static"\n')
    assert "imagesize" in modules_loaded(tmp_path, "a.md")


# Counted, not timed: 279 modules when this was written, 125 of them Python's and PyYAML's own.
IMPORT_BUDGET = 300


def test_a_hook_call_imports_only_the_lint_command_and_its_machinery(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(BASE_ARTICLE)
    loaded = modules_loaded(tmp_path, "--output-format", "concise", "a.md")
    commands = {name for name in loaded if name.startswith("newscli.cli.")}
    assert commands == {
        "newscli.cli.app",
        "newscli.cli.commands",
        "newscli.cli.common",
        "newscli.cli.lint",
        "newscli.cli.options",
        "newscli.cli.progress",
    }
    web = {"httpx", "httpcore", "anyio", "selectolax", "publicsuffixlist", "feedgen"}
    assert not (web | {"rich", "watchfiles", "pygls"}) & loaded
    assert len(loaded) <= IMPORT_BUDGET


def test_every_command_is_found_by_the_module_its_name_maps_to() -> None:
    import click
    import typer.main

    from newscli.cli import COMMANDS, app

    group = typer.main.get_command(app)
    assert isinstance(group, click.Group)
    assert set(group.list_commands(click.Context(group))) == set(COMMANDS)
