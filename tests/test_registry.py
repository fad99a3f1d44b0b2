"""`flask registry check` and the admin page: how the database differs from the
IANA registry table that ships with the package."""

import pytest
from html_support import as_user, parse

from statusapp.extensions import db
from statusapp.models import StatusCode
from statusapp.services import codes
from statusapp.services.registry_check import check_registry

# The seed's vendors' codes (scripts/seed_data/unofficial.toml): outside the
# registry and marked so, which is consistent.
SEEDED_OUTSIDE = 25
MATCHES = (
    "The database matches the registry (63 registered codes; "
    f"{SEEDED_OUTSIDE} codes outside it, marked unregistered)."
)
ONE_DIFFERENCE = (
    "1 difference in 1 code: the database does not match the registry; "
    f"{SEEDED_OUTSIDE} codes outside it, marked unregistered."
)
CONSISTENT = ": not in the registry, marked unregistered (consistent)"


def edit(code: int, **fields):
    """Change a code through the editing service, as an admin."""

    def change(app):
        as_user(app, "ada", lambda user: codes.update_code(code, fields, user))

    return change


def write(code: int, **fields):
    """Change a code by writing to the model directly."""

    def change(app):
        with app.app_context():
            record = db.session.get(StatusCode, code)
            for name, value in fields.items():
                setattr(record, name, value)
            db.session.commit()

    return change


def delete(code: int):
    def change(app):
        as_user(app, "ada", lambda user: codes.delete_code(code, user))

    return change


def add(code: int, phrase: str, status: str):
    def change(app):
        data = {"code": code, "reason_phrase": phrase, "registry_status": status}
        as_user(app, "ada", lambda user: codes.create_code(data, user))

    return change


# change, the line `flask registry check` prints, the page's row, the code's link
CHANGES = [
    pytest.param(
        edit(404, reason_phrase="Not Found!"),
        '404 Not Found!: reason phrase differs: database "Not Found!" '
        'vs registry "Not Found"',
        ["404 Not Found!", "Reason phrase differs", "Not Found!", "Not Found"],
        "/codes/404",
        id="phrase",
    ),
    pytest.param(
        edit(102, reference="RFC 4918"),
        '102 Processing: reference differs: database "RFC 4918" vs registry "RFC 2518"',
        ["102 Processing", "Reference differs", "RFC 4918", "RFC 2518"],
        "/codes/102",
        id="reference",
    ),
    pytest.param(
        write(102, reference_url=None),
        "102 Processing: reference URL differs: database (empty) "
        'vs registry "https://www.rfc-editor.org/rfc/rfc2518"',
        [
            "102 Processing",
            "Reference URL differs",
            "empty",
            "https://www.rfc-editor.org/rfc/rfc2518",
        ],
        "/codes/102",
        id="reference-url",
    ),
    pytest.param(
        write(305, registry_status="permanent"),
        '305 Use Proxy: registry status differs: database "permanent" '
        'vs registry "deprecated"',
        ["305 Use Proxy", "Registry status differs", "permanent", "deprecated"],
        "/codes/305",
        id="status",
    ),
    pytest.param(
        edit(418, registry_status="unregistered"),
        '418 (Unused): registry status differs: database "unregistered" '
        'vs registry "unused"',
        ["418 (Unused)", "Registry status differs", "unregistered", "unused"],
        "/codes/418",
        id="registered-code-marked-unregistered",
    ),
    pytest.param(
        delete(306),
        "306 (Unused): registered (unused) but missing from the database",
        [
            "306 (Unused)",
            "Registered, but missing from the database",
            "not present",
            "unused",
        ],
        None,
        id="missing",
    ),
    pytest.param(
        add(498, "Invalid Token", "permanent"),
        "498 Invalid Token: not in the registry, but the database marks it "
        '"permanent" (mark it unregistered if it is meant to be outside the registry)',
        [
            "498 Invalid Token",
            "Not in the registry, but not marked unregistered",
            "permanent",
            "not present",
        ],
        "/codes/498",
        id="not-in-registry",
    ),
]


def check(runner, *, consistent: bool = False) -> tuple[int, list[str]]:
    """The exit code and lines of `flask registry check`; without the lines of
    the consistent codes outside the registry unless ``consistent``."""
    result = runner.invoke(args=["registry", "check"])
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    if not consistent:
        lines = [line for line in lines if not line.endswith(CONSISTENT)]
    return result.exit_code, lines


def report_rows(page) -> list[list[str]]:
    """The differences table as [code, difference, database, registry] rows."""
    rows = []
    for group in page.find("table", class_="differences").find_all("tbody"):
        code = group.find("th").text
        for tr in group.find_all("tr"):
            rows.append([code] + [td.text for td in tr.find_all("td")])
    return rows


def registry_page(visitor):
    response = visitor("admin").get("/admin/registry")
    assert response.status_code == 200
    return parse(response)


def test_a_freshly_seeded_database_matches(runner):
    assert check(runner) == (0, [MATCHES])


def test_the_seeded_vendors_codes_are_consistent_unregistered_records(runner):
    code, lines = check(runner, consistent=True)

    assert code == 0
    assert len(lines) == SEEDED_OUTSIDE + 1
    assert "499 Client Closed Request" + CONSISTENT in lines
    assert "520 Web Server Returned an Unknown Error" + CONSISTENT in lines


