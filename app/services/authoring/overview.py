"""The trainer's home: every module with its quiz, what is published, who has a draft open,
and what needs a look (a quiz a blind strategy passes, questions the statistics flag)."""

from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.orm as so

from app.content.blind_strategies import analyse_quiz
from app.content.quiz_files import parse_quiz
from app.extensions import db
from app.models import Module, ModuleDraft, ModuleVersion, Quiz, QuizVersion
from app.services.authoring.drafts import quiz_file
from app.services.authoring.module_titles import module_title
from app.services.reporting.question_statistics import QuizStatistics, statistics_overview


@dataclass(frozen=True)
class ModuleOverview:
    module: Module
    version: ModuleVersion | None  # None: never published (a new module in its draft)
    quiz_version: QuizVersion | None
    draft: ModuleDraft | None
    question_count: int
    # `content check`'s blind-strategy warnings for the published quiz.
    warnings: tuple[str, ...]
    statistics: QuizStatistics | None

    @property
    def title(self) -> str:
        """The published title; for a module never published, its draft's (or its slug)."""
        return module_title(self.module, self.draft)

    @property
    def flagged(self) -> int:
        """Questions the statistics flag (none while there are too few first attempts)."""
        return self.statistics.flagged if self.statistics else 0


def modules_overview() -> list[ModuleOverview]:
    """Every module, published ones in curriculum order, then new ones; a fixed number of
    queries whatever the number of modules."""
    modules = db.session.scalars(
        sa.select(Module)
        .outerjoin(ModuleVersion, ModuleVersion.id == Module.current_version_id)
        .options(
            so.selectinload(Module.current_version).selectinload(ModuleVersion.published_by),
            so.selectinload(Module.quiz)
            .selectinload(Quiz.current_version)
            .options(
                so.selectinload(QuizVersion.questions), so.selectinload(QuizVersion.published_by)
            ),
            so.selectinload(Module.draft).options(
                so.selectinload(ModuleDraft.created_by), so.selectinload(ModuleDraft.updated_by)
            ),
        )
        .order_by(ModuleVersion.position.is_(None), ModuleVersion.position, Module.slug)
    ).all()
    statistics = {s.module.id: s for s in statistics_overview()}
    found = []
    for module in modules:
        quiz_version = module.quiz.current_version if module.quiz else None
        warnings: tuple[str, ...] = ()
        if quiz_version is not None:
            doc, _problems = parse_quiz(quiz_file(module.slug), quiz_version.source_text)
            warnings = tuple(analyse_quiz(doc).warnings()) if doc else ()
        found.append(
            ModuleOverview(
                module=module,
                version=module.current_version,
                quiz_version=quiz_version,
                draft=module.draft,
                question_count=len(quiz_version.questions) if quiz_version else 0,
                warnings=warnings,
                statistics=statistics.get(module.id),
            )
        )
    return found
