"""Every door that sends a browser on to a `next` page keeps it on this site."""

from urllib.parse import urlencode, urljoin, urlsplit

import pytest

SITE = "http://statusapp.test/"

HOSTILE = [
    "//evil.example",
    "//evil.example/codes/404",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "https://evil.example/",
    "evil.example",
    "javascript:alert(1)",
]
CONTROL = {"/\t/evil.example", "/\n/evil.example"}


def follow_login(visitor, password, target):
    """Log in through the login page's form, asking to come back to ``target``."""
    return visitor().post(
        "/login?" + urlencode({"next": target}),
        {"username": "eddie", "password": password},
    )


def follow_switcher(visitor, password, target):
    """Pick a language in the page header's switcher, from page ``target``."""
    return visitor().post("/language", {"lang": "en", "next": target}, csrf=False)


def follow_review(visitor, password, target):
    """Press a text's review button, which names the page to return to."""
    return visitor("editor2").post(
        "/codes/404/translations/en/status",
        {"status": "reviewed", "version": "1", "next": target},
    )


# Each door, and where it goes when the page it was given is not acceptable.
DOORS = [
    pytest.param(follow_login, "/", id="login"),
    pytest.param(follow_switcher, "/", id="switcher"),
    pytest.param(follow_review, "/codes/404?lang=en", id="review"),
]


def browser_destination(location: str) -> str:
    """Resolve a Location as a browser would: it drops tabs and newlines and
    reads a backslash as a slash."""
    cleaned = "".join(c for c in location if c not in "\t\n\r").replace("\\", "/")
    return urljoin(SITE, cleaned)


@pytest.mark.parametrize(("follow", "fallback"), DOORS)
@pytest.mark.parametrize("target", HOSTILE)
def test_a_hostile_next_goes_to_a_page_of_this_site(
    visitor, password, follow, fallback, target
):
    response = follow(visitor, password, target)

    if follow is follow_login and target in CONTROL:
        # In a query string, a control character is refused before the view.
        assert response.status_code == 422
        assert "Location" not in response.headers
        return
    assert response.status_code in (302, 303)
    location = response.headers["Location"]
    assert urlsplit(browser_destination(location)).netloc == "statusapp.test"
    assert location == fallback


@pytest.mark.parametrize(("follow", "fallback"), DOORS)
@pytest.mark.parametrize(
    "target", ["/codes/418", "/translations#work-zh-CN", "/%09/evil.example"]
)
def test_a_next_on_this_site_is_honoured(visitor, password, follow, fallback, target):
    response = follow(visitor, password, target)

    assert response.status_code in (302, 303)
    location = response.headers["Location"]
    assert location == target
    assert urlsplit(browser_destination(location)).netloc == "statusapp.test"
