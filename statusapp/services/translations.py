"""Translations as a workflow: writing, reviewing, and falling out of date.

A translation is a code's title and description in one language. Texts in
languages other than the source language record the source text they were
written from. Saving a text makes it a ``draft``; an editor other than its
last author can mark it ``reviewed``; when the source description changes,
every other language's text of that code becomes ``outdated`` until an
editor updates it or confirms that it still holds. A text known to be wrong
is ``disputed``: it stays as written, with the reason beside it, until an
editor corrects it (statusapp.services.proposals offers corrections for
review) or withdraws the dispute.
"""

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from statusapp.extensions import db
from statusapp.models import StatusCode, Translation, User
from statusapp.services import history
from statusapp.services.codes import get_code_record
from statusapp.services.errors import InvalidValue, NotFound
from statusapp.services.fields import LIMITS, clean_text
from statusapp.services.languages import get_language, source_language
from statusapp.services.permissions import require_editor, require_reviewer
from statusapp.services.saving import NEW, check_version, commit, discard, stale

# What an editor may set a status to; "outdated" is the catalogue's to set.
SETTABLE_STATUSES = ("draft", "reviewed", "disputed")


def clean_translation_fields(data: dict) -> dict:
    """Validate a title and description; raise InvalidValue listing bad fields."""
    errors: dict[str, list[str]] = {}
    clean = {
        "title": clean_text(
            errors, "title", data.get("title"), limit=LIMITS["title"], required=False
        ),
        "description": clean_text(
            errors,
            "description",
            data.get("description"),
            limit=LIMITS["description"],
        ),
    }
    if errors:
        raise InvalidValue(errors)
    return clean


def source_text(code: int) -> Translation | None:
    """Return the source-language text of ``code``, if it has one."""
    return find_translation(code, source_language())


def lock_texts(codes: list[int]) -> None:
    """Keep other writers off these codes' texts until this transaction ends.

    Whether a text is outdated follows from its source text's version, so a
    writer reads the source text only once no other writer can change it,
    and re-reads it then. The update changes nothing: it takes PostgreSQL's
    row lock on each code and SQLite's write lock.
    """
    if not codes:
        return
    table = StatusCode.__table__
    db.session.execute(
        sa.update(table)
        .where(table.c.code.in_(codes))
        .values(updated_at=table.c.updated_at)
    )
    db.session.scalars(
        sa.select(Translation)
        .where(Translation.code.in_(codes), Translation.lang == source_language())
        .execution_options(populate_existing=True)
    ).all()


def _pin_to_source(translation: Translation, source: Translation | None) -> None:
    """Record the source text that ``translation`` now stands against."""
    if translation.lang == source_language():
        translation.source_version = None
        translation.source_description = None
    else:
        translation.source_version = source.version if source else None
        translation.source_description = source.description if source else None


def outdate_others(source: Translation, user: User | None) -> list[Translation]:
    """Mark every other language's text of the source's code outdated."""
    others = db.session.scalars(
        sa.select(Translation).where(
            Translation.code == source.code,
            Translation.lang != source.lang,
            Translation.status.in_(("draft", "reviewed")),
        )
    ).all()
    for other in others:
        before = history.snapshot("translation", other)
        other.status = "outdated"
        history.record_change(
            "translation", other, before, history.snapshot("translation", other), user
        )
    return list(others)


def start_draft(
    translation: Translation, user: User | None, source_before: str | None
) -> bool:
    """Make a text just written a draft by ``user``, pinned to the current source.

    The last of the three steps of writing a text: save_translation checks
    and commits, write_translation changes the record and records the
    revision, and this sets the review fields. ``source_before`` is the
    source description before the change, when the translation is itself the
    source text. Return True when the source description changed, so that
    the caller, once it has recorded this change, calls outdate_others: the
    history then reads cause first.
    """
    translation.status = "draft"
    translation.dispute_reason = None
    translation.updated_by = user
    translation.reviewed_by = None
    if translation.lang == source_language():
        _pin_to_source(translation, None)
        return translation.description != source_before
    _pin_to_source(translation, source_text(translation.code))
    return False


def save_translation(
    code: int,
    lang: str,
    data: dict,
    user: User | None,
    expected_version: int | None = None,
) -> tuple[Translation, bool]:
    """Create or replace a code's text in one language; return it and whether new.

    The text becomes a draft written from the current source text.
    """
    require_editor(user)
    record = get_code_record(code)
    lang = get_language(lang).tag
    clean = clean_translation_fields(data)
    lock_texts([record.code])
    translation = find_translation(code, lang)
    created = translation is None
    if expected_version == NEW and not created:
        stale(
            _l(
                "%(code)s has a %(lang)s translation now; reload and retry",
                code=code,
                lang=lang,
            )
        )
    if created and expected_version not in (None, NEW):
        stale(
            _l(
                "the %(lang)s translation of %(code)s was deleted meanwhile",
                code=code,
                lang=lang,
            )
        )
    if not created:
        check_version(translation, expected_version)
    written = write_translation(record.code, lang, translation, clean, user)
    if written is None:
        discard()
        return translation, False
    commit()
    return written, created


