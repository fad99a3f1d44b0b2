"""Plain text for terminals: widths, wrapping, Markdown read, cards and lists."""

from types import SimpleNamespace

import pytest

from statusapp.plain_text import (
    code_card,
    code_list,
    display_width,
    markdown_lines,
    paragraph_lines,
    truncate,
    unknown_code,
    wrap,
)

CHINESE = (
    "请求失败,请求所希望得到的资源未被在服务器上发现。没有信息能够告诉用户这个状况"
    "到底是暂时的还是永久的。假如服务器知道情况的话,应当使用410状态码来告知旧资源"
)
LABELS = {
    "class": "Class",
    "registry_status": "Registry status",
    "reference": "Reference",
    "aliases": "Also known as",
    "notes": "Notes",
    "other_notes": "Notes in other languages",
    "no_description": "No description yet.",
}


def code(number=404, phrase="Not Found", description="Gone.", **fields):
    values = {
        "code": number,
        "reason_phrase": phrase,
        "class_number": number // 100,
        "class_name": "Client Error",
        "reference": "RFC 9110, Section 15.5.5",
        "reference_url": "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5",
        "aliases": [],
        "description": description,
        "text": None,
        "notes_by_language": ([], []),
    }
    values.update(fields)
    return SimpleNamespace(**values)


@pytest.mark.parametrize(
    ("text", "width"),
    [
        ("abc", 3),
        ("状态码", 6),
        ("404 未找到", 10),
        ("ｆｕｌｌ", 8),
        ("e\u0301", 1),
        ("", 0),
    ],
)
def test_display_width_counts_wide_characters_twice(text, width):
    assert display_width(text) == width


@pytest.mark.parametrize("width", [20, 41, 79])
@pytest.mark.parametrize(
    "text", [CHINESE, "word " * 60, "混合 mixed 文本 text " * 10, "x" * 200]
)
def test_wrapped_lines_fit_and_keep_every_character(text, width):
    lines = wrap(text, width)

    assert all(display_width(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_chinese_closing_punctuation_never_starts_a_line():
    for width in range(10, 40):
        for line in wrap(CHINESE, width)[1:]:
            assert line[0] not in ",。、；：！？", (width, line)


def test_wrap_hangs_later_lines_under_the_indent():
    lines = wrap("one two three four five six", 12, indent="   ", first=" - ")

    assert lines == [" - one two", "   three", "   four five", "   six"]


def test_truncate_ends_in_an_ellipsis_within_the_width():
    assert truncate("状态码状态码", 7) == "状态码…"
    assert truncate("short", 7) == "short"


def test_markdown_is_read_not_shown():
    lines = markdown_lines(
        "A **bold** claim ([RFC 9110](https://example.org/rfc9110)).\n\n"
        "- first\n- second\n\nSee <https://example.org/>."
    )

    assert lines == [
        "A bold claim (RFC 9110 <https://example.org/rfc9110>).",
        "",
        "- first",
        "- second",
        "",
        "See https://example.org/.",
    ]


def test_markdown_cannot_smuggle_escapes_or_tags():
    lines = markdown_lines("<script>alert(1)</script> safe \x1b[31mred")

    assert "<script>" not in "\n".join(lines)
    assert "safe" in "\n".join(lines)


def test_description_lines_are_paragraphs_with_hanging_bullets():
    lines = paragraph_lines(
        "First line.\n• a bullet that goes on " + "and on " * 12, 40
    )

    assert lines[0] == "First line."
    assert lines[1].startswith("• a bullet")
    assert len(lines) > 2
    assert all(line.startswith("  ") for line in lines[2:])


def test_the_card_lists_facts_text_and_notes():
    entry = code(
        notes_by_language=(
            [SimpleNamespace(body="See [the RFC](https://example.org/).")],
            [SimpleNamespace(lang="zh-CN"), SimpleNamespace(lang="ja")],
        ),
        aliases=["Missing"],
    )

    card = code_card(entry, LABELS, "permanent")

    assert card == (
        "404 Not Found\n"
        "\n"
        "Class            4xx Client Error\n"
        "Registry status  permanent\n"
        "Reference        RFC 9110, Section 15.5.5\n"
        "                 https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5\n"
        "Also known as    Missing\n"
        "\n"
        "Gone.\n"
        "\n"
        "Notes\n"
        "  1. See the RFC <https://example.org/>.\n"
        # The notes in other languages are named, not printed.
        "  Notes in other languages: ja, zh-CN\n"
    )


def test_a_card_without_text_says_so():
    card = code_card(code(description=None), LABELS, "permanent")

    assert "\nNo description yet.\n" in card


def test_the_list_has_one_line_per_code_with_aligned_phrases():
    entries = [
        code(200, "OK", "Fine."),
        code(404, "Not Found", CHINESE),
        code(418, "(Unused)", None, text=SimpleNamespace(title="我是茶壶")),
    ]

    lines = code_list(entries).splitlines()

    assert lines[0] == "200  OK         Fine."
    assert lines[1].startswith("404  Not Found  请求失败")
    assert lines[1].endswith("…")
    assert display_width(lines[1]) <= 79
    assert lines[2] == "418  (Unused)   我是茶壶"


def test_an_unknown_code_lists_the_nearest_addresses():
    answer = unknown_code(
        "999 is not a status code", "Nearest:", [(511, "http://x.test/511")]
    )

    assert answer == "999 is not a status code\n\nNearest:\n  511  http://x.test/511\n"


@pytest.mark.parametrize("first", ["", "Reference        ", "  1. "])
def test_an_address_too_long_for_a_line_is_cut_to_fit(first):
    address = "https://example.org/" + "long/" * 30

    lines = wrap(address, 40, " " * len(first), first)

    assert all(display_width(line) <= 40 for line in lines)
    assert lines[0].startswith(first + "https://")
    assert "".join(line.strip() for line in lines[1:]) in address
