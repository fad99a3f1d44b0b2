"""Exchange files: one language's texts as CSV or PO, out for offline work and in."""

from flask import Response, g, request
from flask.views import MethodView

from statusapp.api.auth import token_required
from statusapp.api.base import JSON_TYPES, PROBLEM, WRITE_ERRORS, Blueprint
from statusapp.api.schemas.common import TAG_PARAMETER
from statusapp.api.schemas.exchange import (
    EXPORT_RESPONSE,
    IF_NONE_MATCH,
    IMPORT_BODY,
    ExportArgsSchema,
    ImportArgsSchema,
    ImportReportSchema,
)
from statusapp.errors import abort_problem
from statusapp.services import exchange, languages

blp = Blueprint(
    "exchange",
    __name__,
    description="Exchange files: export one language's texts as CSV or gettext "
    "PO, and import them back",
)

FILE_TYPES = list(exchange.MEDIA_TYPES.values())
# Raw bodies the import reads; any of them may name the format with ?format=.
BODY_TYPES = {*exchange.FORMAT_OF_MEDIA_TYPE, "text/plain", "application/octet-stream"}


BUSY = (
    "The server is busy building other exports and reading imports; nothing "
    "was done. Retry after the seconds Retry-After gives"
)


@blp.route("/languages/<string:tag>/export", parameters=[TAG_PARAMETER, IF_NONE_MATCH])
class Export(MethodView):
    # What this endpoint can answer, for the Accept check every request has.
    media_types = [*FILE_TYPES, *JSON_TYPES]

    @blp.arguments(ExportArgsSchema, location="query", as_kwargs=True)
    @blp.alt_response(
        304, description="The client's copy, named by If-None-Match, is current"
    )
    @blp.alt_response(404, description="No such language", **PROBLEM)
    @blp.alt_response(503, description=BUSY, **PROBLEM)
    @blp.doc(responses=EXPORT_RESPONSE)
    @blp.doc(operationId="exportLanguage")
    def get(self, tag, format=None):
        """Export one language's texts, one entry per code, as CSV or PO."""
        if format is None:
            # Accept picks the format; every API answer names Accept in Vary.
            best = request.accept_mimetypes.best_match(FILE_TYPES, FILE_TYPES[0])
            format = exchange.detect_format(media_type=best)
        exported = exchange.export_language(tag, format)
        response = Response(
            exported.content,
            content_type=f"{exported.media_type}; charset=utf-8",
            headers={
                "Content-Disposition": f'attachment; filename="{exported.filename}"'
            },
        )
        response.set_etag(exported.etag)
        # The same file for everyone, so shared caches may keep it; each use
        # revalidates, as its versions must be the catalogue's current ones.
        response.cache_control.public = True
        response.cache_control.no_cache = True
        return response.make_conditional(request)


def uploaded_file(format: str | None) -> tuple[bytes, str]:
    """Return the request's file and its format; 415 when neither is clear."""
    if request.mimetype == "multipart/form-data":
        # The field is called file; a form with one file under another name
        # is taken as meaning the same.
        uploads = list(request.files.values())
        upload = request.files.get("file") or (
            uploads[0] if len(uploads) == 1 else None
        )
        if upload is None:
            abort_problem(
                422,
                "Upload the file in the form field named file.",
                errors={"file": ["Missing file."]},
            )
        data = upload.read()
        format = format or exchange.detect_format(upload.filename, upload.mimetype)
    elif request.mimetype in BODY_TYPES or not request.mimetype:
        data = request.get_data()
        format = format or exchange.detect_format(media_type=request.mimetype)
    else:
        abort_problem(
            415,
            f"Send the file as {' or '.join(FILE_TYPES)}, or upload it as "
            f"multipart/form-data in the field file, not {request.mimetype}.",
        )
    format = format or exchange.sniff_format(data)
    if format is None:
        abort_problem(
            415,
            "Say which format the file is in: add ?format=csv or ?format=po, name "
            "it .csv or .po, or send it as text/csv or text/x-gettext-translation.",
        )
    return data, format


@blp.route("/languages/<string:tag>/import", parameters=[TAG_PARAMETER])
class Import(MethodView):
    @token_required("editor")
    @blp.arguments(ImportArgsSchema, location="query", as_kwargs=True)
    @blp.response(200, ImportReportSchema)
    @blp.alt_response(401, description=WRITE_ERRORS[401], **PROBLEM)
    @blp.alt_response(403, description=WRITE_ERRORS[403], **PROBLEM)
    @blp.alt_response(404, description="No such language", **PROBLEM)
    @blp.alt_response(
        409, description="Someone created one of the texts meanwhile", **PROBLEM
    )
    @blp.alt_response(
        412,
        description="A text changed while importing, or the preview named by "
        "fingerprint is no longer what the import would do",
        **PROBLEM,
    )
    @blp.alt_response(413, description=WRITE_ERRORS[413], **PROBLEM)
    @blp.alt_response(
        415, description="Not a CSV or PO file, or its format is unclear", **PROBLEM
    )
    @blp.alt_response(503, description=BUSY, **PROBLEM)
    @blp.alt_response(
        422,
        description="The file is malformed: the problem names the line or entry; "
        "nothing was written",
        **PROBLEM,
    )
    @blp.doc(requestBody=IMPORT_BODY, security=[{"bearerAuth": []}])
    @blp.doc(operationId="importLanguage")
    def post(self, tag, format=None, dry_run=False, fingerprint=None):
        """Import a CSV or PO file: its new and changed texts become drafts."""
        languages.get_language(tag)  # 404 before any complaint about the body
        data, format = uploaded_file(format)
        return exchange.import_file(
            tag, data, format, g.api_user, dry_run=dry_run, expected=fingerprint
        )
