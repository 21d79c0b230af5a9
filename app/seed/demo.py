"""Demo accounts for `make run`, and synthetic learners for benchmarks (deterministic)."""

import random
import secrets
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from app.extensions import db
from app.models import (
    Attempt,
    Completion,
    ConsultationWindow,
    Organisation,
    SectionRead,
    User,
)
from app.models.timestamps import utcnow
from app.seed.municipalities import organisation_named
from app.services.learning.curriculum import modules_for, published_modules
from app.services.learning.directory import save_window, windows_of
from app.vocabulary import AttemptState, Audience, Role

DEMO_PASSWORD = "yorisoi-demo"
DEMO_ORGANISATION = "新宿区"
# Each demo learner is named after their audience, each member of staff after their role.
DEMO_ACCOUNTS = (
    # username, display name, role, audience
    (Audience.COMMISSIONER.value, "民生 花子", Role.LEARNER, Audience.COMMISSIONER),
    (Audience.CENTER.value, "包括 太郎", Role.LEARNER, Audience.CENTER),
    (Audience.COUNSELOR.value, "相談 みどり", Role.LEARNER, Audience.COUNSELOR),
    (Role.TRAINER.value, "研修 担当", Role.TRAINER, None),
    (Role.COORDINATOR.value, "新宿区 取りまとめ", Role.COORDINATOR, None),
    (Role.ADMIN.value, "システム 管理者", Role.ADMIN, None),
)


def ensure_demo_accounts() -> list[str]:
    """Create the demo accounts that are missing; returns the usernames created."""
    organisation = organisation_named(DEMO_ORGANISATION)
    existing = set(
        db.session.scalars(
            sa.select(User.username).where(User.username.in_([a[0] for a in DEMO_ACCOUNTS]))
        )
    )
    created = []
    for username, display_name, role, audience in DEMO_ACCOUNTS:
        if username in existing:
            continue
        user = User(
            username=username,
            display_name=display_name,
            role=role,
            audience=audience,
            organisation=organisation,
        )
        user.set_password(DEMO_PASSWORD)
        db.session.add(user)
        created.append(username)
    db.session.flush()
    return created


# Example windows for the demo's 新宿区, so that a new user sees what the directory is for.
# They are made up, and say so in their name and first line: the kinds of window follow the
# guidebook (G 3-5: 保健所・保健センター, 生活困窮者自立相談支援機関; G 3-3: 地域包括支援
# センター; G 3-4: 家族会), the numbers lead nowhere (03-0000-…), and none has a web address.
EXAMPLE_MARK = "【例】"
EXAMPLE_NOTE = "デモ用の架空の窓口です。実際の窓口は、区の担当者が入力します。"
DEMO_WINDOWS = (
    {
        "name": f"{EXAMPLE_MARK}保健センター こころの相談",
        "department": "健康部 保健予防課（例）",
        "helps_with": f"{EXAMPLE_NOTE}ひきこもりの状態にある本人や家族の相談。"
        "こころの不調が心配なときの相談、訪問の相談もできます。",
        "contact": "（例）03-0000-0001",
        "hours": "（例）平日 8時30分〜17時15分",
        "url": "",
    },
    {
        "name": f"{EXAMPLE_MARK}くらしと仕事の相談窓口",
        "department": "福祉部 生活福祉課（例）",
        "helps_with": f"{EXAMPLE_NOTE}生活費や仕事、家計のことなど、暮らしの困りごとの相談"
        "（生活困窮者自立相談支援）。本人が来られないときは家族だけでも相談できます。",
        "contact": "（例）03-0000-0002",
        "hours": "（例）平日 9時〜17時",
        "url": "",
    },
    {
        "name": f"{EXAMPLE_MARK}高齢者総合相談センター（地域包括支援センター）",
        "department": "高齢者支援課（例）",
        "helps_with": f"{EXAMPLE_NOTE}高齢の親と、ひきこもりの状態にある子が暮らす世帯"
        "（8050問題）の相談。介護の相談から、子どもの支援の窓口へつなぎます。",
        "contact": "（例）03-0000-0003",
        "hours": "（例）月〜土 9時〜17時",
        "url": "",
    },
    {
        "name": f"{EXAMPLE_MARK}ひきこもり家族会",
        "department": "地域の家族会（例）",
        "helps_with": f"{EXAMPLE_NOTE}同じ悩みを持つ家族が集まり、気持ちや経験を分かち合う場。"
        "元当事者のピアサポーターが話を聞くこともあります。",
        "contact": "（例）区の窓口でご案内します",
        "hours": "（例）毎月第2土曜 14時〜16時",
        "url": "",
    },
)


