"""The interface's own text in English and Simplified Chinese (Flask-Babel)."""

from flask import has_request_context, request

from statusapp.negotiation import interface_locale as negotiated_locale

# The API speaks English: its problem details are for programs and logs. So
# do the test endpoint /status/{code}, whose callers are programs too, and
# the flask commands, which run outside any request.
API_LOCALE = "en"
API_PATHS = ("/api/", "/status/")
# The API's reference is a page for people, with the site's header, so it
# speaks the reader's language like every other page. Named by endpoint, so
# that nothing else under /api/, its assets or a 404 included, follows it.
API_PAGES = frozenset({"docs.index"})


def speaks_api_english() -> bool:
    """Whether this request's interface text is the API's English."""
    if not has_request_context():
        return True
    return request.path.startswith(API_PATHS) and request.endpoint not in API_PAGES


def interface_locale() -> str:
    """Return the Babel locale for this request's interface text."""
    if speaks_api_english():
        return API_LOCALE
    return negotiated_locale()
