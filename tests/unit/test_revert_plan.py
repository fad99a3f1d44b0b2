"""Planning a revert: what the record must still hold, and what it gets back.

A revert that would undo someone's later change is refused as stale.
"""

from types import SimpleNamespace

import pytest

from statusapp.services.errors import StaleVersion
from statusapp.services.history import revert_plan

TEXT = {
    "title": "Not Found",
    "description": "Nothing here.",
    "status": "draft",
    "dispute_reason": None,
}


def revision(entity: str, action: str, changes: dict):
    return SimpleNamespace(entity=entity, action=action, changes=changes)


def text(**fields):
    return SimpleNamespace(**{**TEXT, **fields})


EDITED = revision(
    "translation",
    "update",
    {
        "title": {"before": None, "after": "Not Found"},
        "description": {"before": "Gone.", "after": "Nothing here."},
    },
)
CREATED = revision(
    "translation", "create", {name: {"after": value} for name, value in TEXT.items()}
)
DELETED = revision(
    "translation", "delete", {name: {"before": value} for name, value in TEXT.items()}
)


def test_undoing_an_edit_restores_the_values_before_it():
    assert revert_plan(EDITED, text()) == (
        TEXT,
        {"title": None, "description": "Gone."},
    )


def test_a_later_change_to_another_field_does_not_stop_a_revert():
    current, restored = revert_plan(EDITED, text(status="reviewed"))

    assert current == {**TEXT, "status": "reviewed"}
    assert restored == {"title": None, "description": "Gone."}


def test_undoing_a_creation_removes_the_record():
    assert revert_plan(CREATED, text()) == (TEXT, None)


def test_undoing_a_deletion_brings_back_every_value():
    assert revert_plan(DELETED, None) == (None, TEXT)


def test_a_codes_aliases_are_compared_as_a_list():
    changed = revision(
        "code",
        "update",
        {"aliases": {"before": ["Teapot"], "after": ["I'm a teapot", "HTCPCP"]}},
    )
    code = SimpleNamespace(
        reason_phrase="(Unused)",
        aliases=("I'm a teapot", "HTCPCP"),
        reference="RFC 9110",
        reference_url="https://www.rfc-editor.org/rfc/rfc9110",
        registry_status="unused",
        header_rules=[],
        usages=[],
    )

    current, restored = revert_plan(changed, code)

    assert current["aliases"] == ["I'm a teapot", "HTCPCP"]
    assert restored == {"aliases": ["Teapot"]}


@pytest.mark.parametrize(
    ("plan", "record", "message"),
    [
        (EDITED, text(description="Someone else's text."), "changed since"),
        (EDITED, text(title=None), "changed since"),
        (CREATED, text(description="Edited after it was added."), "changed since"),
        (EDITED, None, "deleted since"),
        (CREATED, None, "deleted since"),
        (DELETED, text(), "created again"),
    ],
)
def test_a_revert_that_would_undo_a_later_change_is_stale(plan, record, message):
    with pytest.raises(StaleVersion, match=message):
        revert_plan(plan, record)
