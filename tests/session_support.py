"""Helpers for the login and session tests: log in as a browser would."""

from urllib.parse import urlencode

from page_support import parse

PASSWORD = "correct horse battery staple"
HTTPS = "https://statusapp.test"


def csrf_token(client, url: str = "/login", **kwargs) -> str:
    """Fetch a page and return the CSRF token its first form carries."""
    page = parse(client.get(url, **kwargs))
    return page.find("input", name="csrf_token").attrs["value"]


def log_in(
    client,
    username: str,
    password: str = PASSWORD,
    *,
    next: str | None = None,
    base_url: str | None = None,
    **kwargs,
):
    """Load the login form, then post it with its CSRF token."""
    if base_url:
        kwargs["base_url"] = base_url
        # Flask-WTF wants a same-origin Referer over HTTPS, as browsers send.
        kwargs.setdefault("headers", {"Referer": f"{base_url}/login"})
    token = csrf_token(client, **kwargs)
    url = "/login" if next is None else "/login?" + urlencode({"next": next})
    data = {"csrf_token": token, "username": username, "password": password}
    return client.post(url, data=data, **kwargs)


def log_out(client):
    """Press the page header's Log out button."""
    token = csrf_token(client, "/")
    return client.post("/logout", data={"csrf_token": token})


def logged_in_as(client, **kwargs) -> str | None:
    """Return the page header's account text, or None for an anonymous visitor."""
    header = parse(client.get("/", **kwargs)).find("header")
    if not header.find_all("form", action="/logout"):
        return None
    return header.text
