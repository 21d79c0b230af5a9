"""The /reports page as a coordinator reads it (issue 12): people per audience counted once,
a learner × module matrix with one date a cell, and completions week by week."""

import re
from datetime import UTC, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from app.dates import TOKYO, tokyo_today, wareki
from app.extensions import db
from app.models import Completion, Module, User
from tests.factories import add_centre_under_shinjuku, organisation_id
from tests.learn.new_versions import publish_marked_sample
from tests.reports.learner_actions import complete_sample, login, start_sample

PAST = "2026-01-05"
ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def _read_everything(client, slug):
    """Mark every section of a module without a quiz read: that completes it."""
    html = client.get(f"/modules/{slug}").get_data(as_text=True)
    for key in re.findall(rf'action="/modules/{slug}/sections/([^/"]+)/read"', html):
        client.post(f"/modules/{slug}/sections/{key}/read")


def _module_id(app, slug):
    with app.app_context():
        return db.session.scalar(sa.select(Module.id).where(Module.slug == slug))


def _page(client, query=""):
    response = client.get("/reports" + query)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _table(html, caption):
    """The rows of the table whose caption is `caption`, as lists of cell texts."""
    table = re.search(rf"<caption[^>]*>{re.escape(caption)}</caption>(.*?)</table>", html, re.S)
    assert table, f"no table {caption!r}"
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([re.sub(r"<[^>]+>", "", c).strip() for c in cells])
    return rows


HEADER = ["対象", "受講者", "すべて修了", "要再受講", "学習中", "未着手", "期限切れ", "修了率"]
HEADER += ["修了した単元（延べ）"]


def _people(html):
    """The summary per audience: audience name -> its cells, after checking the headings."""
    header, *rows = _table(html, "対象ごとの受講者の人数（一人を一回だけ数えます）")
    assert header == HEADER
    return {row[0]: row[1:] for row in rows}


# --- people per audience ----------------------------------------------------------------


def test_a_municipality_with_three_learners_shows_three_people(client, demo, users):
    """The issue's own case: 新宿区's three demo learners, one of each audience, and the real
    curriculum of eleven modules. The table used to say 11 / 9 / 10 people."""
    users("coord", role="coordinator", audience=None, organisation="新宿区")
    login(client, "coord")
    html = _page(client)
    people = _people(html)
    assert {name: row[0] for name, row in people.items()} == {
        "民生委員・児童委員": "1人",
        "地域包括支援センター職員": "1人",
        "相談員・支援員": "1人",
    }
    for row in people.values():
        # nobody has begun: all not started, and their modules counted apart ("延べ")
        assert row[1:7] == ["0", "0", "0", "1", "0", "0%"]
        assert re.fullmatch(r"(\d+)件中 0件", row[7]) and int(row[7].split("件")[0]) > 1
    assert "受講者 3人" in html


@pytest.fixture
def three(client, people):
    """新宿区: shinjuku1 (commissioner: 'sample' and 'commissioners-only') completed 'sample';
    shinjuku2 (center: 'sample' only) completed it; shinjuku3 (commissioner) did nothing."""
    people("shinjuku3", audience="commissioner", organisation="新宿区", display_name="新宿 三郎")
    login(client, "shinjuku1")
    complete_sample(client)
    login(client, "shinjuku2")
    complete_sample(client)
    login(client, "coord")
    return people


def test_each_learner_counts_once_in_the_state_of_their_whole_curriculum(client, three):
    people = _people(_page(client))
    # commissioners: shinjuku1 has one of two modules (in progress), shinjuku3 nothing
    assert people["民生委員・児童委員"] == ["2人", "0", "0", "1", "1", "0", "0%", "4件中 1件"]
    # the centre's learner has the one module of their curriculum: all completed
    assert people["地域包括支援センター職員"] == [
        "1人",
        "1",
        "0",
        "0",
        "0",
        "0",
        "100%",
        "1件中 1件",
    ]

    login(client, "shinjuku1")
    _read_everything(client, "commissioners-only")
    login(client, "shinjuku3")
    start_sample(client)
    login(client, "coord")
    people = _people(_page(client))
    assert people["民生委員・児童委員"] == ["2人", "1", "0", "1", "0", "0", "50%", "4件中 2件"]


