from app.content.wide_tables import TABLE_LABEL_ID, scrollable_tables


def test_each_table_gets_a_labelled_focusable_box_and_nothing_else_changes():
    html = (
        "<p>前</p><table><tr><td>a</td></tr></table><p>間</p><table>\n<tr><td>b</td></tr></table>"
    )
    out = scrollable_tables(html)
    opening = (
        f'<div class="table-scroll" role="region" tabindex="0" aria-labelledby="{TABLE_LABEL_ID}">'
    )
    assert out.count(opening) == 2
    assert out.replace(opening, "").replace("</table></div>", "</table>") == html
    assert scrollable_tables("<p>表はありません</p>") == "<p>表はありません</p>"
