"""Reading exchange files: a good CSV or PO file gives its entries; a malformed one
is refused whole, naming the line or entry at fault."""

from types import SimpleNamespace

import pytest
from exchange_support import CSV_GOOD, CSV_HEADER, MALFORMED, PO_HEADER

from statusapp.services.errors import InvalidValue
from statusapp.services.exchange import csv_format, po_format
from statusapp.services.exchange.entries import (
    MAX_ERRORS,
    ExportEntry,
    ImportEntry,
    decode,
)

# The codes the catalogue holds, as far as these files are concerned.
CODES = {404, 410, 418, 500}
JAPANESE = SimpleNamespace(tag="ja", name="Japanese")


def read(data: bytes, fmt: str, tag: str = "en"):
    """Read a file as the import does: decode it, then parse it as ``fmt``."""
    text = decode(data)
    if fmt == "csv":
        return csv_format.read(text, CODES)
    return po_format.read(text, CODES, tag)


def refusal(data: bytes, fmt: str, tag: str = "en") -> list[str]:
    with pytest.raises(InvalidValue) as refused:
        read(data, fmt, tag)
    assert refused.value.field == "file"
    return refused.value.errors["file"]


# Good files ------------------------------------------------------------------------


def test_a_csv_file_gives_its_translated_entries():
    data = (
        CSV_HEADER
        + CSV_GOOD
        + "\r\n"  # blank lines are skipped
        + '410,,,"Gone,\r\nfor good."\r\n'
        + "418,3,I'm a teapot,\r\n"  # no description: not translated
    ).encode()

    parsed = read(data, "csv")

    assert parsed.entries == [
        ImportEntry(404, "Not Found", "A changed text.", 1, "line 2 (code 404)"),
        ImportEntry(410, None, "Gone,\r\nfor good.", 0, "line 4 (code 410)"),
    ]
    assert parsed.untranslated == 1


def test_csv_columns_may_come_in_any_order_and_case_with_extra_ones():
    data = (
        b"Description,status,TITLE,version,reason_phrase,code\r\n"
        b"  Gone.  ,draft,  Gone  ,2,Gone,410\r\n"
    )

    assert read(data, "csv").entries == [
        ImportEntry(410, "Gone", "Gone.", 2, "line 2 (code 410)")
    ]


def test_a_po_file_gives_its_translated_entries():
    data = (
        PO_HEADER
        + 'msgctxt "404|title"\nmsgid "Not Found"\nmsgstr "Nicht gefunden"\n\n'
        + '#. version: 3\nmsgctxt "410"\nmsgid "Gone"\nmsgstr ""\n\n'
        + '#. 500 Internal Server Error\nmsgctxt "500"\nmsgid "x"\n'
        + 'msgstr "Server error."\n'
    ).encode()

    parsed = read(data, "po")

    assert parsed.entries == [
        ImportEntry(404, "Nicht gefunden", "A changed text.", 1, "entry 404 (line 8)"),
        ImportEntry(500, None, "Server error.", 0, "entry 500 (line 22)"),
    ]
    assert parsed.untranslated == 1


@pytest.mark.parametrize("named", ["en-US", "EN-us", "en_US", "en_us"])
def test_a_po_header_may_name_its_language_as_gettext_tools_do(named):
    data = PO_HEADER.replace("Language: en", f"Language: {named}").encode()

    assert [entry.code for entry in read(data, "po", "en-US").entries] == [404]


EXPORTED = [
    ExportEntry(
        404, "Not Found", 2, "未找到。", 5, "draft", "見つかりません", "ない。"
    ),
    ExportEntry(410, "Gone", None, None, 0, "missing", None, None),
    ExportEntry(
        500, "Internal Server Error", 1, "错误。", 1, "outdated", None, "エラー"
    ),
]


