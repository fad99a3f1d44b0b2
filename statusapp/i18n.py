"""The interface's own text in English and Simplified Chinese (Flask-Babel)."""

from flask import has_request_context, request

from statusapp.negotiation import interface_locale as negotiated_locale

# The API speaks English: its problem details are for programs and logs. So
# do the flask commands, which run outside any request.
API_LOCALE = "en"


def interface_locale() -> str:
    """Return the Babel locale for this request's interface text."""
    if not has_request_context() or request.path.startswith("/api/"):
        return API_LOCALE
    return negotiated_locale()
