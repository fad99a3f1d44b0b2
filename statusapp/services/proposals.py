"""Proposals: a corrected text offered beside the text it would replace.

A text that editors find wrong is disputed (statusapp.services.translations)
and stays as written; the correction waits beside it as a proposal until an
editor other than its author accepts it, which makes it the text, reviewed,
or rejects it. Each step is a revision in the code's history, so the text as
first written stays visible there whatever happens to it.
"""

from flask_babel import lazy_gettext as _l

from statusapp.extensions import db
from statusapp.models import TextProposal, Translation, User
from statusapp.services import history
from statusapp.services.errors import NotFound
from statusapp.services.permissions import require_acceptor, require_editor
from statusapp.services.saving import NEW, check_version, commit, discard, stale
from statusapp.services.translations import (
    check_status_change,
    clean_translation_fields,
    get_translation_record,
    lock_texts,
    outdate_others,
    start_draft,
)


def get_proposal(code: int, lang: str) -> TextProposal:
    """Return the open proposal for the text of ``code`` in ``lang``, or raise."""
    translation = get_translation_record(code, lang)
    if translation.proposal is None:
        raise NotFound(
            _l(
                "the %(lang)s text of %(code)s has no proposal",
                lang=translation.lang,
                code=code,
            )
        )
    return translation.proposal


def propose(
    code: int,
    lang: str,
    data: dict,
    user: User | None,
    expected_version: int | None = None,
    reason=None,
) -> tuple[TextProposal, bool]:
    """Offer a corrected title and description for a text; return it and whether new.

    A proposal already open for the text is replaced; ``expected_version``
    is its version, or NEW when the caller saw none. With a ``reason``, the
    text is disputed for it at the same time, in the same transaction.
    """
    require_editor(user)
    translation = get_translation_record(code, lang)
    clean = clean_translation_fields(data)
    if reason is not None:
        reason = check_status_change(translation, "disputed", user, reason)
    lock_texts([translation.code])
    proposal = translation.proposal
    if expected_version == NEW and proposal is not None:
        stale(
            _l(
                "the %(lang)s text of %(code)s has a proposal now",
                lang=translation.lang,
                code=code,
            )
        )
    if proposal is None and expected_version not in (None, NEW):
        stale(
            _l(
                "the proposal for the %(lang)s text of %(code)s is gone",
                lang=translation.lang,
                code=code,
            )
        )
    if proposal is not None:
        check_version(proposal, expected_version)
    changed = _write_proposal(translation, proposal, clean, user)
    if reason is not None:
        changed = _dispute(translation, reason, user) or changed
    if not changed:
        discard()
        return proposal, False
    commit()
    return translation.proposal, proposal is None


def _write_proposal(
    translation: Translation, proposal: TextProposal | None, clean: dict, user
) -> bool:
    if proposal is None:
        proposal = TextProposal(
            code=translation.code, lang=translation.lang, author=user, **clean
        )
        translation.proposal = proposal
        db.session.flush()
        after = history.snapshot("proposal", proposal)
        history.record_change("proposal", proposal, None, after, user)
        return True
    if all(getattr(proposal, k) == v for k, v in clean.items()):
        return False
    before = history.snapshot("proposal", proposal)
    for name, value in clean.items():
        setattr(proposal, name, value)
    proposal.author = user
    after = history.snapshot("proposal", proposal)
    history.record_change("proposal", proposal, before, after, user)
    return True


def _dispute(translation: Translation, reason: str, user) -> bool:
    if translation.status == "disputed" and translation.dispute_reason == reason:
        return False
    before = history.snapshot("translation", translation)
    translation.status = "disputed"
    translation.dispute_reason = reason
    translation.reviewed_by = None
    after = history.snapshot("translation", translation)
    history.record_change("translation", translation, before, after, user)
    return True


def accept(
    code: int, lang: str, user: User | None, expected_version: int | None = None
) -> Translation:
    """Make a proposal the text, reviewed by ``user``, and close it.

    ``user`` must be an editor who did not write the proposal; the proposal's
    author becomes the text's last author. Accepting a source-language text
    outdates the other languages' texts, as any change to it does.
    """
    proposal = get_proposal(code, lang)
    require_acceptor(user, proposal)
    translation = proposal.translation
    lock_texts([translation.code])
    check_version(proposal, expected_version)
    before = history.snapshot("translation", translation)
    source_before = translation.description
    translation.title = proposal.title
    translation.description = proposal.description
    source_changed = start_draft(translation, proposal.author, source_before)
    translation.status = "reviewed"
    translation.reviewed_by = user
    after = history.snapshot("translation", translation)
    history.record_change("translation", translation, before, after, user)
    if source_changed:
        outdate_others(translation, user)
    _close(proposal, user)
    commit()
    return translation


def reject(
    code: int, lang: str, user: User | None, expected_version: int | None = None
) -> None:
    """Close a proposal without changing the text; a disputed text stays so."""
    require_editor(user)
    proposal = get_proposal(code, lang)
    check_version(proposal, expected_version)
    _close(proposal, user)
    commit()


def _close(proposal: TextProposal, user: User | None) -> None:
    history.record_deletion("proposal", proposal, user)
    proposal.translation.proposal = None
