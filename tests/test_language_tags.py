"""One language-tag rule: a tag the languages table takes, every operation takes."""

import pytest

from statusapp.services.language_tags import LANGUAGE_TAG_PATTERN


@pytest.mark.parametrize(
    ("tag", "well_formed"),
    [
        ("abcde", True),  # a five-letter language subtag, as RFC 5646 allows
        ("sr-Latn", True),
        ("es-419", True),
        ("en-x", False),
        ("en-a-bbb", False),
        ("x-klingon", False),
    ],
)
def test_the_languages_table_and_the_texts_agree_on_a_tag(
    client, bearer, tag, well_formed
):
    admin = bearer("admin")
    added = client.post(
        "/api/v1/languages",
        json={"tag": tag, "name": "Test", "native_name": "Test"},
        headers=admin,
    )
    written = client.put(
        f"/api/v1/codes/404/translations/{tag}",
        json={"description": "Not here."},
        headers=admin,
    )
    noted = client.post(
        "/api/v1/codes/404/notes",
        json={"body": "A note.", "lang": tag},
        headers=admin,
    )
    read = client.get(f"/api/v1/codes/404?lang={tag}")
    if well_formed:
        assert [added.status_code, written.status_code, noted.status_code] == [
            201,
            201,
            201,
        ]
        assert read.status_code == 200
        assert read.json["description"] == "Not here."
    else:
        assert [added.status_code, written.status_code, noted.status_code] == [
            422,
            422,
            422,
        ]
        assert read.status_code == 422
        for response in (added, written, noted, read):
            assert "BCP 47" in response.get_data(as_text=True)


def test_a_trailing_newline_is_not_part_of_a_tag(client, bearer):
    response = client.post(
        "/api/v1/codes/404/notes",
        json={"body": "A note.", "lang": "en\n"},
        headers=bearer("admin"),
    )
    assert response.status_code == 422
    assert client.get("/api/v1/codes/404?lang=en%0A").status_code == 422


def test_the_api_document_states_the_same_rule(client):
    spec = client.get("/api/v1/openapi.json").json
    patterns = set()
    for path in spec["paths"].values():
        operations = [op for key, op in path.items() if key != "parameters"]
        for owner in [path, *operations]:
            for parameter in owner.get("parameters", []):
                if parameter.get("name") in ("lang", "tag"):
                    patterns.add(parameter["schema"].get("pattern"))
    for schema in spec["components"]["schemas"].values():
        for name, field in schema.get("properties", {}).items():
            if name in ("lang", "tag") and "pattern" in field:
                patterns.add(field["pattern"])
    assert patterns == {LANGUAGE_TAG_PATTERN}
