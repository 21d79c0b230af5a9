from app.content.glossary_links import TermLink, link_terms

TERMS = [
    TermLink("民生委員", "minsei", "地域の相談役"),
    TermLink("民生委員・児童委員", "minsei-jido", "民生委員と児童委員"),
    TermLink("家族会", "kazokukai", "家族の集まり"),
]


def test_the_first_mention_of_each_term_links_to_the_glossary():
    html = link_terms("<p>家族会と、もう一度家族会。</p>", TERMS, "/glossary")
    assert html == (
        '<p><a class="term" href="/glossary#kazokukai" title="家族の集まり">家族会</a>'
        "と、もう一度家族会。</p>"
    )


def test_the_longest_term_wins():
    html = link_terms("<p>民生委員・児童委員の役割</p>", TERMS, "/g")
    assert 'href="/g#minsei-jido"' in html and 'href="/g#minsei"' not in html


def test_headings_links_and_code_are_left_alone():
    source = (
        "<h3>家族会</h3><p><a href='https://example.com'>家族会</a> <code>家族会</code></p>"
        "<p>家族会</p>"
    )
    html = link_terms(source, TERMS, "/g")
    assert html.count('class="term"') == 1
    assert html.endswith(
        '<p><a class="term" href="/g#kazokukai" title="家族の集まり">家族会</a></p>'
    )


def test_definitions_are_escaped_in_the_title():
    html = link_terms("<p>家族会</p>", [TermLink("家族会", "k", '"><script>')], "/g")
    assert "<script>" not in html and "&quot;&gt;&lt;script&gt;" in html
