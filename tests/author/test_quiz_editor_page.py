"""The quiz editor page through the test client, without JavaScript: questions of every
type added, written, reordered and removed, options too; right answers and feedback set;
the preview as the learner's quiz page shows it, with the blind-strategy warnings; published
and answered by a learner."""

import re

from tests.author.editor import open_editor, trainer
from tests.author.editor_pages import page, read_form, submit
from tests.login import log_in

EDIT = "/author/modules/sample/quiz/edit"
PUBLISH = "/author/modules/sample/publish/review"
TYPES = ("single", "multiple", "true_false", "scenario", "matching")


def _ids(html):
    values = read_form(html).values
    return [values[f"questions-{n}-id"] for n in range(len(_questions(values)))]


def _questions(values):
    return sorted({int(m[1]) for k in values if (m := re.match(r"questions-(\d+)-id$", k))})


def _main(response):
    html = response.get_data(as_text=True)
    return html[html.find("<main") : html.find("</main>")][:3000]


def _press(client, button, changes=None):
    response = submit(client, EDIT, page(client, EDIT), changes, button=button)
    assert response.status_code == 302, (button, response.status_code, _main(response))
    return response


def _option_question(n, prompt, right, texts, scenario=None):
    fields = {
        f"questions-{n}-prompt": prompt,
        f"questions-{n}-explanation": f"{prompt}の解説です。",
        f"questions-{n}-source": "G 2",
    }
    if scenario:
        fields[f"questions-{n}-scenario"] = scenario
    for i, text in enumerate(texts):
        fields[f"questions-{n}-options-{i}-text"] = text
        fields[f"questions-{n}-options-{i}-feedback"] = f"{text}についての説明です。"
        fields[f"questions-{n}-options-{i}-correct"] = "y" if i in right else None
    return fields


def test_the_editor_shows_every_question_with_its_parts(app, authoring):
    html = page(trainer(app), EDIT)
    values = read_form(html).values
    assert _ids(html) == ["first", "second", "third", "fourth", "window-and-role"]
    assert values["questions-0-options-0-correct"] == "y"
    assert "questions-0-options-1-correct" not in values
    assert values["questions-3-scenario"] == "近所の方から相談を受けました。"
    assert values["questions-4-type"] == "matching"
    assert values["questions-4-pairs-0-answer"] == "高齢の方と家族の総合的な相談"
    assert values["questions-4-distractors-0-text"] == "就職先をその場で決める窓口"
    assert values["pass_mark"] == "60"
    # The preview: the learner's quiz page, matching as one list per item.
    preview = html.split('id="preview-body"')[1]
    assert '<legend><span class="question__number">第5問</span>' in preview
    assert (
        '<label class="match__prompt" for="preview-4-window-and-role-0">地域包括支援センター'
        in preview
    )
    assert "就職先をその場で決める窓口" in preview


