from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent.parent / "fixtures" / "content"


@pytest.fixture
def people(app, runner, users):
    """Two organisations' people, and the fixture curriculum (two modules)."""
    runner.invoke(args=["content", "load", "--root", str(FIXTURE)])
    users("coord", role="coordinator", audience=None, organisation="新宿区")
    users("coord-nerima", role="coordinator", audience=None, organisation="練馬区")
    users("boss", role="admin", audience=None, organisation="千代田区")
    users("trainer", role="trainer", audience=None, organisation="新宿区")
    users("shinjuku1", audience="commissioner", organisation="新宿区", display_name="新宿 一郎")
    users("shinjuku2", audience="center", organisation="新宿区", display_name='=HYPERLINK("x")')
    users("nerima1", audience="commissioner", organisation="練馬区", display_name="練馬 花子")
    return users
