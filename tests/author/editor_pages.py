"""The editor pages as a browser without JavaScript uses them: read the form a page holds
(every field with the value it shows), change some fields, press one of its buttons."""

from html.parser import HTMLParser

from werkzeug.datastructures import MultiDict


class _FormReader(HTMLParser):
    """The values a browser would send for the form `form_id` (fields inside it, or outside
    with form="form_id"), and the buttons it has."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.values: MultiDict = MultiDict()
        self.buttons: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._text: list[str] = []
        self._select: str | None = None
        self._selected: str | None = None
        self._first_option: str | None = None
        self._option_text = False

    def _mine(self, attrs: dict) -> bool:
        return self.inside or attrs.get("form") == self.form_id

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
            return
        if tag == "input" and self._mine(a) and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.values.add(a["name"], a.get("value", "on"))
            elif kind not in ("submit", "button"):
                self.values.add(a["name"], a.get("value", ""))
        elif tag == "textarea" and self._mine(a):
            self._textarea, self._text = a.get("name"), []
        elif tag == "select" and self._mine(a):
            self._select, self._selected, self._first_option = a.get("name"), None, None
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._first_option is None:
                self._first_option = value
            if "selected" in a:
                self._selected = value
        elif tag == "button" and self._mine(a) and a.get("name"):
            self.buttons.append((a["name"], a.get("value", "")))

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside = False
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            # A browser drops the one newline right after <textarea>.
            self.values.add(self._textarea, text[1:] if text.startswith("\n") else text)
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = self._selected if self._selected is not None else self._first_option
            self.values.add(self._select, chosen or "")
            self._select = None


def read_form(html: str, form_id: str = "editor-form") -> _FormReader:
    reader = _FormReader(form_id)
    reader.feed(html)
    return reader


def submit(client, url, html, changes=None, button=("do", "save"), form_id="editor-form"):
    """Send the page's form as a browser would, with `changes` typed in, pressing `button`
    (a (name, value) pair the page must have)."""
    form = read_form(html, form_id)
    assert button in form.buttons, (button, form.buttons)
    data = MultiDict(form.values)
    for name, value in (changes or {}).items():
        if isinstance(value, list):
            data.setlist(name, value)
        elif value is None:
            data.pop(name, None)
        else:
            data[name] = value
    data[button[0]] = button[1]
    return client.post(url, data=data)


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[-2000:]
    return response.get_data(as_text=True)
