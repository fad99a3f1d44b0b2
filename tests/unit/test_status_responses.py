"""The rules of /status/{code} as pure data: no app, no database."""

import random
from datetime import UTC, datetime

import pytest
from werkzeug.http import parse_date

from statusapp.services import InvalidValue
from statusapp.services.status_responses import (
    JSON,
    TEXT,
    CodeFacts,
    Options,
    build,
    choose,
    interim_problem,
    parse_choices,
    parse_options,
    phrase_of,
)

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def rule(header: str, kind: str) -> dict:
    return {"header": header, "rule": kind, "reference": "RFC", "reference_url": ""}


def facts(code: int, *rules: dict, description: str | None = "Text.") -> CodeFacts:
    return CodeFacts(
        code,
        "Phrase",
        description,
        "en" if description else None,
        tuple(rules),
        page=f"/codes/{code}",
        alternatives=(f"/api/v1/codes/{code}",),
    )


# What each code sends with no options, given the rules the specs name.
@pytest.mark.parametrize(
    ("code", "rules", "sent"),
    [
        (201, [rule("Location", "should")], {"Location": "/codes/201"}),
        (301, [rule("Location", "should")], {"Location": "/codes/301"}),
        (304, [rule("ETag", "should")], {"ETag": None}),
        (
            401,
            [rule("WWW-Authenticate", "must")],
            {"WWW-Authenticate": 'Bearer realm="statusapp"'},
        ),
        (
            405,
            [rule("Allow", "must")],
            {"Allow": "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"},
        ),
        (
            407,
            [rule("Proxy-Authenticate", "must")],
            {"Proxy-Authenticate": 'Basic realm="statusapp"'},
        ),
        (413, [rule("Retry-After", "may")], {}),
        (426, [rule("Upgrade", "must")], {"Upgrade": "HTTP/3.0"}),
        (429, [rule("Retry-After", "may")], {"Retry-After": "60"}),
        (503, [rule("Retry-After", "may")], {"Retry-After": "60"}),
        (200, [rule("X-Not-Known", "must"), rule("Location", "sometimes")], {}),
        (200, ["not a rule", {"rule": "must"}, {"header": 7, "rule": "must"}], {}),
        (200, [], {}),
    ],
)
def test_the_rules_say_which_headers_are_sent(code, rules, sent):
    answer = build(facts(code, *rules), Options(), now=NOW)
    for name in ("Location", "ETag", "WWW-Authenticate", "Allow", "Retry-After"):
        if name in sent:
            assert answer.header(name) is not None, name
            if sent[name] is not None:
                assert answer.header(name) == sent[name]
        else:
            assert answer.header(name) is None, name
    assert answer.header("X-Not-Known") is None
    assert answer.status == code


@pytest.mark.parametrize(
    ("options", "sent"),
    [
        (Options(retry_after=5), "5"),
        (Options(retry_after=0), "0"),
        (
            Options(retry_after=120, retry_after_date=True),
            "Fri, 02 Jan 2026 03:06:05 GMT",
        ),
    ],
)
def test_a_may_header_is_sent_with_its_option(options, sent):
    answer = build(facts(413, rule("Retry-After", "may")), options, now=NOW)
    assert answer.header("Retry-After") == sent


def test_the_location_option_replaces_the_default():
    answer = build(facts(302, rule("Location", "should")), Options(location="/x?y=1"))
    assert answer.header("Location") == "/x?y=1"


def test_an_option_for_a_header_the_rules_do_not_name_sends_nothing():
    answer = build(facts(200), Options(location="/x", retry_after=5))
    assert answer.header("Location") is None
    assert answer.header("Retry-After") is None


@pytest.mark.parametrize("code", [204, 205, 304])
@pytest.mark.parametrize("method", ["GET", "HEAD", "POST"])
def test_no_content_statuses_carry_no_body(code, method):
    answer = build(facts(code), Options(), method=method)
    assert answer.body == b""
    assert answer.header("Content-Type") is None
    assert answer.header("Content-Length") is None


@pytest.mark.parametrize("code", [200, 404, 500, 299])
def test_head_has_the_headers_of_get_and_no_body(code):
    get = build(facts(code, rule("Location", "should")), Options(), method="GET")
    head = build(facts(code, rule("Location", "should")), Options(), method="HEAD")
    assert head.body == b""
    assert get.body
    assert head.headers == get.headers
    assert head.header("Content-Length") == str(len(get.body))


