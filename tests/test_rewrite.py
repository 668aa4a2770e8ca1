"""Rewrites change exactly the bytes they must: byte for byte, idempotent, safe on failure."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import splice
from newscli.cli import app

runner = CliRunner()
AMP = "https://mobile.reuters.com/amp/x"
CDN = "https://mobile-reuters-com.cdn.ampproject.org/c/s/mobile.reuters.com/amp/x"
WRONG = "https://mobile.reuters.com.cdn.ampproject.org/c/s/mobile.reuters.com/amp/x"
HEAD = (
    "---\ntitle: Markets rally\nexcerpt: x\npublishedDateTime: 2024-01-01T00:00:00Z\n"
    "sourceUrl: https://www.reuters.com/x\ncategory: news\ntype: article\nquality: 7\nheat: 1\n"
    "published: true\nprovider:\n  name: Reuters\n  domain: reuters.com\ntopics:\n  - AI\n"
)


def article(lines: str, head: str = HEAD, body: str = "---\nBody: it stays.\n") -> str:
    return head + lines + body


CASES = {
    "plain value": (
        article(f"ampUrl: {AMP}\ncdnAmpUrl: {WRONG}\n"),
        article(f"ampUrl: {AMP}\ncdnAmpUrl: {CDN}\n"),
    ),
    "double-quoted value with a comment": (
        article(f'ampUrl: {AMP}\ncdnAmpUrl: "{WRONG}"   # checked by hand\n'),
        article(f'ampUrl: {AMP}\ncdnAmpUrl: "{CDN}"   # checked by hand\n'),
    ),
    "single-quoted value": (
        article(f"ampUrl: {AMP}\ncdnAmpUrl: '{WRONG}'\n"),
        article(f"ampUrl: {AMP}\ncdnAmpUrl: '{CDN}'\n"),
    ),
    "folded value": (
        article(f"ampUrl: {AMP}\ncdnAmpUrl: >-\n  {WRONG}\n"),
        article(f"ampUrl: {AMP}\ncdnAmpUrl: >-\n  {CDN}\n"),
    ),
    "inserted key": (
        article(f"ampUrl: {AMP}  # the AMP page\ntags: []\n"),
        article(f"ampUrl: {AMP}  # the AMP page\ncdnAmpUrl: {CDN}\ntags: []\n"),
    ),
    "related story": (
        article(
            "related:\n  - title: Other\n    ampUrl: https://www.reuters.com/amp/y\n"
            "    quality: 3\n"
        ),
        article(
            "related:\n  - title: Other\n    ampUrl: https://www.reuters.com/amp/y\n"
            "    cdnAmpUrl: https://www-reuters-com.cdn.ampproject.org/c/s/www.reuters.com/"
            "amp/y\n    quality: 3\n"
        ),
    ),
}


def crlf(text: str) -> str:
    return text.replace("\n", "\r\n")


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("variant", ["lf", "crlf", "bom+crlf"])
def test_amp_write_changes_only_the_value(name: str, variant: str, in_tmp: Path) -> None:
    before, after = CASES[name]
    if "crlf" in variant:
        before, after = crlf(before), crlf(after)
    prefix = b"\xef\xbb\xbf" if "bom" in variant else b""
    path = in_tmp / "a.md"
    path.write_bytes(prefix + before.encode())
    path.chmod(0o640)
    result = runner.invoke(app, ["amp", "a.md", "--write"])
    assert result.exit_code == 0, result.stderr
    assert path.read_bytes() == prefix + after.encode()
    assert path.stat().st_mode & 0o777 == 0o640
    assert os.listdir(in_tmp) == ["a.md"]  # no temporary file left behind
    # A second run changes nothing and writes nothing.
    mtime = path.stat().st_mtime_ns
    again = runner.invoke(app, ["amp", "a.md", "--write", "--check"])
    assert (again.exit_code, again.stdout) == (0, "")
    assert path.stat().st_mtime_ns == mtime


def test_plan_diff_and_check_change_nothing(in_tmp: Path) -> None:
    before = article(f"ampUrl: {AMP}\ncdnAmpUrl: {WRONG}\n")
    (in_tmp / "a.md").write_text(before)
    plan = runner.invoke(app, ["amp"])
    assert plan.exit_code == 0
    assert plan.stdout == f'a.md:17: cdnAmpUrl: "{WRONG}" -> "{CDN}"\n'
    diff = runner.invoke(app, ["amp", "--diff", "a.md"])
    assert f"-cdnAmpUrl: {WRONG}\n+cdnAmpUrl: {CDN}\n" in diff.stdout
    assert runner.invoke(app, ["amp", "--check"]).exit_code == 1
    assert (in_tmp / "a.md").read_text() == before


def test_drop_removes_amp_links_and_nothing_else(in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text(
        article(f"ampUrl: {AMP}  # old\ncdnAmpUrl: >-\n  {CDN}\ntags: []\n")
    )
    assert runner.invoke(app, ["amp", "--drop", "--write"]).exit_code == 0
    assert (in_tmp / "a.md").read_text() == article("tags: []\n")


def test_amp_cache_source_urls_go_back_to_the_origin(in_tmp: Path) -> None:
    cached = "https://www-reuters-com.cdn.ampproject.org/c/s/www.reuters.com/x"
    (in_tmp / "a.md").write_text(HEAD.replace("https://www.reuters.com/x", cached) + "---\n")
    assert runner.invoke(app, ["amp", "--write"]).exit_code == 0
    assert (in_tmp / "a.md").read_text() == HEAD + "---\n"


def test_a_cache_url_without_amp_url_is_reported_not_guessed(in_tmp: Path) -> None:
    before = article(f"cdnAmpUrl: {CDN}\n")
    (in_tmp / "a.md").write_text(before)
    result = runner.invoke(app, ["amp", "--write"])
    assert result.exit_code == 1
    assert "a.md: `cdnAmpUrl` has no `ampUrl` to derive it from" in result.stderr
    assert (in_tmp / "a.md").read_text() == before


def test_a_file_with_parse_errors_is_never_written(in_tmp: Path) -> None:
    before = article(f"ampUrl: {AMP}\ncdnAmpUrl: {WRONG}\ntitle: duplicate\n")
    (in_tmp / "a.md").write_text(before)
    result = runner.invoke(app, ["amp", "--write"])
    assert result.exit_code == 1
    assert "not changed: it has errors" in result.stderr
    assert (in_tmp / "a.md").read_text() == before


def test_flow_style_is_reported_rather_than_broken(in_tmp: Path) -> None:
    head = HEAD.replace(
        "provider:\n  name: Reuters\n  domain: reuters.com\n",
        "provider: {name: Reuters, domain: reuters.com}\n",
    )
    before = "---\n{title: x, ampUrl: 'https://a.example.com/x'}\n---\n"
    (in_tmp / "b.md").write_text(before)
    (in_tmp / "a.md").write_text(article(f"ampUrl: {AMP}\n", head=head))
    result = runner.invoke(app, ["amp", "--write"])
    assert "b.md: `cdnAmpUrl` cannot be changed in place" in result.stderr
    assert (in_tmp / "b.md").read_text() == before


@pytest.mark.parametrize("args", [["a.example.com"], ["https://a.example.com:8080/x"]])
def test_amp_url_prints_cache_urls_or_clear_errors(args: list[str]) -> None:
    ok = runner.invoke(app, ["amp", "url", "https://www.example.com/a", *args])
    assert ok.exit_code == 1
    assert ok.stdout == "https://www-example-com.cdn.ampproject.org/c/s/www.example.com/a\n"
    assert ok.stderr.startswith(f"newscli: {args[0]} ")
    piped = runner.invoke(app, ["amp", "url"], input="https://a-b.example.com/\n\n")
    assert (piped.exit_code, piped.stdout) == (
        0,
        "https://a--b-example-com.cdn.ampproject.org/c/s/a-b.example.com/\n",
    )


def test_lint_fix_applies_safe_fixes_and_reports_what_remains(in_tmp: Path) -> None:
    head = (
        HEAD.replace("title: Markets rally", 'title: " Markets rally"')
        .replace("published: true", "published: yes")
        .replace("https://www.reuters.com/x", "http://www.reuters.com/x")
    )
    before = article("ampUrl: https://mobile.reuters.com/amp/x?utm_source=a\n", head=head)
    (in_tmp / "a.md").write_text(crlf(before))
    result = runner.invoke(app, ["lint", "--fix", "--output-format", "concise"])
    after = (in_tmp / "a.md").read_bytes().decode()
    assert 'title: "Markets rally"\r\n' in after
    assert "ampUrl: https://mobile.reuters.com/amp/x\r\n" in after
    assert "published: true\r\n" in after
    assert "sourceUrl: http://www.reuters.com/x\r\n" in after  # unsafe: left alone
    assert result.stdout == "a.md:5:12: NC302 [~] `sourceUrl` uses http; link to the https page\n"
    assert "Fixed 3 problems in 1 file." in result.stderr
    unsafe = runner.invoke(app, ["lint", "--fix", "--unsafe-fixes"])
    assert unsafe.exit_code == 0
    assert "sourceUrl: https://www.reuters.com/x\r\n" in (in_tmp / "a.md").read_bytes().decode()


def test_lint_diff_shows_fixes_without_writing(in_tmp: Path) -> None:
    before = article("", head=HEAD.replace("published: true", "published: yes"))
    (in_tmp / "a.md").write_text(before)
    result = runner.invoke(app, ["lint", "--diff"])
    assert result.exit_code == 1
    assert "-published: yes\n+published: true\n" in result.stdout
    assert (in_tmp / "a.md").read_text() == before


def test_suppressed_findings_are_not_fixed(in_tmp: Path) -> None:
    suppressed = "published: yes  # newscli: ignore[NC106] kept for the old importer"
    before = article("", head=HEAD.replace("published: true", suppressed))
    (in_tmp / "a.md").write_text(before)
    assert runner.invoke(app, ["lint", "--fix"]).exit_code == 0
    assert (in_tmp / "a.md").read_text() == before


WRITE_UNDER_LIMIT = """
import resource, sys
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]), int(sys.argv[1])))
from newscli.cli import main
sys.argv = ["newscli", "amp", "--write", "a.md"]
main()
"""


def test_a_failed_write_leaves_the_original_and_no_temporary_file(in_tmp: Path) -> None:
    before = article(f"ampUrl: {AMP}\ncdnAmpUrl: {WRONG}\n", body="---\n" + "Body line.\n" * 50)
    own_limit = resource.getrlimit(resource.RLIMIT_FSIZE)
    (in_tmp / "a.md").write_text(before)
    limit = len(before.encode()) // 2  # the new file cannot be written whole
    done = subprocess.run(
        [sys.executable, "-c", WRITE_UNDER_LIMIT, str(limit)],
        cwd=in_tmp,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "newscli: cannot write a.md: File too large" in done.stderr
    assert (in_tmp / "a.md").read_text() == before
    assert os.listdir(in_tmp) == ["a.md"]
    assert resource.getrlimit(resource.RLIMIT_FSIZE) == own_limit  # only the child was limited


def test_a_full_disk_is_a_clear_error(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    before = article(f"ampUrl: {AMP}\ncdnAmpUrl: {WRONG}\n")
    (in_tmp / "a.md").write_text(before)

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    result = runner.invoke(app, ["lint", "--fix"])
    assert result.exit_code == 1
    assert "newscli: cannot write a.md: No space left on device" in result.stderr
    assert (in_tmp / "a.md").read_text() == before
    assert os.listdir(in_tmp) == ["a.md"]


STYLES = {
    "plain": "{value}",
    "single-quoted": "'{value}'",
    "double-quoted": '"{value}"',
    "literal": "|\n  {value}",
    "literal-strip": "|-\n  {value}",
    "literal-keep": "|+\n  {value}\n",
    "literal-indented": "|2-\n   {value}",
    "folded": ">\n  {value}",
    "folded-strip": ">-\n  {value}",
}
TARGETS = {
    "title": ("title", " Markets rally", "NC505"),
    "tracking": ("sourceUrl", "https://www.reuters.com/markets/base?utm_source=x", "NC303"),
    "date": ("publishedDateTime", "2024-05-14 08:00:00Z", "NC201"),
    "hidden-key": ("title", "Markets rally\n  images: https://evil.example/x.png", "NC505"),
}


def _front_matter(text: str) -> object:
    return yaml.safe_load(text.split("---\n")[1])


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("target", TARGETS)
def test_every_fix_in_every_scalar_style_changes_only_its_value(
    style: str, target: str, in_tmp: Path
) -> None:
    key, value, code = TARGETS[target]
    written = STYLES[style].format(value=value)
    before = splice(f"{key}: {written}\n")
    try:
        _front_matter(before)
    except yaml.YAMLError:
        pytest.skip("this value cannot be written in this style")
    path = in_tmp / "a.md"
    path.write_text(before)
    result = CliRunner().invoke(app, ["lint", "--fix", "--unsafe-fixes", "--no-cache", "a.md"])
    assert result.exit_code in (0, 1), result.stderr
    after = path.read_text()
    old, new = _front_matter(before), _front_matter(after)
    assert isinstance(old, dict) and isinstance(new, dict)
    assert old.keys() == new.keys()  # no value became a key of its own
    assert {k: v for k, v in old.items() if k != key} == {k: v for k, v in new.items() if k != key}
    if after != before:  # a fix was made: it converged, and that problem is gone
        remaining = CliRunner().invoke(app, ["lint", "--no-cache", "--output-format", "concise"])
        assert f" {code} `{key}`" not in remaining.stdout
        assert "Fixed" in result.stderr
