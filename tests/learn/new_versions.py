"""A second version of the fixture module 'sample', loaded the way trainers load one (the
CLI), and marked as requiring re-certification the way publishing marks one (the service)."""

import shutil
import tempfile
from pathlib import Path

import sqlalchemy as sa

from app.extensions import db
from app.models import Module
from app.services.learning.recertification import require_recertification

FIXTURE = Path(__file__).parent.parent / "fixtures" / "content"
CHANGE_NOTE = "事例を新しい支援の流れに合わせて書き直しました。"


def load_changed_sample(runner, tmp_path: Path, edit: str = "（改訂で追記しました。）") -> Path:
    """Load a copy of the fixture content whose 'sample' module says `edit` more."""
    root = Path(tempfile.mkdtemp(prefix="content-", dir=tmp_path))
    shutil.copytree(FIXTURE, root, dirs_exist_ok=True)
    module = root / "modules" / "01-sample.md"
    text = module.read_text(encoding="utf-8")
    module.write_text(text.replace("事例の本文です。", f"事例の本文です。{edit}"), encoding="utf-8")
    result = runner.invoke(args=["content", "load", "--root", str(root)])
    assert result.exit_code == 0, result.output
    assert "1 new version" in result.output, result.output
    return root


def mark_current_version(app, slug: str = "sample", note: str | None = CHANGE_NOTE) -> int:
    """Mark the module's current version as requiring re-certification; its number."""
    with app.app_context():
        module = db.session.scalar(sa.select(Module).where(Module.slug == slug))
        assert module is not None
        require_recertification(module.version, note)
        db.session.commit()
        return module.version.number


def publish_marked_sample(app, runner, tmp_path: Path, edit: str = "（改訂で追記しました。）"):
    """A new version of 'sample' that asks learners to take it again."""
    load_changed_sample(runner, tmp_path, edit)
    return mark_current_version(app)
