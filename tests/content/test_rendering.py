"""Module text is Markdown, never trusted HTML: what a browser would run is removed.

Checked by parsing the output, not by searching its text.
"""

from html.parser import HTMLParser

import pytest

from app.content.rendering import render_markdown

DANGEROUS_TAGS = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "svg",
    "math",
    "form",
    "meta",
    "base",
    "link",
    "input",
    "button",
    "textarea",
    "frame",
    "frameset",
}


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict]]:
    parser = Elements()
    parser.feed(html)
    return parser.elements


def assert_safe(html: str) -> None:
    for tag, attrs in elements(html):
        assert tag not in DANGEROUS_TAGS, html
        for name, value in attrs.items():
            assert not name.startswith("on"), html
            assert name not in {"style", "srcdoc", "formaction", "xlink:href"}, html
            if name in {"href", "src"}:
                scheme = (value or "").split(":", 1)[0].strip().lower()
                assert ":" not in (value or "") or scheme in {"http", "https", "mailto"}, html


VECTORS = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click][ref]\n\n[ref]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<svg onload="alert(1)"><circle/></svg>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="x.swf"></object>',
    "<style>body{display:none}</style>",
    '<form action="https://evil.example"><button>送信</button></form>',
    '<details open ontoggle="alert(1)"><summary>x</summary></details>',
    '<math><a xlink:href="javascript:alert(1)">x</a></math>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<base href="https://evil.example/">',
    '<a href="https://example.com" onclick="alert(1)">x</a>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    "![x](javascript:alert(1))",
]


@pytest.mark.parametrize("markdown", VECTORS)
def test_nothing_runnable_survives_rendering(markdown):
    assert_safe(render_markdown(markdown))


def test_ordinary_markdown_keeps_its_structure():
    html = render_markdown(
        "### 小見出し\n\n| 項目 | 内容 |\n|---|---|\n| a | b |\n\n"
        "[都のページ](https://www.metro.tokyo.lg.jp/)\n\n"
        '!!! example "事例（架空の例です）"\n    事例の本文です。\n'
    )
    tags = [tag for tag, _ in elements(html)]
    assert {"h3", "table", "td", "a", "div", "p"} <= set(tags)
    link = next(attrs for tag, attrs in elements(html) if tag == "a")
    assert link["href"] == "https://www.metro.tokyo.lg.jp/"
    assert "noopener" in link["rel"]
    admonition = next(attrs for tag, attrs in elements(html) if tag == "div")
    assert admonition["class"] == "admonition example"
    heading = next(attrs for tag, attrs in elements(html) if tag == "h3")
    assert heading["id"] == "小見出し"
