"""Lint reports for people and machines: the output formats, the summary, the rule docs."""
