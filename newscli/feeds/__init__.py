"""``newscli feed``: the stories ``list`` and ``top`` choose, published as RSS 2.0, Atom 1.0 or
JSON Feed 1.1."""
