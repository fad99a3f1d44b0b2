"""Reading the catalogue: lists, search, one code, classes, as readers see them."""

import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from statusapp.extensions import db
from statusapp.models import ClassName, Note, StatusCode, TextProposal, Translation
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
    header_rules = _from_record("header_rules")
    usages = _from_record("usages")
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
    def notes_by_language(self) -> tuple[list[Note], list[Note]]:
        """Split the notes into the reader's, which come first (those in no
        language too), and the others; when none is in the reader's language,
        all of them come first."""
        reader = (self.lang or FALLBACK_LANGUAGE).split("-")[0].lower()
        mine, others = [], []
        for note in self.notes:
            same = not note.lang or note.lang.split("-")[0].lower() == reader
            (mine if same else others).append(note)
        return (mine, others) if mine else (others, [])

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


# "4xx", "5XX": a whole class, as readers write it.
CLASS_PATTERN = re.compile(r"([1-5])[xX]{2}")
# A number, or the start of one: ranked by code before any text.
NUMBER_PATTERN = re.compile(r"[0-9]{1,3}")


def search_class(q: str) -> int | None:
    """Return the class number that ``q`` names as a pattern such as 4xx, or None."""
    match = CLASS_PATTERN.fullmatch(q.strip())
    return int(match.group(1)) if match else None


def exact_code(q: str) -> int | None:
    """Return the number ``q`` spells out as a code (``" 404 "``), or None."""
    q = q.strip()
    if len(q) == 3 and NUMBER_PATTERN.fullmatch(q) and q[0] != "0":
        return int(q)
    return None


def known_code(q: str) -> int | None:
    """Return the catalogue's code that ``q`` is exactly (``" 404 "``), or None."""
    code = exact_code(q)
    if code is None:
        return None
    return db.session.scalar(sa.select(StatusCode.code).where(StatusCode.code == code))


def _in_text(q: str, column) -> sa.Exists:
    return (
        sa.select(Translation.code)
        .where(
            Translation.code == StatusCode.code,
            column.icontains(q, autoescape=True),
        )
        .exists()
    )


def codes_used(match) -> list[int]:
    """Return the codes with a vendor's usage for which ``match(usage)`` holds."""
    rows = db.session.execute(
        sa.select(StatusCode.code, StatusCode.usages).where(
            sa.cast(StatusCode.usages, sa.String) != "[]"
        )
    )
    return [
        code
        for code, usages in rows
        if any(isinstance(usage, dict) and match(usage) for usage in usages)
    ]


def _text_of(usage: dict, name: str) -> str:
    value = usage.get(name)
    return value.casefold() if isinstance(value, str) else ""


def codes_used_by(vendor: str) -> list[int]:
    """Return the codes that ``vendor`` (in any case) uses unofficially."""
    vendor = vendor.strip().casefold()
    return codes_used(lambda usage: _text_of(usage, "vendor") == vendor)


def codes_used_as(q: str) -> list[int]:
    """Return the codes with a usage whose vendor or phrase holds ``q`` (any case)."""
    q = q.strip().casefold()
    return codes_used(
        lambda usage: q in _text_of(usage, "vendor") or q in _text_of(usage, "phrase")
    )


def vendors() -> list[str]:
    """Return the vendors named in any code's usages, alphabetically, each once
    (in the spelling first met)."""
    names: dict[str, str] = {}
    for usages in db.session.scalars(
        sa.select(StatusCode.usages).where(
            sa.cast(StatusCode.usages, sa.String) != "[]"
        )
    ):
        for usage in usages:
            vendor = usage.get("vendor") if isinstance(usage, dict) else None
            if isinstance(vendor, str) and vendor.strip():
                names.setdefault(vendor.strip().casefold(), vendor.strip())
    return sorted(names.values(), key=str.casefold)


