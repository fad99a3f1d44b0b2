"""Helpers for the HTML form tests: a visitor with a session, and page checks."""

import sqlalchemy as sa
from page_support import ENGLISH, Element, parse
from session_support import PASSWORD

from statusapp.extensions import db
from statusapp.models import Revision
from statusapp.services import accounts

__all__ = [
    "ENGLISH",
    "PASSWORD",
    "Element",
    "Visitor",
    "as_user",
    "assert_inert",
    "field_value",
    "form_data",
    "parse",
    "raw_text",
    "revision_count",
]


class Visitor:
    """One browser: a test client with its cookies, which sends the CSRF token
    its forms carry, as a browser submitting them would, and asks for
    ``language`` (Accept-Language) when given one."""

    def __init__(self, app, language: str | None = None):
        self.client = app.test_client()
        if language:
            self.client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
        self._token: str | None = None

    def get(self, url: str, **kwargs):
        return self.client.get(url, **kwargs)

    def post(self, url: str, data: dict | None = None, csrf: bool = True, **kwargs):
        data = dict(data or {})
        if csrf:
            data.setdefault("csrf_token", self.csrf_token())
        return self.client.post(url, data=data, **kwargs)

    def csrf_token(self) -> str:
        if self._token is None:
            page = parse(self.client.get("/login"))
            self._token = page.find("input", name="csrf_token").attrs["value"]
        return self._token

    def login(self, username: str, password: str = PASSWORD) -> "Visitor":
        response = self.post("/login", {"username": username, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)
        self._token = None  # logging in starts a new session, with a new token
        return self

    def form_values(self, url: str) -> dict:
        """GET a form page and return what its form would submit as it stands."""
        return form_data(parse(self.get(url)))


def form_data(page: Element) -> dict:
    """What the page's editing form would submit as it stands (no button)."""
    form = page.find("form", class_="edit")
    values = {}
    for el in form.iter():
        name = el.attrs.get("name")
        if name and el.tag in ("input", "textarea", "select"):
            values[name] = field_value(form, name)
    return values


def raw_text(element: Element) -> str:
    """The text inside an element exactly as written (a textarea's value)."""
    parts = []
    for child in element.children:
        parts.append(raw_text(child) if isinstance(child, Element) else child)
    # HTML drops a newline right after <textarea>; WTForms writes one.
    return "".join(parts).removeprefix("\r\n").removeprefix("\n")


def as_user(app, username: str, action):
    """Run ``action(user)`` in an app context; return what it returns."""
    with app.app_context():
        return action(accounts.get_user(username))


def revision_count(app) -> int:
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(Revision))


def field_value(page: Element, name: str) -> str:
    """What the form shows in the field called ``name``."""
    (control,) = [
        el
        for el in page.iter()
        if el.attrs.get("name") == name and el.tag in ("input", "textarea", "select")
    ]
    if control.tag == "textarea":
        return raw_text(control)
    if control.tag == "select":
        options = control.find_all("option")
        chosen = [o for o in options if "selected" in o.attrs] or options[:1]
        return chosen[0].attrs["value"] if chosen else ""
    return control.attrs.get("value", "")


def assert_inert(page: Element, html: str) -> None:
    """Nothing on the page can run script but the site's own files: no inline
    or foreign script elements, no event-handler attributes, no javascript:
    URLs."""
    own = [
        el
        for el in page.iter()
        if el.tag == "script"
        and el.attrs.get("src", "").startswith("/static/")
        and not el.children
    ]
    assert html.lower().count("<script") == len(own)
    for el in page.iter():
        if el in own:
            continue
        assert el.tag not in ("script", "iframe", "object", "embed"), el.tag
        for attr, value in el.attrs.items():
            assert not attr.startswith("on"), (el.tag, attr, value)
            if attr in ("href", "src", "action", "formaction"):
                assert not (value or "").strip().lower().startswith("javascript:")
