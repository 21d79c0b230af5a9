import re


def test_the_glossary_lists_every_term_with_its_source(client, auth, curriculum, users):
    users("reader", audience="counselor")
    auth.login("reader")
    html = client.get("/glossary").get_data(as_text=True)
    for term in curriculum.glossary:
        assert f'id="{term.key}"' in html
        assert term.definition in html
    for required in (
        "ひきこもり",
        "8050問題",
        "居場所",
        "ピアサポーター",
        "重層的支援体制整備事業",
        "ストレングス",
        "家族会",
        "多職種専門チーム",
    ):
        assert any(t.term.startswith(required) for t in curriculum.glossary), required
    assert any("アウトリーチ" in t.term for t in curriculum.glossary)


def test_every_module_links_to_the_glossary_and_its_terms(client, auth, curriculum, users):
    users("center-worker", audience="center")
    auth.login("center-worker")
    keys = {t.key for t in curriculum.glossary}
    for module in curriculum.modules:
        html = client.get(f"/modules/{module.slug}").get_data(as_text=True)
        assert 'href="/glossary"' in html
        linked = set(re.findall(r'class="term" href="/glossary#([^"]+)"', html))
        assert linked and linked <= keys, module.slug


def test_modules_five_and_nine_point_to_the_directory(client, auth, curriculum, users):
    users("helper", audience="center")
    auth.login("helper")
    for slug in ("noticing-and-first-contact", "referral-and-network"):
        assert 'href="/directory"' in client.get(f"/modules/{slug}").get_data(as_text=True)


def test_the_glossary_is_in_gojuon_order_with_an_index_of_initial_kana(
    client, auth, curriculum, users
):
    users("reader", audience="commissioner")
    auth.login("reader")
    response = client.get("/glossary")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    by_key = {t.key: t for t in curriculum.glossary}
    shown = re.findall(r'class="glossary__entry" id="([^"]+)"', html)
    assert sorted(shown) == sorted(by_key), "every term, once"
    terms = [by_key[key].term for key in shown]
    # A few orderings a reader would check by eye.
    for earlier, later in [
        ("アウトリーチ", "居場所"),  # あ before い, katakana among hiragana
        ("居場所", "家族会"),  # あ行 before か行
        ("傾聴", "ケース会議"),  # けい… before けえ… (ケース)
        ("8050問題", "伴走"),  # はち… before ばん… : は and ば sort together
        ("伴走", "ひきこもり"),
        ("民生委員・児童委員", "連絡協議会"),
    ]:
        assert terms.index(earlier) < terms.index(later), (earlier, later)

    start = html.index('class="kana-index"')
    index = html[start : html.index("</nav>", start)]
    links = re.findall(r'<a href="#kana-\d+" lang="ja" aria-label="(.)行">(.)</a>', index)
    assert links == [(kana, kana) for kana in "あかさたなはまら"]
    assert "や<span" in index and "わ<span" in index  # shown, but not links: no terms there
    headings = re.findall(r'<h2 id="kana-\d+"[^>]*>(.)行</h2>', html)
    assert headings == list("あかさたなはまら")
    ha_row = html[html.index('id="kana-6"') : html.index('id="kana-7"')]
    assert "8050問題" in ha_row and "ピアサポーター" in ha_row  # はちまる…, ぴあ…: は行
