"""The house rules that keep the layout honest, checked on the source itself.

Each rule has a reason: a role compared in a route escapes the access policy; a code spelled
out twice drifts; content code that reads the database cannot run in `content check`; a
service that commits breaks the caller's all-or-nothing.
"""

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

from app.vocabulary import Audience, Role

APP = Path(__file__).resolve().parents[1] / "app"
PYTHON = sorted(APP.rglob("*.py"))
TEMPLATES = sorted((APP / "templates").rglob("*.html"))
CODES = {word.value for word in (*Role, *Audience)}
# Names that are also role or audience codes but mean something else here.
NOT_CODES = {
    APP / "admin" / "__init__.py": {"admin"},  # the blueprint's name
    APP / "vocabulary.py": CODES,
}


def _string_literals(path: Path) -> list[tuple[int, str]]:
    found = []
    with path.open("rb") as handle:
        for token in tokenize.tokenize(handle.readline):
            if token.type == tokenize.STRING:
                try:
                    value = ast.literal_eval(token.string)
                except (ValueError, SyntaxError):  # f-strings
                    continue
                if isinstance(value, str):
                    found.append((token.start[0], value))
    return found


@pytest.mark.parametrize("path", PYTHON, ids=lambda p: str(p.relative_to(APP)))
def test_no_role_or_audience_code_is_spelled_out_in_python(path):
    allowed = NOT_CODES.get(path, set())
    spelled = [(line, value) for line, value in _string_literals(path) if value in CODES - allowed]
    assert spelled == [], f"use app.vocabulary instead: {path}: {spelled}"


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(APP)))
def test_no_role_or_audience_code_is_spelled_out_in_templates(path):
    text = path.read_text(encoding="utf-8")
    spelled = [code for code in CODES if re.search(rf"""['"]{code}['"]""", text)]
    assert spelled == [], f"use vocab.* instead: {path}: {spelled}"


def test_no_route_compares_roles():
    for path in APP.rglob("*.py"):
        if path == APP / "auth" / "policy.py":
            continue
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\b(current_user|user|actor)\.role\s*(==|!=|in\b|not in\b)", text), (
            path
        )
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"current_user\.role\s*(==|!=|in\b)", text), path


def test_the_rules_can_fail():
    sample = io.BytesIO(b'x = "admin"\nif user.role == "admin": pass\n')
    values = [t.string for t in tokenize.tokenize(sample.readline) if t.type == tokenize.STRING]
    assert values == ['"admin"', '"admin"']
    assert re.search(r"\b(current_user|user)\.role\s*(==|!=|in\b)", 'if user.role == "admin"')


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted((APP / "content").glob("*.py")), ids=lambda p: p.name)
def test_content_code_is_pure(path):
    imported = _imports(path)
    forbidden = {
        name
        for name in imported
        if name.startswith(("app.models", "app.services", "app.extensions", "flask"))
    }
    assert forbidden == set(), path


@pytest.mark.parametrize(
    "path",
    sorted((APP / "services").rglob("*.py")) + sorted((APP / "renderers").rglob("*.py")),
    ids=lambda p: str(p.relative_to(APP)),
)
def test_services_never_commit(path):
    assert ".commit()" not in path.read_text(encoding="utf-8"), path


@pytest.mark.parametrize("path", sorted((APP / "renderers").rglob("*.py")), ids=lambda p: p.name)
def test_renderers_need_no_database(path):
    assert not {n for n in _imports(path) if n.startswith(("app.models", "app.extensions"))}


# Numbers from a request go through app/request_input.py: `<int:…>` lets an id past any
# integer column reach the database (a 500), `type=int` silently drops what it cannot read,
# and `_external=True` or `request.url_root` builds a link from the Host header.
UNBOUNDED = {
    r"<int:": "use <id:…>",
    r"type=int\b": "use app.request_input (whole_number, record_id, page_number)",
    r"\b_external=True": "use app.site_address.external_url",
    r"\b(url_root|host_url)\b": "use app.site_address.base_url",
}


@pytest.mark.parametrize("path", PYTHON, ids=lambda p: str(p.relative_to(APP)))
def test_request_numbers_and_absolute_links_go_through_one_place(path):
    text = path.read_text(encoding="utf-8")
    if path == APP / "cli.py":  # click's own option types, not a request's
        text = text.replace("type=int", "")
    found = [advice for pattern, advice in UNBOUNDED.items() if re.search(pattern, text)]
    assert found == [], f"{path}: {found}"
