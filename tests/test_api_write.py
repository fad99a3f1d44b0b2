"""The write API: tokens, roles, preconditions, bodies, history and revert."""

import pytest


def etag_of(client, url):
    return client.get(url).headers["ETag"]


# Tokens ----------


def test_token_is_created_with_basic_credentials(client, users, password):
    response = client.post("/api/v1/tokens", auth=(users["editor"], password))
    assert response.status_code == 201
    assert response.headers["Location"] == "/api/v1/tokens"
    assert response.headers["Cache-Control"] == "no-store"
    body = response.json
    assert len(body["token"]) >= 40 and body["expires_at"]
    info = client.get(
        "/api/v1/tokens", headers={"Authorization": f"Bearer {body['token']}"}
    )
    assert info.json["username"] == "eddie" and info.json["role"] == "editor"


@pytest.mark.parametrize(
    ("auth", "challenge"),
    [
        (None, "Basic"),
        (("eddie", "wrong password!"), "Basic"),
        (("nobody", "correct horse battery staple"), "Basic"),
    ],
)
def test_token_needs_good_credentials(client, users, auth, challenge):
    response = client.post("/api/v1/tokens", auth=auth)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith(f"{challenge} realm=")
    assert response.mimetype == "application/problem+json"


def test_token_is_stored_hashed(app, bearer):
    from statusapp.extensions import db
    from statusapp.models import ApiToken

    token = bearer()["Authorization"].split()[1]
    with app.app_context():
        digests = [t.digest for t in db.session.query(ApiToken).all()]
    assert token not in digests and len(digests[0]) == 64


def test_revoked_token_stops_working(client, bearer):
    headers = bearer()
    assert client.delete("/api/v1/tokens", headers=headers).status_code == 204
    again = client.get("/api/v1/tokens", headers=headers)
    assert again.status_code == 401
    assert 'error="invalid_token"' in again.headers["WWW-Authenticate"]


def test_expired_token_is_refused(app, client, bearer):
    from datetime import timedelta

    from statusapp.extensions import db
    from statusapp.models import ApiToken, utcnow

    headers = bearer()
    with app.app_context():
        for token in db.session.query(ApiToken):
            token.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    assert client.get("/api/v1/tokens", headers=headers).status_code == 401


def test_session_cookie_does_not_authenticate_the_api(client, users, password):
    # A logged-in browser must not be able to write through the API.
    with client.session_transaction():
        pass
    response = client.patch(
        "/api/v1/codes/404", json={"reason_phrase": "Nope"}, headers={"If-Match": "*"}
    )
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


# Roles ----------


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("post", "/api/v1/codes", {"code": 299, "reason_phrase": "X"}),
        ("delete", "/api/v1/codes/404", None),
    ],
)
def test_editors_cannot_do_admin_work(client, bearer, method, url, body):
    response = getattr(client, method)(url, json=body, headers=bearer("editor"))
    assert response.status_code == 403
    assert "admin" in response.json["detail"]


# Codes ----------


def test_admin_creates_a_code_with_location(client, bearer):
    response = client.post(
        "/api/v1/codes",
        json={"code": 299, "reason_phrase": "Custom", "aliases": ["Mine"]},
        headers=bearer("admin"),
    )
    assert response.status_code == 201
    assert response.headers["Location"] == "/api/v1/codes/299"
    assert response.json["registry_status"] == "unregistered"
    assert client.get("/api/v1/codes/299").json["aliases"] == ["Mine"]


def test_creating_an_existing_code_conflicts(client, bearer):
    response = client.post(
        "/api/v1/codes",
        json={"code": 404, "reason_phrase": "Again"},
        headers=bearer("admin"),
    )
    assert response.status_code == 409
    assert "404" in response.json["detail"]


