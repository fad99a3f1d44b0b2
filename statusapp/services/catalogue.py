"""Reading the catalogue: lists, search, one code, classes, as readers see them."""

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from statusapp.extensions import db
from statusapp.models import ClassName, StatusCode, Translation
from statusapp.services.errors import InvalidValue, NotFound, UnknownCode
from statusapp.services.language_tags import (
    check_language_tag,
    same_primary_language,
)
from statusapp.services.languages import enabled_tags, source_language

FALLBACK_LANGUAGE = "en"


def fallback_chain(lang: str) -> list[str]:
    """Return the languages to try, best first, when showing text in ``lang``."""
    chain = [lang]
    for known in enabled_tags():
        if same_primary_language(known, lang) and known not in chain:
            chain.append(known)
    for known in (FALLBACK_LANGUAGE, source_language()):
        if known not in chain:
            chain.append(known)
    return chain


def _from_record(name: str) -> property:
    return property(lambda self: getattr(self.record, name), doc=f"The code's {name}.")


@dataclass
class LocalisedCode:
    """A status code as seen by a reader of one content language."""

    record: StatusCode
    lang: str | None
    class_name: str
    text: Translation | None

    code = _from_record("code")
    reason_phrase = _from_record("reason_phrase")
    aliases = _from_record("aliases")
    reference = _from_record("reference")
    reference_url = _from_record("reference_url")
    registry_status = _from_record("registry_status")
    extension = _from_record("extension")
    source_heading = _from_record("source_heading")
    class_number = _from_record("class_number")
    translations = _from_record("translations")
    translations_by_lang = _from_record("translations_by_lang")
    notes = _from_record("notes")
    version = _from_record("version")
    created_at = _from_record("created_at")
    updated_at = _from_record("updated_at")

    @property
    def description(self) -> str | None:
        """The text shown to the reader, in their language or a fallback."""
        return self.text.description if self.text else None

    @property
    def description_lang(self) -> str | None:
        """The language of ``description``, which may be a fallback's."""
        return self.text.lang if self.text else None

    @property
    def is_fallback(self) -> bool:
        """Whether the reader gets another language's text than they asked for."""
        return self.text is not None and self.text.lang != self.lang


def class_names() -> dict[int, dict[str, str]]:
    """Return every class's names, keyed by class number then language."""
    names: dict[int, dict[str, str]] = {}
    for row in db.session.scalars(sa.select(ClassName)):
        names.setdefault(row.number, {})[row.lang] = row.name
    return names


def _localise(
    code: StatusCode, lang: str | None, chain: list[str], names
) -> LocalisedCode:
    class_name = next(
        (
            names.get(code.class_number, {})[x]
            for x in chain
            if x in names.get(code.class_number, {})
        ),
        f"{code.class_number}xx",
    )
    text = None
    if lang:
        by_lang = code.translations_by_lang
        text = next((by_lang[x] for x in chain if x in by_lang), None)
    return LocalisedCode(code, lang, class_name, text)


def search_condition(q: str):
    """Match ``q`` against numbers, phrases, aliases and text in every language."""
    q = q.strip()
    in_text = (
        sa.select(Translation.code)
        .where(
            Translation.code == StatusCode.code,
            sa.or_(
                Translation.description.icontains(q, autoescape=True),
                Translation.title.icontains(q, autoescape=True),
            ),
        )
        .exists()
    )
    return sa.or_(
        sa.cast(StatusCode.code, sa.String).contains(q, autoescape=True),
        StatusCode.reason_phrase.icontains(q, autoescape=True),
        sa.cast(StatusCode.aliases, sa.String).icontains(q, autoescape=True),
        in_text,
    )


@dataclass
class CodePage:
    """One page of a list of codes, with the size of the whole list."""

    items: list[LocalisedCode]
    total: int
    page: int
    per_page: int


def list_codes(
    *,
    class_number: int | None = None,
    q: str | None = None,
    lang: str | None = None,
    page: int = 1,
    per_page: int | None = None,
) -> CodePage:
    """Return one page of codes in numeric order, filtered by class and text."""
    if lang:
        check_language_tag(lang)
    query = sa.select(StatusCode)
    if class_number is not None:
        query = query.where(
            StatusCode.code >= class_number * 100,
            StatusCode.code < (class_number + 1) * 100,
        )
    if q and "\x00" in q:
        raise InvalidValue("q", _("Search text must not contain NUL characters."))
    if q and q.strip():
        query = query.where(search_condition(q))
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    query = query.order_by(StatusCode.code).options(
        selectinload(StatusCode.translations)
    )
    if per_page is not None:
        query = query.limit(per_page).offset((page - 1) * per_page)
    names = class_names()
    # One chain for the whole list: it depends on the language, not the code.
    chain = fallback_chain(lang or FALLBACK_LANGUAGE)
    items = [_localise(c, lang, chain, names) for c in db.session.scalars(query)]
    return CodePage(items, total, page, per_page or total)


def get_code(code: int, lang: str | None = None) -> LocalisedCode:
    """Return one code with its translations and notes, or raise NotFound."""
    if lang:
        check_language_tag(lang)
    record = db.session.scalar(
        sa.select(StatusCode)
        .where(StatusCode.code == code)
        .options(
            selectinload(StatusCode.translations).options(
                selectinload(Translation.updated_by),
                selectinload(Translation.reviewed_by),
            ),
            selectinload(StatusCode.notes),
        )
    )
    if record is None:
        raise UnknownCode(code)
    chain = fallback_chain(lang or FALLBACK_LANGUAGE)
    return _localise(record, lang, chain, class_names())


def require_code(code: int) -> None:
    """Raise UnknownCode unless ``code`` is in the catalogue."""
    found = db.session.scalar(sa.select(StatusCode.code).where(StatusCode.code == code))
    if found is None:
        raise UnknownCode(code)


def get_translation(code: int, lang: str) -> Translation:
    """Return the translation of ``code`` into ``lang``, or raise NotFound."""
    check_language_tag(lang)
    translation = db.session.scalar(
        sa.select(Translation)
        .where(
            Translation.code == code, sa.func.lower(Translation.lang) == lang.lower()
        )
        .options(
            selectinload(Translation.updated_by), selectinload(Translation.reviewed_by)
        )
    )
    if translation is None:
        if db.session.get(StatusCode, code) is None:
            raise UnknownCode(code)
        raise NotFound(f"{code} has no translation into {lang}")
    return translation


def neighbours(code: int) -> tuple[int | None, int | None]:
    """Return the codes just before and just after ``code``, which need not be
    in the catalogue itself."""
    before = db.session.scalar(
        sa.select(sa.func.max(StatusCode.code)).where(StatusCode.code < code)
    )
    after = db.session.scalar(
        sa.select(sa.func.min(StatusCode.code)).where(StatusCode.code > code)
    )
    return before, after


def list_classes() -> list[dict]:
    """Return the five classes with their names and how many codes each holds."""
    counts: dict[int, int] = {}
    for code in db.session.scalars(sa.select(StatusCode.code)):
        counts[code // 100] = counts.get(code // 100, 0) + 1
    names = class_names()
    return [
        {
            "number": number,
            "range": f"{number}00-{number}99",
            "name": names.get(number, {}).get(FALLBACK_LANGUAGE, f"{number}xx"),
            "names": names.get(number, {}),
            "count": counts.get(number, 0),
        }
        for number in range(1, 6)
    ]
