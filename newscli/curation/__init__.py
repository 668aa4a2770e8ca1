"""The curation views: stories, filters, ranking, and the rows, tables and statistics shown."""
