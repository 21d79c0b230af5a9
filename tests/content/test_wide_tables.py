from app.content.wide_tables import scrollable_tables


def test_each_table_gets_a_labelled_focusable_box_and_nothing_else_changes():
    html = (
        "<p>前</p><table><tr><td>a</td></tr></table><p>間</p><table>\n<tr><td>b</td></tr></table>"
    )
    out = scrollable_tables(html, 'Table "wide" <1>')
    opening = (
        '<div class="table-scroll" role="region" tabindex="0" '
        'aria-label="Table &quot;wide&quot; &lt;1&gt;">'
    )
    assert out.count(opening) == 2
    assert out.replace(opening, "").replace("</table></div>", "</table>") == html
    assert scrollable_tables("<p>表はありません</p>", "x") == "<p>表はありません</p>"