@pytest.mark.parametrize("fmt", ["csv", "po"])
def test_an_export_reads_back_as_it_was_written(fmt):
    if fmt == "csv":
        data = csv_format.write(EXPORTED)
    else:
        data = po_format.write(JAPANESE, EXPORTED)

    parsed = read(data, fmt, "ja")

    assert [(e.code, e.title, e.description, e.version) for e in parsed.entries] == [
        (404, "見つかりません", "ない。", 5),
        (500, None, "エラー", 1),
    ]
    assert parsed.untranslated == 1


def test_a_byte_order_mark_is_not_part_of_the_file():
    data = b"\xef\xbb\xbf" + (CSV_HEADER + CSV_GOOD).encode()

    assert decode(data) == CSV_HEADER + CSV_GOOD
    assert [entry.code for entry in read(data, "csv").entries] == [404]


# Malformed files ----------------------------------------------------------------------


@pytest.mark.parametrize(("fmt", "body", "message"), MALFORMED)
def test_a_malformed_file_is_refused_naming_what_is_wrong(fmt, body, message):
    problems = refusal(body.encode(), fmt)

    assert problems[0].startswith(message), problems


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"code,version,title,description\r\n404,1,,Caf\xe9.\r\n",
            "line 2: the file is not UTF-8 (byte 0xe9); save it as UTF-8 and "
            "try again.",
        ),
        (
            b"\xff\xfec\x00o\x00d\x00e\x00",  # UTF-16
            "line 1: the file is not UTF-8 (byte 0xff); save it as UTF-8 and "
            "try again.",
        ),
        (b"code\r\n\r\n404\x00\r\n", "line 3: the file contains a NUL character."),
    ],
)
def test_a_file_that_is_not_utf8_text_is_refused_naming_the_line(data, message):
    with pytest.raises(InvalidValue) as refused:
        decode(data)

    assert refused.value.errors == {"file": [message]}


@pytest.mark.parametrize(
    ("fmt", "body", "message"),
    [
        (
            "csv",
            "code,title,description\r\n",
            "line 1: the header row must name the columns code, version, title, "
            "description, and may add reason_phrase, source_version, source_text, "
            "status; it lacks version.",
        ),
        (
            "csv",
            "code,version,title,description,code\r\n",
            "line 1: the header row must name the columns code, version, title, "
            "description, and may add reason_phrase, source_version, source_text, "
            "status; it repeats code.",
        ),
        ("csv", "\r\n\r\n", "the file is empty"),
        (
            "po",
            PO_HEADER.replace('"Language: en\\n"\n', ""),
            "the PO header lacks the language; it must say Language: en.",
        ),
        (
            "po",
            PO_HEADER + '#. version: 1\n#. version: 2\nmsgctxt "410"\n'
            'msgid "x"\nmsgstr "Gone."\n',
            "entry 410 (line 14): more than one version comment.",
        ),
        (
            "po",
            PO_HEADER + 'msgctxt "410"\nmsgid "x"\nmsgid_plural "xs"\n'
            'msgstr[0] "Gone."\nmsgstr[1] "Gone."\n',
            "entry 410 (line 12): plural forms are not used here.",
        ),
        (
            "po",
            PO_HEADER + 'msgctxt "gone"\nmsgid "x"\nmsgstr "Gone."\n',
            "entry gone (line 12): msgctxt must be a status code",
        ),
    ],
)
def test_other_malformed_files_are_refused_naming_what_is_wrong(fmt, body, message):
    problems = refusal(body.encode(), fmt)

    assert len(problems) == 1
    assert problems[0].startswith(message), problems


def test_every_problem_is_listed_up_to_a_limit():
    rows = "".join(f"{code},1,,Text.\r\n" for code in range(100, 100 + MAX_ERRORS + 5))

    problems = refusal((CSV_HEADER + CSV_GOOD + rows).encode(), "csv")

    assert problems[:2] == [
        "line 3: 100 is not a status code in the catalogue.",
        "line 4: 101 is not a status code in the catalogue.",
    ]
    assert len(problems) == MAX_ERRORS + 1
    assert problems[-1] == "... and 5 more problems."
