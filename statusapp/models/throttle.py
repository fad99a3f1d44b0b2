"""Recent login attempts, counted per client address and per account."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from statusapp.extensions import db
from statusapp.models.base import AwareDateTime


class LoginThrottle(db.Model):
    """The times of one key's login attempts within the current window.

    A key is a scope and a digest (``address:…`` or ``account:…``), so that
    no name an attacker typed is stored. Rows whose window has passed are
    removed as attempts go by.
    """

    key: Mapped[str] = mapped_column(sa.String(80), primary_key=True)
    # Seconds since the epoch, oldest first; never more than the key's limit.
    attempts: Mapped[list[float]] = mapped_column(sa.JSON, default=list)
    expires_at: Mapped[datetime] = mapped_column(AwareDateTime, index=True)
