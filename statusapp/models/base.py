"""Column types and mixins shared by every table."""

import re
import sqlite3
from datetime import UTC, datetime
from functools import partial

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(UTC)


class AwareDateTime(sa.TypeDecorator):
    """A timestamp that always comes back timezone-aware, in UTC.

    SQLite keeps no zone, so values are normalised to UTC on the way in and
    tagged as UTC on the way out.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None:
            if value.tzinfo is None:
                raise ValueError("naive datetime given for an aware column")
            value = value.astimezone(UTC)
            if dialect.name == "sqlite":
                value = value.replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


# Reading ---------------------------------------------------------------------
#
# The services refuse text no reader can take, but a row written around them
# (by hand, by an older version, by another program) may still hold some. The
# types below hand readers a stand-in, U+FFFD, for what cannot be encoded or
# stored, so that one bad row cannot make a page, the API or an export fail;
# `flask doctor` finds such rows from the stored values themselves.

REPLACEMENT = "\ufffd"
# A lone surrogate cannot be encoded as UTF-8, and NUL cannot be saved again
# on PostgreSQL; a JSON document may carry either as an escape.
UNREADABLE = re.compile("[\x00\ud800-\udfff]")


def readable(value: str) -> str:
    """Return ``value`` with each NUL and lone surrogate replaced by U+FFFD."""
    # Almost every value is clean. These checks run in C, several times faster
    # than a regex scan: ASCII holds no surrogate, and other text is clean of
    # them when it encodes as UTF-8.
    if "\x00" not in value:
        if value.isascii():
            return value
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            pass
        else:
            return value
    return UNREADABLE.sub(REPLACEMENT, value)


def readable_json(value):
    """Return a JSON value with every string in it, keys too, made readable."""
    if isinstance(value, str):
        return readable(value)
    if isinstance(value, list):
        return [readable_json(item) for item in value]
    if isinstance(value, dict):
        return {readable_json(k): readable_json(v) for k, v in value.items()}
    return value


class _ReadableText:
    def process_result_value(self, value, dialect):
        if isinstance(value, str):
            return readable(value)
        if isinstance(value, bytes):
            # SQLite hands back a value stored as a BLOB as bytes.
            return readable(value.decode("utf-8", "replace"))
        return value


class SafeString(_ReadableText, sa.TypeDecorator):
    """A VARCHAR whose values always come back as text every reader can take."""

    impl = sa.String
    cache_ok = True


class SafeText(_ReadableText, sa.TypeDecorator):
    """A TEXT whose values always come back as text every reader can take."""

    impl = sa.Text
    cache_ok = True


class SafeJSON(sa.TypeDecorator):
    """A JSON document that always comes back as ``shape``, its strings readable.

    A document that is not JSON at all (SQLite stores any text), or is not a
    ``shape`` (null included), comes back as an empty ``shape``: so use it for
    columns that are NOT NULL.
    """

    impl = sa.JSON
    cache_ok = True

    def __init__(self, shape: type[list] | type[dict] = dict):
        super().__init__()
        self.shape = shape

    def result_processor(self, dialect, coltype):
        # Wrapped rather than replaced, so that the driver's or JSON's own
        # decoding still runs first; only its failure is caught here.
        load = super().result_processor(dialect, coltype)

        def process(value):
            try:
                return load(value)
            except (ValueError, TypeError, RecursionError):
                return self.shape()

        return process

    def process_result_value(self, value, dialect):
        if not isinstance(value, self.shape):
            return self.shape()
        return readable_json(value)


# SQLite gives back stored text as it is, and a value that is not UTF-8 would
# make every query that reads it fail with "Could not decode to UTF-8". C code
# end to end (partial of str), so the bytes of a good value cost one decode.
_SQLITE_TEXT = partial(str, encoding="utf-8", errors="replace")


@sa.event.listens_for(sa.engine.Engine, "connect")
def _decode_sqlite_text_leniently(dbapi_connection, connection_record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.text_factory = _SQLITE_TEXT


class Timestamps:
    created_at: Mapped[datetime] = mapped_column(
        AwareDateTime, default=utcnow, server_default=sa.func.current_timestamp()
    )
    updated_at: Mapped[datetime] = mapped_column(
        AwareDateTime,
        default=utcnow,
        onupdate=utcnow,
        server_default=sa.func.current_timestamp(),
    )
