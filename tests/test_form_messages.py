"""Form messages name the field and say what to do, in Japanese and in English, on every form."""

import importlib
import io
import pkgutil

import pytest
from babel import support
from flask_babel import force_locale
from wtforms import HiddenField, SelectField, SelectMultipleField, SubmitField
from wtforms.i18n import messages_path
from wtforms.validators import Length

import app as app_package
from app.form_messages import Form
from tests.admin.actions import login as login_in_english
from tests.login import log_in


def _all_forms() -> list[type[Form]]:
    for module in pkgutil.iter_modules(app_package.__path__):
        try:
            importlib.import_module(f"app.{module.name}.forms")
        except ModuleNotFoundError:
            continue
    found, todo = [], list(Form.__subclasses__())
    while todo:
        form = todo.pop()
        found.append(form)
        todo += form.__subclasses__()
    return found


def _stock_messages() -> set[str]:
    """Every message WTForms itself would give, in Japanese and in English."""
    japanese = support.Translations.load(messages_path(), ["ja"], domain="wtforms")
    stock = set()
    for msgid, text in japanese._catalog.items():
        stock |= {msgid if isinstance(msgid, str) else msgid[0], text}
    stock.discard("")
    return stock


def test_every_form_in_the_app_uses_the_form_with_plain_messages():
    from flask_wtf import FlaskForm

    forms = _all_forms()
    assert len(forms) >= 15
    strays = [f for f in FlaskForm.__subclasses__() if f is not Form]
    assert strays == [], "derive forms from app.form_messages.Form"


@pytest.mark.parametrize("locale", ["ja", "en"])
@pytest.mark.parametrize("filling", ["empty", "too long", "nonsense"])
def test_no_form_fails_with_a_stock_message_and_every_message_names_its_field(app, locale, filling):
    stock = _stock_messages()
    checked = 0
    for form_class in _all_forms():
        with app.test_request_context(method="POST", data={}), force_locale(locale):
            probe = form_class(formdata=None)
            data = {}
            for field in probe:
                if isinstance(field, (SubmitField, HiddenField)) or field.name == "csrf_token":
                    continue
                longest = max(
                    (v.max for v in field.validators if isinstance(v, Length) and v.max > 0),
                    default=20,
                )
                data[field.name] = {
                    "empty": "",
                    "too long": "あ" * (longest + 1),
                    "nonsense": "?x?",
                }[filling]
        with app.test_request_context(method="POST", data=data), force_locale(locale):
            form = form_class()
            for field in form:
                if isinstance(field, (SelectField, SelectMultipleField)) and field.choices is None:
                    field.choices = [(1, "one")] if field.coerce is int else [("a", "one")]
            form.validate()
            for field in form:
                if isinstance(field, (SubmitField, HiddenField)) or field.name == "csrf_token":
                    continue
                for message in field.errors:
                    checked += 1
                    assert message not in stock, (form_class.__name__, field.name, message)
                    assert str(field.label.text) in message, (form_class.__name__, message)
    assert checked >= 10


def test_the_login_form_says_which_field_and_what_to_do(client):
    html = client.post("/login", data={"username": "", "password": ""}).get_data(as_text=True)
    assert "ユーザー名を入力してください。" in html
    assert "パスワードを入力してください。" in html
    assert "このフィールドは必須です" not in html

    html = client.post("/login", data={"username": "a" * 65, "password": "x"}).get_data(
        as_text=True
    )
    assert "ユーザー名は64文字以内で入力してください。" in html
    assert "文字を超えることはできません" not in html


def test_the_display_name_says_how_long_it_may_be_in_japanese_and_english(client, users):
    users("hanako")
    log_in(client, "hanako")
    response = client.post("/account", data={"display_name": "長" * 121})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "表示名は120文字以内で入力してください。" in html
    # The summary at the top carries the same message once, linked to the field.
    assert '<a href="#display_name">表示名は120文字以内で入力してください。</a>' in html

    client.post("/language", data={"lang": "en", "next": "/"})
    html = client.post("/account", data={"display_name": ""}).get_data(as_text=True)
    assert "Display name: please fill this in." in html
    assert "This field is required." not in html


def test_the_second_password_says_which_one_differs(client, users):
    users("hanako")
    log_in(client, "hanako")
    html = client.post(
        "/account/password",
        data={
            "current_password": "a-long-test-password",
            "new_password": "ゆっくり 歩く 朝の 公園",
            "confirm": "ゆっくり 歩く 夜の 公園",
        },
    ).get_data(as_text=True)
    assert (
        "新しいパスワード（確認のためもう一度）が新しいパスワードと同じではありません。"
        "同じものをもう一度入力してください。"
    ) in html


def test_a_window_with_a_bad_address_is_explained(client, users):
    users("coord", role="coordinator", audience=None)
    log_in(client, "coord")
    html = client.post(
        "/directory/manage/new", data={"name": "", "url": "www.example.jp"}
    ).get_data(as_text=True)
    assert "窓口の名前を入力してください。" in html
    assert "ホームページは https:// で始まるアドレスで入力してください。" in html


def test_the_import_file_and_the_due_date_are_explained(client, users, curriculum):
    users("boss", role="admin", audience=None, organisation="千代田区")
    users("coord", role="coordinator", audience=None)
    log_in(client, "boss")
    html = client.post("/admin/users/import", data={}).get_data(as_text=True)
    assert "CSVファイルを選んでください。" in html
    html = client.post(
        "/admin/users/import",
        data={"file": (io.BytesIO(b"x"), "accounts.xlsx")},
        content_type="multipart/form-data",
    ).get_data(as_text=True)
    assert "CSVファイルは、次の種類のファイルを選んでください：csv, txt" in html

    login_in_english(client, "coord", english=False)
    html = client.post(
        "/reports/due-dates", data={"module": "1", "audience": "all", "due_date": "いつか"}
    ).get_data(as_text=True)
    assert "期限は日付で入力してください（例：2026-04-01）。" in html
