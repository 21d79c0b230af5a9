"""`content export`: every current published version back as the files `content load` reads.

A version's `source_text` is its file's text, as loaded or as published in the browser, so
exporting the shipped curriculum gives back modules/ and quizzes/ byte for byte, and
load → export → load → export changes no file.
"""

from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.content.library import GLOSSARY
from app.extensions import db
from app.models import GlossarySource, Module, ModuleVersion, User
from app.services.administration.audit import record
from app.services.authoring.drafts import module_file, quiz_file
from app.services.authoring.fields import read_module_fields
from app.vocabulary import AuthoringAction


@dataclass(frozen=True)
class ExportedFile:
    path: str  # relative to the export folder: modules/01-slug.md, quizzes/slug.yaml
    text: str
    slug: str | None = None  # the module it belongs to; None for the glossary


@dataclass(frozen=True)
class ContentExport:
    files: list[ExportedFile]
    modules: int
    # Files left from an earlier export of a module now under another number: removed, or
    # the next load would find its slug twice.
    removed: list[str] = field(default_factory=list)


def published_files() -> list[ExportedFile]:
    """The current version of every module and quiz, and the glossary, as files."""
    modules = db.session.scalars(
        sa.select(Module)
        .join(Module.current_version)
        .options(so.contains_eager(Module.current_version), so.selectinload(Module.quiz))
        .order_by(ModuleVersion.position, Module.slug)
    ).all()
    files = []
    for module in modules:
        version = module.version
        files.append(
            ExportedFile(
                module_file(module.slug, version.position), version.source_text, module.slug
            )
        )
        if module.quiz and module.quiz.current_version:
            files.append(
                ExportedFile(
                    quiz_file(module.slug), module.quiz.current_version.source_text, module.slug
                )
            )
    glossary = db.session.scalar(sa.select(GlossarySource))
    if glossary is not None:
        files.append(ExportedFile(f"modules/{GLOSSARY}", glossary.source_text))
    return files


def _earlier_copies(out: Path, written: set[str], slugs: set[str]) -> list[Path]:
    """Module files in `out` not written now that hold one of `slugs`."""
    found = []
    for path in sorted((out / "modules").glob("*.md")):
        if f"modules/{path.name}" in written:
            continue
        try:
            fields = read_module_fields(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError):
            continue
        if fields is not None and fields.slug in slugs:
            found.append(path)
    return found


def export_content(directory: str | Path, by: User | None = None) -> ContentExport:
    """Write every current version under `directory` (modules/, quizzes/), and record it."""
    out = Path(directory)
    (out / "modules").mkdir(parents=True, exist_ok=True)
    (out / "quizzes").mkdir(parents=True, exist_ok=True)
    files = published_files()
    for exported in files:
        # Bytes, so that no platform's line endings are put in.
        (out / exported.path).write_bytes(exported.text.encode("utf-8"))
    slugs = {f.slug for f in files if f.slug}
    removed = []
    for path in _earlier_copies(out, {f.path for f in files}, slugs):
        path.unlink()
        removed.append(f"modules/{path.name}")
    modules = sum(f.path.endswith(".md") for f in files)
    record(
        AuthoringAction.CONTENT_EXPORT,
        details={"directory": str(out), "files": [f.path for f in files]},
        actor=by,
    )
    return ContentExport(files, modules, removed)
