"""Accounts: editors and admins, their browser sessions and API tokens."""

import re
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from statusapp.extensions import db
from statusapp.models.base import AwareDateTime, SafeString, Timestamps, utcnow

ROLES = ("editor", "admin")
USERNAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{1,39}$")


class User(Timestamps, db.Model):
    """Someone who may change the catalogue: an editor or an admin."""

    # "user" is a reserved word in PostgreSQL.
    __tablename__ = "user_account"
    __table_args__ = (sa.CheckConstraint("role IN ('editor', 'admin')", name="role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(SafeString(40), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(200))
    role: Mapped[str] = mapped_column(sa.String(10))
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())

    # The login session this instance was loaded through (Flask-Login's id).
    login_session_id = None

    @validates("username")
    def _validate_username(self, key, value):
        if not isinstance(value, str) or not USERNAME.fullmatch(value):
            raise ValueError(
                "a username is 2 to 40 letters, digits, '.', '_' or '-', "
                "starting with a letter or digit"
            )
        return value

    @validates("role")
    def _validate_role(self, key, value):
        if value not in ROLES:
            raise ValueError("role must be editor or admin")
        return value

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    # Flask-Login's user protocol.
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    def get_id(self) -> str | None:
        return self.login_session_id

    def __repr__(self) -> str:
        return f"<User {self.username} ({self.role})>"


class LoginSession(db.Model):
    """One browser login; deleting the row ends that session at once."""

    __tablename__ = "login_session"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)

    user: Mapped[User] = relationship()


class ApiToken(db.Model):
    """A bearer token for the API, stored only as a SHA-256 digest."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    digest: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(AwareDateTime)

    user: Mapped[User] = relationship()
