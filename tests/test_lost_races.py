"""Two saves racing to create the same record: the loser gets a clear refusal.

The race is made exact rather than hoped for: just before this request's
session writes, a second connection commits the same record, as a request
that got there first would.
"""

from contextlib import contextmanager

import sqlalchemy as sa
from sqlalchemy.orm import Session

from statusapp.extensions import db
from statusapp.models import Language, Note, Translation, User
from statusapp.services import accounts


@contextmanager
def beaten_by(app, make_record):
    """Have another connection commit ``make_record()`` before the next flush."""

    def first_in(session, flush_context, instances):
        with Session(db.engine) as other:
            other.add(make_record())
            other.commit()

    with app.app_context():
        sa.event.listen(db.session, "before_flush", first_in, once=True)
    try:
        yield
    finally:
        with app.app_context():
            if sa.event.contains(db.session, "before_flush", first_in):
                sa.event.remove(db.session, "before_flush", first_in)


def a_user(name: str):
    def make():
        hashed = accounts.password_hasher()[0].hash("another password")
        return User(username=name, password_hash=hashed, role="editor")

    return make


def test_a_username_taken_meanwhile_is_a_clear_command_line_error(app, runner):
    with app.app_context(), beaten_by(app, a_user("grace")):
        result = runner.invoke(
            args=["users", "create", "grace", "--password-stdin"],
            input="long enough password\n",
        )
    assert result.exit_code == 1
    assert "the username 'grace' is taken" in result.output
    assert "Traceback" not in result.output
    with app.app_context():
        names = db.session.scalars(
            sa.select(User.username).where(User.username == "grace")
        ).all()
    assert names == ["grace"]


def test_a_username_taken_meanwhile_is_refused_on_the_admin_page(app, visitor):
    admin = visitor("admin")
    with beaten_by(app, a_user("grace")):
        response = admin.post(
            "/admin/users",
            {"username": "grace", "password": "long enough password", "role": "editor"},
        )
    assert response.status_code == 422
    assert "That username is taken." in response.get_data(as_text=True)


def test_a_language_added_meanwhile_is_409(app, client, bearer):
    headers = bearer("admin")
    with beaten_by(
        app, lambda: Language(tag="ja", name="Japanese", native_name="日本語")
    ):
        response = client.post(
            "/api/v1/languages",
            json={"tag": "ja", "name": "Japanese", "native_name": "日本語"},
            headers=headers,
        )
    assert response.status_code == 409
    assert response.mimetype == "application/problem+json"
    assert "ja" in response.json["detail"]


def deletion_revision(client, headers, url: str) -> int:
    """Delete what ``url`` names through the API; return the deletion's revision."""
    etag = client.get(url).headers["ETag"]
    assert client.delete(url, headers={**headers, "If-Match": etag}).status_code == 204
    history = client.get("/api/v1/codes/404/history").json
    assert history[0]["action"] == "delete"
    return history[0]["id"]


def test_a_text_restored_meanwhile_makes_a_second_revert_409(app, client, bearer):
    headers = bearer("editor")
    revision = deletion_revision(client, headers, "/api/v1/codes/404/translations/en")
    with beaten_by(
        app, lambda: Translation(code=404, lang="en", description="Restored first.")
    ):
        response = client.post(f"/api/v1/revisions/{revision}/revert", headers=headers)
    assert response.status_code == 409
    assert response.mimetype == "application/problem+json"
    text = client.get("/api/v1/codes/404/translations/en").json
    assert text["description"] == "Restored first."


def test_a_note_restored_meanwhile_makes_a_second_revert_409(app, client, bearer):
    headers = bearer("editor")
    created = client.post(
        "/api/v1/codes/404/notes", json={"body": "Kept."}, headers=headers
    )
    note = created.json["id"]
    revision = deletion_revision(client, headers, f"/api/v1/notes/{note}")
    with beaten_by(app, lambda: Note(id=note, code=404, body="Restored first.")):
        response = client.post(f"/api/v1/revisions/{revision}/revert", headers=headers)
    assert response.status_code == 409
    assert response.mimetype == "application/problem+json"
    assert client.get(f"/api/v1/notes/{note}").json["body"] == "Restored first."
