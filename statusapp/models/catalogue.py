"""The catalogue's tables: languages, status codes, their texts, notes, classes."""

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from statusapp.extensions import db
from statusapp.models.base import SafeJSON, SafeString, SafeText, Timestamps

REGISTRY_STATUSES = ("permanent", "deprecated", "obsoleted", "unused", "unregistered")
CODE_RANGE = range(100, 600)
# Where a translation stands: against its source-language text, or, when
# disputed, against the facts (its dispute_reason says what is wrong).
TRANSLATION_STATUSES = ("draft", "reviewed", "outdated", "disputed")


class Language(Timestamps, db.Model):
    """A language the catalogue is written in; one of them is the source."""

    __tablename__ = "language"
    __table_args__ = (
        # At most one source language.
        sa.Index(
            "uq_language_is_source",
            "is_source",
            unique=True,
            sqlite_where=sa.text("is_source"),
            postgresql_where=sa.text("is_source"),
        ),
    )

    tag: Mapped[str] = mapped_column(SafeString(35), primary_key=True)
    name: Mapped[str] = mapped_column(SafeString(100))
    native_name: Mapped[str] = mapped_column(SafeString(100))
    enabled: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    is_source: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<Language {self.tag}>"


class ClassName(db.Model):
    """The name of a status class (1xx ... 5xx) in one language."""

    __tablename__ = "class_name"
    __table_args__ = (sa.CheckConstraint("number BETWEEN 1 AND 5", name="number"),)

    number: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    lang: Mapped[str] = mapped_column(SafeString(35), primary_key=True)
    name: Mapped[str] = mapped_column(SafeString(100))


