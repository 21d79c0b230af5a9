"""Learners see what 「（出典: G 2）」 and 「E1」 mean, and where the outside sources are."""

from tests.login import DEMO_PASSWORD, log_in


def test_the_module_page_explains_its_source_codes_and_links_the_outside_ones(client, demo):
    log_in(client, "commissioner", DEMO_PASSWORD)
    response = client.get("/modules/what-is-hikikomori")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "この単元の出典" in html
    assert "東京都『ひきこもり支援ガイドブック』（令和5年2月発行）の章や節" in html
    assert "ガイドブックに書かれていないことを補うために使った外部の資料" in html
    assert "<li>ガイドブック 2</li>" in html
    assert (
        "E1 厚生労働省『ひきこもりの評価・支援に関するガイドライン』（平成22年5月）原文 "
        '<a href="https://www.mhlw.go.jp/file/06-Seisakujouhou-12000000-Shakaiengokyoku-Shakai/'
        '0000147789.txt" rel="noopener noreferrer">'
    ) in html
