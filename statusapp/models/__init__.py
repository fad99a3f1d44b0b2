"""The database tables, as typed SQLAlchemy models."""

from statusapp.models.accounts import ROLES, ApiToken, LoginSession, User
from statusapp.models.base import AwareDateTime, utcnow
from statusapp.models.catalogue import (
    CODE_RANGE,
    REGISTRY_STATUSES,
    TRANSLATION_STATUSES,
    CatalogueGeneration,
    ClassName,
    Language,
    Note,
    StatusCode,
    TextProposal,
    Translation,
)
from statusapp.models.history import Revision
from statusapp.models.throttle import LoginThrottle

__all__ = [
    "CODE_RANGE",
    "REGISTRY_STATUSES",
    "ROLES",
    "TRANSLATION_STATUSES",
    "ApiToken",
    "AwareDateTime",
    "CatalogueGeneration",
    "ClassName",
    "Language",
    "LoginSession",
    "LoginThrottle",
    "Note",
    "Revision",
    "StatusCode",
    "TextProposal",
    "Translation",
    "User",
    "utcnow",
]