class StatusCode(Timestamps, db.Model):
    """One HTTP status code and its registry facts."""

    __tablename__ = "status_code"
    __table_args__ = (
        sa.CheckConstraint("code BETWEEN 100 AND 599", name="code_range"),
        sa.CheckConstraint(
            "registry_status IN ('permanent', 'deprecated', 'obsoleted', "
            "'unused', 'unregistered')",
            name="registry_status",
        ),
    )

    code: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    reason_phrase: Mapped[str] = mapped_column(SafeString(100))
    reference: Mapped[str | None] = mapped_column(SafeString(200))
    reference_url: Mapped[str | None] = mapped_column(SafeString(500))
    registry_status: Mapped[str] = mapped_column(sa.String(20))
    aliases: Mapped[list[str]] = mapped_column(
        SafeJSON(list), default=list, server_default="[]"
    )
    extension: Mapped[str | None] = mapped_column(SafeString(100))
    # The header fields the specifications attach to this status, each
    # {"header", "rule" (must, should or may), "reference", "reference_url"}:
    # shown on the code's page, and what /status/{code} sends.
    header_rules: Mapped[list[dict]] = mapped_column(
        SafeJSON(list), default=list, server_default="[]"
    )
    # Who uses this number outside the registry, and for what, each
    # {"vendor", "phrase", "meaning", "source_url"}; 499 has two.
    usages: Mapped[list[dict]] = mapped_column(
        SafeJSON(list), default=list, server_default="[]"
    )
    # The code's heading exactly as the source page printed it, if it came from there.
    source_heading: Mapped[str | None] = mapped_column(SafeString(200))
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    translations: Mapped[list["Translation"]] = relationship(
        back_populates="status_code",
        cascade="all, delete-orphan",
        order_by="Translation.lang",
    )
    notes: Mapped[list["Note"]] = relationship(
        back_populates="status_code",
        cascade="all, delete-orphan",
        order_by="Note.id",
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def class_number(self) -> int:
        return self.code // 100

    @validates("code")
    def _validate_code(self, key, value):
        if value not in CODE_RANGE:
            raise ValueError("a status code is a number from 100 to 599")
        return value

    @validates("registry_status")
    def _validate_registry_status(self, key, value):
        if value not in REGISTRY_STATUSES:
            raise ValueError(
                "registry status must be one of " + ", ".join(REGISTRY_STATUSES)
            )
        return value

    @property
    def translations_by_lang(self) -> dict[str, "Translation"]:
        return {t.lang: t for t in self.translations}

    def __repr__(self) -> str:
        return f"<StatusCode {self.code} {self.reason_phrase!r}>"


class Translation(Timestamps, db.Model):
    """A code's title and description in one language.

    A translation records the source-language text it was written from (its
    version and a copy), so that readers can see what changed in the source
    since, and where it stands: draft, reviewed, outdated, or disputed (known
    to be wrong, kept as written, with the reason beside it).
    """

    __tablename__ = "translation"
    __table_args__ = (
        sa.CheckConstraint(
            "status IN ('draft', 'reviewed', 'outdated', 'disputed')", name="status"
        ),
        sa.CheckConstraint(
            "status <> 'disputed' OR dispute_reason IS NOT NULL",
            name="dispute_reason",
        ),
    )

    code: Mapped[int] = mapped_column(
        sa.ForeignKey("status_code.code", ondelete="CASCADE"), primary_key=True
    )
    lang: Mapped[str] = mapped_column(
        sa.ForeignKey("language.tag", onupdate="CASCADE"), primary_key=True
    )
    title: Mapped[str | None] = mapped_column(SafeString(200))
    description: Mapped[str] = mapped_column(SafeText)
    status: Mapped[str] = mapped_column(
        sa.String(10), default="draft", server_default="draft"
    )
    # The version of the source-language translation this text was written
    # from, and that text itself; both empty for the source language.
    source_version: Mapped[int | None]
    source_description: Mapped[str | None] = mapped_column(SafeText)
    # What is wrong with a disputed text, in any language; empty otherwise.
    dispute_reason: Mapped[str | None] = mapped_column(SafeText)
    # The last editor to write the text, who may not review it themselves.
    updated_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    reviewed_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    status_code: Mapped[StatusCode] = relationship(back_populates="translations")
    updated_by: Mapped["User | None"] = relationship(  # noqa: F821
        foreign_keys=[updated_by_id]
    )
    reviewed_by: Mapped["User | None"] = relationship(  # noqa: F821
        foreign_keys=[reviewed_by_id]
    )
    proposal: Mapped["TextProposal | None"] = relationship(
        back_populates="translation", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<Translation {self.code} {self.lang}>"


class TextProposal(Timestamps, db.Model):
    """A corrected title and description offered for a text, awaiting review.

    It stands beside the text it would replace, which stays as written until
    an editor other than the proposal's author accepts it. A text has at
    most one open proposal.
    """

    __tablename__ = "text_proposal"
    __table_args__ = (
        sa.ForeignKeyConstraint(
            ["code", "lang"],
            ["translation.code", "translation.lang"],
            ondelete="CASCADE",
            onupdate="CASCADE",
        ),
    )

    code: Mapped[int] = mapped_column(primary_key=True)
    lang: Mapped[str] = mapped_column(SafeString(35), primary_key=True)
    title: Mapped[str | None] = mapped_column(SafeString(200))
    description: Mapped[str] = mapped_column(SafeText)
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    # Marks proposals that came from seed.sql, so a second `flask seed` knows them.
    seed_key: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    translation: Mapped[Translation] = relationship(back_populates="proposal")
    author: Mapped["User | None"] = relationship()  # noqa: F821  (accounts.py)

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<TextProposal {self.code} {self.lang}>"


class Note(Timestamps, db.Model):
    """An editor's remark on a code, written in Markdown."""

    __tablename__ = "note"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[int] = mapped_column(
        sa.ForeignKey("status_code.code", ondelete="CASCADE"), index=True
    )
    lang: Mapped[str | None] = mapped_column(SafeString(35))
    body: Mapped[str] = mapped_column(SafeText)
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    # Marks notes that came from seed.sql, so a second `flask seed` knows them.
    seed_key: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    status_code: Mapped[StatusCode] = relationship(back_populates="notes")
    author: Mapped["User | None"] = relationship()  # noqa: F821  (accounts.py)

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<Note {self.id} on {self.code}>"


class CatalogueGeneration(db.Model):
    """A number that moves on whenever anything readers see is written.

    One row. Triggers in the database bump it inside the writing transaction,
    whoever writes (the app, a flask command, psql), so a worker that reads it
    before answering from its read cache can never serve what a committed
    write has changed (statusapp.services.read_cache).
    """

    __tablename__ = "catalogue_generation"
    __table_args__ = (sa.CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(sa.BigInteger)
