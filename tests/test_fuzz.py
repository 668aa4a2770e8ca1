"""Fuzzing: generated and mutated articles never raise, never point outside the file, and
never put a raw control character in any output.

A longer run: NEWSCLI_FUZZ_EXAMPLES=20000 pytest tests/test_fuzz.py
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO
from newscli.document.loader import parse_document
from newscli.lint.check import check_file, enabled_checks
from newscli.lint.results import LintReport
from newscli.report.formats import REPORTERS
from newscli.report.summary import summary_line
from newscli.settings import Settings

EXAMPLES = int(os.environ.get("NEWSCLI_FUZZ_EXAMPLES", "150"))
SEEDS = [path.read_bytes() for path in sorted((REPO / "examples").glob("*.md"))[:3]]
SEEDS += [path.read_bytes() for path in sorted((REPO / "tests" / "cases").glob("*.md"))]
TOKENS = [
    b"&a ",
    b"*a",
    b"<<: *a\n",
    b"!!python/object/apply:os.system ['true'] ",
    b"!!binary ",
    b"!!set ",
    b"\t",
    b"- ",
    b": ",
    b"{",
    b"}",
    b"[",
    b"]",
    b"'",
    b'"',
    b"\x00",
    b"\r",
    "\u2028".encode(),
    "\u202e".encode(),
    b"\x1b[2J",
    b"\xff\xfe",
    b"---\n",
    b"#",
    b"? ",
    b"|\n",
    b">-\n",
    b"99999999999999999999999999",
    b"2019-13-45T00:00:00Z",
    b"~",
    b"\n  ",
    b"[bold red]x[/]",
    b"\xc3",
    b"yes",
    b"null",
    b"1e999",
]
# What must never reach a terminal raw: C0 controls but tab and newline, DEL, C1, bidi and
# zero-width characters, line separators, lone surrogates.
RAW_CONTROL = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]"
)


@st.composite
def articles(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["bytes", "truncate", "mutate"]))
    if kind == "bytes":
        return b"---\n" + draw(st.binary(max_size=400))
    seed = draw(st.sampled_from(SEEDS))
    if kind == "truncate":
        return seed[: draw(st.integers(0, len(seed)))]
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "duplicate"]))
        if action == "insert":
            data[position:position] = draw(st.sampled_from(TOKENS))
        elif action == "delete":
            del data[position : position + draw(st.integers(1, 20))]
        else:
            end = data.find(b"\n", position)
            line = bytes(data[position : end + 1 if end >= 0 else len(data)])
            data[position:position] = line
    return bytes(data)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_any_input_gives_findings_inside_the_file_and_safe_output(raw: bytes) -> None:
    options = Settings()
    document = parse_document("fuzz \x1b[31m.md", raw, options)
    checks = enabled_checks(options)
    result = check_file(document, options, checks)
    lines = max(1, len(document.lines))
    for finding in result.findings:
        assert 1 <= finding.line <= lines + 1, finding
        text = document.source_line(finding.line)
        assert 1 <= finding.column <= len(text) + 2, finding
    report = LintReport(files=1)
    if result.findings:
        report.findings[result.path] = result.findings
        for finding in result.findings:
            if finding.line in result.excerpts:  # none for a file that may not be an article
                report.excerpts[(result.path, finding.line)] = result.excerpts[finding.line]
    for write in REPORTERS.values():
        out = io.StringIO()
        write(report, out)
        assert not RAW_CONTROL.search(out.getvalue()), write.__name__
    assert not RAW_CONTROL.search(summary_line(report))


def test_the_seeds_are_there() -> None:
    assert len(SEEDS) >= 10 and all(isinstance(seed, bytes) for seed in SEEDS)
    assert Path(REPO / "examples").is_dir()
