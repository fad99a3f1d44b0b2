"""Languages: which exist, which readers see, and how far each is translated."""

import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask import g, has_request_context
from flask_babel import gettext as _

from statusapp.extensions import db
from statusapp.models import Language, StatusCode, Translation, User
from statusapp.services.editing import check_version, commit, require_admin
from statusapp.services.errors import Conflict, InvalidValue, NotFound

# RFC 5646 language tags, less the rarely used extensions and private use:
# language (with up to three extended subtags), script, region, variants.
# No named groups, so that the OpenAPI document can carry the same pattern.
LANGTAG = re.compile(
    r"^([A-Za-z]{2,3}(-[A-Za-z]{3}){0,3}|[A-Za-z]{5,8})"
    r"(-[A-Za-z]{4})?"
    r"(-([A-Za-z]{2}|[0-9]{3}))?"
    r"(-([A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*$"
)
MAX_NAME = 100


def canonical_tag(tag) -> str:
    """Return ``tag`` in its conventional case (zh-hant-tw -> zh-Hant-TW).

    Raise InvalidValue, saying what is wrong, if it is not a language tag.
    """
    if not isinstance(tag, str) or not tag.strip():
        raise InvalidValue("tag", _("A language tag is required, such as ja or pt-BR."))
    tag = tag.strip()
    if len(tag) > 35 or not LANGTAG.match(tag):
        raise InvalidValue(
            "tag",
            _(
                "%(tag)r is not a BCP 47 language tag; write a language code, "
                "then optionally a script and a region, such as ja, pt-BR or "
                "zh-Hant-TW.",
                tag=tag,
            ),
        )
    # RFC 5646, Section 2.1.1: scripts in title case, regions in capitals,
    # everything else in lower case.
    first, *rest = tag.split("-")
    parts = [first.lower()]
    for subtag in rest:
        if len(subtag) == 4 and subtag.isalpha():
            parts.append(subtag.title())
        elif len(subtag) == 2:
            parts.append(subtag.upper())
        else:
            parts.append(subtag.lower())
    return "-".join(parts)


# Reading --------------------------------------------------------------------


def _ordered(query):
    # The source language first, then the rest by tag.
    return query.order_by(Language.is_source.desc(), Language.tag)


def list_languages(*, enabled_only: bool = False) -> list[Language]:
    """Return the languages, the source language first."""
    query = sa.select(Language)
    if enabled_only:
        query = query.where(Language.enabled)
    return list(db.session.scalars(_ordered(query)))


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
    return next((x.tag for x in known_languages() if x.is_source), "zh-CN")


def get_language(tag: str) -> Language:
    """Return the language ``tag`` names (in any letter case), or raise NotFound."""
    language = db.session.scalar(
        sa.select(Language).where(sa.func.lower(Language.tag) == str(tag).lower())
    )
    if language is None:
        raise NotFound(f"{tag} is not one of the catalogue's languages")
    return language


@dataclass
class Coverage:
    reviewed: int = 0
    draft: int = 0
    outdated: int = 0
    missing: int = 0
    total: int = 0

    def percent(self, status: str) -> int:
        """Return the share of codes in ``status``, rounded down to a whole %."""
        return 100 * getattr(self, status) // self.total if self.total else 0


def coverage(tags: list[str] | None = None) -> dict[str, Coverage]:
    """Return how many codes each language has reviewed, draft, outdated, missing."""
    total = db.session.scalar(sa.select(sa.func.count()).select_from(StatusCode))
    counts = db.session.execute(
        sa.select(Translation.lang, Translation.status, sa.func.count()).group_by(
            Translation.lang, Translation.status
        )
    )
    result = {tag: Coverage(total=total) for tag in tags or []}
    for lang, status, count in counts:
        if tags is None or lang in result:
            setattr(result.setdefault(lang, Coverage(total=total)), status, count)
    for figures in result.values():
        figures.missing = total - figures.reviewed - figures.draft - figures.outdated
    return result


@dataclass
class LanguageReport:
    """A language with its coverage, as the dashboard and the API show it."""

    language: Language
    stats: Coverage

    def __getattr__(self, name):
        return getattr(self.language, name)


def language_reports(*, enabled_only: bool = False) -> list[LanguageReport]:
    """Return every language with its coverage figures."""
    languages = list_languages(enabled_only=enabled_only)
    figures = coverage([language.tag for language in languages])
    return [LanguageReport(lang, figures[lang.tag]) for lang in languages]


def language_report(tag: str) -> LanguageReport:
    language = get_language(tag)
    return LanguageReport(language, coverage([language.tag])[language.tag])


@dataclass
class WorkItem:
    code: int
    reason_phrase: str
    status: str  # missing, outdated or draft


# What needs work, in the order it is listed: absent texts first.
WORK_ORDER = {"missing": 0, "outdated": 1, "draft": 2}


def work_lists(tags: list[str]) -> dict[str, list[WorkItem]]:
    """Return, per language, the codes whose text is missing, outdated or a draft.

    Two queries whatever the number of languages: the codes, and the states
    of every text in those languages.
    """
    codes = db.session.execute(
        sa.select(StatusCode.code, StatusCode.reason_phrase).order_by(StatusCode.code)
    ).all()
    states = {
        (lang, code): status
        for code, lang, status in db.session.execute(
            sa.select(Translation.code, Translation.lang, Translation.status).where(
                Translation.lang.in_(tags)
            )
        )
    }
    lists = {}
    for tag in tags:
        items = [
            WorkItem(code, phrase, states.get((tag, code), "missing"))
            for code, phrase in codes
        ]
        lists[tag] = sorted(
            (item for item in items if item.status in WORK_ORDER),
            key=lambda item: (WORK_ORDER[item.status], item.code),
        )
    return lists


# Changing ---------------------------------------------------------------------


def _name(errors, field, value):
    if not isinstance(value, str) or not value.strip():
        errors[field] = [_("This field is required.")]
    elif "\x00" in value or len(value.strip()) > MAX_NAME:
        errors[field] = [
            _("Must be 1 to %(limit)s characters, without NUL.", limit=MAX_NAME)
        ]
    else:
        return value.strip()
    return None


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
            clean[field] = _name(errors, field, data.get(field))
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
        raise Conflict(f"{existing} is already one of the catalogue's languages")
    language = Language(**clean, is_source=False)
    db.session.add(language)
    commit()
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
        raise Conflict(f"{language.tag} is the source language; it cannot be disabled")
    for name, value in clean.items():
        setattr(language, name, value)
    commit()
    _forget()
    return language
