"""The progress bar and the words beside it measure the same thing, as counts."""

import re

from app.seed.demo import DEMO_PASSWORD
from tests.certificates.test_certificates import _complete


def _bars(html: str) -> list[tuple[int, int, str]]:
    """(value, max, spoken text) of every progress bar, with the caption that follows it."""
    found = []
    for bar in re.finditer(
        r'<progress max="(\d+)" value="(\d+)" aria-label="[^"]*" aria-valuetext="([^"]*)">'
        r'.*?<p class="progress__caption">([^<]*)</p>',
        html,
        re.S,
    ):
        total, done, spoken, caption = bar.groups()
        assert spoken == caption, "the bar says what its caption says"
        found.append((int(done), int(total), caption))
    return found


def test_the_module_bar_counts_the_steps_its_words_count(client, auth, demo):
    auth.login("commissioner", DEMO_PASSWORD)
    module = demo.modules[0]
    sections = len(module.sections)
    client.post(f"/modules/{module.slug}/sections/{module.sections[0].key}/read")

    response = client.get(f"/modules/{module.slug}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    steps = sections + 1  # every section, and the quiz
    assert _bars(html) == [
        (
            1,
            steps,
            f"{steps}ステップ（セクション{sections}と確認テスト）のうち、1ステップが済みました",
        )
    ]
    assert f"{100 // steps}%" not in html and f"{100 // steps + 1}%" not in html

    page = client.get("/modules").get_data(as_text=True)
    bars = _bars(page)
    mine = len([m for m in demo.modules if "all" in m.audiences or "commissioner" in m.audiences])
    assert bars[0] == (0, mine, f"{mine}単元のうち0単元を修了しました")
    assert bars[1] == (1, steps, f"{steps}ステップのうち1ステップが済みました")


def test_a_completed_module_fills_its_bar_and_the_overall_one_counts_it(client, auth, demo):
    auth.login("commissioner", DEMO_PASSWORD)
    module = demo.modules[0]
    _complete(client, demo, module)
    steps = len(module.sections) + 1
    bars = _bars(client.get("/modules").get_data(as_text=True))
    assert bars[0][:2] == (1, bars[0][1]) and "単元のうち1単元を修了しました" in bars[0][2]
    assert bars[1] == (steps, steps, f"{steps}ステップのうち{steps}ステップが済みました")
