"""Who may do what: edit, administer, change a note, review a text, revert."""

from types import SimpleNamespace

import pytest

from statusapp.services.errors import PermissionDenied
from statusapp.services.permissions import (
    ADMINS_ONLY,
    NOT_YOUR_OWN_TEXT,
    NOTE_OWNERS_ONLY,
    is_admin,
    is_editor,
    may_change_note,
    may_revert,
    may_review,
    require_admin,
    require_editor,
    require_note_owner,
    require_reverter,
    require_reviewer,
)

USERS = {
    "eddie": SimpleNamespace(id=1, is_active=True, is_admin=False),
    "erin": SimpleNamespace(id=2, is_active=True, is_admin=False),
    "ada": SimpleNamespace(id=3, is_active=True, is_admin=True),
    # Deactivated accounts keep their role but may do nothing.
    "gone": SimpleNamespace(id=4, is_active=False, is_admin=False),
    "gone admin": SimpleNamespace(id=5, is_active=False, is_admin=True),
    "anonymous": None,
}
EDDIE = USERS["eddie"].id


def user(name):
    return USERS[name]


@pytest.mark.parametrize(
    ("name", "editor", "admin"),
    [
        ("eddie", True, False),
        ("ada", True, True),
        ("gone", False, False),
        ("gone admin", False, False),
        ("anonymous", False, False),
    ],
)
def test_editors_and_admins(name, editor, admin):
    assert is_editor(user(name)) is editor
    assert is_admin(user(name)) is admin


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("anonymous", "log in as an editor to change the catalogue"),
        ("gone", "log in as an editor to change the catalogue"),
        ("gone admin", "log in as an editor to change the catalogue"),
        ("eddie", ADMINS_ONLY),
    ],
)
def test_admin_work_is_refused_to_others_saying_why(name, message):
    with pytest.raises(PermissionDenied, match=str(message)):
        require_admin(user(name))


@pytest.mark.parametrize("name", ["eddie", "ada"])
def test_active_accounts_may_edit(name):
    assert require_editor(user(name)) is user(name)


@pytest.mark.parametrize(
    ("name", "may"),
    [
        ("eddie", True),  # the author
        ("erin", False),
        ("ada", True),
        ("gone", False),
        ("anonymous", False),
    ],
)
def test_a_note_is_changed_by_its_author_or_an_admin(name, may):
    note = SimpleNamespace(author_id=EDDIE)

    assert may_change_note(user(name), EDDIE) is may
    if may:
        assert require_note_owner(user(name), note) is user(name)
    else:
        with pytest.raises(PermissionDenied):
            require_note_owner(user(name), note)


def test_a_note_without_a_known_author_is_for_admins():
    assert not may_change_note(user("eddie"), None)
    assert may_change_note(user("ada"), None)


@pytest.mark.parametrize(
    ("name", "status", "last_author", "may"),
    [
        ("erin", "draft", "eddie", True),
        ("erin", "outdated", "eddie", True),
        ("erin", "reviewed", "eddie", False),  # nothing left to review
        ("eddie", "draft", "eddie", False),  # not one's own text
        ("ada", "draft", "ada", False),  # not even an admin's
        ("ada", "draft", None, True),
        ("gone", "draft", "eddie", False),
        ("anonymous", "draft", "eddie", False),
    ],
)
def test_a_text_is_reviewed_by_another_editor(name, status, last_author, may):
    author = user(last_author).id if last_author else None
    text = SimpleNamespace(status=status, updated_by_id=author)

    assert may_review(user(name), text) is may


def test_the_last_author_is_told_why_they_may_not_review():
    text = SimpleNamespace(status="draft", updated_by_id=EDDIE)

    with pytest.raises(PermissionDenied, match=str(NOT_YOUR_OWN_TEXT)):
        require_reviewer(user("eddie"), text)
    assert require_reviewer(user("erin"), text) is user("erin")


# Reverting: (what the revision did, the note's author) -> who may undo it.
REVERTERS = [
    ("code", "update", None, {"eddie", "erin", "ada"}),
    ("code", "create", None, {"ada"}),
    ("code", "delete", None, {"ada"}),
    ("translation", "create", None, {"eddie", "erin", "ada"}),
    ("translation", "update", None, {"eddie", "erin", "ada"}),
    ("translation", "delete", None, {"eddie", "erin", "ada"}),
    ("note", "create", EDDIE, {"eddie", "ada"}),
    ("note", "update", EDDIE, {"eddie", "ada"}),
    ("note", "update", None, {"ada"}),
    # A deleted note comes back for any editor; no one's text is overwritten.
    ("note", "delete", EDDIE, {"eddie", "erin", "ada"}),
    ("note", "delete", None, {"eddie", "erin", "ada"}),
]


@pytest.mark.parametrize(("entity", "action", "author", "allowed"), REVERTERS)
@pytest.mark.parametrize("name", list(USERS))
def test_who_may_revert_what(name, entity, action, author, allowed):
    revision = SimpleNamespace(entity=entity, action=action)

    may = may_revert(user(name), revision, author)

    assert may is (name in allowed)
    if may:
        assert require_reverter(user(name), revision, author) is user(name)
    else:
        with pytest.raises(PermissionDenied):
            require_reverter(user(name), revision, author)


@pytest.mark.parametrize(
    ("entity", "action", "message"),
    [
        ("code", "create", ADMINS_ONLY),
        ("code", "delete", ADMINS_ONLY),
        ("note", "update", NOTE_OWNERS_ONLY),
    ],
)
def test_a_refused_revert_says_who_may(entity, action, message):
    revision = SimpleNamespace(entity=entity, action=action)

    with pytest.raises(PermissionDenied, match=str(message)):
        require_reverter(user("erin"), revision, EDDIE)
