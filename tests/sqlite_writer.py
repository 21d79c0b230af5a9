"""One of the processes of tests/test_sqlite_writers.py: a learner who opens and submits the
quiz again and again, as fast as it can, through the app (run as a separate process)."""

import json
import re
import sys
import time

from werkzeug.datastructures import MultiDict

from app import create_app

MODULE = "what-is-hikikomori"


def main(url: str, username: str, rounds: int, start_at: float) -> None:
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "TESTING": True,
            "SECRET_KEY": "test-only-secret",
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        }
    )
    client = app.test_client()
    login = client.post("/login", data={"username": username, "password": sys.argv[5]})
    assert login.status_code == 302, login.status_code
    statuses: dict[int, int] = {}
    time.sleep(max(0.0, start_at - time.time()))  # both processes begin together
    for _ in range(rounds):
        page = client.get(f"/modules/{MODULE}/quiz")
        statuses[page.status_code] = statuses.get(page.status_code, 0) + 1
        html = page.get_data(as_text=True)
        found = re.search(r'name="attempt" value="(\d+)"', html)
        if not found:
            continue
        answers = [(name, "0") for name in sorted(set(re.findall(r'name="(q-[^"]+)"', html)))]
        form = MultiDict([("attempt", found.group(1)), *answers])
        answer = client.post(f"/modules/{MODULE}/quiz", data=form)
        statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1
    print(json.dumps(statuses))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]))
