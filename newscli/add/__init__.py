"""``newscli add``: a new article from a page's own metadata, written only when lint passes it."""
