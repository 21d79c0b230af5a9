"""Parse and validate one module file: YAML front matter, then `## ` sections of Markdown."""

import hashlib
import re
from typing import Any

from app.content.documents import ModuleDoc, Objective, Section
from app.content.messages import Msg
from app.content.problems import Problem
from app.content.rendering import heading_key, render_markdown
from app.content.yaml_source import LineIndex, load_yaml
from app.vocabulary import EVERYONE, Audience, codes

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# A source is a guidebook section ("G 3-2") or an outside source given with its address.
SOURCE = re.compile(r"^(G \S.*|E\d+\b.*https?://\S+.*)$")
_FENCE = re.compile(r"^(```|~~~)")
# The most an order or a minutes field may say: a column holds it whatever the database,
# and no module takes longer to read.
LARGEST = 9999
REQUIRED = ("slug", "title", "audiences", "order", "minutes", "summary", "objectives", "sources")


_URL = re.compile(r"https?://\S+")


def source_parts(source: str) -> tuple[str, str | None]:
    """A source as people read it: its label, and its address when it is an outside source."""
    found = _URL.search(source)
    if found is None:
        return source, None
    label = (source[: found.start()] + source[found.end() :]).strip()
    return label, found.group(0)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_module(path: str, text: str) -> tuple[ModuleDoc | None, list[Problem]]:
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return None, [Problem(path, 1, Msg("a module starts with '---' and YAML front matter"))]
    try:
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    except StopIteration:
        return None, [Problem(path, 1, Msg("the front matter is not closed with '---'"))]

    meta, at, problems = load_yaml("\n".join(lines[1:end]), path, line_offset=1)
    if problems:
        return None, problems
    if not isinstance(meta, dict):
        return None, [Problem(path, 2, Msg("the front matter must be a mapping of fields"))]

    for name in REQUIRED:
        if meta.get(name) in (None, "", []):
            problems.append(Problem(path, at.of(name), Msg("missing field '%(name)s'", name=name)))

    slug = meta.get("slug")
    if slug is not None and not (isinstance(slug, str) and SLUG.match(slug)):
        problems.append(
            Problem(path, at.of("slug"), Msg("slug: use lowercase letters, digits, '-'"))
        )

    audiences = _audiences(path, meta, at, problems)
    for name in ("order", "minutes"):
        value = meta.get(name)
        if value in (None, "", []):
            continue  # already named as missing: one problem, one message
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= LARGEST:
            problems.append(
                Problem(
                    path,
                    at.of(name),
                    Msg("%(name)s: a whole number from 1 to %(most)s", name=name, most=LARGEST),
                )
            )
    objectives = _objectives(path, meta, at, problems)
    sources = _sources(path, meta.get("sources"), at, problems)

    sections, section_problems = _sections(path, lines, end + 1)
    problems += section_problems
    if problems:
        return None, problems
    assert isinstance(slug, str)  # a missing or bad slug is a problem above
    return (
        ModuleDoc(
            path=path,
            slug=slug,
            title=str(meta["title"]),
            audiences=tuple(audiences),
            order=meta["order"],
            minutes=meta["minutes"],
            summary=str(meta["summary"]).strip(),
            objectives=tuple(objectives),
            sources=tuple(sources),
            sections=tuple(sections),
            source_text=text,
            content_hash=content_hash(text),
        ),
        [],
    )


def body_sections(path: str, text: str) -> tuple[list[Section], list[Problem]]:
    """The body's sections rendered and sanitised as learners see them, and the body's
    problems, whatever is wrong in the front matter: for a preview while writing."""
    lines = text.splitlines()
    end = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), 0)
    return _sections(path, lines, end + 1 if end else 0)