def test_overdue_people_are_those_with_a_module_past_its_date_and_not_completed(app, client, three):
    client.post(
        "/reports/due-dates",
        data={"module": _module_id(app, "commissioners-only"), "audience": "all", "due_date": PAST},
    )
    people = _people(_page(client))
    # both commissioners lack 'commissioners-only'; the centre's learner has no such module
    assert people["民生委員・児童委員"][5] == "2"
    assert people["地域包括支援センター職員"][5] == "0"
    login(client, "shinjuku1")
    _read_everything(client, "commissioners-only")
    login(client, "coord")
    people = _people(_page(client))
    assert people["民生委員・児童委員"][:6] == ["2人", "1", "0", "0", "1", "1"]


def test_a_curriculum_with_an_expired_module_and_nothing_missing_is_expired(
    app, client, runner, tmp_path, three
):
    client.post(
        "/reports/due-dates",
        data={"module": _module_id(app, "sample"), "audience": "all", "due_date": PAST},
    )
    publish_marked_sample(app, runner, tmp_path)
    people = _people(_page(client))
    # shinjuku2's only module expired: 要再受講, and overdue again (expired is not completed)
    assert people["地域包括支援センター職員"] == ["1人", "0", "1", "0", "0", "1", "0%", "1件中 0件"]
    # shinjuku1's 'sample' expired and 'commissioners-only' is missing: still in progress
    assert people["民生委員・児童委員"][:6] == ["2人", "0", "0", "1", "1", "2"]


def test_centres_count_with_their_municipality_and_other_organisations_do_not(app, client, three):
    add_centre_under_shinjuku(app)
    three("centre1", audience="center", organisation="新宿区 第一センター")
    login(client, "centre1")
    start_sample(client)  # begun is not done, even of a curriculum of one module
    login(client, "coord")
    people = _people(_page(client))
    assert people["地域包括支援センター職員"][:5] == ["2人", "1", "0", "1", "0"]
    assert sum(int(row[0].rstrip("人")) for row in people.values()) == 4  # not 練馬区's


def test_a_module_outside_the_learners_curriculum_does_not_count(app, client, three):
    """shinjuku3 reads the commissioners' module, then becomes a centre's learner: their
    curriculum is now 'sample' alone, which they have not begun."""
    login(client, "shinjuku3")
    _read_everything(client, "commissioners-only")
    with app.app_context():
        user = db.session.scalar(sa.select(User).where(User.username == "shinjuku3"))
        user.audience = "center"
        db.session.commit()
    login(client, "coord")
    people = _people(_page(client))
    assert people["地域包括支援センター職員"][:5] == ["2人", "1", "0", "0", "1"]


def test_an_admin_sees_people_per_organisation(app, client, three):
    login(client, "boss")
    html = _page(client)
    header, *rows = _table(html, "団体ごとの受講者の人数（一人を一回だけ数えます）")
    assert header == ["団体", "受講者", "すべて修了", "要再受講", "期限切れ"] + [
        "修了した単元（延べ）",
        "単元の修了率",
    ]
    rows = {r[0]: r[1:] for r in rows}
    assert rows["新宿区"][:4] == ["3人", "1", "0", "0"]
    assert rows["練馬区"][:4] == ["1人", "0", "0", "0"]
    assert rows["新宿区"][4] == "5件中 2件"  # module assignments, counted apart


# --- the matrix ---------------------------------------------------------------------------


def _matrix(html):
    return html.split("report-table--matrix", 1)[1].split("</table>")[0]


def _cards(html):
    return html.split('<ul class="learner-cards"', 1)[1].split("\n</ul>", 1)[0]


def test_the_matrix_shows_each_date_once_in_wareki(app, client, three):
    client.post(
        "/reports/due-dates",
        data={"module": _module_id(app, "commissioners-only"), "audience": "all", "due_date": PAST},
    )
    html = _page(client)
    today = wareki(tokyo_today())
    year, day = today.split("年", 1)
    date = (
        f'<span class="date"><span class="nowrap">{year}年</span><wbr>'
        f'<span class="nowrap">{day}</span></span>'
    )
    for part in (_matrix(html), _cards(html)):
        text = re.sub(r"<[^>]+>", "", part)
        assert not ISO.search(text), "ISO dates are for exports"
        assert f'修了</span> {date} <span class="score">100%</span>' in part
        assert "期限 " in text and "令和8年1月5日" in text  # the due date, once, in 和暦
        assert text.count(today) == 2  # shinjuku1's and shinjuku2's completion of 'sample'
    csv_text = client.get("/reports/completion.csv").get_data(as_text=True)
    assert ISO.search(csv_text) and "令和" not in csv_text  # exports keep ISO


