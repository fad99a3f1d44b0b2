"""How far each language is translated, and which texts need work."""

from dataclasses import dataclass

import sqlalchemy as sa

from statusapp.extensions import db
from statusapp.models import TRANSLATION_STATUSES, Language, StatusCode, Translation
from statusapp.services.languages import get_language, list_languages


@dataclass
class Coverage:
    """How many codes of a language are in each state, and how many have none."""

    reviewed: int = 0
    draft: int = 0
    outdated: int = 0
    disputed: int = 0
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
        figures.missing = total - sum(
            getattr(figures, status) for status in TRANSLATION_STATUSES
        )
    return result


@dataclass(frozen=True)
class LanguageReport:
    """A language with its coverage, as the dashboard and the API show it."""

    tag: str
    name: str
    native_name: str
    enabled: bool
    is_source: bool
    version: int
    stats: Coverage

    @classmethod
    def of(cls, language: Language, stats: Coverage) -> "LanguageReport":
        """Return the report of ``language`` with its figures."""
        return cls(
            tag=language.tag,
            name=language.name,
            native_name=language.native_name,
            enabled=language.enabled,
            is_source=language.is_source,
            version=language.version,
            stats=stats,
        )


def language_reports(*, enabled_only: bool = False) -> list[LanguageReport]:
    """Return every language with its coverage figures, the source first."""
    languages = list_languages(enabled_only=enabled_only)
    figures = coverage([language.tag for language in languages])
    return [LanguageReport.of(lang, figures[lang.tag]) for lang in languages]


def language_report(tag: str) -> LanguageReport:
    """Return one language with its coverage figures, or raise NotFound."""
    language = get_language(tag)
    return LanguageReport.of(language, coverage([language.tag])[language.tag])


@dataclass
class WorkItem:
    """A code whose text in one language is missing, disputed, outdated or a draft."""

    code: int
    reason_phrase: str
    status: str


# What needs work, in the order it is listed: absent texts first, then the
# ones known to be wrong.
WORK_ORDER = {"missing": 0, "disputed": 1, "outdated": 2, "draft": 3}


def work_lists(tags: list[str]) -> dict[str, list[WorkItem]]:
    """Return, per language, the codes whose text needs work (see WORK_ORDER).

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
