"""Every save, publish, revert, import and export of the curriculum is in the audit log:
who, when, what. Autosaves leave at most one event per draft and person in ten minutes."""

from datetime import timedelta

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent
from tests.author.editor import open_editor, publish, save, trainer
from tests.login import log_in


def _events(app, action=None):
    with app.app_context():
        query = sa.select(AuditEvent).order_by(AuditEvent.id)
        if action:
            query = query.where(AuditEvent.action == action)
        return db.session.scalars(query).all()


def _autosave(client, minutes):
    return save(
        client,
        "sample",
        open_editor(client, "sample"),
        "module",
        {"minutes": minutes},
        autosave=True,
    )


def test_explicit_saves_are_each_recorded_autosaves_once_in_ten_minutes(app, authoring):
    kato = trainer(app, "kato")
    for minutes in ("6", "7", "8"):
        assert _autosave(kato, minutes).status_code == 200
    saves = _events(app, "draft.save")
    assert len(saves) == 1 and saves[0].details == {"revision": 2, "autosave": True}
    # Ten minutes later, the next autosave is recorded again.
    with app.app_context():
        event = db.session.get(AuditEvent, saves[0].id)
        event.created_at -= timedelta(minutes=11)
        db.session.commit()
    _autosave(kato, "9")
    _autosave(kato, "10")
    assert len(_events(app, "draft.save")) == 2
    # Another trainer's autosave is theirs to record.
    sato = trainer(app, "sato")
    _autosave(sato, "11")
    # A save the trainer asks for is always recorded.
    save(kato, "sample", open_editor(kato, "sample"), "module", {"minutes": "12"})
    save(kato, "sample", open_editor(kato, "sample"), "module", {"minutes": "13"})
    saves = _events(app, "draft.save")
    assert [(e.actor_username, e.details["autosave"]) for e in saves] == [
        ("kato", True),
        ("kato", True),
        ("sato", True),
        ("kato", False),
        ("kato", False),
    ]
    assert {(e.target_type, e.target_name) for e in saves} == {("module", "sample")}


def test_create_publish_revert_and_gift_download_are_recorded(app, authoring):
    kato = trainer(app, "kato")
    kato.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    kato.post("/author/modules/new", data={"slug": "new-one", "title": "新しい単元"})
    save(kato, "sample", open_editor(kato, "sample"), "module", {"title": "新しい題名"})
    publish(kato, "sample", open_editor(kato, "sample")["revision"], change_note="題名")
    kato.post("/author/modules/sample/revert/1")
    gift = kato.get("/author/modules/sample/quiz.gift")
    assert gift.status_code == 200
    assert gift.headers["Content-Disposition"] == 'attachment; filename="sample.gift"'
    assert gift.get_data(as_text=True).startswith("// yorisoi-id: first")
    events = _events(app)
    assert [e.action for e in events[-5:]] == [
        "module.create",
        "draft.save",
        "content.publish",
        "content.revert",
        "gift.export",
    ]
    create, _save, published, reverted, exported = events[-5:]
    assert create.target_name == "new-one" and create.ip_address == "203.0.113.9"
    assert published.details == {
        "requires_recertification": False,
        "module_version": 2,
        "change_note": "題名",
    }
    assert reverted.details == {
        "part": "module",
        "restored_version": 1,
        "requires_recertification": False,
        "module_version": 3,
    }
    assert exported.details["questions"][0] == "first"
    assert {e.actor_username for e in events[-5:]} == {"kato"}


def test_the_admin_audit_page_names_the_authoring_actions(app, authoring):
    kato = trainer(app, "kato")
    save(kato, "sample", open_editor(kato, "sample"), "module", {"title": "新しい題名"})
    publish(kato, "sample", open_editor(kato, "sample")["revision"])
    boss = app.test_client()
    log_in(boss, "boss")
    html = boss.get("/admin/audit").get_data(as_text=True)
    assert "下書きを保存" in html and "公開" in html
    assert "単元の版: 2" in html
    assert "自動保存: いいえ" in html
