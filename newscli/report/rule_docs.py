"""Rule documentation rendered from the registry: ``newscli rule CODE`` and docs/rules.md."""

from __future__ import annotations

from newscli.config.display import toml_value
from newscli.rules import FAMILIES, RULES, Example, Rule

_NEWLINES = {"\r": "CR", "\r\n": "CRLF"}
_RUNS_IN_LINKS = " Checked by `newscli links`, not by `newscli lint`."


def _block(example: Example) -> str:
    text = example.text
    if example.encoding != "utf-8":
        text = f"# saved as {example.encoding}\n{text}"
    if example.newline != "\n":
        text = f"# saved with {_NEWLINES[example.newline]} line ends\n{text}"
    if example.note:
        text = f"# {example.note}\n{text}"
    if example.answers:
        text = "".join(_answer_line(url, answer) for url, answer in example.answers.items()) + text
    if example.settings:
        settings = ", ".join(
            f"{key.replace('_', '-')} = {toml_value(value)}"
            for key, value in example.settings.items()
        )
        text = f"# with the setting {settings}\n{text}"
    return f"```yaml\n{text.rstrip()}\n```"


def _answer_line(url: str, answer: str) -> str:
    import http

    status, _, target = answer.partition(" ")
    said = f"{status} {http.HTTPStatus(int(status)).phrase}"
    return f"# {url} answers {said}{f', to {target}' if target else ''}\n"


def rule_markdown(rule: Rule, level: int = 1) -> str:
    """One rule's page: what it does, why it matters, a bad and a good example."""
    heading = "#" * level
    fix = f"\n\n{_wrapped(f'**Fix:** {rule.fix}.')}" if rule.fix else ""
    runs = _RUNS_IN_LINKS if rule.answered else ""
    if rule.opt_in:
        runs += f' Off unless selected: `extend-select = ["{rule.code}"]`.'
    return (
        f"{heading} {rule.code} {rule.name}\n\n"
        f"{_wrapped(f'Severity: **{rule.severity.value}** by default.{runs}')}\n\n"
        f"{heading}# What it does\n\n{_wrapped(rule.summary)}\n\n"
        f"{heading}# Why is this bad?\n\n{_wrapped(rule.why)}\n\n"
        f"{heading}# Example\n\n{_block(rule.bad)}\n\n"
        f"Use instead:\n\n{_block(rule.good)}{fix}\n"
    )


def _wrapped(paragraph: str) -> str:
    """A paragraph pre-wrapped at 88 columns, as ``ruff rule`` prints it: a terminal then never
    breaks a word, and Markdown reads the lines as one paragraph."""
    import textwrap

    return textwrap.fill(paragraph, 88, break_long_words=False, break_on_hyphens=False)


def rules_markdown() -> str:
    """docs/rules.md: the table of every rule, then each rule's page."""
    rows = "\n".join(
        f"| [{rule.code}](#{rule.code.lower()}-{rule.name}) | {rule.name} | {rule.severity.value} "
        f"| {_cell(rule.summary)} |"
        for rule in RULES.values()
    )
    pages = "\n".join(rule_markdown(rule, level=2) for rule in RULES.values())
    return (
        "# Rules\n\n"
        "<!-- Generated from the rule registry by `newscli rules --output-format markdown`; "
        "do not edit by hand. -->\n\n"
        "| code | name | severity | what it flags |\n|---|---|---|---|\n"
        f"{rows}\n\n{pages}"
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


_EN_DASH = "\u2013"


def families_table() -> str:
    """The README's table of rule families: the codes of each, and what they cover."""
    rows = [
        f"| {_code_ranges([rule.code for rule in family.RULES])} | {family.COVERS} |"
        for family in FAMILIES
    ]
    return "| codes | what they cover |\n|---|---|\n" + "\n".join(rows) + "\n"


def _code_ranges(codes: list[str]) -> str:
    """NC001, NC002, NC003, NC007 as NC001 to NC003 (joined by an en dash), NC007."""
    numbers = sorted(int(code[2:]) for code in codes)
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    names = [[f"NC{number:03d}" for number in (run[0], run[-1])] for run in runs]
    return ", ".join(a if a == b else f"{a}{_EN_DASH}{b}" for a, b in names)
