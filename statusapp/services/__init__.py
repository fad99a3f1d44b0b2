"""Domain operations shared by the JSON API and the HTML pages.

They raise the domain errors of statusapp.services.errors, never HTTP ones;
statusapp.errors maps them to responses.
"""

from statusapp.services import accounts, editing, history, languages, translations
from statusapp.services.catalogue import (
    CodePage,
    LocalisedCode,
    check_language_tag,
    class_names,
    get_code,
    get_translation,
    list_classes,
    list_codes,
    neighbours,
)
from statusapp.services.errors import (
    Conflict,
    DomainError,
    InvalidValue,
    NotFound,
    PermissionDenied,
    StaleVersion,
)

__all__ = [
    "CodePage",
    "Conflict",
    "DomainError",
    "InvalidValue",
    "LocalisedCode",
    "NotFound",
    "PermissionDenied",
    "StaleVersion",
    "accounts",
    "check_language_tag",
    "class_names",
    "editing",
    "get_code",
    "get_translation",
    "history",
    "languages",
    "list_classes",
    "list_codes",
    "neighbours",
    "translations",
]
