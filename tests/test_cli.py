"""The command line as a user meets it: exit codes, output formats, summaries, rule docs."""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import BASE_ARTICLE, REPO, splice
from newscli import __version__, cli
from newscli.cli import app
from newscli.rules import RULES

runner = CliRunner()
BROKEN = splice(
    "sourceUrl: https://www.reuters.com/markets/broken\nquality: 150\n"
)  # the fragment goes last: line 15, column 10
WARNING_ONLY = splice("sourceUrl: http://www.reuters.com/markets/warning-only\n")


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_version_and_module_entry_point() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "newscli", "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert done.stdout.startswith(f"newscli {__version__} (Python ")  # and its libraries
    assert "libyaml" in done.stdout or "pure-Python" in done.stdout


def test_examples_are_clean(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    code, _, err = run("lint", "examples/", "--root", "examples")
    assert code == 0
    assert (
        err.strip() == f"No problems found in {len(list((REPO / 'examples').glob('*.md')))} files."
    )
    assert len(list((REPO / "examples").glob("*.md"))) >= 8


def test_errors_exit_1_with_concise_findings_and_a_summary(in_tmp: Path) -> None:
    write(in_tmp, "good.md", BASE_ARTICLE)
    write(in_tmp, "bad.md", BROKEN)
    code, out, err = run("lint", ".", "--output-format", "concise")
    assert code == 1
    assert out == "bad.md:15:10: NC103 `quality` is 150; expected a whole number from 0 to 100\n"
    assert err == "1 error, 0 warnings in 1 of 2 files.\n"


def test_warnings_pass_unless_strict(in_tmp: Path) -> None:
    write(in_tmp, "warn.md", WARNING_ONLY)
    assert run("lint", "warn.md")[0] == 0
    assert run("lint", "warn.md", "--strict")[0] == 1


def test_usage_errors_exit_2(in_tmp: Path) -> None:
    assert run("lint", "--output-format", "xml")[0] == 2
    assert run("lint", "--no-such-option")[0] == 2


def test_a_missing_file_is_a_finding_and_other_files_are_still_checked(in_tmp: Path) -> None:
    write(in_tmp, "bad.md", BROKEN)
    code, out, _ = run("lint", "gone.md", "bad.md", "--output-format", "concise")
    assert code == 1
    assert out.splitlines() == [  # sorted by path, whatever the order given
        "bad.md:15:10: NC103 `quality` is 150; expected a whole number from 0 to 100",
        "gone.md:1:1: NC011 the path does not exist or is not a regular file",
    ]


def test_full_format_groups_by_file_and_shows_the_source_line(in_tmp: Path) -> None:
    write(in_tmp, "bad.md", BROKEN)
    _, out, _ = run("lint", "bad.md")
    assert out.splitlines() == [
        "bad.md",
        "  15:10  error    NC103 [out-of-range]  `quality` is 150; expected a whole number from 0 "
        "to 100",
        "    15 | quality: 150",
        "       |          ^",
    ]


def test_json_format_is_versioned_and_complete(in_tmp: Path) -> None:
    write(in_tmp, "bad.md", BROKEN)
    code, out, _ = run("lint", "bad.md", "--output-format", "json")
    document = json.loads(out)
    assert code == 1
    assert document["version"] == 1
    assert document["summary"] == {"files": 1, "files_with_findings": 1, "errors": 1, "warnings": 0}
    assert document["findings"] == [
        {
            "path": "bad.md",
            "line": 15,
            "column": 10,
            "end_line": 15,
            "end_column": 13,
            "code": "NC103",
            "name": "out-of-range",
            "severity": "error",
            "message": "`quality` is 150; expected a whole number from 0 to 100",
            "pointer": "/quality",
            "fixable": False,
            "fix": None,
            "url": "docs/rules.md#nc103-out-of-range",
        }
    ]


def test_github_format(in_tmp: Path) -> None:
    (in_tmp / "content").mkdir()
    write(in_tmp / "content", "bad.md", BROKEN)
    write(in_tmp / "content", "warn.md", WARNING_ONLY)
    _, out, _ = run("lint", "./content", "--output-format", "github")
    assert out.splitlines() == [
        "::error file=content/bad.md,line=15,col=10,title=NC103 (out-of-range)::`quality` is 150; "
        "expected a whole number from 0 to 100",
        "::warning file=content/warn.md,line=15,col=12,title=NC302 (insecure-source-url)::"
        "`sourceUrl` uses http; link to the https page",
    ]


def test_github_format_escapes_the_separators_of_a_file_property(in_tmp: Path) -> None:
    # In a property, ":" and "," would end the value: "file=a,b" names file "a" and a stray b.
    write(in_tmp, "a,b:c.md", BROKEN)
    _, out, _ = run("lint", "a,b:c.md", "--output-format", "github")
    assert out.startswith("::error file=a%2Cb%3Ac.md,line=15,col=10,title=NC103 (out-of-range)::")


HOSTILE_TITLE = (
    'title: "[bold red]boom[/] [link=file:///etc/passwd]x[/link] \\e[2J\\e]52;c;aGk=\\a"\n'
)


@pytest.mark.parametrize("output_format", ["full", "concise", "json", "github"])
def test_article_text_and_file_names_never_act_on_the_terminal(
    in_tmp: Path, output_format: str
) -> None:
    write(in_tmp, "[red]x\x1b[2J.md", splice(HOSTILE_TITLE + "quality: 150\ncategory: '[b]\x85'\n"))
    result = runner.invoke(app, ["lint", ".", "--output-format", output_format], color=True)
    everything = result.stdout + result.stderr
    assert result.exit_code == 1
    assert "[red]x\\x1b[2J.md" in everything or "[red]x\\u001b[2J.md" in everything
    assert not any(ord(char) < 32 and char not in "\n" for char in everything.replace("\x1b[", ""))
    assert "\x1b[2J" not in everything and "\x1b]" not in everything and "\x07" not in everything


def test_rule_explains_itself() -> None:
    code, out, _ = run("rule", "NC301")
    assert code == 0
    assert out.startswith("# NC301 invalid-url\n")
    for section in ("## What it does", "## Why is this bad?", "## Example", "Use instead:"):
        assert section in out
    assert run("rule", "invalid-url")[1] == out


def test_unknown_rule_is_a_usage_error() -> None:
    code, _, err = run("rule", "NC999")
    assert code == 2
    assert "unknown rule 'NC999'" in err


def test_rules_json_lists_every_rule() -> None:
    code, out, _ = run("rules", "--output-format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["version"] == 1
    assert [record["code"] for record in data["rules"]] == list(RULES)


def test_internal_errors_are_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def explode(*args: object, **options: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("newscli.lint.run.lint", explode)
    monkeypatch.setattr(sys, "argv", ["newscli", "lint", "."])
    with pytest.raises(SystemExit) as stopped:
        cli.main()
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err == "newscli: internal error: disk on fire (rerun with --verbose for details)\n"


@pytest.mark.parametrize("where", ["before", "after"])
def test_verbose_shows_the_traceback_of_an_internal_error_wherever_it_stands(
    where: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def explode(*args: object, **options: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("newscli.lint.run.lint", explode)
    line = ["--verbose", "lint", "."] if where == "before" else ["lint", ".", "--verbose"]
    monkeypatch.setattr(sys, "argv", ["newscli", *line])
    with pytest.raises(SystemExit) as stopped:
        cli.main()
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback (most recent call last)" in err and 'RuntimeError("disk on fire")' in err
    assert err.endswith(
        "newscli: internal error: disk on fire (rerun with --verbose for details)\n"
    )


def test_fix_marks_say_which_fixes_lint_fix_applies(in_tmp: Path) -> None:
    write(in_tmp, "a.md", splice("sourceUrl: http://www.reuters.com/a\ntitle: ' Markets'\n"))
    _, out, err = run("lint", "a.md", "--output-format", "concise")
    assert "NC302 [~] `sourceUrl` uses http" in out  # only with --unsafe-fixes
    assert "NC505 [*] `title` has white space" in out
    assert "1 fixable with `newscli lint --fix` (1 more with --unsafe-fixes)." in err
    records = json.loads(run("lint", "a.md", "--output-format", "json")[1])["findings"]
    fixes = {r["code"]: r["fix"] for r in records}
    assert fixes["NC302"]["applicability"] == "unsafe"
    assert fixes["NC505"] == {
        "applicability": "safe",
        "edits": [
            {
                "content": "'Markets'",
                "location": {"row": 15, "column": 8},
                "end_location": {"row": 15, "column": 18},
            }
        ],
    }


def test_fix_on_save_prints_the_fixed_article(in_tmp: Path) -> None:
    article = splice("title: ' Markets'\n")
    result = runner.invoke(
        app, ["lint", "-", "--fix", "--stdin-filename", "a.md"], input=article.encode()
    )
    assert result.stdout == article.replace("' Markets'", "'Markets'")
    assert "Fixed 1 problem in 1 file." in result.stderr
    assert not (in_tmp / "a.md").exists()


def test_the_usual_conventions(in_tmp: Path) -> None:
    write(in_tmp, "bad.md", BROKEN)
    assert run("-h")[0] == 0 and "Usage: newscli" in run("-h")[1]
    assert "--install-completion" in run("--help")[1]
    assert run("lnt")[2].count("Did you mean 'lint'?") == 1
    code, out, err = run("lint", "--quiet", "--output-format", "concise", "bad.md")
    assert (code, err) == (1, "") and out.startswith("bad.md:15:10: NC103")
    assert run("lint", "--exit-zero", "bad.md")[0] == 0
    code, out, _ = run("lint", "--output-file", "report.json", "--output-format", "json", "bad.md")
    assert (code, out) == (1, "")
    assert json.loads((in_tmp / "report.json").read_text())["findings"][0]["code"] == "NC103"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "--all", "--unpublished"], "--all and --unpublished contradict each other"),
        (["lint", "--config", "x.toml", "--isolated"], "--config and --isolated contradict"),
        (["lint", "--stdin-filename", "a.md", "a.md"], "--stdin-filename names the article"),
    ],
)
def test_contradicting_options_are_a_usage_error(
    in_tmp: Path, args: list[str], message: str
) -> None:
    (in_tmp / "x.toml").write_text("")
    code, _, err = run(*args)
    assert code == 2 and message in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "env", "styled"),
    [
        (["--color", "always"], {}, True),
        (["--color", "never"], {"FORCE_COLOR": "1"}, False),
        ([], {"FORCE_COLOR": "1"}, True),
        ([], {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
        ([], {}, False),  # a pipe
    ],
)
def test_colour_as_the_ecosystem_expects(
    in_tmp: Path, args: list[str], env: dict[str, str], styled: bool
) -> None:
    write(in_tmp, "bad.md", BROKEN)
    for command in (["lint", "bad.md"], ["list", "--output-format", "table"]):
        result = runner.invoke(app, [*command, *args], env={"NO_COLOR": "", **env})
        assert ("\x1b" in result.stdout) is styled, command


def test_rules_piped_are_one_whole_rule_a_line() -> None:
    lines = run("rules")[1].splitlines()
    assert len(lines) == len(RULES)
    for line, rule in zip(lines, RULES.values(), strict=True):
        fix = "fix" if rule.fixable else "-"
        assert line == f"{rule.code}\t{rule.name}\t{rule.severity.value}\t{fix}\t{rule.summary}"


def test_rule_pages_are_wrapped_so_no_word_is_broken() -> None:
    for code in RULES:
        prose, in_code = [], False
        for line in run("rule", code)[1].splitlines():
            in_code = in_code != line.startswith("```")
            if not in_code and not line.startswith("```"):
                prose.append(line)
        assert max(len(line) for line in prose) <= 88, code


def test_junit_and_statistics_as_json(in_tmp: Path) -> None:
    import xml.etree.ElementTree as ElementTree

    write(in_tmp, "bad.md", splice('title: "\\u001b]8;;x\\u0007 <b>&"\nquality: 150\n'))
    code, out, _ = run("lint", "bad.md", "--output-format", "junit")
    assert code == 1
    suite = ElementTree.fromstring(out).find("testsuite")
    assert suite is not None and suite.get("name") == "bad.md"
    failures = [case.find("failure") for case in suite.iter("testcase")]
    assert {failure.get("type") for failure in failures if failure is not None} == {"error"}
    assert "\x1b" not in out
    stats = json.loads(run("lint", "bad.md", "--statistics", "--output-format", "json")[1])
    assert stats["version"] == 1
    assert {"code": "NC103", "name": "out-of-range", "count": 1} in stats["statistics"]


def test_a_progress_bar_only_on_a_terminal_for_a_long_run(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newscli.cli.progress as progress

    for index in range(3):
        write(in_tmp, f"a{index}.md", splice(f"sourceUrl: https://www.reuters.com/{index}\n"))
    assert "Checking articles" not in run("lint", "--no-cache", "--color", "always")[2]
    monkeypatch.setattr(progress, "stderr_is_terminal", lambda: True)
    monkeypatch.setattr(progress, "SHOW_FROM", 2)
    shown = run("lint", "--no-cache", "--color", "always")[2]
    assert "Checking articles" in shown and "3/3" in shown
    for quiet in (["--output-format", "json"], ["--quiet"]):
        assert "Checking articles" not in run("lint", "--no-cache", "--color", "always", *quiet)[2]


@pytest.mark.parametrize("columns", ["60", "100"])
@pytest.mark.parametrize("command", ["lint", "list", "top", "stats", "amp", "config", "rules"])
def test_help_explains_and_lists_choices_in_words(command: str, columns: str) -> None:
    result = runner.invoke(app, [command, "--help"], env={"COLUMNS": columns})
    assert result.exit_code == 0
    assert "[full|" not in result.stdout and "[table|" not in result.stdout  # no bare lists
    assert "instead of select" not in result.stdout
    if command == "amp":
        assert "amp url" in " ".join(result.stdout.split())


def test_amp_url_on_a_terminal_says_what_it_wants(monkeypatch: pytest.MonkeyPatch) -> None:
    import newscli.cli.amp as amp

    monkeypatch.setattr(amp, "stdin_is_terminal", lambda: True)
    code, _, err = run("amp", "url")
    assert code == 2 and "give the URLs, or pipe them in one a line" in err


def test_each_finding_links_to_its_rule(in_tmp: Path) -> None:
    write(in_tmp, "bad.md", BROKEN)
    (in_tmp / "newscli.toml").write_text('docs-url = "https://example.org/rules"\n')
    record = json.loads(run("lint", "bad.md", "--output-format", "json")[1])["findings"][0]
    assert record["url"] == "https://example.org/rules#nc103-out-of-range"
    sarif = json.loads(run("lint", "bad.md", "--output-format", "sarif")[1])
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert rules[0]["helpUri"] == "https://example.org/rules#nc001-not-utf8"
    docs = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert "(#nc103-out-of-range)" in docs  # the anchor the link names


def test_shell_completion_offers_rule_codes(tmp_path: Path) -> None:
    env = {**os.environ, "_NEWSCLI_COMPLETE": "complete_bash"}

    def completed(words: str) -> list[str]:
        env.update(COMP_WORDS=words, COMP_CWORD=str(len(words.split()) - 1))
        script = Path(sys.executable).parent / "newscli"  # as installed: completion keys on it
        done = subprocess.run(
            [str(script)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            cwd=tmp_path,
        )
        return done.stdout.split()

    assert completed("newscli lint --select NC70") == [f"NC70{n}" for n in range(1, 6)]
    assert completed("newscli links --ignore NC101,NC90") == ["NC101,NC901", "NC101,NC902"]
    assert completed("newscli rule NC10")[:2] == ["NC101", "NC102"]


def test_lint_watch_lints_again_when_an_article_changes(in_tmp: Path) -> None:
    (in_tmp / "content").mkdir()
    (in_tmp / "newscli.toml").write_text('roots = ["content"]\n')
    article = write(in_tmp / "content", "a.md", BROKEN)
    watching = subprocess.Popen(
        [sys.executable, "-m", "newscli", "lint", "--watch", "--output-format", "concise"],
        cwd=in_tmp,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    assert watching.stdout is not None and watching.stderr is not None
    stderr = watching.stderr
    errors = b""

    def wait_for(count: int) -> None:
        nonlocal errors
        until = time.monotonic() + 60  # a safety net for a broken watcher, not a measure
        while errors.count(b"newscli: watching") < count and time.monotonic() < until:
            if select.select([stderr], [], [], 0.5)[0]:
                errors += os.read(stderr.fileno(), 65536)
        assert errors.count(b"newscli: watching") >= count, errors

    try:
        wait_for(1)
        assert b"1 error, 0 warnings in 1 of 1 file." in errors
        article.write_text(BROKEN.replace("quality: 150", "quality: 15"))
        wait_for(2)
        assert errors.split(b"newscli: watching")[1].endswith(b"No problems found in 1 file.\n")
    finally:
        watching.send_signal(signal.SIGINT)
        watching.wait(30)
        output = watching.stdout.read()
        watching.stdout.close()
        watching.stderr.close()
    assert watching.returncode == 130
    assert output.count(b"NC103") == 1  # the first run's finding, and none after the fix


def test_lint_watch_never_watches_the_file_system_root(tmp_path: Path) -> None:
    # A path that does not exist, outside any project, has "/" for its project root.
    done = subprocess.run(
        [sys.executable, "-m", "newscli", "lint", "--watch", "/nonexistent-folder/a.md"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2
    assert "NC011" in done.stdout  # linted once, as asked
    assert "newscli: --watch: no folder to watch" in done.stderr
    assert "internal error" not in done.stderr
