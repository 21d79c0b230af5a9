"""Imported questions get readable ids that stay the same each time a file is imported."""

import pytest

from app.content.gift_question_ids import assign_ids, title_slug


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Six-month wait", "six-month-wait"),
        ("  Q1: Family support!  ", "q1-family-support"),
        ("Ｆｕｌｌ　ｗｉｄｔｈ", "full-width"),
        ("相談窓口", ""),
        ("問1", ""),
        ("家族 support", "support"),
        (None, ""),
    ],
)
def test_ids_come_from_titles_in_lowercase_ascii_with_hyphens(title, slug):
    assert title_slug(title) == slug


def test_duplicate_and_japanese_titles_get_ids_that_stay_the_same_on_every_import():
    assigned = assign_ids(
        ["Same", "Same", "相談窓口", None, "q-04"],
        [None, None, None, None, None],
        [1, 2, 3, 4, 5],
    )
    assert [a.key for a in assigned] == ["same", "same-2", "q-03", "q-04", "q-04-2"]
    assert "another question already has the id 'same'" in assigned[1].note
    assert assigned[0].note is None


def test_an_id_given_by_the_exporter_wins_over_titles():
    assigned = assign_ids(["Keep", "Keep"], [None, "keep"], [1, 2])
    assert [a.key for a in assigned] == ["keep-2", "keep"]
