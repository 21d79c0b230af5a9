"""Form data that answers a quiz rightly or wrongly, from the quiz file itself."""

# The fixture quiz (tests/fixtures/content/quizzes/sample.yaml) answered as a learner would:
# `q-<key>` for choice questions, `q-<key>-<pair>` for each prompt of the matching question.
# Its choices, sorted by text, are: ひきこもりに特化した… (0), 就職先を… (1, matches no
# prompt), 暮らしや… (2), 高齢の方と… (3).
SAMPLE_MATCHING_RIGHT = {
    "q-window-and-role-0": "3",
    "q-window-and-role-1": "2",
    "q-window-and-role-2": "0",
}
SAMPLE_MATCHING_WRONG = {
    "q-window-and-role-0": "0",
    "q-window-and-role-1": "1",
    "q-window-and-role-2": "2",
}
SAMPLE_RIGHT = {
    "q-first": "0",
    "q-second": ["0", "1"],
    "q-third": "1",
    "q-fourth": "0",
    **SAMPLE_MATCHING_RIGHT,
}
SAMPLE_WRONG = {
    "q-first": "1",
    "q-second": "2",
    "q-third": "0",
    "q-fourth": "1",
    **SAMPLE_MATCHING_WRONG,
}
# The same, as an attempt stores them (for attempts written straight to the database).
STORED_RIGHT = {
    "first": [0],
    "second": [0, 1],
    "third": [1],
    "fourth": [0],
    "window-and-role": [3, 2, 0],
}
STORED_WRONG = {
    "first": [1],
    "second": [2],
    "third": [0],
    "fourth": [1],
    "window-and-role": [0, 1, 2],
}


def right_answers(quiz_doc, attempt_id):
    data = {"attempt": str(attempt_id)}
    for question in quiz_doc.questions:
        if question.pairs:
            for pair, answer in enumerate(question.answer_indexes):
                data[f"q-{question.key}-{pair}"] = str(answer)
        else:
            data[f"q-{question.key}"] = [str(i) for i in sorted(question.correct_indexes)]
    return data


def wrong_answers(quiz_doc, attempt_id):
    data = {"attempt": str(attempt_id)}
    for question in quiz_doc.questions:
        if question.pairs:
            # Every prompt gets the first choice: at most one of them can be right.
            for pair in range(len(question.pairs)):
                data[f"q-{question.key}-{pair}"] = "0"
            continue
        wrong = next(i for i, option in enumerate(question.options) if not option.correct)
        data[f"q-{question.key}"] = [str(wrong)]
    return data
