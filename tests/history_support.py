"""Helpers for the history tests: a long history, made through the services."""

import sqlalchemy as sa

from statusapp.extensions import db
from statusapp.models import Revision
from statusapp.services import accounts, codes


def long_history(app, count: int, code: int = 404) -> list[int]:
    """Change ``code``'s reference ``count`` times as eddie; return the ids of
    every revision of the code, newest first, as read from the table itself."""
    with app.app_context():
        editor = accounts.get_user("eddie")
        for n in range(count):
            codes.update_code(code, {"reference": f"RFC {n}"}, editor)
        return list(
            db.session.scalars(
                sa.select(Revision.id)
                .where(Revision.code == code)
                .order_by(Revision.id.desc())
            )
        )