def ensure_demo_windows() -> int:
    """Add the example windows to the demo organisation if it has none; returns how many.

    Only when it has none: once a coordinator keeps the directory, the demo leaves it alone.
    """
    organisation = organisation_named(DEMO_ORGANISATION)
    if organisation is None or windows_of(organisation.id):
        return 0
    for details in DEMO_WINDOWS:
        save_window(ConsultationWindow(organisation_id=organisation.id), dict(details))
    return len(DEMO_WINDOWS)


SURNAMES = [
    "佐藤",
    "鈴木",
    "高橋",
    "田中",
    "伊藤",
    "渡辺",
    "山本",
    "中村",
    "小林",
    "加藤",
    "吉田",
    "山田",
    "佐々木",
    "山口",
    "松本",
    "井上",
    "木村",
    "林",
]
GIVEN = [
    "和子",
    "洋子",
    "幸子",
    "節子",
    "恵子",
    "浩",
    "誠",
    "茂",
    "修",
    "博",
    "正",
    "明美",
    "真由美",
    "直樹",
    "健一",
    "陽子",
    "智子",
    "隆",
]
AUDIENCE_WEIGHTS = ((Audience.COMMISSIONER, 6), (Audience.CENTER, 2), (Audience.COUNSELOR, 2))


def populate(learners: int, seed: int = 2026) -> int:
    """Add `learners` synthetic learners with realistic reading, attempts and completions.

    The same seed gives the same people and progress. Rows go in with bulk inserts, so
    ten thousand learners take seconds, not minutes.
    """
    rng = random.Random(seed)
    organisations = list(db.session.scalars(sa.select(Organisation).order_by(Organisation.code)))
    modules = published_modules()
    start = db.session.execute(
        sa.select(sa.func.count(User.id)).where(User.username.like("demo-%"))
    ).scalar_one()
    password_hash = generate_password_hash(secrets.token_urlsafe(16))  # nobody logs in as them
    now = utcnow()
    audiences = [a for a, weight in AUDIENCE_WEIGHTS for _ in range(weight)]

    users: list[dict[str, Any]] = []  # the rows of one bulk INSERT
    for n in range(start, start + learners):
        users.append(
            {
                "username": f"demo-{n:06d}",
                "display_name": f"{rng.choice(SURNAMES)} {rng.choice(GIVEN)}",
                "password_hash": password_hash,
                "role": Role.LEARNER,
                "audience": rng.choice(audiences),
                "organisation_id": rng.choice(organisations).id,
                "active": True,
                "session_token": secrets.token_urlsafe(32),
                "created_at": now - timedelta(days=rng.randint(30, 400)),
            }
        )
    db.session.execute(sa.insert(User), users)
    ids = dict(
        db.session.execute(
            sa.select(User.username, User.id).where(
                User.username.in_([u["username"] for u in users])
            )
        ).all()
    )

    reads, attempts, completions = [], [], []
    for user in users:
        user_id = ids[user["username"]]
        keen = rng.random()  # how far this person tends to get
        for position, module in enumerate(modules_for(user["audience"], modules)):
            version = module.version
            reach = keen - position * 0.08
            if reach <= 0.15:
                break
            keys = [section.key for section in version.sections]
            done = reach > 0.45
            read_keys = keys if done else keys[: max(1, int(len(keys) * reach * 2))]
            when = now - timedelta(days=rng.randint(1, 200), minutes=rng.randint(0, 600))
            reads += [
                {
                    "user_id": user_id,
                    "module_id": module.id,
                    "section_key": key,
                    "module_version_id": version.id,
                    "read_at": when,
                }
                for key in read_keys
            ]
            quiz = module.quiz.current_version if module.quiz else None
            score = None
            if quiz is not None and (done or rng.random() < 0.3):
                tries = 1 + (rng.random() < 0.25)
                for attempt in range(tries):
                    last = attempt == tries - 1
                    score = (
                        rng.randint(quiz.pass_mark, 100)
                        if done and last
                        else rng.randint(30, quiz.pass_mark - 1)
                    )
                    attempts.append(
                        {
                            "user_id": user_id,
                            "quiz_version_id": quiz.id,
                            "module_id": module.id,
                            "state": AttemptState.SUBMITTED,
                            "answers": {},
                            "score": score,
                            "passed": score >= quiz.pass_mark,
                            "started_at": when,
                            "submitted_at": when + timedelta(minutes=8),
                        }
                    )
            if done:
                completions.append(
                    {
                        "user_id": user_id,
                        "module_id": module.id,
                        "module_version_id": version.id,
                        "score": score,
                        "completed_at": when + timedelta(minutes=9),
                        "certificate_code": secrets.token_hex(8).upper(),
                    }
                )
    for model, rows in ((SectionRead, reads), (Attempt, attempts), (Completion, completions)):
        for chunk in range(0, len(rows), 5000):
            db.session.execute(sa.insert(model), rows[chunk : chunk + 5000])
    db.session.flush()
    return len(users)
