"""`_()` in templates, looking the catalogue up once a request instead of once a string.

Flask-Babel finds the catalogue anew for every string a template translates (its request
context, the locale, the catalogue cache: a handful of lookups through Flask's context
proxies each time), and a page translates fifty strings or more: on the module page that
was a fifth of its time. Here the catalogue is kept beside the locale Flask-Babel chose for
the request and reused while that locale stands. `flask_babel.refresh()` and
`force_locale()` replace the locale object, so a string after either is translated in the
new language, as with Flask-Babel's own functions.
"""

from types import SimpleNamespace

from babel.support import NullTranslations
from flask import Flask, g
from flask_babel import get_locale, get_translations

_KEY = "yorisoi_translations"  # (the locale object, its catalogue), in Flask-Babel's namespace


def request_translations() -> NullTranslations:
    """The catalogue of the request's language, looked up once while its locale stands."""
    if not g:
        return get_translations()  # outside a request: Flask-Babel's own answer
    ctx: SimpleNamespace | None = g.get("_flask_babel")
    locale = getattr(ctx, "babel_locale", None) if ctx is not None else None
    kept = getattr(ctx, _KEY, None) if locale is not None else None
    if kept is not None and kept[0] is locale:
        return kept[1]
    translations = get_translations()  # chooses the locale (once) and loads its catalogue
    ctx = g.get("_flask_babel")
    if ctx is not None:
        setattr(ctx, _KEY, (get_locale(), translations))
    return translations


def register_template_gettext(app: Flask) -> None:
    """Replace the callables Flask-Babel installed in Jinja (call after babel.init_app)."""
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: request_translations().ugettext(s),
        ngettext=lambda s, p, n: request_translations().ungettext(s, p, n),
        pgettext=lambda c, s: request_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: request_translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
