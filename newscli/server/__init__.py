"""The language server: lint's engine, configuration and fixes for an editor's open buffers."""