def test_questions_of_every_type_are_added_written_moved_removed_and_published(app, authoring):
    kato = trainer(app)
    for kind in TYPES:
        added = _press(kato, ("action", f"add:questions:{kind}"))
        assert added.headers["Location"].endswith(f"#questions-{4 + TYPES.index(kind) + 1}")
    html = page(kato, EDIT)
    assert _ids(html)[5:] == ["q-06", "q-07", "q-08", "q-09", "q-10"]  # new ids, readable
    values = read_form(html).values
    assert values["questions-7-options-0-text"] == "正しい"  # true/false comes ready
    assert values["questions-9-type"] == "matching" and "questions-9-pairs-1-prompt" in values

    typed = {}
    typed |= _option_question(
        5, "一つ選ぶ問題です。", {1}, ["家族の話を聴く", "すぐに説得する", "様子を見続ける"]
    )
    typed |= _option_question(
        6, "すべて選ぶ問題です。", {0, 2}, ["本人の気持ち", "周囲の評判", "家族の負担"]
    )
    typed |= _option_question(7, "「必ず6か月待つ」", {1}, ["正しい", "誤り"])
    typed |= _option_question(
        8,
        "まず何をしますか。",
        {0},
        ["話を聴く", "家を訪ねる", "手紙を書く"],
        scenario="母親から相談がありました。",
    )
    typed |= {
        "questions-9-prompt": "相談先と役割を結んでください。",
        "questions-9-pairs-0-prompt": "保健所",
        "questions-9-pairs-0-answer": "こころの健康の相談",
        "questions-9-pairs-0-feedback": "保健所では精神保健の相談ができます。",
        "questions-9-pairs-1-prompt": "ハローワーク",
        "questions-9-pairs-1-answer": "仕事探しの相談",
        "questions-9-pairs-1-feedback": "仕事の相談はハローワークです。",
        "questions-9-explanation": "役割を知ってつなぎます。",
        "questions-9-source": "G 3-5",
    }
    _press(kato, ("action", "add:questions-9-distractors"), typed)
    _press(
        kato,
        ("do", "save"),
        {
            "questions-9-distractors-0-text": "住まいを決める窓口",
            "questions-9-distractors-0-feedback": "そのような窓口はありません。",
        },
    )
    values = read_form(page(kato, EDIT)).values
    assert values["questions-5-options-1-correct"] == "y"
    assert values["questions-8-scenario"] == "母親から相談がありました。"
    assert values["questions-9-distractors-0-text"] == "住まいを決める窓口"

    # An option added and removed again; a question moved up, another one removed.
    _press(kato, ("action", "add:questions-5-options"))
    assert "questions-5-options-3-text" in read_form(page(kato, EDIT)).values
    _press(kato, ("action", "remove:questions-5-options-3"))
    assert "questions-5-options-3-text" not in read_form(page(kato, EDIT)).values
    _press(kato, ("action", "down:questions-5-options-0"))
    values = read_form(page(kato, EDIT)).values
    assert values["questions-5-options-0-text"] == "すぐに説得する"
    assert values["questions-5-options-0-correct"] == "y"  # the right answer moved with it
    moved = _press(kato, ("action", "up:questions-9"))
    assert moved.headers["Location"].endswith("#questions-8")
    assert _ids(page(kato, EDIT))[8:] == ["q-10", "q-09"]
    _press(kato, ("action", "remove:questions-0"))
    assert _ids(page(kato, EDIT))[0] == "second"

    state = open_editor(kato, "sample")
    assert state["problems"] == [], state["problems"]
    review = page(kato, PUBLISH)
    revision = re.search(r'name="revision" value="(\d+)"', review).group(1)
    assert kato.post(PUBLISH, data={"revision": revision}).status_code == 302

    learner = app.test_client()
    log_in(learner, "hanako")
    quiz = learner.get("/modules/sample/quiz").get_data(as_text=True)
    assert "正しいものはどれですか。" not in quiz  # the removed question
    for text in ("一つ選ぶ問題です。", "すべて選ぶ問題です。", "母親から相談がありました。"):
        assert text in quiz
    assert '<label class="match__prompt" for="q-q-10-0">保健所</label>' in quiz
    assert quiz.index("相談先と役割を結んでください。") < quiz.index("母親から相談がありました。")
    # The learner answers the new matching question and is scored on it.
    attempt = re.search(r'name="attempt" value="(\d+)"', quiz).group(1)
    choices = re.findall(r'<option value="(\d+)">([^<]+)</option>', quiz.split('id="q-q-10"')[1])
    by_text = {text: value for value, text in choices}
    answers = {"attempt": attempt, "q-second": ["0", "1"], "q-third": "1", "q-fourth": "0"}
    answers |= {f"q-window-and-role-{i}": "0" for i in range(3)}
    answers |= {"q-q-06": "0", "q-q-07": ["0", "2"], "q-q-08": "1", "q-q-09": "0"}
    answers |= {"q-q-10-0": by_text["こころの健康の相談"], "q-q-10-1": by_text["仕事探しの相談"]}
    result = learner.post("/modules/sample/quiz", data=answers)
    assert result.status_code == 302
    assert "保健所では精神保健の相談ができます。" in learner.get(
        result.headers["Location"]
    ).get_data(as_text=True)