def test_patch_needs_if_match_then_applies(client, bearer):
    headers = bearer()
    missing = client.patch(
        "/api/v1/codes/418",
        json={"aliases": ["I'm a teapot", "Teapot"]},
        headers=headers,
    )
    assert missing.status_code == 428

    etag = etag_of(client, "/api/v1/codes/418")
    stale = client.patch(
        "/api/v1/codes/418",
        json={"aliases": ["x"]},
        headers={**headers, "If-Match": '"not-the-etag"'},
    )
    assert stale.status_code == 412

    ok = client.patch(
        "/api/v1/codes/418",
        json={"aliases": ["I'm a teapot", "Teapot"]},
        headers={**headers, "If-Match": etag},
    )
    assert ok.status_code == 200
    assert ok.json["aliases"] == ["I'm a teapot", "Teapot"]
    assert ok.headers["ETag"] != etag
    assert ok.headers["ETag"] == etag_of(client, "/api/v1/codes/418")


def test_two_editors_cannot_overwrite_each_other(client, bearer):
    etag = etag_of(client, "/api/v1/codes/302")
    first = client.patch(
        "/api/v1/codes/302",
        json={"reference": "RFC 9110"},
        headers={**bearer("editor"), "If-Match": etag},
    )
    second = client.patch(
        "/api/v1/codes/302",
        json={"reference": "RFC 7231"},
        headers={**bearer("editor2"), "If-Match": etag},
    )
    assert (first.status_code, second.status_code) == (200, 412)
    assert client.get("/api/v1/codes/302").json["reference"] == "RFC 9110"


def test_admin_deletes_a_code(client, bearer):
    etag = etag_of(client, "/api/v1/codes/306")
    response = client.delete(
        "/api/v1/codes/306", headers={**bearer("admin"), "If-Match": etag}
    )
    assert response.status_code == 204
    assert response.data == b""
    assert client.get("/api/v1/codes/306").status_code == 404
    assert client.get("/api/v1/codes/306/history").json["items"][-1]["entity"] in (
        "translation",
        "note",
        "code",
    )


def test_writes_to_unknown_codes_are_404(client, bearer):
    response = client.patch(
        "/api/v1/codes/590",
        json={"reference": "x"},
        headers={**bearer(), "If-Match": "*"},
    )
    assert response.status_code == 404


# Bodies ----------


@pytest.mark.parametrize(
    ("data", "content_type", "status", "detail"),
    [
        ('{"reference": "x"}', "text/plain", 415, "application/json"),
        ("reference=x", "application/x-www-form-urlencoded", 415, "application/json"),
        ('{"reference": ', "application/json", 400, "not valid JSON"),
        ("[" * 100_000 + "]" * 100_000, "application/json", 400, "nested"),
        (
            '{"aliases": ' + "[" * 100_000 + "]" * 100_000 + "}",
            "application/json",
            400,
            "nested",
        ),
        ("[1, 2]", "application/json", 400, "not an array"),
        ('"text"', "application/json", 400, "not a string"),
        ("null", "application/json", 400, "not null"),
        ('{"colour": "blue"}', "application/json", 422, "colour"),
        ('{"aliases": "not a list"}', "application/json", 422, "aliases"),
        ('{"registry_status": "popular"}', "application/json", 422, "registry_status"),
        ('{"reason_phrase": ""}', "application/json", 422, "reason_phrase"),
        (
            '{"reason_phrase": "' + "x" * 101 + '"}',
            "application/json",
            422,
            "reason_phrase",
        ),
        (
            '{"reference_url": "javascript:alert(1)"}',
            "application/json",
            422,
            "reference_url",
        ),
        ('{"aliases": [""]}', "application/json", 422, "aliases"),
    ],
)
def test_bad_bodies_get_specific_errors_and_change_nothing(
    client, bearer, data, content_type, status, detail
):
    before = client.get("/api/v1/codes/404").json
    etag = etag_of(client, "/api/v1/codes/404")
    response = client.patch(
        "/api/v1/codes/404",
        data=data,
        content_type=content_type,
        headers={**bearer(), "If-Match": etag},
    )
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    problem = response.json
    assert detail in problem["detail"] or detail in problem.get("errors", {})
    assert client.get("/api/v1/codes/404").json == before


def test_unprocessable_lists_every_bad_field(client, bearer):
    response = client.post(
        "/api/v1/codes",
        json={"code": 700, "reason_phrase": " ", "reference_url": "ftp://x"},
        headers=bearer("admin"),
    )
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"code", "reason_phrase", "reference_url"}