def test_the_matrix_headings_are_numbers_with_the_full_title_kept(client, three):
    html = _page(client)
    matrix = _matrix(html)
    assert (
        '<th scope="col" title="1. テスト用の単元"><span aria-hidden="true">1</span>'
        '<span class="visually-hidden">1. テスト用の単元</span></th>'
    ) in matrix
    key = html.split('id="module-key"', 1)[1].split("</ol>", 1)[0]
    assert re.sub(r"<[^>]+>", " ", key.split(">", 1)[1]).split() == [
        "1",
        "テスト用の単元",
        "2",
        "民生委員のための単元",
    ]
    assert 'aria-describedby="module-key"' in html


def test_each_learner_has_a_card_with_their_modules_at_a_glance(client, three):
    cards = _cards(_page(client))
    names = re.findall(
        r'<h3 class="learner-card__name"><a href="/reports/learners/\d+">([^<]+)</a>', cards
    )
    assert names == ["新宿 一郎", "=HYPERLINK(&#34;x&#34;)", "新宿 三郎"]
    assert "2単元中 1単元を修了" in cards and "1単元中 1単元を修了" in cards
    first = cards.split('<li class="learner-card">')[1]
    assert "1. テスト用の単元" in first and "2. 民生委員のための単元" in first
    assert "未着手" in first


# --- completions per week -----------------------------------------------------------------


def _weeks(html):
    rows = _table(html, "週ごとの修了した単元の数")
    assert rows[0] == ["週（月曜日から）", "修了"]
    *weeks, total = rows[1:]
    assert total[0] == "合計"
    return weeks, int(total[1])


def _stored(day, hour, minute):
    """A Tokyo wall-clock time as completions store it (naive UTC)."""
    return datetime.combine(day, time(hour, minute), TOKYO).astimezone(UTC).replace(tzinfo=None)


def _move_completion(app, username, slug, when):
    with app.app_context():
        completion = db.session.scalar(
            sa.select(Completion)
            .join(User, Completion.user_id == User.id)
            .join(Module, Completion.module_id == Module.id)
            .where(User.username == username, Module.slug == slug)
        )
        completion.completed_at = when
        db.session.commit()


def test_twelve_weeks_of_completions_monday_to_sunday_in_tokyo_time(app, client, three):
    login(client, "nerima1")
    complete_sample(client)  # another municipality's: not 新宿区's
    login(client, "shinjuku1")
    _read_everything(client, "commissioners-only")
    login(client, "coord")
    today = tokyo_today()
    monday = today - timedelta(days=today.weekday())
    weeks, total = _weeks(_page(client))
    assert len(weeks) == 12
    assert weeks[-1] == [f"{wareki(monday)}（今週）", "3"]
    assert weeks[0][0] == wareki(monday - timedelta(weeks=11))
    assert [w[1] for w in weeks[:-1]] == ["0"] * 11 and total == 3

    # Sunday 23:30 and Monday 00:10 in Tokyo are the same day in UTC, but different weeks.
    sunday = monday - timedelta(weeks=3, days=1)
    _move_completion(app, "shinjuku1", "sample", _stored(sunday, 23, 30))
    _move_completion(app, "shinjuku2", "sample", _stored(sunday + timedelta(days=1), 0, 10))
    # Before the first of the twelve weeks: not on the chart.
    _move_completion(
        app,
        "shinjuku1",
        "commissioners-only",
        _stored(monday, 0, 0) - timedelta(weeks=11, minutes=1),
    )
    weeks, total = _weeks(_page(client))
    counts = [int(w[1]) for w in weeks]
    assert counts[-5:] == [1, 1, 0, 0, 0] and sum(counts) == total == 2
    assert weeks[-5][0] == wareki(sunday - timedelta(days=6))

    svg = _page(client).split('<figure class="chart chart--weeks"', 1)[1].split("</figure>")[0]
    assert "週ごとの修了した単元の数" in svg and svg.count("<rect") == 12
    # the axis names the month where it changes, otherwise the day
    labels = re.findall(r'class="chart__label[^"]*">([^<]+)<', svg)
    starts = [monday - timedelta(weeks=n) for n in range(11, -1, -1)]
    assert labels == [
        f"{day.month}/{day.day}" if n == 0 or day.month != starts[n - 1].month else str(day.day)
        for n, day in enumerate(starts)
    ]
    assert "/" in labels[0]


def test_an_admin_sees_the_weeks_of_the_chosen_organisation(app, client, three):
    login(client, "nerima1")
    complete_sample(client)
    login(client, "boss")
    assert _weeks(_page(client))[1] == 3
    assert _weeks(_page(client, f"?organisation={organisation_id(app, '練馬区')}"))[1] == 1
    assert _weeks(_page(client, f"?organisation={organisation_id(app, '新宿区')}"))[1] == 2
