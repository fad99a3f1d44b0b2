"""What an editor sees when someone saved the record after their form loaded."""

from dataclasses import dataclass, field

from statusapp.models import Revision
from statusapp.services import history
from statusapp.web.diffs import FieldChange, compare


@dataclass
class EditConflict:
    """Someone saved the record after the form was loaded: what is saved now."""

    latest: Revision | None
    changes: list[FieldChange] = field(default_factory=list)
    gone: bool = False


def edit_conflict(entity: str, record, key: str, yours: dict) -> EditConflict:
    """Describe the saved version of ``record`` against the submitted values."""
    latest = history.latest_revision(entity, key)
    if record is None:
        return EditConflict(latest, compare(yours, {}, yours), gone=True)
    saved = history.snapshot(entity, record)
    # Only what the form edits: a text's review state is not on its form.
    names = [name for name in history.FIELDS[entity] if name in yours]
    return EditConflict(latest, compare(names, saved, yours))
