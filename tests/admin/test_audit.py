"""Every admin action leaves a line in the audit log: who, what, to what, from where."""

import re

from tests.admin.actions import audit_events, login, organisation_id, user_named

FROM = {"REMOTE_ADDR": "203.0.113.7"}
BROWSER = "Mozilla/5.0 (Audit test)"


def _as_boss(client):
    login(client, "boss")
    client.environ_base.update(FROM)
    client.environ_base["HTTP_USER_AGENT"] = BROWSER


def test_organisation_changes_are_recorded(app, client, people):
    _as_boss(client)
    client.post(
        "/admin/organisations/new",
        data={"name": "中野区センター", "kind": "centre", "parent": organisation_id(app, "中野区")},
    )
    centre = organisation_id(app, "中野区センター")
    client.post(f"/admin/organisations/{centre}/edit", data={"name": "中野区支援センター"})
    client.post(f"/admin/organisations/{centre}/deactivate")
    client.post(f"/admin/organisations/{centre}/reactivate")

    events = audit_events(app)
    assert [e.action for e in events] == [
        "organisation.add",
        "organisation.rename",
        "organisation.deactivate",
        "organisation.reactivate",
    ]
    boss = user_named(app, "boss")
    for event in events:
        assert (event.actor_id, event.actor_username) == (boss.id, "boss")
        assert (event.target_type, event.target_id) == ("organisation", centre)
        assert (event.ip_address, event.user_agent) == ("203.0.113.7", BROWSER)
    assert events[0].details["parent"] == "中野区"
    assert events[1].details == {"from": "中野区センター", "to": "中野区支援センター"}


def test_account_changes_and_password_links_are_recorded(app, client, people):
    _as_boss(client)
    client.post(
        "/admin/users/new",
        data={
            "username": "kato",
            "display_name": "加藤 一",
            "role": "trainer",
            "audience": "",
            "organisation": organisation_id(app, "新宿区"),
        },
    )
    kato = user_named(app, "kato")
    edit = {
        "display_name": "加藤 一",
        "role": "coordinator",
        "audience": "",
        "organisation": kato.organisation_id,
        "active": "y",
    }
    client.post(f"/admin/users/{kato.id}/edit", data=edit)
    client.post(f"/admin/users/{kato.id}/password-link")
    client.post(f"/admin/users/{kato.id}/edit", data={**edit, "active": ""})

    events = audit_events(app)
    assert [(e.action, e.target_type, e.target_name) for e in events] == [
        ("account.create", "user", "kato"),
        ("password_link.issue", "user", "kato"),
        ("account.edit", "user", "kato"),
        ("password_link.issue", "user", "kato"),
        ("account.deactivate", "user", "kato"),
    ]
    assert events[0].details == {"role": "trainer", "audience": None, "organisation": "新宿区"}
    assert events[1].details["purpose"] == "set"
    assert events[2].details == {"changes": {"role": ["trainer", "coordinator"]}}
    assert all(
        (e.actor_username, e.ip_address, e.user_agent) == ("boss", "203.0.113.7", BROWSER)
        for e in events
    )


def test_api_tokens_issued_and_revoked_are_recorded(app, client, people):
    _as_boss(client)
    html = client.post(
        "/admin/tokens",
        data={"organisation": organisation_id(app, "新宿区"), "name": "庁内システム"},
    ).get_data(as_text=True)
    assert "ysi_" in html
    token_id = re.search(r"/admin/tokens/(\d+)/revoke", html)[1]
    client.post(f"/admin/tokens/{token_id}/revoke")
    events = audit_events(app)
    assert [(e.action, e.target_type, e.details["organisation"]) for e in events] == [
        ("api_token.issue", "api_token", "新宿区"),
        ("api_token.revoke", "api_token", "新宿区"),
    ]
    assert events[0].target_name.startswith("庁内システム (ysi_")
    assert all(e.actor_username == "boss" and e.ip_address == "203.0.113.7" for e in events)


def test_the_audit_page_shows_the_newest_first(app, client, people):
    _as_boss(client)
    shinjuku = organisation_id(app, "新宿区")
    client.post(f"/admin/organisations/{shinjuku}/edit", data={"name": "新宿区（改）"})
    client.post(f"/admin/organisations/{shinjuku}/edit", data={"name": "新宿区"})
    client.post(f"/admin/organisations/{shinjuku}/deactivate")
    html = client.get("/admin/audit").get_data(as_text=True)
    rows = re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", html, re.S)
    assert len(rows) == 3
    assert "Organisation deactivated" in rows[0] and "Organisation renamed" in rows[2]
    assert "boss" in rows[0] and "203.0.113.7" in rows[0] and BROWSER in rows[0]
    assert "Before: 新宿区 → " not in rows[2] and "Before: 新宿区" in rows[2]
    assert "After: 新宿区（改）" in rows[2]


def test_the_audit_page_comes_in_pages(app, client, people):
    _as_boss(client)
    shinjuku = organisation_id(app, "新宿区")
    for number in range(26):  # 52 renames
        client.post(f"/admin/organisations/{shinjuku}/edit", data={"name": f"新宿区{number}"})
        client.post(f"/admin/organisations/{shinjuku}/edit", data={"name": "新宿区"})
    first = client.get("/admin/audit").get_data(as_text=True)
    assert "Page 1 of 2" in first and first.count("Organisation renamed") == 50
    second = client.get("/admin/audit?page=2").get_data(as_text=True)
    assert second.count("Organisation renamed") == 2


def test_password_changes_by_people_themselves_are_recorded(app, client, people):
    login(client, "hanako")
    client.environ_base.update(FROM)
    client.post(
        "/account/password",
        data={
            "current_password": "a-long-test-password",
            "new_password": "静かな 夜の 図書館で 本を読む",
            "confirm": "静かな 夜の 図書館で 本を読む",
        },
    )
    event = audit_events(app)[-1]
    assert (event.action, event.actor_username, event.target_name) == (
        "account.password_change",
        "hanako",
        "hanako",
    )
    assert event.ip_address == "203.0.113.7"
