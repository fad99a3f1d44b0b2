"""Helpers for the editing-form tests: follow a redirect, read flashes and the
history, look at what is stored."""

import sqlalchemy as sa
from html_support import Visitor, as_user, parse

from statusapp.extensions import db
from statusapp.models import Note, StatusCode, Translation, User
from statusapp.services import notes


def follow(visit: Visitor, response):
    assert response.status_code in (302, 303), response.get_data(as_text=True)
    return visit.get(response.location)


def flashes(page) -> list[str]:
    return [p.text for p in page.find_all("p", class_="flash")]


def history_headings(visit: Visitor, code: int) -> list[str]:
    page = parse(visit.get(f"/codes/{code}/history"))
    return [li.find("h2").text for li in page.find_all("li", class_="revision")]


def stored(app, model, key, attribute):
    with app.app_context():
        record = db.session.get(model, key)
        return None if record is None else getattr(record, attribute)


def add_note(app, username: str, code: int = 404, body: str = "A note.") -> int:
    return as_user(
        app, username, lambda user: notes.add_note(code, {"body": body}, user).id
    )


def snapshot(app) -> tuple:
    """How many users, codes, texts and notes exist, and the versions of 404's
    records: what a refused form must leave as it was."""
    with app.app_context():
        return (
            db.session.scalar(sa.select(sa.func.count()).select_from(User)),
            db.session.scalar(sa.select(sa.func.count()).select_from(StatusCode)),
            db.session.scalar(sa.select(sa.func.count()).select_from(Translation)),
            db.session.scalar(sa.select(sa.func.count()).select_from(Note)),
            db.session.get(StatusCode, 404).version,
            db.session.get(Translation, (404, "en")).version,
            db.session.get(Translation, (404, "zh-CN")).version,
        )
