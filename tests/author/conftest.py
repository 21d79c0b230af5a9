from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent.parent / "fixtures" / "content"


@pytest.fixture
def authoring(app, runner, users):
    """The fixture curriculum, two trainers, an admin, a learner and a coordinator."""
    result = runner.invoke(args=["content", "load", "--root", str(FIXTURE)])
    assert result.exit_code == 0, result.output
    users("kato", role="trainer", audience=None, display_name="加藤 研修")
    users("sato", role="trainer", audience=None, display_name="佐藤 研修")
    users("boss", role="admin", audience=None, organisation="千代田区")
    users("hanako", audience="commissioner", display_name="民生 花子")
    users("coord", role="coordinator", audience=None)
    return users
