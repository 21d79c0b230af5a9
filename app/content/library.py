"""Read the whole curriculum from disk, all or nothing: every problem, or a Library."""

from pathlib import Path

from app.content.documents import GlossaryTerm, Library, ModuleDoc, QuizDoc
from app.content.glossary_file import parse_glossary
from app.content.messages import Msg
from app.content.module_files import parse_module
from app.content.problems import ContentError, Problem
from app.content.quiz_files import parse_quiz

GLOSSARY = "glossary.yaml"


def _read(path: Path, root: Path, problems: list[Problem]) -> tuple[str, str | None]:
    shown = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
    try:
        return shown, path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        problems.append(Problem(shown, 1, Msg("not UTF-8 text (%(reason)s)", reason=error.reason)))
        return shown, None


def load_library(root: str | Path) -> Library:
    """Parse modules/*.md, modules/glossary.yaml and quizzes/*.yaml under `root`.

    Raises ContentError listing every problem, so a caller imports everything or nothing.
    """
    root = Path(root)
    problems: list[Problem] = []
    modules: list[ModuleDoc] = []
    quizzes: list[QuizDoc] = []
    glossary: tuple[GlossaryTerm, ...] = ()
    glossary_text: str | None = None

    for path in sorted((root / "modules").glob("*.md")):
        shown, text = _read(path, root, problems)
        if text is not None:
            module, found = parse_module(shown, text)
            problems += found
            if module:
                modules.append(module)
    glossary_path = root / "modules" / GLOSSARY
    if glossary_path.exists():
        shown, glossary_text = _read(glossary_path, root, problems)
        if glossary_text is not None:
            glossary, found = parse_glossary(shown, glossary_text)
            problems += found
    for path in sorted((root / "quizzes").glob("*.y*ml")):
        shown, text = _read(path, root, problems)
        if text is not None:
            quiz, found = parse_quiz(shown, text)
            problems += found
            if quiz:
                quizzes.append(quiz)

    problems += _cross_checks(modules, quizzes)
    if problems:
        raise ContentError(problems)
    modules.sort(key=lambda module: (module.order, module.slug))
    return Library(tuple(modules), tuple(quizzes), glossary, glossary_text)


def _cross_checks(modules: list[ModuleDoc], quizzes: list[QuizDoc]) -> list[Problem]:
    problems = []
    slugs: dict[str, str] = {}
    for module in modules:
        if module.slug in slugs:
            problems.append(
                Problem(
                    module.path,
                    2,
                    Msg(
                        "slug '%(slug)s' is also used by %(path)s",
                        slug=module.slug,
                        path=slugs[module.slug],
                    ),
                )
            )
        slugs.setdefault(module.slug, module.path)
    quizzed: dict[str, str] = {}
    for quiz in quizzes:
        if quiz.module_slug not in slugs:
            problems.append(
                Problem(
                    quiz.path,
                    quiz.module_line,
                    Msg("no module has the slug '%(slug)s'", slug=quiz.module_slug),
                )
            )
        elif quiz.module_slug in quizzed:
            problems.append(
                Problem(
                    quiz.path,
                    quiz.module_line,
                    Msg(
                        "module '%(slug)s' already has a quiz: %(path)s",
                        slug=quiz.module_slug,
                        path=quizzed[quiz.module_slug],
                    ),
                )
            )
        quizzed.setdefault(quiz.module_slug, quiz.path)
    return problems
