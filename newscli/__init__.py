"""newscli: lint, curate and repair a newsroom's Markdown articles."""

__version__ = "0.1.0"
