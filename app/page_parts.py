"""Parts of pages rendered once per worker and reused: the site's header for each kind of
user and language, and the parts of a module page that belong to its version.

The header depends only on the language, the menu entries the user's role and audience let
them see, and the address the site is served under; a module version's page parts on the
version and the content revision (which also moves when the glossary links its sections
anew). So each part is rendered the first time a worker needs it and kept under exactly
what it depends on.
Nothing personal is ever kept: a request's own values (its CSRF token, the page's address,
which sections this learner has read) go into slots as the part is used, so nothing of one
person reaches another. The parts are made from code and immutable rows only; a worker that
has none renders its own, so nothing another worker needs lives here.
"""

import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import current_app, render_template, request
from flask_babel import get_locale
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup, escape

from app.auth.policy import Ability, can
from app.services.learning.published import derived_from_content

T = TypeVar("T")

# NUL never comes out of a template or a translation: it marks where a request's own values go.
CSRF_SLOT = "\x00csrf\x00"
NEXT_SLOT = "\x00next\x00"
_SECTION_SLOT = re.compile("\x00(toc|current|action|resume):([^\x00]*)\x00")
_KEPT = "yorisoi.page_parts"
# Header variants × languages and versions × parts stay far below this; it only bounds a
# worker's memory should keys ever multiply.
_LIMIT = 2000
MENU_ABILITIES = (Ability.READ_REPORTS, Ability.ADMINISTER, Ability.AUTHOR)
MODULE_PARTS = "learn/_module_parts.html"


def kept(key: tuple[Hashable, ...], make: Callable[[], T], store: dict | None = None) -> T:
    """What `make()` gives, made the first time under `key` in this worker (in `store`, else
    the app's own). `key` must name everything the making reads besides the language and the
    address prefix, which are always added."""
    parts: dict[tuple, Any] = (
        current_app.extensions.setdefault(_KEPT, {}) if store is None else store
    )
    full_key = (str(get_locale()), request.script_root, *key)
    part = parts.get(full_key)
    if part is None:
        part = make()
        if len(parts) >= _LIMIT:
            parts.clear()
        parts[full_key] = part
    return part


def filled(part: str) -> Markup:
    """`part` with this request's CSRF token (and address, for the header) in its slots."""
    text = str(part)
    if CSRF_SLOT in text:
        text = text.replace(CSRF_SLOT, str(escape(generate_csrf())))
    if NEXT_SLOT in text:
        here = request.full_path if request.query_string else request.path
        text = text.replace(NEXT_SLOT, str(escape(here)))
    return Markup(text)


def site_header() -> Markup:
    """The skip link and the header with its menu, as this user may see it."""
    signed_in = bool(current_user.is_authenticated)
    learner = signed_in and bool(current_user.audience)
    may = tuple(can(current_user, ability) for ability in MENU_ABILITIES)
    part = kept(
        ("site_header", signed_in, learner, may),
        lambda: render_template(
            "_site_header.html",
            signed_in=signed_in,
            learner=learner,
            may=dict(zip(MENU_ABILITIES, may, strict=True)),
            csrf_slot=Markup(CSRF_SLOT),
            next_slot=Markup(NEXT_SLOT),
        ),
    )
    return filled(part)


def _module_macro(name: str) -> Callable[..., str]:
    return getattr(current_app.jinja_env.get_template(MODULE_PARTS).module, name)


def _kept_for_version(version, key: tuple[Hashable, ...], make: Callable[[], T]) -> T:
    if version.id is None:  # not stored, so nothing to key it by: made each time
        return make()
    # A version's text never changes, but its sections' HTML is linked again when the
    # glossary changes, under a new content revision: the parts live in a store of that
    # revision's own, so older ones are dropped with it (and none is kept for a request
    # that has just changed the content).
    return kept(("module_version", version.id, *key), make, derived_from_content(_KEPT, dict))


def version_part(name: str, version, *args: Hashable) -> Markup:
    """Macro `name` of learn/_module_parts.html for a module version (and `args`), kept
    under the version's id and the content revision."""
    return filled(
        _kept_for_version(version, (name, *args), lambda: _module_macro(name)(version, *args))
    )


def section_slot(kind: str, key: str = "") -> Markup:
    """Where module_sections puts a learner's own mark for section `key`."""
    return Markup(f"\x00{kind}:{key}\x00")


@dataclass(frozen=True)
class _Sections:
    html: str  # the contents and the sections, with their slots
    read_mark: str
    read_state: str
    forms: dict[str, str]  # the "I have read this" button of each section (a CSRF slot)


def module_sections(progress) -> Markup:
    """The contents and the sections of the learner's version (a ModuleProgress), rendered
    once, with their reading put in: which are read, which is current (the first unread), a
    button under the rest."""
    version, slug, has_quiz = progress.version, progress.module.slug, progress.has_quiz
    read_keys = progress.read_keys
    current_key = progress.next_unread.key if progress.next_unread else ""

    def make() -> _Sections:
        return _Sections(
            html=str(_module_macro("sections")(version, slug, has_quiz)),
            read_mark=str(_module_macro("read_mark")()),
            read_state=str(_module_macro("read_state")()),
            forms={s.key: str(_module_macro("read_form")(slug, s.key)) for s in version.sections},
        )

    part = _kept_for_version(version, ("sections", slug, has_quiz), make)

    def fill(slot: re.Match) -> str:
        kind, key = slot.groups()
        if kind == "toc":
            return part.read_mark if key in read_keys else ""
        if kind == "current":
            return " module-section--current" if key == current_key else ""
        if kind == "action":
            return part.read_state if key in read_keys else part.forms[key]
        return str(escape(current_key))  # resume

    return filled(_SECTION_SLOT.sub(fill, part.html))
