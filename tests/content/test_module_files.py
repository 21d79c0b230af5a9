import pytest

from app.content.module_files import parse_module

GOOD = """---
slug: good
title: よい単元
audiences: [commissioner, center]
order: 1
minutes: 10
summary: 要約です。
objectives:
  - text: 目標
    source: G 2
sources:
  - G 2
  - "E1 厚生労働省 https://www.mhlw.go.jp/"
---

## はじめに

本文。

## まとめ

- 箇条書き
"""


def test_a_good_module_splits_into_its_sections():
    module, problems = parse_module("modules/01-good.md", GOOD)
    assert problems == []
    assert [s.title for s in module.sections] == ["はじめに", "まとめ"]
    assert module.audiences == ("commissioner", "center")
    assert module.sections[0].line == 16
    assert "<li>箇条書き</li>" in module.sections[1].html


def _replace(old, new):
    assert old in GOOD
    return GOOD.replace(old, new)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            _replace("audiences: [commissioner, center]", "audiences: [commissioner, mayor]"),
            4,
            "unknown audience 'mayor'",
        ),
        (
            _replace("audiences: [commissioner, center]", "audiences: [all, commissioner]"),
            4,
            "'all' cannot be chosen together with other audiences",
        ),
        (_replace("title: よい単元\n", ""), 2, "missing field 'title'"),
        (_replace("minutes: 10", "minutes: ten"), 6, "minutes: a whole number"),
        (_replace("summary: 要約です。", "summary: [unclosed"), 8, "YAML syntax error"),
        (
            _replace("  - text: 目標\n    source: G 2\n", "  - text: 目標\n"),
            9,
            "an objective needs 'text' and 'source'",
        ),
        (
            _replace('"E1 厚生労働省 https://www.mhlw.go.jp/"', "E1 厚生労働省"),
            13,
            "a source is a guidebook section",
        ),
        (_replace("## まとめ", "## はじめに"), 20, "duplicate section 'はじめに' (also line 16)"),
        (_replace("## まとめ", "# まとめ"), 20, "use '## ' for section headings"),
        (
            _replace("---\n\n## はじめに", "---\n\nいきなり本文\n\n## はじめに"),
            16,
            "text before the first '## ' section heading",
        ),
        (_replace("slug: good", "slug: Good Module"), 2, "slug: use lowercase"),
        (_replace("order: 1\n", "order: 1\norder: 2\n"), 6, "duplicate key 'order'"),
    ],
)
def test_a_bad_module_names_the_line_of_each_problem(text, line, message):
    module, problems = parse_module("modules/01-good.md", text)
    assert module is None
    assert any(p.line == line and message in p.message for p in problems), problems
    assert all(str(p).startswith("modules/01-good.md:") for p in problems)


def test_every_problem_is_reported_not_just_the_first():
    text = _replace("audiences: [commissioner, center]", "audiences: [mayor]").replace(
        "minutes: 10", "minutes: -1"
    )
    _, problems = parse_module("m.md", text)
    assert {p.line for p in problems} == {4, 6}


def test_a_file_without_front_matter_is_refused_at_line_one():
    _, problems = parse_module("m.md", "## 見出し\n本文\n")
    assert [str(p) for p in problems] == [
        "m.md:1: a module starts with '---' and YAML front matter"
    ]
