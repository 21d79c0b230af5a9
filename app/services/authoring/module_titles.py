"""The title a module's authoring pages are headed with.

Learners know a module by its published title. A module never published has only its draft,
whose front matter holds the title the trainer gave it; the slug is a last resort, for a
draft whose title is empty or whose front matter cannot be read.
"""

from app.models import Module, ModuleDraft
from app.services.authoring.fields import read_module_fields


def module_title(module: Module, draft: ModuleDraft | None) -> str:
    """The published title; for a module never published, its draft's (or its slug)."""
    if module.current_version is not None:
        return module.current_version.title
    fields = read_module_fields(draft.module_text) if draft else None
    return (fields.title.strip() if fields else "") or module.slug
