import unicodedata
from urllib.parse import urlsplit

MAX_LENGTH = 2000  # longer than any address of this site


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: no scheme, no host, no '//' or backslash tricks, and no
    control character (a CR/LF would break the Location header, or split it)."""
    if not target or len(target) > MAX_LENGTH:
        return None
    if any(unicodedata.category(character) in ("Cc", "Cf", "Zl", "Zp") for character in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:
        return None
    return target
