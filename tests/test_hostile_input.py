"""Input no database or reader can take is refused at the door, never saved.

A lone UTF-16 surrogate cannot be written as UTF-8, and PostgreSQL refuses a
NUL character: either once answered 500, and a saved surrogate broke every
page that showed the record.
"""

import json

import pytest

SURROGATE = "\ud800"
READERS = [
    "/api/v1/codes",
    "/api/v1/codes/418",
    "/api/v1/codes/418/history",
    "/codes/418",
    "/codes/418/history",
]


def raw_json(body: dict) -> str:
    # The test client would refuse to encode a lone surrogate; JSON escapes it.
    return json.dumps(body, ensure_ascii=True)


@pytest.mark.parametrize(
    ("method", "url", "body", "field"),
    [
        ("patch", "/api/v1/codes/418", {"aliases": [SURROGATE]}, "aliases"),
        (
            "patch",
            "/api/v1/codes/418",
            {"reason_phrase": "Tea" + SURROGATE},
            "reason_phrase",
        ),
        ("patch", "/api/v1/codes/418", {"reference": SURROGATE}, "reference"),
        (
            "put",
            "/api/v1/codes/418/translations/en",
            {"description": "Short and stout" + SURROGATE},
            "description",
        ),
        (
            "put",
            "/api/v1/codes/418/translations/en",
            {"title": SURROGATE, "description": "Short and stout."},
            "title",
        ),
        ("post", "/api/v1/codes/418/notes", {"body": SURROGATE + "!"}, "body"),
    ],
)
def test_a_lone_surrogate_is_refused_and_every_reader_still_answers(
    client, bearer, method, url, body, field
):
    headers = bearer("admin")
    etag = client.get(url).headers.get("ETag") if method != "post" else None
    if etag:
        headers["If-Match"] = etag
    before = [client.get(reader).get_data() for reader in READERS]

    response = getattr(client, method)(
        url,
        data=raw_json(body),
        headers={**headers, "Content-Type": "application/json"},
    )

    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert field in response.json["errors"], response.json
    after = [client.get(reader) for reader in READERS]
    assert [r.status_code for r in after] == [200] * len(READERS)
    assert [r.get_data() for r in after] == before


@pytest.mark.parametrize(
    ("method", "url", "who", "name"),
    [
        ("get", "/api/v1/languages/e%00n", None, "tag"),
        ("get", "/api/v1/languages/e%00n/export", None, "tag"),
        ("patch", "/api/v1/languages/e%00n", "admin", "tag"),
        ("get", "/codes/404/translations/e%00n/edit", "editor", "lang"),
        ("get", "/translations/e%00n/import", "editor", "tag"),
        ("post", "/admin/languages/e%00n/disable", "admin", "tag"),
        ("post", "/admin/users/a%00b/deactivate", "admin", "username"),
    ],
)
def test_a_nul_in_a_path_is_a_bad_request_naming_the_parameter(
    client, bearer, visitor, method, url, who, name
):
    if url.startswith("/api/"):
        headers = {**bearer(who), "If-Match": '"x"'} if who else {}
        kwargs = {"json": {"name": "X"}} if method == "patch" else {}
        response = getattr(client, method)(url, headers=headers, **kwargs)
        assert response.json["errors"] == {name: ["Must not contain NUL characters."]}
    else:
        response = getattr(visitor(who), method)(url, headers={"Accept-Language": "en"})
        assert f"Some parameters are invalid: {name}." in response.get_data(
            as_text=True
        )
    assert response.status_code == 400


def test_a_nul_in_credentials_is_a_wrong_login(client, visitor, users):
    token = client.post("/api/v1/tokens", auth=("ad\x00a", "x" * 12))
    assert token.status_code == 401
    assert token.mimetype == "application/problem+json"

    page = visitor().post(
        "/login", {"username": "ad\x00a", "password": "correct horse battery"}
    )
    assert page.status_code == 422
    assert "Wrong username or password." in page.get_data(as_text=True)


def test_a_username_with_a_trailing_newline_is_refused(runner):
    result = runner.invoke(
        args=["users", "create", "grace\n", "--password-stdin"],
        input="long enough password\n",
    )
    assert result.exit_code == 2
    assert "Invalid value for 'USERNAME': Must be one line" in result.output
