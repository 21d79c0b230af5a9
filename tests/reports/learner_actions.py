"""What a learner or coordinator does in the browser, as test-client calls."""

import re

from tests.learn.quiz_answers import SAMPLE_RIGHT
from tests.login import log_in


def login(client, username):
    log_in(client, username)


def complete_sample(client):
    html = client.get("/modules/sample").get_data(as_text=True)
    for key in re.findall(r'action="/modules/sample/sections/([^/"]+)/read"', html):
        client.post(f"/modules/sample/sections/{key}/read")
    page = client.get("/modules/sample/quiz").get_data(as_text=True)
    attempt = re.search(r'name="attempt" value="(\d+)"', page).group(1)
    client.post(
        "/modules/sample/quiz",
        data={"attempt": attempt, **SAMPLE_RIGHT},
    )


def start_sample(client):
    html = client.get("/modules/sample").get_data(as_text=True)
    key = re.findall(r'action="/modules/sample/sections/([^/"]+)/read"', html)[0]
    client.post(f"/modules/sample/sections/{key}/read")