def _audiences(
    path: str, meta: dict[str, Any], at: LineIndex, problems: list[Problem]
) -> list[str]:
    audiences = meta.get("audiences")
    if audiences == EVERYONE:
        return [EVERYONE]
    if audiences is None:
        return []
    if not isinstance(audiences, list):
        problems.append(
            Problem(
                path,
                at.of("audiences"),
                Msg("audiences: a list of codes, or '%(everyone)s'", everyone=EVERYONE),
            )
        )
        return []
    if EVERYONE in audiences and len(audiences) > 1:
        # Everyone with single audiences is ambiguous: which did the writer mean?
        problems.append(
            Problem(
                path,
                at.of("audiences"),
                Msg(
                    "audiences: '%(everyone)s' cannot be chosen together with other "
                    "audiences; choose one or the other",
                    everyone=EVERYONE,
                ),
            )
        )
    for index, code in enumerate(audiences):
        if code not in codes(Audience) and code != EVERYONE:
            problems.append(
                Problem(
                    path,
                    at.of("audiences", index),
                    Msg(
                        "unknown audience '%(code)s' (use %(codes)s or %(everyone)s)",
                        code=code,
                        codes=", ".join(codes(Audience)),
                        everyone=EVERYONE,
                    ),
                )
            )
    return audiences


def _objectives(
    path: str, meta: dict[str, Any], at: LineIndex, problems: list[Problem]
) -> list[Objective]:
    raw = meta.get("objectives") or []
    if not isinstance(raw, list):
        problems.append(Problem(path, at.of("objectives"), Msg("objectives: a list")))
        return []
    objectives = []
    for index, item in enumerate(raw):
        if not isinstance(item, dict) or not item.get("text") or not item.get("source"):
            problems.append(
                Problem(
                    path, at.of("objectives", index), Msg("an objective needs 'text' and 'source'")
                )
            )
            continue
        objectives.append(Objective(str(item["text"]), str(item["source"])))
    return objectives


def _sources(
    path: str, raw: Any, at: LineIndex, problems: list[Problem], field: str = "sources"
) -> list[str]:
    raw = raw or []
    if not isinstance(raw, list):
        problems.append(Problem(path, at.of(field), Msg("%(name)s: a list", name=field)))
        return []
    for index, source in enumerate(raw):
        if not isinstance(source, str) or not SOURCE.match(source):
            problems.append(
                Problem(
                    path,
                    at.of(field, index),
                    Msg("a source is a guidebook section ('G 3-2') or 'E# title https://…'"),
                )
            )
    return raw


def _sections(path: str, lines: list[str], start: int) -> tuple[list[Section], list[Problem]]:
    """Split the body at `## ` headings (outside code fences); lines are 1-based in the file."""
    problems: list[Problem] = []
    chunks: list[tuple[int, str, list[str]]] = []
    in_fence = False
    for number in range(start, len(lines)):
        line = lines[number]
        if _FENCE.match(line.strip()):
            in_fence = not in_fence
        if not in_fence and line.startswith("## "):
            chunks.append((number + 1, line[3:].strip(), []))
        elif not in_fence and line.startswith("# "):
            problems.append(
                Problem(path, number + 1, Msg("use '## ' for section headings, not '# '"))
            )
        elif chunks:
            chunks[-1][2].append(line)
        elif line.strip():
            problems.append(
                Problem(path, number + 1, Msg("text before the first '## ' section heading"))
            )
    if not chunks:
        problems.append(Problem(path, start + 1, Msg("a module needs at least one '## ' section")))

    sections: list[Section] = []
    seen: dict[str, int] = {}
    for line_number, title, body in chunks:
        key = heading_key(title)
        if not title:
            problems.append(Problem(path, line_number, Msg("a section heading has no title")))
        elif key in seen:
            problems.append(
                Problem(
                    path,
                    line_number,
                    Msg(
                        "duplicate section '%(title)s' (also line %(line)s)",
                        title=title,
                        line=seen[key],
                    ),
                )
            )
        elif not "\n".join(body).strip():
            problems.append(
                Problem(path, line_number, Msg("section '%(title)s' is empty", title=title))
            )
        seen.setdefault(key, line_number)
        sections.append(Section(key, title, render_markdown("\n".join(body)), line_number))
    return sections, problems
