"""Readable differences between two versions of a field, as <del>/<ins> HTML."""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from statusapp.web.forms import REGISTRY_STATUS_NAMES, TRANSLATION_STATE_NAMES

# Chinese and Japanese are written without spaces, so each of their characters
# is a word of its own; elsewhere a word is a run of letters and digits.
TOKEN = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|\w+|\s+|[^\w\s]")
# Beyond this many token pairs a word diff gets slow; compare lines instead.
WORD_DIFF_LIMIT = 4_000_000

LABELS = {
    "reason_phrase": _l("Reason phrase"),
    "aliases": _l("Other names"),
    "reference": _l("Reference"),
    "reference_url": _l("Reference URL"),
    "registry_status": _l("Registry status"),
    "header_rules": _l("Header fields"),
    "usages": _l("Vendors' uses"),
    "title": _l("Title"),
    "description": _l("Description"),
    "body": _l("Note"),
    "lang": _l("Language"),
    "status": _l("Review state"),
    "dispute_reason": _l("Why it is disputed"),
}

# Screen readers announce what a change did; the brackets delimit it.
# Stored words that readers see in their own language.
VALUE_NAMES = {
    "status": TRANSLATION_STATE_NAMES,
    "registry_status": REGISTRY_STATUS_NAMES,
}

REMOVED = Markup('<del><span class="visually-hidden">[{} </span>{}')
ADDED = Markup('<ins><span class="visually-hidden">[{} </span>{}')
CLOSE = Markup('<span class="visually-hidden">]</span>')


def shown(name: str, value):
    """Return a stored value as readers see it: state names translated."""
    names = VALUE_NAMES.get(name)
    return names.get(value, value) if names and isinstance(value, str) else value


def as_text(value) -> str:
    """Show a recorded value as text: lists one item per line, a record's parts
    separated by " | " as the edit form writes them, None as nothing."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "\n".join(
            " | ".join(str(part) for part in item.values())
            if isinstance(item, dict)
            else str(item)
            for item in value
        )
    return str(value)


def _tokens(before: str, after: str) -> tuple[list[str], list[str]]:
    a, b = TOKEN.findall(before), TOKEN.findall(after)
    if len(a) * len(b) > WORD_DIFF_LIMIT:
        return before.splitlines(keepends=True), after.splitlines(keepends=True)
    return a, b


def _segments(a: list[str], b: list[str]) -> list[tuple[str, str, str]]:
    """Return (op, removed, added) runs, with tiny common runs between two
    changes folded into them, so that a rewritten sentence reads as one change
    rather than as fragments around a shared "the" or "的"."""
    runs: list[tuple[str, str, str]] = []
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        old, new = "".join(a[i1:i2]), "".join(b[j1:j2])
        runs.append(("equal", old, new) if op == "equal" else ("change", old, new))
    merged: list[tuple[str, str, str]] = []
    for index, (op, old, new) in enumerate(runs):
        inside = 0 < index < len(runs) - 1
        if op == "equal" and inside and (len(old) <= 1 or not old.strip()):
            op = "change"
        if op == "change" and merged and merged[-1][0] == "change":
            _, old_before, new_before = merged.pop()
            old, new = old_before + old, new_before + new
        merged.append((op, old, new))
    return merged


def word_diff(before, after) -> Markup:
    """Return ``after`` marked up against ``before``: removals struck, additions
    underlined, everything escaped."""
    a, b = _tokens(as_text(before), as_text(after))
    removed, added = _("removed:"), _("added:")
    parts: list[Markup] = []
    for op, old, new in _segments(a, b):
        if op == "equal":
            parts.append(escape(old))
            continue
        if old:
            parts.append(REMOVED.format(removed, old) + CLOSE + Markup("</del>"))
        if new:
            parts.append(ADDED.format(added, new) + CLOSE + Markup("</ins>"))
    return Markup("").join(parts)


@dataclass
class FieldChange:
    name: str
    before: str
    after: str
    diff: Markup

    @property
    def label(self) -> str:
        return str(LABELS.get(self.name, self.name))


def compare(names, before: dict | None, after: dict | None) -> list[FieldChange]:
    """Return a FieldChange for each named field whose value differs."""
    before, after = before or {}, after or {}
    changes = []
    for name in names:
        old, new = (as_text(shown(name, side.get(name))) for side in (before, after))
        if old != new:
            changes.append(FieldChange(name, old, new, word_diff(old, new)))
    return changes


def revision_changes(revision) -> list[FieldChange]:
    """Return the field changes a Revision recorded, in its field order."""
    recorded = revision.changes
    return compare(
        list(recorded),
        {name: change.get("before") for name, change in recorded.items()},
        {name: change.get("after") for name, change in recorded.items()},
    )