def test_the_page_says_a_freshly_seeded_database_matches(visitor):
    page = registry_page(visitor)

    assert page.find("p", class_="registry-matches").text == (
        "The database matches the registry: all 63 registered codes are present, "
        "with the registry's phrases, references and statuses."
    )
    assert page.find_all("table", class_="differences") == []
    listed = page.find("ul", class_="unregistered").find_all("a")
    assert len(listed) == SEEDED_OUTSIDE
    assert ("499 Client Closed Request", "/codes/499") in [
        (a.text, a.attrs["href"]) for a in listed
    ]


@pytest.mark.parametrize(("change", "line", "row", "link"), CHANGES)
def test_check_reports_each_kind_of_difference(
    app, runner, users, change, line, row, link
):
    change(app)

    assert check(runner) == (1, [line, ONE_DIFFERENCE])


@pytest.mark.parametrize(("change", "line", "row", "link"), CHANGES)
def test_the_page_shows_each_kind_of_difference(app, visitor, change, line, row, link):
    change(app)

    page = registry_page(visitor)

    assert "1 difference." in page.find("p", class_="registry-differs").text
    assert page.find_all("p", class_="registry-matches") == []
    assert report_rows(page) == [row]
    code = page.find("table", class_="differences").find("tbody").find("th")
    assert [a.attrs["href"] for a in code.find_all("a")] == ([link] if link else [])


def several_changes(app):
    edit(404, reason_phrase="Not Found!", registry_status="deprecated")(app)
    edit(102, reference="RFC 4918")(app)
    delete(100)(app)


def test_check_lists_every_difference_by_code_then_counts_them(app, runner, users):
    several_changes(app)

    code, lines = check(runner)

    assert code == 1
    assert [line.split(":")[0:2] for line in lines[:-1]] == [
        ["100 Continue", " registered (permanent) but missing from the database"],
        ["102 Processing", " reference differs"],
        ["404 Not Found!", " reason phrase differs"],
        ["404 Not Found!", " registry status differs"],
    ]
    assert lines[-1] == (
        "4 differences in 3 codes: the database does not match the registry; "
        f"{SEEDED_OUTSIDE} codes outside it, marked unregistered."
    )


def test_the_page_groups_the_differences_by_code(app, visitor):
    several_changes(app)

    page = registry_page(visitor)

    assert "4 differences." in page.find("p", class_="registry-differs").text
    assert [row[:2] for row in report_rows(page)] == [
        ["100 Continue", "Registered, but missing from the database"],
        ["102 Processing", "Reference differs"],
        ["404 Not Found!", "Reason phrase differs"],
        ["404 Not Found!", "Registry status differs"],
    ]
    groups = page.find("table", class_="differences").find_all("tbody")
    assert [group.find("th").attrs.get("rowspan") for group in groups] == [
        None,
        None,
        "2",
    ]


def test_a_code_marked_unregistered_outside_the_registry_is_consistent(
    app, runner, users, visitor
):
    add(498, "Invalid Token", "unregistered")(app)

    code, lines = check(runner, consistent=True)
    assert code == 0
    assert "498 Invalid Token" + CONSISTENT in lines
    assert lines[-1] == (
        "The database matches the registry (63 registered codes; "
        f"{SEEDED_OUTSIDE + 1} codes outside it, marked unregistered)."
    )
    page = registry_page(visitor)
    assert page.find_all("p", class_="registry-matches")
    listed = page.find("ul", class_="unregistered").find_all("a")
    assert ("498 Invalid Token", "/codes/498") in [
        (a.text, a.attrs["href"]) for a in listed
    ]


def test_consistent_unregistered_codes_are_listed_after_the_differences(
    app, runner, users
):
    add(498, "Invalid Token", "unregistered")(app)
    edit(404, reason_phrase="Not Found!")(app)

    code, lines = check(runner, consistent=True)

    assert code == 1
    assert [line.split(":")[0] for line in lines[:3]] == [
        "404 Not Found!",
        "419 Page Expired",
        "420 Enhance Your Calm",
    ]
    assert "498 Invalid Token" + CONSISTENT in lines[1:-1]
    assert all(line.endswith(CONSISTENT) for line in lines[1:-1])
    assert lines[-1] == (
        "1 difference in 1 code: the database does not match the registry; "
        f"{SEEDED_OUTSIDE + 1} codes outside it, marked unregistered."
    )


@pytest.mark.parametrize(
    ("who", "status", "location"),
    [("admin", 200, None), ("editor", 403, None), (None, 302, "/login")],
)
def test_only_admins_may_open_the_page(visitor, who, status, location):
    response = visitor(who).get("/admin/registry")

    assert response.status_code == status
    if location:
        assert response.location.startswith(location)


def test_the_report_is_read_in_one_query(app, count_queries):
    with count_queries() as statements, app.app_context():
        check_registry()

    assert len(statements) == 1


def test_an_unreachable_database_gives_a_one_line_error(app_factory):
    app = app_factory("postgresql+psycopg://nobody@127.0.0.1:1/none")

    code, lines = check(app.test_cli_runner())

    assert code == 1
    assert len(lines) == 1
    assert lines[0].startswith(
        "Error: cannot use the database at postgresql+psycopg://nobody@127.0.0.1:1"
    )


def test_a_database_without_a_schema_gives_a_one_line_error(app_factory, empty_db_url):
    code, lines = check(app_factory(empty_db_url).test_cli_runner())

    assert code == 1
    assert len(lines) == 1
    assert lines[0].startswith("Error: cannot use the database at ")
