"""Parse the glossary (modules/glossary.yaml): terms that module text links to."""

import re

from app.content.documents import GlossaryTerm
from app.content.messages import Msg
from app.content.problems import Problem
from app.content.yaml_source import load_yaml

KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def parse_glossary(path: str, text: str) -> tuple[tuple[GlossaryTerm, ...], list[Problem]]:
    data, at, problems = load_yaml(text, path)
    if problems:
        return (), problems
    raw_terms = data.get("terms") if isinstance(data, dict) else None
    if not isinstance(raw_terms, list):
        return (), [Problem(path, 1, Msg("the glossary is a mapping with a list 'terms'"))]
    terms: list[GlossaryTerm] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_terms):
        line = at.of("terms", index)
        if not isinstance(raw, dict):
            problems.append(Problem(path, line, Msg("a term is a mapping")))
            continue
        missing = [f for f in ("id", "term", "definition", "source") if not raw.get(f)]
        if missing:
            problems.append(Problem(path, line, Msg("missing field '%(name)s'", name=missing[0])))
            continue
        if not KEY.match(str(raw["id"])) or raw["id"] in seen:
            problems.append(
                Problem(path, at.of("terms", index, "id"), Msg("bad or duplicate term id"))
            )
            continue
        seen.add(raw["id"])
        aliases = raw.get("aliases") or []
        terms.append(
            GlossaryTerm(
                key=raw["id"],
                term=str(raw["term"]),
                reading=str(raw.get("reading") or ""),
                definition=str(raw["definition"]).strip(),
                source=str(raw["source"]),
                aliases=tuple(str(alias) for alias in aliases),
            )
        )
    return tuple(terms), problems
