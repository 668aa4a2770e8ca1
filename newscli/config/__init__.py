"""Configuration: its keys, resolving the files into Settings, and showing the result."""
