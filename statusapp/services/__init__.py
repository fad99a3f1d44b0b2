"""Domain operations shared by the JSON API, the HTML pages and the commands.

They raise the domain errors of statusapp.services.errors, never HTTP ones;
statusapp.errors maps them to responses. Import the module that holds what
you need (``from statusapp.services import codes``); this package itself
only hands on the errors.

The modules stand on three floors. Each imports only modules listed before
it here, never one after it, and never from inside a function; a test reads
the imports and holds them to this order (tests/unit/test_layers.py).

1. Groundwork, importing no subject:
   errors          what a request asked for that the catalogue cannot do
   fields          each text field's limit and cleaning; the URL rule
   language_tags   the one language-tag rule (RFC 5646) and canonical case
   saving          the one commit path, version checks, NEW
   permissions     who may edit, administer, change a note, review, revert
   bounded         a store bounded in bytes, least recently used out first
2. One module per subject:
   history         recording revisions, a code's history, a revert's plan
   languages       the languages table: which exist, the source, readers'
   coverage        how far each language is translated; the work lists
   codes           status codes and their fields
   notes           editors' notes
   translations    texts as a workflow: draft, reviewed, outdated, disputed
   proposals       corrected texts offered for review beside the text
   reverting       undoing a revision through the rules above
   login_limits    failed logins counted per address and per account
   housekeeping    removing expired sessions, tokens and login counts
   accounts        users, passwords, login sessions, API tokens
   exchange        CSV and PO files out and in (a package)
   registry_check  the catalogue against the shipped IANA registry table
   integrity       stored rows against the write rules and what readers need
3. Reading:
   catalogue       codes as a reader of one language sees them; lists, search
   read_cache      answers kept per worker while the catalogue generation holds
   status_responses  what /status/{code} answers, from a code's header rules
"""

from statusapp.services.errors import (
    Busy,
    Conflict,
    DomainError,
    InvalidValue,
    NotFound,
    PermissionDenied,
    StaleVersion,
    TooManyAttempts,
    UnknownCode,
)

# The order above, as the layer test reads it.
LAYERS = (
    ("errors", "fields", "language_tags", "saving", "permissions", "bounded"),
    (
        "history",
        "languages",
        "coverage",
        "codes",
        "notes",
        "translations",
        "proposals",
        "reverting",
        "login_limits",
        "housekeeping",
        "accounts",
        "exchange",
        "registry_check",
        "integrity",
    ),
    ("catalogue", "read_cache", "status_responses"),
)

__all__ = [
    "LAYERS",
    "Busy",
    "Conflict",
    "DomainError",
    "InvalidValue",
    "NotFound",
    "UnknownCode",
    "PermissionDenied",
    "StaleVersion",
    "TooManyAttempts",
]
