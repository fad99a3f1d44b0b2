"""Languages: which the catalogue is written in, which readers see, the source."""

import sqlalchemy as sa
from flask import g, has_request_context
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from statusapp.extensions import db
from statusapp.models import Language, User
from statusapp.services.errors import Conflict, InvalidValue, NotFound
from statusapp.services.fields import LIMITS, clean_text
from statusapp.services.language_tags import canonical_tag, is_language_tag
from statusapp.services.permissions import require_admin
from statusapp.services.saving import check_version, commit

# The source language of a catalogue whose table names none.
DEFAULT_SOURCE = "zh-CN"

# Reading --------------------------------------------------------------------


def list_languages(*, enabled_only: bool = False) -> list[Language]:
    """Return the languages, the source language first, then the rest by tag."""
    query = sa.select(Language).order_by(Language.is_source.desc(), Language.tag)
    if enabled_only:
        query = query.where(Language.enabled)
    return list(db.session.scalars(query))


def known_languages() -> list[Language]:
    """Return every language, read once per request."""
    if not has_request_context():
        return list_languages()
    if "languages" not in g:
        g.languages = list_languages()
    return g.languages


def enabled_languages() -> list[Language]:
    """Return the languages readers may pick, the source first."""
    return [language for language in known_languages() if language.enabled]


def enabled_tags() -> list[str]:
    """Return the tags of the languages readers may pick, the source first."""
    return [language.tag for language in enabled_languages()]


def _forget() -> None:
    if has_request_context():
        g.pop("languages", None)


def source_language() -> str:
    """Return the tag of the source language (zh-CN unless changed)."""
    return next((x.tag for x in known_languages() if x.is_source), DEFAULT_SOURCE)


def native_name(tag: str) -> str:
    """Return a language's name in itself, or the tag if it is not known."""
    return next((x.native_name for x in known_languages() if x.tag == tag), tag)


def get_language(tag: str) -> Language:
    """Return the language ``tag`` names (in any letter case), or raise NotFound."""
    # A malformed tag names no language, and may hold what a database refuses.
    if not is_language_tag(tag):
        raise NotFound(_l("that is not a language tag, so not one of the languages"))
    language = db.session.scalar(
        sa.select(Language).where(sa.func.lower(Language.tag) == tag.lower())
    )
    if language is None:
        raise NotFound(_l("%(tag)s is not one of the catalogue's languages", tag=tag))
    return language


# Changing ---------------------------------------------------------------------


def clean_language_fields(data: dict, *, partial: bool) -> dict:
    """Validate a language's fields; raise InvalidValue listing every bad one."""
    errors: dict[str, list[str]] = {}
    clean = {}
    if not partial:
        try:
            clean["tag"] = canonical_tag(data.get("tag"))
        except InvalidValue as exc:
            errors.update(exc.errors)
    for field in ("name", "native_name"):
        if field in data or not partial:
            clean[field] = clean_text(
                errors, field, data.get(field), limit=LIMITS["language_name"]
            )
    if "enabled" in data:
        if not isinstance(data["enabled"], bool):
            errors["enabled"] = [_("Must be true or false.")]
        clean["enabled"] = data["enabled"]
    if errors:
        raise InvalidValue(errors)
    return clean


def _require_admin(user: User | None, from_command_line: bool) -> None:
    if not from_command_line:
        require_admin(user)


def add_language(
    data: dict, user: User | None, *, from_command_line: bool = False
) -> Language:
    """Add a language readers can pick and editors can translate into (admins)."""
    _require_admin(user, from_command_line)
    clean = clean_language_fields(data, partial=False)
    existing = db.session.scalar(
        sa.select(Language.tag).where(
            sa.func.lower(Language.tag) == clean["tag"].lower()
        )
    )
    if existing is not None:
        raise Conflict(
            _l("%(tag)s is already one of the catalogue's languages", tag=existing)
        )
    language = Language(**clean, is_source=False)
    db.session.add(language)
    commit(f"{clean['tag']} was added at the same moment by someone else")
    _forget()
    return language


def update_language(
    tag: str,
    data: dict,
    user: User | None,
    expected_version: int | None = None,
    *,
    from_command_line: bool = False,
) -> Language:
    """Rename, enable or disable a language (admins); the source stays enabled."""
    _require_admin(user, from_command_line)
    language = get_language(tag)
    check_version(language, expected_version)
    clean = clean_language_fields(data, partial=True)
    if clean.get("enabled") is False and language.is_source:
        raise Conflict(
            _l(
                "%(tag)s is the source language; it cannot be disabled",
                tag=language.tag,
            )
        )
    for name, value in clean.items():
        setattr(language, name, value)
    commit()
    _forget()
    return language