def test_body_none_drops_the_body():
    answer = build(facts(200), Options(body=False))
    assert answer.body == b""
    assert answer.header("Content-Length") == "0"
    assert answer.header("Content-Type") is None


def test_206_sends_the_first_half_with_its_range():
    whole = build(facts(200), Options(), accept=JSON).body
    answer = build(facts(206, rule("Content-Range", "must")), Options(), accept=JSON)
    whole = whole.replace(b"200", b"206", 1)
    part = len(whole) // 2
    assert answer.header("Content-Range") == f"bytes 0-{part - 1}/{len(whole)}"
    assert answer.body == whole[:part]
    assert answer.header("Content-Length") == str(part)


def test_416_names_the_length_it_cannot_satisfy():
    answer = build(facts(416, rule("Content-Range", "should")), Options())
    assert answer.header("Content-Range") == f"bytes */{len(answer.body)}"


@pytest.mark.parametrize(
    ("accept", "kind"),
    [
        ("application/json", JSON),
        ("text/html", TEXT),
        ("text/html,application/xhtml+xml,*/*;q=0.8", TEXT),
        ("*/*", TEXT),
        (None, TEXT),
        ("text/plain;q=0.5, application/json", JSON),
        ("image/png", TEXT),
    ],
)
def test_the_body_is_json_or_text_never_html(accept, kind):
    answer = build(facts(404), Options(), accept=accept)
    assert answer.header("Content-Type") == kind
    assert answer.header("Content-Language") == "en"
    assert b"404 Phrase" in answer.body or b'"code": 404' in answer.body


def test_300_lists_its_choices():
    answer = build(facts(300), Options(), accept=JSON)
    assert b'"choices": ["/codes/300", "/api/v1/codes/300"]' in answer.body
    text = build(facts(300), Options()).body.decode()
    assert "- /codes/300" in text and "- /api/v1/codes/300" in text


def test_an_unknown_code_has_no_text():
    bare = CodeFacts(299, "Success", page="/codes/299")
    answer = build(bare, Options())
    assert answer.body == b"299 Success\n"
    assert answer.header("Content-Language") is None
    assert answer.status_line == "299 Success"


def test_a_phrase_unfit_for_the_status_line_gives_way_to_the_registry():
    answer = build(CodeFacts(404, "找不到\r\nX: y"), Options())
    assert answer.status_line == "404 Not Found"


@pytest.mark.parametrize(
    ("text", "choices"),
    [
        ("418", ((418, 1.0),)),
        ("200,500", ((200, 1.0), (500, 1.0))),
        ("200:0.9,500:0.1", ((200, 0.9), (500, 0.1))),
        ("500-502", ((500, 1.0), (501, 1.0), (502, 1.0))),
        ("500-501:2,200:0", ((500, 2.0), (501, 2.0), (200, 0.0))),
    ],
)
def test_choices_are_read(text, choices):
    assert parse_choices(text) == choices


@pytest.mark.parametrize(
    "text",
    [
        "",
        "abc",
        "99",
        "600",
        "1000",
        "200,",
        "200:-1",
        "200:nan",
        "200:1e9",
        "200:inf",
        "200:0",
        "504-500",
        "100-599",
        ",".join(["200"] * 101),
        "200;500",
        "2OO",
    ],
)
def test_malformed_choices_name_the_code(text):
    with pytest.raises(InvalidValue) as caught:
        parse_choices(text)
    assert caught.value.field == "code"


def test_a_weight_of_zero_never_wins():
    rng = random.Random(14)
    choices = parse_choices("200:0,500:1,503:0,504:0.0001")
    seen = {choose(choices, rng) for _ in range(2000)}
    assert seen <= {500, 504}
    assert 500 in seen


def test_every_listed_code_can_win():
    rng = random.Random(14)
    seen = {choose(parse_choices("500-504"), rng) for _ in range(500)}
    assert seen == {500, 501, 502, 503, 504}


@pytest.mark.parametrize("code", [100, 101, 102, 103, 150, 199])
def test_interim_codes_are_refused_with_a_reason(code):
    assert str(code) in interim_problem(code)


