"""The one language-tag rule (RFC 5646): which tags are well formed, their usual
case, and which tags share a language."""

import pytest

from statusapp.services.errors import InvalidValue
from statusapp.services.language_tags import (
    MAX_LANGUAGE_TAG,
    canonical_tag,
    check_language_tag,
    is_language_tag,
    same_primary_language,
)

# 35 characters, the longest tag the catalogue stores, and one more.
LONGEST = "de" + "-abcdefgh" * 3 + "-abcde"
TOO_LONG = "de" + "-abcdefgh" * 3 + "-abcdef"

WELL_FORMED = [
    "ja",
    "en",
    "pt-BR",
    "zh-Hant-TW",
    "sr-Latn-RS",
    "es-419",
    "de-CH-1996",
    "zh-yue-HK",  # an extended language subtag
    "abcde",  # RFC 5646 keeps five to eight letters for registered languages
    "EN-us",  # any letter case
    LONGEST,
]
MALFORMED = [
    "en_US",
    "en-",
    "-en",
    "en--US",
    "e",
    "abcdefghi",  # nine letters
    "123",
    "en-x",  # private use is not taken
    "x-klingon",
    "en-a-bbb",  # nor are extensions
    "en-US-x",
    "en\n",
    " ja ",
    "ja jp",
    TOO_LONG,
]


def test_the_longest_tags_are_at_the_limit():
    assert len(LONGEST) == MAX_LANGUAGE_TAG == len(TOO_LONG) - 1


@pytest.mark.parametrize("tag", WELL_FORMED)
def test_a_well_formed_tag_is_taken_as_given(tag):
    assert is_language_tag(tag)
    assert check_language_tag(tag) == tag


@pytest.mark.parametrize("tag", MALFORMED)
def test_a_malformed_tag_is_refused_with_an_example(tag):
    assert not is_language_tag(tag)
    with pytest.raises(InvalidValue) as refused:
        check_language_tag(tag, "lang")

    ((message,),) = refused.value.errors.values()
    assert refused.value.field == "lang"
    assert "such as ja" in message


@pytest.mark.parametrize("value", [None, 42, b"ja", ["ja"], "", "  "])
def test_a_missing_tag_or_one_that_is_not_text_is_asked_for(value):
    assert not is_language_tag(value)
    with pytest.raises(InvalidValue) as refused:
        check_language_tag(value, "tag")

    assert refused.value.errors == {
        "tag": ["A language tag is required, such as ja or pt-BR."]
    }


@pytest.mark.parametrize(
    ("value", "canonical"),
    [
        ("zh-hant-tw", "zh-Hant-TW"),
        ("PT-br", "pt-BR"),
        (" ja ", "ja"),
        ("EN", "en"),
        ("SR-LATN-rs", "sr-Latn-RS"),
        ("ES-419", "es-419"),
        ("DE-ch-1996", "de-CH-1996"),
        ("ZH-YUE-hk", "zh-yue-HK"),
        ("de-CH-ROZAJ", "de-CH-rozaj"),
    ],
)
def test_a_tag_is_put_in_its_usual_case(value, canonical):
    assert canonical_tag(value) == canonical


@pytest.mark.parametrize("value", ["en_US", "en-", None, "   "])
def test_a_malformed_tag_has_no_usual_case(value):
    with pytest.raises(InvalidValue) as refused:
        canonical_tag(value)

    assert refused.value.field == "tag"


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("zh-TW", "zh-CN", True),
        ("zh", "zh-Hant-TW", True),
        ("EN", "en-GB", True),
        ("en", "es", False),
        ("zh-CN", "zh-yue-HK", True),
        ("sr-Latn", "hr", False),
    ],
)
def test_tags_of_one_language_share_its_first_subtag(a, b, same):
    assert same_primary_language(a, b) is same
    assert same_primary_language(b, a) is same