def test_a_body_over_the_limit_is_413(app, client, bearer, japanese):
    headers = bearer()
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = client.put(
        "/api/v1/codes/404/translations/ja",
        json={"description": "x" * 2000},
        headers=headers,
    )
    assert response.status_code == 413
    assert response.mimetype == "application/problem+json"


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("patch", "/api/v1/codes/404", {"reason_phrase": "Gone Away"}),
        ("delete", "/api/v1/codes/404", None),
        ("put", "/api/v1/codes/404/translations/en", {"description": "Gone."}),
        ("patch", "/api/v1/codes/404/translations/en", {"status": "draft"}),
        ("delete", "/api/v1/codes/404/translations/en", None),
        ("patch", "/api/v1/languages/en", {"name": "Anglais"}),
    ],
)
def test_if_match_star_names_no_version_and_changes_nothing(
    client, bearer, method, url, body
):
    before = client.get(url).get_data()
    response = getattr(client, method)(
        url, json=body, headers={**bearer("admin"), "If-Match": "*"}
    )
    assert response.status_code == 428
    assert response.mimetype == "application/problem+json"
    assert "If-Match: *" in response.json["detail"]
    assert client.get(url).get_data() == before


def test_unsupported_patch_names_what_it_accepts(client, bearer):
    response = client.patch(
        "/api/v1/codes/404",
        data="x",
        content_type="text/plain",
        headers={**bearer(), "If-Match": "*"},
    )
    assert response.headers["Accept-Patch"] == "application/json"


# Translations ----------


def test_put_creates_then_replaces_a_translation(client, bearer, japanese):
    headers = bearer()
    url = "/api/v1/codes/404/translations/ja"
    created = client.put(
        url,
        json={"title": "見つかりません", "description": "ありません。"},
        headers=headers,
    )
    assert created.status_code == 201
    assert created.headers["Location"] == url

    without = client.put(url, json={"description": "別の説明。"}, headers=headers)
    assert without.status_code == 428

    replaced = client.put(
        url,
        json={"title": None, "description": "別の説明。"},
        headers={**headers, "If-Match": created.headers["ETag"]},
    )
    assert replaced.status_code == 200
    assert replaced.json["description"] == "別の説明。"
    source_version = client.get("/api/v1/codes/404/translations/zh-CN").json["version"]
    assert client.get("/api/v1/codes/404").json["translations"]["ja"] == {
        "title": None,
        "description": "別の説明。",
        "status": "draft",
        "dispute_reason": None,
        "source_version": source_version,
    }


def test_put_with_if_match_on_a_missing_translation_is_412(client, bearer, japanese):
    response = client.put(
        "/api/v1/codes/404/translations/ja",
        json={"description": "x"},
        headers={**bearer(), "If-Match": '"abc"'},
    )
    assert response.status_code == 412


def test_delete_translation(client, bearer):
    url = "/api/v1/codes/404/translations/en"
    response = client.delete(
        url, headers={**bearer(), "If-Match": etag_of(client, url)}
    )
    assert response.status_code == 204
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("lang", ["not_a_tag", "x", "en-"])
def test_bad_language_tags_are_refused(client, bearer, lang):
    response = client.put(
        f"/api/v1/codes/404/translations/{lang}",
        json={"description": "x"},
        headers=bearer(),
    )
    assert response.status_code == 422
    assert "BCP 47" in response.json["detail"]


# Notes ----------


def test_note_lifecycle_with_author_rules(client, bearer):
    author, other, admin = bearer("editor"), bearer("editor2"), bearer("admin")
    created = client.post(
        "/api/v1/codes/404/notes",
        json={"body": "See *RFC 9110*.", "lang": "en"},
        headers=author,
    )
    assert created.status_code == 201
    url = created.headers["Location"]
    assert url.startswith("/api/v1/notes/")
    etag = created.headers["ETag"]
    assert client.get(url).headers["ETag"] == etag

    forbidden = client.patch(
        url, json={"body": "Mine now"}, headers={**other, "If-Match": etag}
    )
    assert forbidden.status_code == 403

    edited = client.patch(
        url, json={"body": "See RFC 9110."}, headers={**author, "If-Match": etag}
    )
    assert edited.status_code == 200 and edited.json["body"] == "See RFC 9110."

    by_admin = client.delete(url, headers={**admin, "If-Match": edited.headers["ETag"]})
    assert by_admin.status_code == 204
    assert client.get(url).status_code == 404


