"""Reading the web: one HTTP layer, bounded in time and size, for ``add`` and ``links``."""
