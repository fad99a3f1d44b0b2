"""Expired sessions, tokens and login counts go: by `flask purge`, and now and
then after a login, so a site without cron does not grow forever."""

import logging
from datetime import timedelta

import pytest
import sqlalchemy as sa
from session_support import PASSWORD

from statusapp.extensions import db
from statusapp.models import ApiToken, LoginSession, LoginThrottle, User, utcnow
from statusapp.services import housekeeping


def plant(app, tag: str, *, expired: bool) -> None:
    """Add a login session, an API token and a login count for eddie, each
    past its end when ``expired``, else still live."""
    now = utcnow()
    sign = -1 if expired else 1
    with app.app_context():
        eddie = db.session.scalar(sa.select(User).where(User.username == "eddie"))
        lifetime = app.permanent_session_lifetime
        db.session.add_all(
            [
                LoginSession(
                    id=f"session-{tag}",
                    user=eddie,
                    created_at=now - lifetime - sign * timedelta(minutes=-5),
                ),
                ApiToken(
                    user=eddie,
                    digest=f"digest-{tag}",
                    expires_at=now + sign * timedelta(minutes=5),
                ),
                LoginThrottle(
                    key=f"address:{tag}",
                    attempts=[],
                    expires_at=now + sign * timedelta(minutes=5),
                ),
            ]
        )
        db.session.commit()


def left(app, *tags: str) -> set[str]:
    """Return what remains of what plant() added under ``tags``, by name."""
    with app.app_context():
        names = {
            *db.session.scalars(sa.select(LoginSession.id)),
            *db.session.scalars(sa.select(ApiToken.digest)),
            *db.session.scalars(sa.select(LoginThrottle.key)),
        }
    return {name for name in names if name.rsplit("-", 1)[-1].split(":")[-1] in tags}


def test_purge_removes_what_expired_and_keeps_what_lives(app, runner, users):
    plant(app, "old", expired=True)
    plant(app, "new", expired=False)

    result = runner.invoke(args=["purge"])

    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "Removed 1 expired session, 1 expired token, 1 stale login count.\n"
    )
    assert left(app, "old", "new") == {"session-new", "digest-new", "address:new"}
    # Nothing more to do the second time.
    again = runner.invoke(args=["purge"]).stdout
    assert again.startswith("Removed 0 expired sessions, 0 expired tokens, 0 stale")


def test_a_login_purges_at_most_once_per_interval(app, client, users):
    plant(app, "first", expired=True)
    created = client.post("/api/v1/tokens", auth=("eddie", PASSWORD))
    assert created.status_code == 201
    assert left(app, "first") == set()

    plant(app, "second", expired=True)
    assert client.post("/api/v1/tokens", auth=("eddie", PASSWORD)).status_code == 201
    # Within PURGE_INTERVAL of the first: left for the next purge (but for
    # the login count, which the login's own count prunes as it goes by).
    assert left(app, "second") >= {"session-second", "digest-second"}


def test_a_failing_purge_never_fails_the_login(app, client, users, caplog, monkeypatch):
    def broken(now=None):
        raise sa.exc.OperationalError("DELETE", {}, Exception("disk full"))

    monkeypatch.setattr(housekeeping, "purge_expired", broken)
    caplog.set_level(logging.INFO, logger="statusapp")

    response = client.post("/api/v1/tokens", auth=("eddie", PASSWORD))

    assert response.status_code == 201
    failed = [r for r in caplog.records if "purge" in r.getMessage()]
    assert failed and failed[0].levelno == logging.ERROR and failed[0].exc_info


@pytest.mark.parametrize("command", [["purge", "--help"]])
def test_purge_says_what_it_does(runner, command):
    result = runner.invoke(args=command)
    assert "expired login sessions" in result.output
