"""An article as a Document that knows where every value sits: model, loader, YAML tree, pointers,
field walkers and text edits."""
