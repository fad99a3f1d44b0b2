"""Revisions: who changed what, and the values before and after."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from statusapp.extensions import db
from statusapp.models.accounts import User
from statusapp.models.base import AwareDateTime, SafeJSON, SafeString, utcnow

ENTITIES = ("code", "translation", "note")
ACTIONS = ("create", "update", "delete")


class Revision(db.Model):
    """One change to a code, a translation or a note.

    ``changes`` maps each changed field to ``{"before": ..., "after": ...}``;
    a created record has only "after" values and a deleted one only "before".
    Revisions outlive what they describe, so ``code`` is not a foreign key.
    """

    __tablename__ = "revision"
    __table_args__ = (
        sa.CheckConstraint(
            "entity IN ('code', 'translation', 'note', 'proposal')", name="entity"
        ),
        sa.CheckConstraint("action IN ('create', 'update', 'delete')", name="action"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[int] = mapped_column(index=True)
    entity: Mapped[str] = mapped_column(sa.String(20))
    # "404" for a code, "404/en" for a translation, the note's id for a note.
    entity_key: Mapped[str] = mapped_column(SafeString(60))
    action: Mapped[str] = mapped_column(sa.String(10))
    changes: Mapped[dict] = mapped_column(SafeJSON(dict))
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="SET NULL")
    )
    reverts_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("revision.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(
        AwareDateTime, default=utcnow, index=True
    )

    author: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Revision {self.id} {self.action} {self.entity} {self.entity_key}>"
