"""Schemathesis against the running API: the app served over HTTP on a free port, a real
token, and the OpenAPI document at /api/v1/openapi.json as the only description. It sends
valid and invalid requests (every documented parameter, wrong types, out-of-range values,
no token, other methods) and checks every answer against the document: no 5xx, only
documented statuses, content types and shapes, invalid input refused, valid accepted."""

import logging
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import sqlalchemy as sa
from werkzeug.serving import make_server

from app.extensions import db
from app.models import Organisation
from app.services.administration.api_tokens import issue_api_token
from tests.reports.learner_actions import complete_sample, login, start_sample

FIXTURE = Path(__file__).parent.parent / "fixtures" / "content"


@pytest.fixture
def live_api(make_app, app, runner, users):
    """The API on a free port, over learners in every state, and a token for 新宿区."""
    runner.invoke(args=["content", "load", "--root", str(FIXTURE)])
    for n, audience in enumerate(("commissioner", "center", "counselor", "commissioner")):
        users(f"shinjuku{n}", audience=audience, organisation="新宿区")
    client = app.test_client()
    login(client, "shinjuku0")
    complete_sample(client)
    login(client, "shinjuku1")
    start_sample(client)
    with app.app_context():
        shinjuku = db.session.scalar(
            sa.select(Organisation.id).where(Organisation.name == "新宿区")
        )
        _token, plain = issue_api_token(shinjuku, "Schemathesis")
        db.session.commit()
    # As in production: errors are answered (and logged), not raised into the server.
    server_app = make_app(PROPAGATE_EXCEPTIONS=False)
    server = make_server("127.0.0.1", 0, server_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", plain
    server.shutdown()
    thread.join(timeout=5)


def test_schemathesis_finds_no_failure(live_api, tmp_path, caplog):
    base, token = live_api
    caplog.set_level(logging.ERROR)
    command = [
        *(sys.executable, "-m", "schemathesis.cli", "run", f"{base}/api/v1/openapi.json"),
        *("--header", f"Authorization: Bearer {token}"),
        *("--checks", "all"),
        *("--phases", "examples,coverage,fuzzing"),  # no links between operations to follow
        *("--max-examples", "100", "--seed", "20261201"),  # the same cases every run
        *("--generation-database", "none", "--request-timeout", "10", "--no-color"),
    ]
    # Only this machine's loopback: never through a proxy the environment may name.
    env = {**os.environ, "NO_PROXY": "127.0.0.1,localhost", "no_proxy": "127.0.0.1,localhost"}
    result = subprocess.run(
        command, capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-6000:]
    assert "Loaded specification" in output and " passed" in output, output[-3000:]
    assert "failed" not in output.split("Test cases:")[-1], output[-3000:]
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