# History and revert ----------


def test_history_records_who_changed_what(client, bearer):
    etag = etag_of(client, "/api/v1/codes/418")
    client.patch(
        "/api/v1/codes/418",
        json={"reference": "RFC 2324"},
        headers={**bearer(), "If-Match": etag},
    )
    history = client.get("/api/v1/codes/418/history").json["items"]
    latest = history[0]
    assert latest["author"] == "eddie"
    assert latest["action"] == "update" and latest["entity"] == "code"
    assert latest["changes"] == {
        "reference": {"before": "RFC 9110, Section 15.5.19", "after": "RFC 2324"}
    }
    assert latest["created_at"] and latest["id"]


def test_revert_restores_and_is_itself_a_revision(client, bearer):
    headers = bearer()
    url = "/api/v1/codes/404/translations/en"
    original = client.get(url).json["description"]
    client.put(
        url,
        json={"description": "Vandalised."},
        headers={**headers, "If-Match": etag_of(client, url)},
    )
    revision = client.get("/api/v1/codes/404/history").json["items"][0]

    reverted = client.post(
        f"/api/v1/revisions/{revision['id']}/revert", headers=headers
    )
    assert reverted.status_code == 201
    assert reverted.json["reverts"] == revision["id"]
    assert reverted.headers["Location"] == f"/api/v1/revisions/{reverted.json['id']}"
    assert client.get(url).json["description"] == original
    history = client.get("/api/v1/codes/404/history").json["items"]
    assert [r["id"] for r in history][:2] == [reverted.json["id"], revision["id"]]


def test_revert_refuses_when_the_record_changed_since(client, bearer):
    headers = bearer()
    url = "/api/v1/codes/404/translations/en"
    client.put(
        url,
        json={"description": "One."},
        headers={**headers, "If-Match": etag_of(client, url)},
    )
    first = client.get("/api/v1/codes/404/history").json["items"][0]["id"]
    client.put(
        url,
        json={"description": "Two."},
        headers={**headers, "If-Match": etag_of(client, url)},
    )

    response = client.post(f"/api/v1/revisions/{first}/revert", headers=headers)
    assert response.status_code == 412
    assert client.get(url).json["description"] == "Two."


def test_revert_of_an_unrelated_field_change_is_still_exact(client, bearer):
    headers = bearer()
    url = "/api/v1/codes/404"
    client.patch(
        url,
        json={"reference": "A"},
        headers={**headers, "If-Match": etag_of(client, url)},
    )
    changed_reference = client.get(f"{url}/history").json["items"][0]["id"]
    client.patch(
        url,
        json={"aliases": ["Missing"]},
        headers={**headers, "If-Match": etag_of(client, url)},
    )

    response = client.post(
        f"/api/v1/revisions/{changed_reference}/revert", headers=headers
    )
    assert response.status_code == 201
    body = client.get(url).json
    assert body["reference"] == "RFC 9110, Section 15.5.5"
    assert body["aliases"] == ["Missing"]


def test_revert_of_a_deletion_brings_the_note_back(client, bearer):
    admin = bearer("admin")
    note = client.get("/api/v1/codes/507").json["notes"][0]
    url = f"/api/v1/notes/{note['id']}"
    client.delete(url, headers={**admin, "If-Match": etag_of(client, url)})
    deletion = client.get("/api/v1/codes/507/history").json["items"][0]
    assert deletion["action"] == "delete"

    response = client.post(f"/api/v1/revisions/{deletion['id']}/revert", headers=admin)
    assert response.status_code == 201
    assert client.get(url).json["body"] == note["body"]


def test_revert_needs_a_token(client):
    assert client.post("/api/v1/revisions/1/revert").status_code == 401
