"""Form data that answers a quiz rightly or wrongly, from the quiz file itself."""


def right_answers(quiz_doc, attempt_id):
    data = {"attempt": str(attempt_id)}
    for question in quiz_doc.questions:
        data[f"q-{question.key}"] = [str(i) for i in sorted(question.correct_indexes)]
    return data


def wrong_answers(quiz_doc, attempt_id):
    data = {"attempt": str(attempt_id)}
    for question in quiz_doc.questions:
        wrong = next(i for i, option in enumerate(question.options) if not option.correct)
        data[f"q-{question.key}"] = [str(wrong)]
    return data
