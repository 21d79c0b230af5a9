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
