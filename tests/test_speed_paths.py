"""The fast paths give the same answers as the slow ones: cache, worker processes, pre-check."""

from __future__ import annotations

import dataclasses
import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import BASE_ARTICLE, splice
from newscli.cli import app
from newscli.document.loader import load_document
from newscli.document.model import Document
from newscli.findings import Problem
from newscli.rules import RULES, schema_precheck
from newscli.rules.article_schema import draft7_schema, passes_precheck, validator
from newscli.rules.schema_precheck_build import generated, schema_digest
from newscli.settings import Settings

runner = CliRunner()


def lint(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["lint", "--output-format", "concise", *args])
    return result.exit_code, result.stdout, result.stderr


def settle(folder: Path) -> None:
    """Articles last changed a minute ago: the cache trusts no file changed within a timestamp
    tick of the run (a file written this instant could change again unseen)."""
    past = time.time() - 60
    for path in folder.rglob("*.md"):
        os.utime(path, (past, past))


def article(index: int, fragment: str = "") -> str:
    source = f"sourceUrl: https://www.reuters.com/markets/story-{index}\n"
    return splice(source + fragment)


def test_a_warm_run_gives_the_same_report_and_reads_the_cache(in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text(article(1, "quality: 150\n"))
    (in_tmp / "b.md").write_text(article(2, "title: x  # newscli: ignore[NC103]\n"))
    (in_tmp / "c.md").write_text(article(2))  # duplicates b's source
    settle(in_tmp)
    cold = lint()
    folder = in_tmp / ".newscli_cache"
    assert (folder / ".gitignore").read_text().endswith("*\n")
    assert len(list(folder.glob("lint-*.sqlite"))) == 1
    warm = lint()
    assert warm == cold
    assert lint("--no-cache") == cold


def test_a_changed_file_is_checked_again(in_tmp: Path) -> None:
    path = in_tmp / "a.md"
    path.write_text(article(1, "quality: 150\n"))
    assert "NC103" in lint()[1]
    path.write_text(article(1, "quality: 15\n"))
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))  # even within one mtime tick
    assert lint()[1] == ""


def test_a_changed_configuration_gets_its_own_cache(in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text(article(1, "quality: 150\n"))
    settle(in_tmp)
    assert "NC103" in lint()[1]
    (in_tmp / "newscli.toml").write_text('ignore = ["NC103"]\n')
    assert lint()[1] == ""
    assert len(list((in_tmp / ".newscli_cache").glob("lint-*.sqlite"))) == 2


def test_a_future_date_is_not_cached_past_its_time(in_tmp: Path) -> None:
    soon = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 3))
    (in_tmp / "a.md").write_text(article(1, f"publishedDateTime: {soon}\n"))
    settle(in_tmp)  # old enough for the cache to keep its entry
    assert "NC202" in lint()[1]
    cached = lint("--verbose")
    assert "NC202" in cached[1] and "from the results cache: 1" in cached[2]
    time.sleep(3.5)  # waits at least until the date has passed; bounds nothing
    after = lint("--verbose")
    assert after[1] == "" and "from the results cache" not in after[2]


def test_a_changed_static_image_is_checked_again(in_tmp: Path) -> None:
    from newscli.rules.images import png_header as _png

    (in_tmp / "static").mkdir()
    (in_tmp / "static" / "logo.png").write_bytes(_png(50, 50))
    (in_tmp / "newscli.toml").write_text('static-folder = "static"\n')
    image = "images:\n  - url: /logo.png\n    width: 50\n    height: 50\n"
    (in_tmp / "a.md").write_text(article(1, image))
    settle(in_tmp)  # the article and the image: the cache keeps the article's entry
    assert lint()[1] == ""
    assert "from the results cache: 1" in lint("--verbose")[2]
    (in_tmp / "static" / "logo.png").write_bytes(_png(60, 50) + b"\0")
    changed = lint("--verbose")
    assert "NC511" in changed[1] and "from the results cache" not in changed[2]


