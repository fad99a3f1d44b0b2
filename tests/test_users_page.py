"""The users page for admins, and the account links in every page's header."""

from html_support import PASSWORD, Visitor, parse


def rows(page) -> dict[str, list[str]]:
    table = page.find("table", class_="users")
    return {
        tr.find("th").text: [td.text for td in tr.find_all("td")][:3]
        for tr in table.find("tbody").find_all("tr")
    }


def flashes(page) -> list[str]:
    return [p.text for p in page.find_all("p", class_="flash")]


def test_admin_sees_every_account(visitor):
    page = parse(visitor("admin").get("/admin/users"))

    accounts = rows(page)
    assert list(accounts) == ["ada", "eddie", "erin"]
    assert [cells[:2] for cells in accounts.values()] == [
        ["admin", "Active"],
        ["editor", "Active"],
        ["editor", "Active"],
    ]
    assert "3 accounts" in page.find("caption").text


def test_admin_creates_an_account_that_can_log_in(app, visitor):
    ada = visitor("admin")

    response = ada.post(
        "/admin/users", {"username": "zoe", "password": PASSWORD, "role": "editor"}
    )

    assert response.location == "/admin/users"
    page = parse(ada.get(response.location))
    assert "Created the editor account zoe." in flashes(page)
    assert rows(page)["zoe"][:2] == ["editor", "Active"]
    zoe = Visitor(app).login("zoe")
    assert "zoe" in parse(zoe.get("/")).find("div", class_="account").text


def test_deactivating_ends_the_sessions_and_blocks_login(app, visitor):
    ada = visitor("admin")
    eddie = visitor("editor")
    assert eddie.get("/codes/404/edit").status_code == 200

    response = ada.post("/admin/users/eddie/deactivate")

    page = parse(ada.get(response.location))
    assert "eddie is deactivated; its sessions ended." in flashes(page)
    assert rows(page)["eddie"][1] == "Deactivated"
    assert eddie.get("/codes/404/edit").location.startswith("/login")
    refused = Visitor(app).post("/login", {"username": "eddie", "password": PASSWORD})
    assert refused.status_code == 422

    ada.post("/admin/users/eddie/activate")

    assert rows(parse(ada.get("/admin/users")))["eddie"][1] == "Active"
    Visitor(app).login("eddie")


def test_admin_cannot_deactivate_their_own_account(visitor):
    ada = visitor("admin")
    page = parse(ada.get("/admin/users"))
    assert page.find_all("form", action="/admin/users/ada/deactivate") == []

    response = ada.post("/admin/users/ada/deactivate")

    page = parse(ada.get(response.location))
    assert "You cannot deactivate your own account." in flashes(page)
    assert rows(page)["ada"][1] == "Active"


def test_header_offers_login_then_shows_the_user_and_a_logout_button(visitor):
    anonymous = visitor()
    login = parse(anonymous.get("/codes/404")).find("div", class_="account")
    assert login.find("a").attrs["href"] == "/login?next=/codes/404"

    eddie = visitor("editor")
    account = parse(eddie.get("/")).find("div", class_="account")
    assert account.find("span", class_="who").text == "eddie (editor)"
    form = account.find("form")
    assert (form.attrs["method"], form.attrs["action"]) == ("post", "/logout")
    assert form.find("input", name="csrf_token").attrs["value"]

    response = eddie.post("/logout")

    page = parse(eddie.get(response.location))
    assert "Logged out." in flashes(page)
    assert page.find("div", class_="account").find("a").text == "Log in"
    assert eddie.get("/codes/404/edit").status_code == 302


def test_login_returns_to_the_page_that_asked_for_it(app, visitor):
    anonymous = visitor()
    sent = anonymous.get("/codes/404/translations/en/edit")

    page = parse(anonymous.get(sent.location))
    form = page.find("form", class_="edit")
    response = anonymous.post(
        form.attrs["action"], {"username": "eddie", "password": PASSWORD}
    )

    assert response.location == "/codes/404/translations/en/edit"


def test_a_failed_login_keeps_the_username_and_marks_the_error(visitor):
    response = visitor().post("/login", {"username": "eddie", "password": "wrong!"})

    assert response.status_code == 422
    page = parse(response)
    assert page.find("input", name="username").attrs["value"] == "eddie"
    password = page.find("input", name="password")
    assert "value" not in password.attrs or not password.attrs["value"]
    assert password.attrs["aria-invalid"] == "true"
    assert "Wrong username or password." in page.find(id="password-errors").text
