import sqlalchemy as sa
from flask import abort

from app.extensions import db
from app.models import Module


def module_or_404(slug: str) -> Module:
    """The module with this slug, published or not; 404 when there is none."""
    module = db.session.scalar(sa.select(Module).where(Module.slug == slug))
    if module is None:
        abort(404)
    return module
