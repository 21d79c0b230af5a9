import pytest

from app.auth.passwords import MIN_LENGTH, password_problems
from app.models import User


def test_passwords_are_hashed_with_scrypt():
    user = User(username="x", display_name="x", role="learner")
    user.set_password("a long enough passphrase")
    assert user.password_hash.startswith("scrypt:")
    assert "passphrase" not in user.password_hash
    assert user.check_password("a long enough passphrase")
    assert not user.check_password("a long enough passphrasE")


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short-one", f"{MIN_LENGTH}文字以上"),
        ("password1234", "よく使われている"),
        ("qwertyuiop123", "よく使われている"),
        ("hanako-sato-2026", "ユーザー名"),
        ("aaaaaaaaaaaaaaa", "2種類"),
        ("x" * 129, "128文字以下"),
    ],
)
def test_weak_passwords_are_refused_with_a_reason(app, password, problem):
    with app.test_request_context():
        problems = password_problems(password, username="hanako")
        assert problems, password
        assert any(problem in p for p in problems), problems


def test_a_passphrase_is_accepted(app):
    with app.test_request_context():
        assert password_problems("さくら 並木 の 散歩道", username="hanako") == []
        assert password_problems("correct horse battery staple", username="hanako") == []
