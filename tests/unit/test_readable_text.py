"""What the text columns hand readers: stored text that cannot be encoded,
saved again or parsed comes back with U+FFFD in its place, and nothing else
changes."""

import pytest
from sqlalchemy.dialects import postgresql, sqlite

from statusapp.models.base import SafeJSON, SafeText, readable, readable_json
from statusapp.services.integrity import shown

FFFD = "\ufffd"


@pytest.mark.parametrize(
    "value",
    [
        "",
        "Not Found",
        "line one\r\nline two\tand a tab",
        "找不到请求的资源。",
        "Emoji 🫖 outside the BMP",
        "\x1b[31m control characters are readable",
    ],
)
def test_readable_text_comes_back_as_it_is(value):
    assert readable(value) is value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Not\x00Found", f"Not{FFFD}Found"),
        ("\ud800", FFFD),
        ("tea\udfff", f"tea{FFFD}"),
        ("茶\ud83d壶", f"茶{FFFD}壶"),
        ("\x00\udc80\x00", FFFD * 3),
    ],
)
def test_nul_and_lone_surrogates_become_replacement_characters(value, expected):
    assert readable(value) == expected


def test_every_string_in_a_json_value_is_made_readable_keys_too():
    value = {"aliases\x00": {"before": ["a", "\ud800"], "after": [1, None, True]}}

    assert readable_json(value) == {
        f"aliases{FFFD}": {"before": ["a", FFFD], "after": [1, None, True]}
    }


@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.dialect()])
def test_a_text_column_reads_bytes_and_bad_text_as_text(dialect):
    read = SafeText().result_processor(dialect, None) or (lambda v: v)

    assert read(None) is None
    assert read("Short and stout") == "Short and stout"
    assert read("Short\x00and stout") == f"Short{FFFD}and stout"
    # SQLite hands back a value stored as a BLOB as bytes.
    assert read(b"Short \xff stout") == f"Short {FFFD} stout"


@pytest.mark.parametrize(
    ("stored", "expected"),
    [
        ('["Teapot", "Kettle"]', ["Teapot", "Kettle"]),
        ('["Kettle \\ud800"]', [f"Kettle {FFFD}"]),
        ("Teapot, Kettle", []),
        ('{"Teapot": 1}', []),
        ("null", []),
        ("[" * 100_000, []),
    ],
)
def test_a_json_list_reads_as_a_list_whatever_sqlite_stored(stored, expected):
    read = SafeJSON(list).result_processor(sqlite.dialect(), None)

    assert read(stored) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("404/en", "404/en"),
        ("zh-Hant-TW", "zh-Hant-TW"),
        ("en\x1b[2J", "en\\x1b[2J"),
        ("e\x00n", "e\\x00n"),
        ("x\ud800", "x\\ud800"),
        ("en gb", "en gb"),
    ],
)
def test_doctor_prints_a_row_key_without_control_characters(value, expected):
    assert shown(value) == expected
