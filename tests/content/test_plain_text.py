"""Imported HTML is sanitised like module text, then kept as the plain words a reader sees."""

from app.content.plain_text import plain_text_from_html


def test_tags_go_and_their_words_stay():
    assert plain_text_from_html("<p>本人の<b>気持ち</b>を</p>") == "本人の気持ちを"


def test_what_the_sanitiser_removes_leaves_no_words_behind():
    html = "前<script>alert('x')</script><style>p{}</style><!-- 隠し -->後"
    assert plain_text_from_html(html) == "前後"


def test_blocks_and_breaks_become_line_breaks_and_entities_characters():
    html = "<p>一行目<br>二行目</p><p>A &amp; B &lt;C&gt;</p>"
    assert plain_text_from_html(html) == "一行目\n二行目\nA & B <C>"


def test_white_space_collapses_as_in_html():
    assert plain_text_from_html("  相談は\n   いつでも  ") == "相談は いつでも"