def test_a_broken_cache_file_is_ignored(in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text(article(1, "quality: 150\n"))
    cold = lint()
    for cache_file in (in_tmp / ".newscli_cache").glob("lint-*.sqlite"):
        cache_file.write_bytes(b"\0garbage")
    assert lint() == cold


def test_no_cache_writes_nothing(in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text(BASE_ARTICLE)
    lint("--no-cache")
    assert not (in_tmp / ".newscli_cache").exists()


@pytest.mark.slow
def test_worker_processes_give_the_serial_report(in_tmp: Path) -> None:
    for index in range(250):
        fragment = "quality: 150\n" if index % 97 == 0 else ""
        (in_tmp / f"a{index:04d}.md").write_text(article(index % 200, fragment))
    serial = lint("--no-cache", "--jobs", "1")
    parallel = lint("--no-cache", "--jobs", "2")
    assert parallel == serial
    assert serial[1].count("NC601") == 100 and serial[1].count("NC103") == 3
    shown = lint("--no-cache", "--jobs", "2", "--verbose")
    assert shown[1] == serial[1]
    assert "worker processes: 2" in shown[2]  # the pool really started
    assert "worker processes" not in lint("--no-cache", "--jobs", "1", "--verbose")[2]
    for path in sorted(in_tmp.glob("*.md"))[150:]:
        path.unlink()
    # Too few files to pay for a pool: all cores is one process, never slower.
    assert "worker processes" not in lint("--no-cache", "--jobs", "2", "--verbose")[2]


def work(stderr: str) -> str:
    """The line --verbose adds: what the run did besides finding problems."""
    return next(line for line in stderr.splitlines() if " checked; " in line)


def test_a_warm_run_takes_every_unchanged_file_from_the_cache(in_tmp: Path) -> None:
    for index in range(3):
        (in_tmp / f"a{index}.md").write_text(article(index))
    settle(in_tmp)
    assert "from the results cache" not in work(lint("--verbose")[2])
    assert work(lint("--verbose")[2]) == "newscli: 3 files checked; from the results cache: 3"
    (in_tmp / "a1.md").write_text(article(1, "quality: 15\n"))
    assert "from the results cache: 2" in work(lint("--verbose")[2])


def test_valid_files_pass_the_schema_precheck_instead_of_the_validator(in_tmp: Path) -> None:
    for index in range(60):
        fragment = "quality: 150\n" if index == 7 else ""
        (in_tmp / f"a{index:02d}.md").write_text(article(index, fragment))
    status, out, err = lint("--no-cache", "--jobs", "1", "--verbose")
    assert status == 1 and out.count("NC103") == 1  # the validator still explains the one error
    assert "accepted by the schema pre-check: 59" in work(err)


def test_verbose_works_before_and_after_the_command(in_tmp: Path) -> None:
    (in_tmp / "a.md").write_text(article(1))
    after = runner.invoke(app, ["lint", "--no-cache", "--verbose"])
    before = runner.invoke(app, ["--verbose", "lint", "--no-cache"])
    assert work(after.stderr) == work(before.stderr)
    assert work(after.stderr).startswith("newscli: 1 file checked; ")
    assert " checked; " not in runner.invoke(app, ["lint", "--no-cache"]).stderr


def test_lint_fix_checks_a_file_once_and_once_after_each_pass(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    rule = RULES["NC505"]
    assert rule.check is not None
    original = rule.check

    def counted(document: Document, options: Settings) -> Iterable[Problem]:
        calls.append(document.path)
        return original(document, options)

    monkeypatch.setitem(RULES, "NC505", dataclasses.replace(rule, check=counted))
    (in_tmp / "clean.md").write_text(article(1))
    (in_tmp / "fixable.md").write_text(article(2, 'title: " Markets rally"\n'))
    result = runner.invoke(app, ["lint", "--fix", "clean.md", "fixable.md"])
    assert result.exit_code == 0
    assert (in_tmp / "fixable.md").read_text() == article(2, 'title: "Markets rally"\n')
    assert calls == ["clean.md", "fixable.md", "fixable.md"]


FIELDS: dict[str, Any] = {
    "title": st.one_of(st.text(max_size=5), st.integers(), st.none()),
    "quality": st.one_of(
        st.integers(-5, 150), st.floats(allow_nan=False), st.booleans(), st.text(max_size=3)
    ),
    "heat": st.one_of(st.integers(-5, 5), st.none(), st.lists(st.integers(), max_size=2)),
    "topics": st.one_of(st.lists(st.text(max_size=3), max_size=3), st.text(max_size=3)),
    "provider": st.one_of(
        st.fixed_dictionaries({"name": st.text(max_size=3), "domain": st.text(max_size=3)}),
        st.dictionaries(
            st.sampled_from(["name", "domain", "images", "x"]), st.text(max_size=3), max_size=3
        ),
    ),
    "cdnAmpUrl": st.text(min_size=0, max_size=3),
    "images": st.lists(
        st.dictionaries(
            st.sampled_from(["url", "width", "height", "title", "alt"]),
            st.one_of(st.integers(-1, 3), st.text(max_size=3)),
            max_size=4,
        ),
        max_size=2,
    ),
    "published": st.one_of(st.booleans(), st.integers(0, 1), st.text(max_size=3)),
}


def test_the_shipped_precheck_is_compiled_from_the_schema_as_it_is() -> None:
    import fastjsonschema

    stale = "run: python -m newscli.rules.schema_precheck_build"
    assert schema_digest() == schema_precheck.SCHEMA_SHA256, stale
    assert schema_precheck.VERSION == fastjsonschema.VERSION  # as pinned in the test extras
    assert Path(schema_precheck.__file__).read_text(encoding="utf-8") == generated(), stale
    assert draft7_schema()["$schema"].endswith("draft-07/schema#")


@settings(max_examples=400, deadline=None)
@given(
    st.dictionaries(st.sampled_from(sorted(FIELDS)), st.none(), max_size=4).flatmap(
        lambda keys: st.fixed_dictionaries({key: FIELDS[key] for key in keys})
    ),
    st.sets(st.sampled_from(["title", "excerpt", "sourceUrl", "type", "topics"]), max_size=2),
)
def test_the_precheck_only_ever_skips_documents_jsonschema_accepts(
    changes: dict[str, Any], removed: set[str]
) -> None:
    data = dict(load_document("a.md", BASE_ARTICLE.encode()).data or {})
    data.update(changes)
    for key in removed:
        data.pop(key, None)
    if passes_precheck(data):
        assert list(validator().iter_errors(data)) == []


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=12), st.booleans(), st.booleans())
def test_a_remembered_scalar_tag_is_the_resolvers_own(
    value: str, first: bool, second: bool
) -> None:
    from yaml.nodes import ScalarNode

    from newscli.document.yaml_tree import SafeLoader

    SafeLoader._tags.clear()  # never full, so the answer below is remembered
    loader = SafeLoader("")
    expected = SafeLoader.__mro__[1].resolve(loader, ScalarNode, value, (first, second))  # type: ignore[attr-defined]
    assert loader.resolve(ScalarNode, value, (first, second)) == expected
    assert loader.resolve(ScalarNode, value, (first, second)) == expected  # now remembered
    assert SafeLoader._tags[(value, (first, second))] == expected


def test_the_loader_remembers_the_tags_of_repeated_scalars() -> None:
    from newscli.document.yaml_tree import SafeLoader

    SafeLoader._tags.clear()
    load_document("a.md", BASE_ARTICLE.encode())
    assert SafeLoader._tags[("published", (True, False))] == "tag:yaml.org,2002:str"
    assert SafeLoader._tags[("true", (True, False))] == "tag:yaml.org,2002:bool"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="/?#%[]@:!$&'()*+,;=-._~aZ09 \"<>{}|\\^`é", max_size=20))
def test_a_url_the_plain_path_shortcut_accepts_the_rfc3986_validator_accepts(rest: str) -> None:
    from rfc3986_validator import validate_rfc3986  # type: ignore[import-untyped]

    from newscli.urls import PLAIN_REST

    text = f"https://www.example.com:8443{rest}"
    if text.isascii() and PLAIN_REST.fullmatch(rest):
        assert validate_rfc3986(text, rule="URI")


def test_the_plain_path_shortcut_takes_article_urls() -> None:
    from newscli.urls import PLAIN_REST

    assert PLAIN_REST.fullmatch("/markets/rally-2024_06?id=7&ref=a#top")
    assert not PLAIN_REST.fullmatch("/a%20b")  # escapes go to the validator
