"""Demo accounts for `make run`, and synthetic learners for benchmarks (deterministic)."""

import random
import secrets
from datetime import timedelta
from typing import Any

import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from app.extensions import db
from app.models import Attempt, Completion, Organisation, SectionRead, User
from app.models.timestamps import utcnow
from app.seed.municipalities import organisation_named
from app.services.learning.curriculum import modules_for, published_modules
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
