"""Rules about the suppression comments themselves."""

from __future__ import annotations

from newscli.findings import Severity
from newscli.rules.base import Example, Rule

UNUSED_SUPPRESSION = Rule(
    "NC901",
    "unused-suppression",
    Severity.WARNING,
    "A `# newscli: ignore[CODE]` comment hides nothing.",
    "A suppression outlives the problem it was written for once the value is fixed; left "
    "behind, it would silently hide the next real problem on that line. Remove it.",
    Example("title: Markets rally  # newscli: ignore[NC505]\n"),
    Example('title: " Markets rally"  # newscli: ignore[NC505] the spacing is the brand\'s\n'),
)
INVALID_SUPPRESSION = Rule(
    "NC902",
    "invalid-suppression",
    Severity.WARNING,
    "A suppression comment is malformed or names an unknown rule code.",
    "A suppression with a typo in its code hides nothing, so the finding it was meant for "
    "still shows up and the comment misleads the next reader. Write "
    "`# newscli: ignore[CODE] reason` on the finding's line, or "
    "`# newscli: ignore-file[CODE] reason` anywhere in the front matter for the whole file.",
    Example("quality: 150  # newscli: ignore[NC13]\n"),
    Example("quality: 15  # the editor's rating\n"),
)

RULES = [UNUSED_SUPPRESSION, INVALID_SUPPRESSION]