def write_translation(
    code: int,
    lang: str,
    translation: Translation | None,
    clean: dict,
    user: User | None,
) -> Translation | None:
    """Write a checked title and description, without committing.

    The caller holds lock_texts for the code. ``translation`` is the code's
    current text in ``lang``, or None to create one. The text becomes a draft
    against the current source text, with a revision by ``user``. Return the
    translation, or None when ``clean`` matches what it already holds.
    """
    if translation is None:
        translation = Translation(code=code, lang=lang, **clean)
        db.session.add(translation)
        before = None
        source_before = None
    else:
        if all(getattr(translation, k) == v for k, v in clean.items()):
            return None
        before = history.snapshot("translation", translation)
        source_before = translation.description
        for name, value in clean.items():
            setattr(translation, name, value)
    # A new text is inserted once, with its workflow fields, not inserted by
    # an autoflush and then updated (which would make it version 2).
    with db.session.no_autoflush:
        source_changed = start_draft(translation, user, source_before)
    after = history.snapshot("translation", translation)
    history.record_change("translation", translation, before, after, user)
    if source_changed:
        outdate_others(translation, user)
    return translation


def find_translation(code: int, lang: str) -> Translation | None:
    """Return the text of ``code`` in ``lang`` as stored, or None."""
    return db.session.get(Translation, (code, lang))


def get_translation_record(code: int, lang: str) -> Translation:
    """Return the text of ``code`` in ``lang`` (any letter case), or raise NotFound."""
    translation = find_translation(code, get_language(lang).tag)
    if translation is None:
        get_code_record(code)
        raise NotFound(
            _l("%(code)s has no translation into %(lang)s", code=code, lang=lang)
        )
    return translation


def check_status_change(
    translation: Translation, status, user: User | None, reason=None
) -> str | None:
    """Raise unless ``user`` may give ``translation`` the status ``status``.

    Return the dispute reason, cleaned, for ``disputed``, which needs one.
    """
    require_editor(user)
    if status not in SETTABLE_STATUSES:
        raise InvalidValue(
            "status",
            _(
                "Status must be reviewed, draft or disputed; texts become "
                "outdated only when their source text changes."
            ),
        )
    if status == "reviewed":
        require_reviewer(user, translation)
        if translation.status == "disputed":
            raise InvalidValue(
                "status",
                _(
                    "A disputed text cannot be marked reviewed: correct it, "
                    "or withdraw the dispute first."
                ),
            )
    if status != "disputed":
        return None
    errors: dict[str, list[str]] = {}
    reason = clean_text(
        errors, "dispute_reason", reason, limit=LIMITS["dispute_reason"]
    )
    if errors:
        raise InvalidValue(errors)
    return reason


def set_status(
    code: int,
    lang: str,
    status,
    user: User | None,
    expected_version: int | None = None,
    reason=None,
) -> Translation:
    """Mark a text reviewed or disputed, or confirm it as a draft.

    ``reviewed`` takes an editor other than the text's last author. ``draft``
    confirms an outdated text against the current source without reviewing
    it, or withdraws a dispute. ``disputed`` says the text is wrong, for the
    ``reason`` given. Each pins the text to the source text as it is now.
    """
    translation = get_translation_record(code, lang)
    reason = check_status_change(translation, status, user, reason)
    lock_texts([translation.code])
    check_version(translation, expected_version)
    before = history.snapshot("translation", translation)
    source = None if lang == source_language() else source_text(code)
    unchanged = (
        translation.status == status
        and translation.dispute_reason == reason
        and (source is None or translation.source_version == source.version)
    )
    if unchanged:
        discard()
        return translation
    translation.status = status
    translation.dispute_reason = reason
    translation.reviewed_by = user if status == "reviewed" else None
    _pin_to_source(translation, source)
    after = history.snapshot("translation", translation)
    history.record_change("translation", translation, before, after, user)
    commit()
    return translation


def delete_translation(
    code: int, lang: str, user: User | None, expected_version: int | None = None
):
    """Remove a code's text in one language."""
    require_editor(user)
    translation = get_translation_record(code, lang)
    check_version(translation, expected_version)
    history.record_deletion("translation", translation, user)
    db.session.delete(translation)
    commit()
