"""Domain errors: what a request asked for that the catalogue cannot do."""

from flask_babel import lazy_gettext as _l


class DomainError(Exception):
    """A request the catalogue cannot satisfy, with a message for the user."""


class NotFound(DomainError):
    """The record does not exist."""


class UnknownCode(NotFound):
    """A number that is not a status code in the catalogue, said in the
    interface language; readers are shown the codes around ``code``."""

    def __init__(self, code: int):
        # Said in the language of wherever it is shown, not where it is raised.
        super().__init__(
            _l("%(code)s is not a status code in this catalogue", code=code)
        )
        self.code = code


class InvalidValue(DomainError):
    """One or more fields break a rule; ``errors`` maps each to its messages."""

    def __init__(self, field: str | dict, message: str | None = None):
        self.errors = {field: [message]} if isinstance(field, str) else field
        first = next(iter(self.errors.values()))[0]
        super().__init__(message or first)

    @property
    def field(self) -> str:
        """The first field at fault."""
        return next(iter(self.errors))


class Conflict(DomainError):
    """The change clashes with what exists (a code that is already there)."""


class StaleVersion(DomainError):
    """The record changed since the caller read it."""


class PermissionDenied(DomainError):
    """The user's role does not allow this change."""


class TooManyAttempts(DomainError):
    """Too many failed logins; ``retry_after`` says in how many seconds to retry."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after


class Busy(DomainError):
    """The worker is doing as much heavy work as it may; retry in a moment."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.retry_after = retry_after