def test_no_js_preview_keeps_what_was_typed_and_shows_the_warnings(app, authoring):
    kato = trainer(app)
    html = page(kato, EDIT)
    # Every right answer first: a learner who always picks the first option passes.
    typed = {"questions-2-options-0-correct": "y", "questions-2-options-1-correct": None}
    typed |= {"questions-3-prompt": "まず、何をしますか。（変更）"}
    shown = submit(kato, EDIT, html, typed, button=("do", "preview"))
    assert shown.status_code == 200
    preview = shown.get_data(as_text=True)
    assert read_form(preview).values["questions-3-prompt"] == "まず、何をしますか。（変更）"
    assert 'id="quiz-warnings"' in preview
    assert "まず、何をしますか。（変更）</legend>" in preview
    assert open_editor(kato, "sample")["draft"] is None  # nothing saved, and it says so
    assert 'id="not-saved"' in preview and "まだ保存していません" in preview


def test_problems_of_a_question_show_beside_its_fields(app, authoring):
    kato = trainer(app)
    _press(kato, ("action", "add:questions:single"))
    html = page(kato, EDIT)
    slot = re.search(r'id="questions-5-prompt-error"[^>]*>(.*?)</p>', html, re.S)
    assert slot and "prompt" in slot.group(1)
    assert re.search(r'id="questions-5-prompt" name="questions-5-prompt"[^>]*aria-invalid', html)
    assert 'href="#questions-5-prompt"' in html  # and in the summary, linked to it


def test_a_module_without_a_quiz_gets_one_with_a_button(app, authoring):
    kato = trainer(app)
    html = page(kato, "/author/modules/commissioners-only/quiz/edit")
    assert "この単元にはまだ確認テストがありません。" in html
    response = kato.post(
        "/author/modules/commissioners-only/quiz/edit", data={"revision": "0", "do": "add_quiz"}
    )
    assert response.status_code == 302
    html = page(kato, "/author/modules/commissioners-only/quiz/edit")
    assert read_form(html).values["pass_mark"] == "80"
    added = submit(
        kato,
        "/author/modules/commissioners-only/quiz/edit",
        html,
        button=("action", "add:questions:matching"),
    )
    assert added.status_code == 302
    ids = _ids(page(kato, "/author/modules/commissioners-only/quiz/edit"))
    assert ids == ["q-01"]


def test_the_publish_page_repeats_the_content_checks_warnings(app, authoring):
    kato = trainer(app)
    review = kato.get("/author/modules/sample/publish/review")
    assert review.status_code == 200 and 'id="publish-warnings"' not in review.get_data(
        as_text=True
    )
    # Every right answer first, saved: the trainer is told again where the decision is made.
    typed = {"questions-2-options-0-correct": "y", "questions-2-options-1-correct": None}
    assert submit(kato, EDIT, page(kato, EDIT), typed).status_code == 302
    review = kato.get("/author/modules/sample/publish/review")
    assert review.status_code == 200
    warnings = review.get_data(as_text=True).split('id="publish-warnings"')[1].split("</div>")[0]
    assert "公開の前に" in warnings and "内容を読まなくても" in warnings


def test_options_added_one_after_another_stay_until_they_are_filled_in(app, authoring):
    kato = trainer(app)
    _press(kato, ("action", "add:questions:single"))
    for _ in range(2):
        _press(kato, ("action", "add:questions-5-options"))
    values = read_form(page(kato, EDIT)).values
    # Three blank options of the new question and the two added: none dropped on the way.
    assert all(f"questions-5-options-{n}-text" in values for n in range(5)), values
    assert "questions-5-options-5-text" not in values
    state = open_editor(kato, "sample")
    blank = [p for p in state["problems"] if p["field"] == "questions-5-options-4-text"]
    assert blank and "'text' が必要です" in blank[0]["message"]  # named, and it blocks publishing
