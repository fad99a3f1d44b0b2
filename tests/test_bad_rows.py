"""A row written around the services cannot break a reader, and `flask doctor`
names it.

Each case writes a bad value straight into the database, as a hand-made
UPDATE, another program or an older version might have, then reads it through
every face that shows it: the readers answer 200 and show U+FFFD where the
text cannot be encoded, and `flask doctor` names the row and exits 1.
"""

import re
from dataclasses import dataclass, field

import pytest
import sqlalchemy as sa

from statusapp.extensions import db

REPLACEMENT = "\ufffd"
CODE_LIST = "/api/v1/codes"
CODE = "/api/v1/codes/418"
CODE_PAGE = "/codes/418"
HISTORY_PAGE = "/codes/418/history"
HISTORY = "/api/v1/codes/418/history"
CSV = "/api/v1/languages/en/export?format=csv"
PO = "/api/v1/languages/en/export?format=po"
LANGUAGES = "/api/v1/languages"
EVERY_READER = [CODE_LIST, CODE, CODE_PAGE, HISTORY_PAGE, HISTORY, CSV, PO, LANGUAGES]

SET_PHRASE = "UPDATE status_code SET reason_phrase = :value WHERE code = 418"
SET_ALIASES = "UPDATE status_code SET aliases = :value WHERE code = 418"
SET_DESCRIPTION = (
    "UPDATE translation SET description = :value WHERE code = 418 AND lang = 'en'"
)
ADD_REVISION = (
    "INSERT INTO revision (code, entity, entity_key, action, changes, created_at) "
    "VALUES (418, 'code', '418', 'update', :value, CURRENT_TIMESTAMP)"
)
LANGUAGE = (
    "INSERT INTO language (tag, name, native_name, enabled, is_source, version, "
    "created_at, updated_at) VALUES (:value, 'Pirate', 'Pirate', false, false, 1, "
    "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
)


@dataclass
class Bad:
    """A bad value, where it goes, who shows it and what doctor says of it."""

    sql: str
    value: object
    doctor: str
    # Where the value shows, and as what once it is made readable.
    readers: list[str] = field(default_factory=list)
    shown: str = ""
    # The backends that can hold the value at all.
    backends: tuple[str, ...] = ("sqlite", "postgresql")


CASES = {
    # SQLite keeps whatever bytes it is given; PostgreSQL checks its text.
    "phrase-not-utf8": Bad(
        "UPDATE status_code SET reason_phrase = CAST(:value AS TEXT) WHERE code = 418",
        b"Teapot \xff tea",
        "status_code 418 reason_phrase: Not valid UTF-8: byte 0xff at offset 7.",
        [CODE_LIST, CODE, CODE_PAGE, HISTORY_PAGE, CSV, PO],
        f"Teapot {REPLACEMENT} tea",
        ("sqlite",),
    ),
    "description-nul": Bad(
        SET_DESCRIPTION,
        "Short\x00and stout.",
        "translation 418/en description: Must not contain NUL characters.",
        [CODE, CODE_PAGE, CSV, PO],
        f"Short{REPLACEMENT}and stout.",
        ("sqlite",),
    ),
    # JSON carries a lone surrogate or NUL as an escape, and PostgreSQL's json
    # type keeps the escape as written.
    "alias-lone-surrogate": Bad(
        SET_ALIASES,
        '["Teapot", "Kettle \\ud800"]',
        "status_code 418 aliases: Alias 2: Must be valid Unicode text, without "
        "lone surrogates.",
        [CODE_LIST, CODE, CODE_PAGE],
        f"Kettle {REPLACEMENT}",
    ),
    "alias-nul": Bad(
        SET_ALIASES,
        '["Kettle \\u0000"]',
        "status_code 418 aliases: Alias 1: Must not contain NUL characters.",
        [CODE, CODE_PAGE],
        f"Kettle {REPLACEMENT}",
    ),
    "revision-lone-surrogate": Bad(
        ADD_REVISION,
        '{"reason_phrase": {"before": "I\'m a teapot", "after": "Kettle \\udfff"}}',
        "revision 1 changes: Holds text with a NUL character or a lone surrogate.",
        [HISTORY_PAGE, HISTORY],
        f"Kettle {REPLACEMENT}",
    ),
    "aliases-not-json": Bad(
        SET_ALIASES,
        "Teapot, Kettle",
        "status_code 418 aliases: Not a JSON document.",
        backends=("sqlite",),
    ),
    "aliases-not-a-list": Bad(
        SET_ALIASES,
        '{"Teapot": 1}',
        "status_code 418 aliases: Not a JSON list.",
    ),
    "revision-not-changes": Bad(
        ADD_REVISION,
        '["reason_phrase"]',
        'revision 1 changes: Not a JSON object of fields, each {"before": ..., '
        '"after": ...}.',
    ),
    # Readable, but refused by the rules of a write or of a reader's tools.
    "alias-escape": Bad(
        SET_ALIASES,
        '["Teapot", "Kettle\\u001b[2J"]',
        "status_code 418 aliases: Alias 2: Must not contain control characters "
        "such as U+001B.",
    ),
    "reference-url-script": Bad(
        "UPDATE status_code SET reference_url = :value WHERE code = 418",
        "javascript:alert(1)",
        "status_code 418 reference_url: Must be an http or https URL.",
    ),
    "phrase-escape": Bad(
        SET_PHRASE,
        "I'm a teapot\x1b[2J",
        "status_code 418 reason_phrase: Must not contain control characters such "
        "as U+001B.",
    ),
    "description-backspace": Bad(
        SET_DESCRIPTION,
        "Short\x08 and stout.",
        "translation 418/en description: Must not contain control characters such "
        "as U+0008.",
    ),
    "description-too-long": Bad(
        SET_DESCRIPTION,
        "x" * 20_001,
        "translation 418/en description: Must be at most 20000 characters.",
    ),
    "title-too-long": Bad(
        "UPDATE translation SET title = :value WHERE code = 418 AND lang = 'en'",
        "x" * 201,
        "translation 418/en title: Must be at most 200 characters.",
        # PostgreSQL's varchar(200) refuses it.
        backends=("sqlite",),
    ),
    "note-tag": Bad(
        "UPDATE note SET lang = :value WHERE id = (SELECT min(id) FROM note)",
        "en_GB",
        "note 1 lang: 'en_GB' is not a BCP 47 language tag; write a language "
        "code, then optionally a script and a region, such as ja, pt-BR or "
        "zh-Hant-TW.",
    ),
    "language-tag-not-utf8": Bad(
        LANGUAGE.replace(":value", "CAST(:value AS TEXT)"),
        b"en\xff",
        "language en\\xff tag: Not valid UTF-8: byte 0xff at offset 2.",
        [LANGUAGES],
        f"en{REPLACEMENT}",
        ("sqlite",),
    ),
    "language-tag": Bad(
        LANGUAGE,
        "en pirate",
        "language en pirate tag: 'en pirate' is not a BCP 47 language tag; write "
        "a language code, then optionally a script and a region, such as ja, "
        "pt-BR or zh-Hant-TW.",
    ),
}
SHOWN = {name: case for name, case in CASES.items() if case.readers}


