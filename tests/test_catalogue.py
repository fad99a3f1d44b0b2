"""The catalogue as readers see it: which language's text a reader gets, what a
search matches, and what reading a missing translation says.

The API and page tests cover the common cases (zh -> zh-CN, fr -> en, a
phrase, an alias, "50%", the class filter, pages); these are the rest of the
rules of statusapp.services.catalogue.
"""

import pytest

from statusapp.extensions import db
from statusapp.models import Translation
from statusapp.services import catalogue
from statusapp.services.errors import InvalidValue, NotFound


def read(app, action):
    """Run ``action()`` in an app context, as one request would; return its result."""
    with app.app_context():
        return action()


def remove_text(app, code: int, lang: str) -> None:
    with app.app_context():
        db.session.delete(db.session.get(Translation, (code, lang)))
        db.session.commit()


def shown(app, code: int, lang: str) -> tuple[str | None, bool]:
    """The language of the text a reader of ``lang`` gets, and whether it is a
    stand-in for a text in ``lang``."""

    def look():
        item = catalogue.get_code(code, lang)
        return item.description_lang, item.is_fallback

    return read(app, look)


def found(app, q: str) -> set[int]:
    return {item.code for item in read(app, lambda: catalogue.list_codes(q=q)).items}


@pytest.mark.parametrize(
    ("lang", "removed", "expected"),
    [
        # A language with no text of its own gets its sibling before English.
        ("zh-TW", None, ("zh-CN", True)),
        ("zh-Hant-TW", None, ("zh-CN", True)),
        # Without an English text, the source language is the last resort.
        ("fr", "en", ("zh-CN", True)),
        ("en", "en", ("zh-CN", True)),
        ("en-GB", "en", ("zh-CN", True)),
        # Without the source text, English stands in for it.
        ("zh-CN", "zh-CN", ("en", True)),
        ("en", None, ("en", False)),
    ],
)
def test_a_reader_gets_the_nearest_text_there_is(app, lang, removed, expected):
    if removed:
        remove_text(app, 404, removed)

    assert shown(app, 404, lang) == expected


def test_a_code_with_no_text_at_all_has_no_description(app):
    remove_text(app, 404, "en")
    remove_text(app, 404, "zh-CN")

    assert shown(app, 404, "zh-CN") == (None, False)


def test_a_language_of_its_own_is_preferred_to_its_sibling(app, japanese):
    with app.app_context():
        db.session.add(Translation(code=404, lang="ja", description="見つかりません。"))
        db.session.commit()

    assert shown(app, 404, "ja") == ("ja", False)
    assert shown(app, 404, "ja-JP") == ("ja", True)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        # Letter case does not matter, and the ends of the search are trimmed.
        ("TEAPOT", {418}),
        ("  teapot  ", {418}),
        ("request entity", {413}),
        # The LIKE wildcards are taken literally.
        ("4_4", set()),
        ("Not_Found", set()),
        # A title in any language is searched too.
        ("一つのタイトル", {404}),
    ],
)
def test_search_matches_phrases_aliases_and_titles(app, japanese, q, expected):
    with app.app_context():
        db.session.add(
            Translation(
                code=404,
                lang="ja",
                title="一つのタイトル",
                description="見つかりません。",
            )
        )
        db.session.commit()

    assert found(app, q) == expected


@pytest.mark.parametrize("q", ["", "   ", None])
def test_an_empty_search_lists_every_code(app, q):
    result = read(app, lambda: catalogue.list_codes(q=q))

    assert result.total == len(result.items) == result.per_page == 88


def test_a_search_with_a_nul_character_is_refused(app):
    with pytest.raises(InvalidValue) as refused:
        read(app, lambda: catalogue.list_codes(q="tea\x00pot"))

    assert refused.value.errors == {
        "q": ["Search text must not contain NUL characters."]
    }


def test_pages_of_a_filtered_list_count_the_whole_list(app):
    page = read(app, lambda: catalogue.list_codes(class_number=1, page=2, per_page=3))

    assert [item.code for item in page.items] == [103]
    assert (page.total, page.page, page.per_page) == (4, 2, 3)


@pytest.mark.parametrize(
    ("code", "lang", "expected"),
    [(404, "zh-cn", "zh-CN"), (404, "EN", "en"), (418, "Zh-Cn", "zh-CN")],
)
def test_a_translation_is_found_in_any_letter_case(app, code, lang, expected):
    tag = read(app, lambda: catalogue.get_translation(code, lang).lang)

    assert tag == expected


@pytest.mark.parametrize(
    ("code", "lang", "error", "message"),
    [
        (590, "en", NotFound, "590 is not a status code in this catalogue"),
        (103, "zh-CN", NotFound, "103 has no translation into zh-CN"),
        (404, "fr", NotFound, "404 has no translation into fr"),
        (404, "en_US", InvalidValue, "'en_US' is not a BCP 47 language tag"),
    ],
)
def test_a_missing_translation_says_what_is_missing(app, code, lang, error, message):
    with pytest.raises(error) as refused:
        read(app, lambda: catalogue.get_translation(code, lang))

    assert str(refused.value).startswith(message)