def search_condition(q: str, used: list[int] = ()):
    """Match ``q`` against numbers, phrases, aliases and text in every language;
    ``used`` are the codes whose vendors' usages match (``codes_used_as``).

    A class pattern such as ``4xx`` matches that class's codes and nothing else.
    """
    q = q.strip()
    number = search_class(q)
    if number is not None:
        return sa.and_(
            StatusCode.code >= number * 100, StatusCode.code < (number + 1) * 100
        )
    return sa.or_(
        sa.cast(StatusCode.code, sa.String).contains(q, autoescape=True),
        StatusCode.reason_phrase.icontains(q, autoescape=True),
        sa.cast(StatusCode.aliases, sa.String).icontains(q, autoescape=True),
        StatusCode.code.in_(used),
        _in_text(q, Translation.title),
        _in_text(q, Translation.description),
    )


def search_order(q: str, used: list[int] = ()) -> list:
    """Return the ORDER BY of a search's matches: best first, code breaks ties.

    0 the code itself (``404``); 1 codes that start with the digits (``40``,
    ``5``); 2 codes that hold them elsewhere (``04``: 304, 404); 3 a match in
    the reason phrase, an alias, a vendor's usage (``used``: its vendor or
    phrase) or a title in any language; 4 a match in a description only. A
    class pattern (``4xx``) keeps code order.
    """
    q = q.strip()
    if search_class(q) is not None:
        return [StatusCode.code]
    number = sa.cast(StatusCode.code, sa.String)
    whens = []
    if (code := exact_code(q)) is not None:
        whens.append((StatusCode.code == code, 0))
    if NUMBER_PATTERN.fullmatch(q):
        whens.append((number.startswith(q, autoescape=True), 1))
        whens.append((number.contains(q, autoescape=True), 2))
    whens += [
        (StatusCode.reason_phrase.icontains(q, autoescape=True), 3),
        (sa.cast(StatusCode.aliases, sa.String).icontains(q, autoescape=True), 3),
        (StatusCode.code.in_(used), 3),
        (_in_text(q, Translation.title), 3),
    ]
    return [sa.case(*whens, else_=4), StatusCode.code]


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
    registry_status: str | None = None,
    vendor: str | None = None,
    lang: str | None = None,
    page: int = 1,
    per_page: int | None = None,
) -> CodePage:
    """Return one page of codes filtered by class, registry status, vendor and
    text: in numeric order, or, for a search, best match first (see
    ``search_order``)."""
    if lang:
        check_language_tag(lang)
    query = sa.select(StatusCode)
    if class_number is not None:
        query = query.where(
            StatusCode.code >= class_number * 100,
            StatusCode.code < (class_number + 1) * 100,
        )
    if registry_status is not None:
        query = query.where(StatusCode.registry_status == registry_status)
    if vendor is not None and vendor.strip():
        query = query.where(StatusCode.code.in_(codes_used_by(vendor)))
    if q and "\x00" in q:
        raise InvalidValue("q", _("Search text must not contain NUL characters."))
    order = [StatusCode.code]
    if q and q.strip():
        used = codes_used_as(q) if search_class(q) is None else []
        query = query.where(search_condition(q, used))
        order = search_order(q, used)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery()))
    query = query.order_by(*order).options(selectinload(StatusCode.translations))
    if per_page is not None:
        query = query.limit(per_page).offset((page - 1) * per_page)
    names = class_names()
    # One chain for the whole list: it depends on the language, not the code.
    chain = fallback_chain(lang or FALLBACK_LANGUAGE)
    items = [_localise(c, lang, chain, names) for c in db.session.scalars(query)]
    return CodePage(items, total, page, per_page or total)


def get_code(
    code: int, lang: str | None = None, *, workflow: bool = True
) -> LocalisedCode:
    """Return one code with its translations and notes, or raise NotFound.

    ``workflow=False`` loads the texts alone, for an answer that shows no
    authors, reviewers, proposals or notes (/status/{code}).
    """
    if lang:
        check_language_tag(lang)
    texts = selectinload(StatusCode.translations)
    options = [texts]
    if workflow:
        options = [
            texts.options(
                selectinload(Translation.updated_by),
                selectinload(Translation.reviewed_by),
                selectinload(Translation.proposal).selectinload(TextProposal.author),
            ),
            selectinload(StatusCode.notes),
        ]
    record = db.session.scalar(
        sa.select(StatusCode).where(StatusCode.code == code).options(*options)
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
        raise NotFound(
            _l("%(code)s has no translation into %(lang)s", code=code, lang=lang)
        )
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
