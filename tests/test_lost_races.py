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
def beaten_by(app, make_record, *, before: str | None = None):
    """Have another connection commit ``make_record()`` first.

    It gets in just before this request's next flush, or, given ``before``,
    just before the request sends a statement that starts with it.
    """

    def get_in_first():
        with Session(db.engine) as other:
            other.add(make_record())
            other.commit()

    def at_flush(session, flush_context, instances):
        get_in_first()

    def at_statement(conn, cursor, statement, *args):
        if statement.startswith(before) and not fired:
            fired.append(statement)
            get_in_first()

    fired: list[str] = []
    with app.app_context():
        engine = db.engine
        if before is None:
            sa.event.listen(db.session, "before_flush", at_flush, once=True)
        else:
            sa.event.listen(engine, "before_cursor_execute", at_statement)
    try:
        yield
    finally:
        with app.app_context():
            if sa.event.contains(db.session, "before_flush", at_flush):
                sa.event.remove(db.session, "before_flush", at_flush)
            if sa.event.contains(engine, "before_cursor_execute", at_statement):
                sa.event.remove(engine, "before_cursor_execute", at_statement)


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
    history = client.get("/api/v1/codes/404/history").json["items"]
    assert history[0]["action"] == "delete"
    return history[0]["id"]


def test_a_text_restored_meanwhile_makes_a_second_revert_412(app, client, bearer):
    # Reverts of a text take the code's lock before they read anything, so
    # the one that comes second finds the text back and refuses to repeat it.
    headers = bearer("editor")
    revision = deletion_revision(client, headers, "/api/v1/codes/404/translations/en")
    with beaten_by(
        app,
        lambda: Translation(code=404, lang="en", description="Restored first."),
        before="UPDATE status_code",
    ):
        response = client.post(f"/api/v1/revisions/{revision}/revert", headers=headers)
    assert response.status_code == 412
    assert response.mimetype == "application/problem+json"
    assert "created again" in response.json["detail"]
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
