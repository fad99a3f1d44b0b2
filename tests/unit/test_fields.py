"""The text-field rules every form, schema and service shares: cleaning and URLs."""

import pytest

from statusapp.services.fields import clean_text, is_http_url


@pytest.mark.parametrize(
    ("value", "limit", "expected"),
    [
        ("  Not Found \n", 100, "Not Found"),
        ("x" * 100, 100, "x" * 100),
        # The limit counts the text as stored, after stripping.
        ("  " + "x" * 100 + "  ", 100, "x" * 100),
        ("見つかりません", 7, "見つかりません"),
        ("line one\nline two", 100, "line one\nline two"),
    ],
)
def test_good_text_comes_back_stripped(value, limit, expected):
    errors = {}

    # A description, which may run over several lines.
    assert clean_text(errors, "description", value, limit=limit) == expected
    assert errors == {}


@pytest.mark.parametrize(
    ("value", "required", "message"),
    [
        (None, True, "This field is required."),
        (404, True, "Must be text."),
        (["Not Found"], False, "Must be text."),
        ("", True, "Must not be empty."),
        (" \t\n\u3000", True, "Must not be empty."),
        ("Not\x00Found", True, "Must not contain NUL characters."),
        ("\x00", False, "Must not contain NUL characters."),
        ("x" * 11, True, "Must be at most 10 characters."),
        ("x" * 11, False, "Must be at most 10 characters."),
    ],
)
def test_bad_text_gets_one_message_under_its_field(value, required, message):
    errors = {"other": ["Unrelated."]}

    clean_text(errors, "reason_phrase", value, limit=10, required=required)

    assert errors == {"other": ["Unrelated."], "reason_phrase": [message]}


@pytest.mark.parametrize("value", [None, "", "   \n"])
def test_an_optional_field_left_empty_is_none(value):
    errors = {}

    assert clean_text(errors, "title", value, limit=10, required=False) is None
    assert errors == {}


@pytest.mark.parametrize(
    ("value", "is_url"),
    [
        ("https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5", True),
        ("http://example.com", True),
        ("http://localhost:8080/path?q=1", True),
        ("ftp://example.com/", False),
        ("javascript:alert(1)", False),
        ("//example.com/", False),
        ("https://", False),
        ("https://exa mple.com/", False),
        ("https://example.com/a b", False),
        ("https://example.com:123456/", False),
        ("https://example.com/\x00", False),
    ],
)
def test_only_absolute_http_urls_are_urls(value, is_url):
    assert is_http_url(value) is is_url
