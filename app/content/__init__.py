"""Content: files → validated dataclasses → sanitised HTML. Pure: no database, no request."""

from app.content.library import load_library
from app.content.problems import ContentError, Problem

__all__ = ["ContentError", "Problem", "load_library"]