def test_interim_problems_explain_themselves():
    assert "Expect: 100-continue" in interim_problem(100)
    assert "Upgrade" in interim_problem(101)
    assert interim_problem(200) is None


@pytest.mark.parametrize(
    ("query", "headers", "options"),
    [
        ({}, {}, Options()),
        ({"sleep": "250"}, {}, Options(sleep=250)),
        ({}, {"X-Status-Sleep": "30000"}, Options(sleep=30000)),
        ({"sleep": "0"}, {"X-Status-Sleep": "9"}, Options(sleep=0)),
        ({"retry_after": "7"}, {}, Options(retry_after=7)),
        ({"retry_after": "date"}, {}, Options(retry_after=60, retry_after_date=True)),
        (
            {},
            {"X-Status-Retry-After": "date:5"},
            Options(retry_after=5, retry_after_date=True),
        ),
        ({"location": "/codes/404?x=1#y"}, {}, Options(location="/codes/404?x=1#y")),
        ({}, {"X-Status-Location": "/"}, Options(location="/")),
        ({"body": "none"}, {}, Options(body=False)),
        ({}, {"X-Status-Body": "none"}, Options(body=False)),
        ({"lang": "en", "cache": "1"}, {}, Options()),
    ],
)
def test_options_come_from_the_query_or_their_headers(query, headers, options):
    assert parse_options(query, headers) == options


@pytest.mark.parametrize(
    ("query", "headers", "named"),
    [
        ({"sleep": "1e9"}, {}, "sleep"),
        ({"sleep": "30001"}, {}, "sleep"),
        ({"sleep": "-1"}, {}, "sleep"),
        ({"sleep": ""}, {}, "sleep"),
        ({}, {"X-Status-Sleep": "1000000000"}, "X-Status-Sleep"),
        ({"retry_after": "soon"}, {}, "retry_after"),
        ({"retry_after": "86401"}, {}, "retry_after"),
        ({"retry_after": "date:"}, {}, "retry_after"),
        ({"retry_after": "-5"}, {}, "retry_after"),
        ({"location": "https://evil.example/"}, {}, "location"),
        ({"location": "//evil.example/"}, {}, "location"),
        ({"location": "/\\evil.example/"}, {}, "location"),
        ({"location": "/a\\b"}, {}, "location"),
        ({"location": "/a\r\nSet-Cookie: x=1"}, {}, "location"),
        ({"location": "/a b"}, {}, "location"),
        ({"location": "/\x00"}, {}, "location"),
        ({"location": "/é"}, {}, "location"),
        ({"location": "javascript:alert(1)"}, {}, "location"),
        ({"location": "/" + "a" * 2000}, {}, "location"),
        ({"location": ""}, {}, "location"),
        ({}, {"X-Status-Location": "http://evil.example"}, "X-Status-Location"),
        ({"body": "full"}, {}, "body"),
        ({}, {"X-Status-Body": "None"}, "X-Status-Body"),
    ],
)
def test_malformed_options_are_named(query, headers, named):
    with pytest.raises(InvalidValue) as caught:
        parse_options(query, headers)
    assert list(caught.value.errors) == [named]


def test_every_malformed_option_is_named_at_once():
    with pytest.raises(InvalidValue) as caught:
        parse_options({"sleep": "x", "location": "//x"}, {"X-Status-Body": "all"})
    assert set(caught.value.errors) == {"sleep", "location", "X-Status-Body"}


def test_a_dated_retry_after_is_an_http_date_ahead():
    answer = build(
        facts(503, rule("Retry-After", "may")),
        Options(retry_after=90, retry_after_date=True),
        now=NOW,
    )
    assert (parse_date(answer.header("Retry-After")) - NOW).total_seconds() == 90


@pytest.mark.parametrize(
    ("code", "phrase", "aliases", "shown"),
    [
        (404, "Not Found", ["Page missing"], "Not Found"),
        (418, "(Unused)", ["I'm a teapot"], "I'm a teapot"),
        (306, "(Unused)", [], "Redirection"),
        (499, "Client Closed Request", [], "Client Closed Request"),
    ],
)
def test_a_placeholder_phrase_gives_way_to_the_name_the_code_is_known_by(
    code, phrase, aliases, shown
):
    assert phrase_of(code, phrase, aliases) == shown
