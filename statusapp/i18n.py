"""The interface's own text in English and Simplified Chinese (Flask-Babel)."""

from flask import request

from statusapp.negotiation import interface_locale as negotiated_locale

# The API speaks English: its problem details are for programs and logs.
API_LOCALE = "en"


def interface_locale() -> str:
    """Return the Babel locale for this request's interface text."""
    if request.path.startswith("/api/"):
        return API_LOCALE
    return negotiated_locale()
