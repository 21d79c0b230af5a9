"""Password rules (OWASP ASVS 5.0, V6.2): long enough, not common, not the username."""

from functools import lru_cache

from flask_babel import lazy_gettext as _l

MIN_LENGTH = 12
MAX_LENGTH = 128  # long passphrases are welcome; the limit only guards the hash


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    # zxcvbn ships the 30,000 most common passwords from real breaches.
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def password_problems(password: str, username: str | None = None) -> list[str]:
    """Why `password` may not be used; an empty list means it may."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(
            _l(
                "Use at least %(n)s characters. A few words with spaces are easy to remember.",
                n=MIN_LENGTH,
            )
        )
    if len(password) > MAX_LENGTH:
        problems.append(_l("Use at most %(n)s characters.", n=MAX_LENGTH))
    lowered = password.lower()
    if lowered in _common_passwords() or lowered.strip("0123456789!") in _common_passwords():
        problems.append(_l("This password is one of the most common ones. Please choose another."))
    if username and username.lower() in lowered:
        problems.append(_l("Do not use your username in the password."))
    if password and len(set(password)) <= 2:
        problems.append(_l("Use more than one or two different characters."))
    return [str(problem) for problem in problems]
