"""Entry point for ``python -m newscli``."""

from newscli.cli import main

main()
