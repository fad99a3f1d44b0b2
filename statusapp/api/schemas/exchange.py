"""An exchange file's export and import: the query, the bodies, the report.

The export answers, and the import reads, a CSV or PO file rather than JSON;
EXPORT_RESPONSE and IMPORT_BODY describe those bodies for the OpenAPI document,
IF_NONE_MATCH the export's conditional request.
"""

import marshmallow as ma
from marshmallow import fields, validate

from statusapp.api.schemas.common import Representation, header_parameter
from statusapp.services import exchange


class ExportArgsSchema(ma.Schema):
    format = fields.String(
        validate=validate.OneOf(exchange.FORMATS),
        metadata={
            "description": "csv or po; without it, the Accept header chooses, "
            "and CSV is the default"
        },
    )


class ImportArgsSchema(ma.Schema):
    format = fields.String(
        validate=validate.OneOf(exchange.FORMATS),
        metadata={
            "description": "csv or po; without it, the uploaded file's name or "
            "the media type says"
        },
    )
    dry_run = fields.Boolean(
        load_default=False,
        metadata={"description": "Only preview: compare, and write nothing"},
    )
    fingerprint = fields.String(
        validate=validate.Length(max=64),
        metadata={
            "description": "The fingerprint of a preview of this file: apply only "
            "if the import would still do exactly that (412 otherwise)"
        },
    )


class ImportItemSchema(Representation):
    code = fields.Integer()
    title = fields.String(allow_none=True, metadata={"description": "From the file"})
    description = fields.String(metadata={"description": "From the file"})
    version = fields.Integer(
        metadata={"description": "The version the file's text was exported at; 0: none"}
    )
    database_title = fields.String(allow_none=True)
    database_description = fields.String(allow_none=True)
    database_version = fields.Integer(
        allow_none=True,
        metadata={"description": "The database's version now; null when it has none"},
    )


class ImportReportSchema(Representation):
    lang = fields.String()
    new = fields.List(
        fields.Nested(ImportItemSchema),
        metadata={"description": "Texts for codes with no text in this language"},
    )
    changed = fields.List(
        fields.Nested(ImportItemSchema),
        metadata={"description": "Texts that differ from an unchanged database text"},
    )
    conflicts = fields.List(
        fields.Nested(ImportItemSchema),
        metadata={
            "description": "Texts that differ from a database text changed since "
            "the export; never written"
        },
    )
    unchanged = fields.Integer(
        metadata={"description": "Entries equal to the database"}
    )
    untranslated = fields.Integer(
        metadata={"description": "Entries with an empty description, left out"}
    )
    dry_run = fields.Boolean()
    applied = fields.Integer(
        metadata={"description": "Texts written (new and changed); 0 in a dry run"}
    )
    fingerprint = fields.String(
        metadata={"description": "Identifies this preview; see ?fingerprint="}
    )


def text_schema(description: str) -> dict:
    return {"schema": {"type": "string", "description": description}}


EXPORT_RESPONSE = {
    "200": {
        "description": "The exchange file, as an attachment",
        "content": {
            exchange.MEDIA_TYPES["csv"]: text_schema("UTF-8 CSV with a header row"),
            exchange.MEDIA_TYPES["po"]: text_schema("A gettext PO file in UTF-8"),
        },
        "headers": {
            "Content-Disposition": {
                "description": "attachment; filename=statusapp-TAG.csv or .po",
                "schema": {"type": "string"},
            },
            "ETag": "ETag",  # statusapp.api.document
            "Cache-Control": {
                "description": "public, no-cache: any cache may keep the file, "
                "and revalidates it before each use",
                "schema": {"type": "string"},
            },
            "X-Request-ID": "RequestId",  # statusapp.api.document
        },
    }
}
IF_NONE_MATCH = header_parameter(
    "If-None-Match", "The ETag of the file the client has: 304 while it is current"
)
FILE_BODY = {
    "type": "string",
    "format": "binary",
    "description": "An exchange file from the export",
}
IMPORT_BODY = {
    "required": True,
    "description": "The file, uploaded as the form field file or sent as the body",
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
                "required": ["file"],
            }
        },
        **{
            media_type: {"schema": FILE_BODY}
            for media_type in exchange.MEDIA_TYPES.values()
        },
    },
}
