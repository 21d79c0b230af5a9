"""Authoring: the curriculum's numbered, immutable versions, from files or the browser."""