def write_around_the_services(app, backend: str, case: Bad) -> None:
    if backend not in case.backends:
        pytest.skip(f"{backend} cannot hold this value")
    with app.app_context():
        db.session.execute(sa.text(case.sql), {"value": case.value})
        db.session.commit()


def doctor(runner) -> tuple[int, list[str]]:
    result = runner.invoke(args=["doctor"])
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output.splitlines()


@pytest.mark.parametrize("case", SHOWN.values(), ids=SHOWN.keys())
def test_every_reader_shows_a_bad_value_as_replacement_characters(
    app, client, backend, case
):
    write_around_the_services(app, backend, case)

    responses = {url: client.get(url) for url in EVERY_READER}

    assert {url: r.status_code for url, r in responses.items()} == {
        url: 200 for url in EVERY_READER
    }
    for url in case.readers:
        assert case.shown in responses[url].get_data(as_text=True), url


@pytest.mark.parametrize("name", ["aliases-not-json", "aliases-not-a-list"])
def test_aliases_that_are_no_list_read_as_none(app, client, backend, name):
    write_around_the_services(app, backend, CASES[name])

    responses = {url: client.get(url) for url in EVERY_READER}

    assert {url: r.status_code for url, r in responses.items()} == {
        url: 200 for url in EVERY_READER
    }
    assert responses[CODE].json["aliases"] == []


def test_a_bad_row_can_be_mended_through_the_api(app, client, backend, bearer):
    write_around_the_services(app, backend, CASES["alias-lone-surrogate"])
    headers = bearer("admin")
    etag = client.get(CODE).headers["ETag"]

    response = client.patch(
        CODE,
        json={"aliases": ["Teapot", "Kettle"]},
        headers={**headers, "If-Match": etag},
    )

    assert response.status_code == 200, response.json
    assert response.json["aliases"] == ["Teapot", "Kettle"]


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_doctor_names_a_bad_row_and_fails(app, runner, backend, case):
    write_around_the_services(app, backend, case)

    code, lines = doctor(runner)

    assert code == 1
    assert lines[:-1] == [case.doctor]
    assert lines[-1].startswith("1 problem in 1 row (")


def test_doctor_lists_every_problem_by_table_then_counts_them(app, runner, backend):
    for name in ("note-tag", "phrase-escape", "description-too-long", "alias-nul"):
        write_around_the_services(app, backend, CASES[name])

    code, lines = doctor(runner)

    assert code == 1
    assert lines[:-1] == [
        CASES["phrase-escape"].doctor,
        CASES["alias-nul"].doctor,
        CASES["description-too-long"].doctor,
        CASES["note-tag"].doctor,
    ]
    assert re.fullmatch(
        r"4 problems in 3 rows \(\d+ rows in 7 tables read\): change or delete "
        r"them through the pages, the API or SQL\.",
        lines[-1],
    )


def test_doctor_passes_the_seeded_catalogue(runner, users):
    code, lines = doctor(runner)

    assert code == 0
    assert len(lines) == 1
    assert re.fullmatch(
        r"Every stored text is fit to read and to save again "
        r"\(\d+ rows in 7 tables\)\.",
        lines[0],
    )
