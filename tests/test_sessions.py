"""Browser sessions: logging in and out through the form, and the session cookie."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from page_support import ENGLISH, parse
from session_support import HTTPS, PASSWORD, csrf_token, log_in, log_out, logged_in_as

from statusapp.extensions import db
from statusapp.models import LoginSession, utcnow


def set_cookies(response) -> dict[str, dict[str, str]]:
    """Each Set-Cookie header as {name: {"value": ..., attribute: value}}."""
    cookies = {}
    for header in response.headers.getlist("Set-Cookie"):
        pair, *attributes = (part.strip() for part in header.split(";"))
        name, value = pair.split("=", 1)
        cookies[name] = {"value": value}
        for attribute in attributes:
            key, _, attribute_value = attribute.partition("=")
            cookies[name][key.lower()] = attribute_value
    return cookies


def session_cookie(client, name: str = "session") -> str:
    return client.get_cookie(name, domain="statusapp.test").value


def test_login_shows_the_username(client, users):
    response = log_in(client, "eddie", headers=ENGLISH)
    assert response.status_code == 302
    page = client.get(response.headers["Location"])
    assert "Logged in as eddie." in parse(page).text
    assert "eddie" in logged_in_as(client)


@pytest.mark.parametrize(
    ("username", "password", "message"),
    [
        ("eddie", "not the password", "Wrong username or password."),
        ("eddie", PASSWORD.upper(), "Wrong username or password."),
        ("nobody", PASSWORD, "Wrong username or password."),
        ("eddie", "", "This field is required."),
        ("", PASSWORD, "This field is required."),
    ],
)
def test_refused_login_answers_422_and_logs_nobody_in(
    client, users, username, password, message
):
    response = log_in(client, username, password, headers=ENGLISH)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert message in parse(response).text
    # The username is kept for another try; the password is never sent back.
    assert parse(response).find("input", name="username").attrs["value"] == username
    if password:
        assert password not in page
    assert logged_in_as(client) is None


@pytest.mark.parametrize(
    ("base_url", "cookie_name", "secure"),
    [("http://statusapp.test", "session", False), (HTTPS, "__Host-session", True)],
)
def test_session_cookie_attributes(client, users, base_url, cookie_name, secure):
    response = log_in(client, "eddie", base_url=base_url)
    assert response.status_code == 302
    cookie = set_cookies(response)[cookie_name]
    assert "httponly" in cookie
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/"
    # A __Host- cookie must be Secure, for path / and bound to this host only;
    # over plain HTTP (development) a Secure cookie would never come back.
    assert ("secure" in cookie) is secure
    assert "domain" not in cookie
    assert "eddie" in logged_in_as(client, base_url=base_url)


def test_https_login_sends_hsts(client, users):
    response = log_in(client, "eddie", base_url=HTTPS)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")
    plain = log_in(client, "eddie")
    assert "Strict-Transport-Security" not in plain.headers


def test_login_replaces_a_planted_session_cookie(app, users):
    # Session fixation: an attacker gets a cookie from the login page and
    # plants it in the victim's browser before the victim logs in.
    attacker = app.test_client()
    csrf_token(attacker)
    planted = session_cookie(attacker)
    victim = app.test_client()
    victim.set_cookie("session", planted, domain="statusapp.test")
    assert log_in(victim, "eddie").status_code == 302
    assert session_cookie(victim) != planted
    assert "eddie" in logged_in_as(victim)
    assert logged_in_as(attacker) is None


def test_each_login_gets_its_own_session_id(app, users):
    first, second = app.test_client(), app.test_client()
    log_in(first, "eddie")
    log_in(second, "eddie")
    with app.app_context():
        ids = db.session.scalars(sa.select(LoginSession.id)).all()
    assert len(set(ids)) == 2
    assert all(len(session_id) >= 32 for session_id in ids)


def test_logout_ends_every_browser_session_of_that_user(app, users):
    here, elsewhere, colleague = (app.test_client() for _ in range(3))
    here.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"  # for "Logged out."
    log_in(here, "eddie")
    log_in(elsewhere, "eddie")
    log_in(colleague, "erin")
    kept_cookie = session_cookie(here)

    response = log_out(here)
    assert response.status_code == 302
    assert "Logged out." in parse(here.get(response.headers["Location"])).text
    assert logged_in_as(here) is None
    assert logged_in_as(elsewhere) is None
    assert "erin" in logged_in_as(colleague)
    # A copy of the old cookie is worth nothing: the session ended on the server.
    replay = app.test_client()
    replay.set_cookie("session", kept_cookie, domain="statusapp.test")
    assert logged_in_as(replay) is None


def test_logout_without_csrf_token_is_refused(client, users):
    log_in(client, "eddie")
    assert client.post("/logout").status_code == 400
    assert "eddie" in logged_in_as(client)


@pytest.mark.parametrize(
    ("lifetime", "age", "still_in"),
    [
        (None, timedelta(hours=11), True),
        (None, timedelta(hours=13), False),
        (timedelta(minutes=30), timedelta(minutes=20), True),
        (timedelta(minutes=30), timedelta(minutes=31), False),
    ],
)
def test_login_session_expires(app_factory, db_url, users, lifetime, age, still_in):
    overrides = {"PERMANENT_SESSION_LIFETIME": lifetime} if lifetime else {}
    app = app_factory(db_url, **overrides)
    client = app.test_client()
    log_in(client, "eddie")
    with app.app_context():
        for session in db.session.scalars(sa.select(LoginSession)):
            session.created_at = utcnow() - age
        db.session.commit()
    assert (logged_in_as(client) is not None) is still_in
    with app.app_context():
        db.engine.dispose()


@pytest.mark.parametrize(
    ("next_url", "location"),
    [
        ("/codes/404?lang=en", "/codes/404?lang=en"),
        ("/codes/418", "/codes/418"),
        ("//evil.example", "/"),
        ("//evil.example/codes/404", "/"),
        ("https://evil.example/", "/"),
        ("evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("/\\evil.example", "/"),
        ("\\\\evil.example", "/"),
        ("", "/"),
    ],
)
def test_login_returns_only_to_pages_of_this_site(client, users, next_url, location):
    response = log_in(client, "eddie", next=next_url)
    assert response.status_code == 302
    assert response.headers["Location"] == location


@pytest.mark.parametrize("next_url", ["/\t/evil.example", "/\n/evil.example"])
def test_login_refuses_a_next_with_control_characters(client, users, next_url):
    response = log_in(client, "eddie", next=next_url)
    assert response.status_code == 422
    assert "Location" not in response.headers
    assert logged_in_as(client) is None


def test_login_link_comes_back_to_the_page(client, users):
    page = parse(client.get("/codes/404?lang=en"))
    link = next(
        a.attrs["href"]
        for a in page.find("header").find_all("a")
        if a.attrs["href"].startswith("/login")
    )
    token = csrf_token(client, link)
    response = client.post(
        link, data={"csrf_token": token, "username": "eddie", "password": PASSWORD}
    )
    assert response.headers["Location"] == "/codes/404?lang=en"
