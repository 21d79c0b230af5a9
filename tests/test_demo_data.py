"""Synthetic learners for benchmarks, and reports whose query count does not grow with them;
the demo's example consultation windows."""

import re

import sqlalchemy as sa

from app.extensions import db
from app.models import Completion, ConsultationWindow, SectionRead, User
from tests.login import log_in
from tests.query_counter import count_queries


def _populate(runner, n, seed=7):
    result = runner.invoke(args=["demo", "populate", "--learners", str(n), "--seed", str(seed)])
    assert result.exit_code == 0, result.output
    return result


def _snapshot(app):
    with app.app_context():
        users = db.session.execute(
            sa.select(User.username, User.display_name, User.audience, User.organisation_id)
            .where(User.username.like("demo-%"))
            .order_by(User.username)
        ).all()
        reads = db.session.scalar(sa.select(sa.func.count(SectionRead.id)))
        done = db.session.scalar(sa.select(sa.func.count(Completion.id)))
    return users, reads, done


def test_populate_is_deterministic_and_realistic(make_app, app, curriculum, runner, tmp_path):
    _populate(runner, 60)
    users, reads, done = _snapshot(app)
    assert len(users) == 60
    assert {u.audience for u in users} == {"commissioner", "center", "counselor"}
    assert len({u.organisation_id for u in users}) > 20
    assert 0 < done < 60 * 9, "some, not all, modules are complete"
    assert reads > done

    other = make_app(SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'again.sqlite3'}")
    from app.seed.municipalities import seed_municipalities
    from app.services.authoring.library_import import import_library

    with other.app_context():
        db.create_all()
        seed_municipalities()
        import_library(curriculum)
        db.session.commit()
    _populate(other.test_cli_runner(), 60)
    assert _snapshot(other) == (users, reads, done)


def test_report_and_csv_query_counts_do_not_grow_with_learners(app, curriculum, runner, users):
    users("coord", role="coordinator", audience=None)
    users("boss", role="admin", audience=None)
    client = app.test_client()

    def counts():
        result = {}
        for username in ("coord", "boss"):
            log_in(client, username)
            for path in ("/reports", "/reports/completion.csv", "/reports/completion.xlsx"):
                # Once first: the published curriculum is cached, as in a worker that has
                # served a page; what is counted is the report's own queries.
                assert client.get(path).status_code == 200
                with app.app_context(), count_queries(db.engine) as counter:
                    assert client.get(path).status_code == 200
                result[(username, path)] = counter["n"]
            client.post("/logout")
        return result

    _populate(runner, 20)
    small = counts()
    _populate(runner, 200, seed=8)
    assert all(n > 0 for n in small.values())
    assert counts() == small


def test_the_demo_directory_shows_example_windows_marked_as_examples(make_app, app, curriculum):
    demo_app = make_app(DEMO_MODE=True)
    runner = demo_app.test_cli_runner()
    result = runner.invoke(args=["demo", "accounts"])
    assert result.exit_code == 0, result.output
    assert "Example consultation windows added to the demo's directory: 4." in result.output

    client = demo_app.test_client()
    log_in(client, "commissioner", "yorisoi-demo")
    response = client.get("/directory")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    names = re.findall(r'<h3 id="window-\d+">([^<]+)</h3>', html)
    assert len(names) == 4
    assert all(name.startswith("【例】") for name in names), names
    assert html.count("デモ用の架空の窓口です。") == 4
    assert "まだ登録されていません" not in html

    again = runner.invoke(args=["demo", "accounts"])
    assert "Example consultation windows" not in again.output
    with demo_app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(ConsultationWindow.id))) == 4


def test_outside_demo_mode_no_example_windows_are_made(runner, app, curriculum):
    result = runner.invoke(args=["demo", "accounts"])
    assert result.exit_code != 0
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count(ConsultationWindow.id))) == 0
