"""Article files: discovery, git changes, bounded reads and atomic writes."""
