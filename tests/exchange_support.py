"""Helpers for the exchange-file tests: export, edit as a translator would, import;
and small files, good and malformed, with what the import says of each."""

import csv
import io

import sqlalchemy as sa
from babel.messages.pofile import read_po, write_po
from html_support import as_user

from statusapp.extensions import db
from statusapp.models import Revision, Translation
from statusapp.services import translations

FORMATS = ["csv", "po"]
CSV_TYPE = "text/csv"
PO_TYPE = "text/x-gettext-translation"
MEDIA_TYPES = {"csv": CSV_TYPE, "po": PO_TYPE}


def export_url(tag: str, fmt: str) -> str:
    return f"/api/v1/languages/{tag}/export?format={fmt}"


def import_url(tag: str, **args) -> str:
    query = "&".join(f"{key}={value}" for key, value in args.items())
    return f"/api/v1/languages/{tag}/import" + (f"?{query}" if query else "")


def export(client, tag: str, fmt: str) -> bytes:
    response = client.get(export_url(tag, fmt))
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.data


def send(client, headers, tag, data: bytes, fmt: str, **args):
    """POST a file to the import as a raw body of its media type."""
    return client.post(
        import_url(tag, **args),
        data=data,
        headers={**headers, "Content-Type": MEDIA_TYPES[fmt]},
    )


def csv_rows(data: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def po_entries(data: bytes):
    """Return the PO file's catalog and its entries keyed by msgctxt."""
    catalog = read_po(io.BytesIO(data))
    return catalog, {m.context: m for m in catalog if m.id}


def edit(data: bytes, fmt: str, changes: dict[int, dict]) -> bytes:
    """Change entries as a translator would, in a spreadsheet or in Poedit."""
    if fmt == "csv":
        rows = csv_rows(data)
        for row in rows:
            row.update(changes.get(int(row["code"]), {}))
        out = io.StringIO(newline="")
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue().encode("utf-8")
    catalog, entries = po_entries(data)
    for code, change in changes.items():
        if "description" in change:
            entries[str(code)].string = change["description"]
        if "title" in change:
            entries[f"{code}|title"].string = change["title"]
    out = io.BytesIO()
    write_po(out, catalog)
    return out.getvalue()


def text_of(client, code: int, lang: str):
    return client.get(f"/api/v1/codes/{code}/translations/{lang}")


def save(app, who: str, code: int, lang: str, description: str, title=None):
    as_user(
        app,
        who,
        lambda user: translations.save_translation(
            code, lang, {"title": title, "description": description}, user
        ),
    )


def snapshot(app):
    """Every text with its version and state, and how many revisions exist."""
    with app.app_context():
        texts = db.session.execute(
            sa.select(
                Translation.code,
                Translation.lang,
                Translation.title,
                Translation.description,
                Translation.status,
                Translation.version,
            ).order_by(Translation.code, Translation.lang)
        ).all()
        revisions = db.session.scalar(sa.select(sa.func.count(Revision.id)))
    return texts, revisions


# Small files ------------------------------------------------------------------

CSV_HEADER = "code,version,title,description\r\n"
# A good row before the bad one shows that nothing is half-imported.
CSV_GOOD = "404,1,Not Found,A changed text.\r\n"
PO_HEADER = (
    'msgid ""\nmsgstr ""\n"Language: en\\n"\n'
    '"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    '#. version: 1\nmsgctxt "404"\nmsgid "x"\nmsgstr "A changed text."\n\n'
)  # 9 lines

# Files the import refuses whole: the format, the file, how its message starts.
MALFORMED = [
    (
        "csv",
        "code,version,title,descr\r\n" + CSV_GOOD,
        "line 1: the header row must name the columns code, version, title, "
        "description",
    ),
    ("csv", "", "the file is empty"),
    (
        "csv",
        CSV_HEADER + CSV_GOOD + "999,1,,Unknown.\r\n",
        "line 3: 999 is not a status code in the catalogue.",
    ),
    (
        "csv",
        CSV_HEADER + CSV_GOOD + "410,1,,Gone.\r\n404,1,,Again.\r\n",
        "line 4: 404 appears again (first on line 2).",
    ),
    (
        "csv",
        CSV_HEADER + CSV_GOOD + "410,1," + "t" * 201 + ",Gone.\r\n",
        "line 3 (code 410): the title must be at most 200 characters.",
    ),
    (
        "csv",
        CSV_HEADER + CSV_GOOD + '410,1,,"' + "d" * 20_001 + '"\r\n',
        "line 3 (code 410): the description must be at most 20000 characters.",
    ),
    (
        "csv",
        CSV_HEADER + CSV_GOOD + "410,one,,Gone.\r\n",
        "line 3 (code 410): the version 'one' is not a whole number.",
    ),
    (
        "csv",
        CSV_HEADER + CSV_GOOD + "410,1,Gone,really,gone.\r\n",
        "line 3: 5 fields, but the header names 4 columns",
    ),
    (
        "csv",
        CSV_HEADER + CSV_GOOD + '410,1,,"Gone.\r\n',
        "line 3: this is not valid CSV",
    ),
    (
        "csv",
        CSV_HEADER + CSV_GOOD + "410,1,,Gone\x00.\r\n",
        "line 3: the file contains a NUL character.",
    ),
    (
        "po",
        PO_HEADER + 'msgctxt "410"\nmsgid "x"\nmsgstr "Gone.\n',
        "line 13: 'msgstr \"Gone.' is not a PO keyword and quoted string.",
    ),
    (
        "po",
        PO_HEADER + 'msgctxt "410"\nmsgid "x"\nmsgtxt "Gone."\n',
        "line 13: 'msgtxt \"Gone.\"' is not a PO keyword and quoted string.",
    ),
    (
        "po",
        PO_HEADER + 'msgctxt "410"\nmsgid "x"\n',
        "line 12: this is not a valid PO file (missing msgstr for msgid 'x')",
    ),
    (
        "po",
        PO_HEADER + 'msgctxt "999"\nmsgid "x"\nmsgstr "Unknown."\n',
        "entry 999 (line 12): 999 is not a status code in the catalogue.",
    ),
    (
        "po",
        PO_HEADER + 'msgctxt "404"\nmsgid "y"\nmsgstr "Again."\n',
        "entry 404 (line 12): a second entry for msgctxt '404' (first on line 8).",
    ),
    (
        "po",
        PO_HEADER + 'msgid "Gone"\nmsgstr "Weg."\n',
        "line 11: the entry has no msgctxt",
    ),
    (
        "po",
        PO_HEADER + 'msgctxt "410"\nmsgid "x"\nmsgstr "' + "d" * 20_001 + '"\n',
        "entry 410 (line 12): the description must be at most 20000 characters.",
    ),
    (
        "po",
        PO_HEADER + '#. version: two\nmsgctxt "410"\nmsgid "x"\nmsgstr "Gone."\n',
        "entry 410 (line 13): the version 'two' is not a whole number.",
    ),
    (
        "po",
        PO_HEADER.replace("Language: en", "Language: de"),
        "the PO header says Language: de, but this import is into en.",
    ),
    (
        "po",
        PO_HEADER.replace("charset=UTF-8", "charset=ISO-8859-1"),
        "the PO header gives the charset iso-8859-1",
    ),
    (
        "po",
        PO_HEADER.replace("Language: en", "Plural-Forms: nplurals=x"),
        "line 1: the PO header is malformed",
    ),
]

# A good file, and one that is neither format.
CSV_BODY = CSV_HEADER + CSV_GOOD
GARBAGE = "Dear translator,\r\nplease find attached...\r\n"
