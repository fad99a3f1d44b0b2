"""Texts known to be wrong: disputed with a reason, kept as written, and the
corrections proposed beside them, through the pages, the API and the seed."""

import pytest
from html_support import ENGLISH, Visitor, as_user, form_data, parse

from statusapp.extensions import db
from statusapp.models import TextProposal, Translation
from statusapp.services import proposals

CHINESE = {"Accept-Language": "zh-CN"}
TEXT = "/api/v1/codes/{code}/translations/{lang}"
PROPOSAL = TEXT + "/proposal"
# The source page's 507 text, which describes 506.
WRONG_507 = (
    "服务器有内部配置错误:所选的变体资源被配置为参与透明内容协商本身,"
    "因此不是协商过程中的适当端点。"
)


def flashes(page) -> list[str]:
    return [p.text for p in page.find_all("p", class_="flash")]


def etag(client, url) -> str:
    return client.get(url).headers["ETag"]


def propose(client, headers, code, lang, description, reason=None, etag=None):
    body = {"description": description}
    if reason:
        body["dispute_reason"] = reason
    if etag:
        headers = {**headers, "If-Match": etag}
    return client.put(PROPOSAL.format(code=code, lang=lang), json=body, headers=headers)


def accept(client, headers, code, lang):
    url = PROPOSAL.format(code=code, lang=lang)
    return client.post(
        f"{url}/accept", headers={**headers, "If-Match": etag(client, url)}
    )


# The seed ------------------------------------------------------------------------


def test_the_seeded_507_text_is_disputed_verbatim_with_a_proposal(client):
    text = client.get(TEXT.format(code=507, lang="zh-CN")).json

    assert text["description"] == WRONG_507
    assert text["status"] == "disputed"
    assert "506" in text["dispute_reason"]
    assert text["proposal"]["author"] is None
    assert "存储" in text["proposal"]["description"]
    assert "协商" not in text["proposal"]["description"]


def test_the_chinese_page_of_507_says_in_chinese_that_the_text_is_wrong(client):
    page = parse(client.get("/codes/507", headers=CHINESE))
    block = page.find("section", class_="description-block")

    marker = block.find("p", class_="disputed")
    assert marker.attrs.get("lang") is None or marker.attrs["lang"].startswith("zh")
    assert "这段文字有误" in marker.text
    assert "506" in marker.text
    # The source text is still there, word for word, after the marker.
    assert WRONG_507 in block.find("div", class_="description").text
    proposal = block.find("details", class_="proposal")
    assert "尚未采纳" in proposal.find("summary").text
    assert "服务器无法存储完成该请求所需的表示" in proposal.text
    # No review badge for readers, and the Chinese note explains what 507 means.
    assert block.find_all("span", class_="badge") == []
    note = page.find("section", class_="notes").find("li", class_="note")
    assert note.attrs["lang"] == "zh-CN" and "507 Insufficient Storage" in note.text


def test_a_second_seed_does_not_offer_a_correction_already_accepted(
    app, client, bearer, runner
):
    assert accept(client, bearer("editor"), 507, "zh-CN").status_code == 200

    result = runner.invoke(args=["seed"])

    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.get(TextProposal, (507, "zh-CN")) is None
        text = db.session.get(Translation, (507, "zh-CN"))
        assert text.status == "reviewed" and "存储" in text.description


# The API -------------------------------------------------------------------------


def test_accepting_a_proposal_makes_it_the_text_and_keeps_the_original_in_history(
    client, bearer
):
    response = accept(client, bearer("editor2"), 507, "zh-CN")

    assert response.status_code == 200
    body = response.json
    assert body["status"] == "reviewed" and body["reviewed_by"] == "erin"
    assert body["dispute_reason"] is None and body["proposal"] is None
    assert "存储" in body["description"]
    assert response.headers["ETag"] == etag(client, TEXT.format(code=507, lang="zh-CN"))
    # A changed source text outdates the English one, as any edit of it does.
    en = client.get(TEXT.format(code=507, lang="en")).json
    assert en["status"] == "outdated"
    items = client.get("/api/v1/codes/507/history").json["items"]
    kinds = [(r["entity"], r["action"]) for r in items[:3]]
    assert ("proposal", "delete") in kinds and ("translation", "update") in kinds
    change = next(
        r["changes"]
        for r in items
        if (r["entity"], r["entity_key"]) == ("translation", "507/zh-CN")
    )
    assert change["description"]["before"] == WRONG_507
    assert change["status"] == {"before": "disputed", "after": "reviewed"}


def test_an_editor_disputes_a_text_and_another_accepts_the_correction(
    client, bearer, japanese
):
    url = PROPOSAL.format(code=404, lang="en")
    created = propose(
        client,
        bearer("editor"),
        404,
        "en",
        "Nothing was found at this URL.",
        reason="The text is too vague.",
    )
    assert created.status_code == 201
    assert created.headers["Location"].endswith("/codes/404/translations/en/proposal")
    text = client.get(TEXT.format(code=404, lang="en")).json
    assert (text["status"], text["dispute_reason"]) == (
        "disputed",
        "The text is too vague.",
    )
    assert text["proposal"]["author"] == "eddie"

    own = accept(client, bearer("editor"), 404, "en")
    assert own.status_code == 403 and "another editor" in own.json["detail"]

    # Replacing the proposal needs its ETag, as any replacement does.
    again = propose(client, bearer("editor2"), 404, "en", "No resource here.")
    assert again.status_code == 428
    stale = propose(
        client, bearer("editor2"), 404, "en", "No resource here.", etag='"old"'
    )
    assert stale.status_code == 412
    replaced = propose(
        client,
        bearer("editor2"),
        404,
        "en",
        "No resource here.",
        etag=etag(client, url),
    )
    assert replaced.status_code == 200 and replaced.json["author"] == "erin"

    accepted = accept(client, bearer("editor"), 404, "en")
    assert accepted.status_code == 200
    assert accepted.json["description"] == "No resource here."
    assert accepted.json["updated_by"] == "erin"
    assert accepted.json["reviewed_by"] == "eddie"
    assert client.get(url).status_code == 404


def test_rejecting_a_proposal_leaves_the_disputed_text_as_it_was(client, bearer):
    url = PROPOSAL.format(code=507, lang="zh-CN")

    missing = client.delete(url, headers=bearer())
    assert missing.status_code == 428
    response = client.delete(url, headers={**bearer(), "If-Match": etag(client, url)})

    assert response.status_code == 204
    text = client.get(TEXT.format(code=507, lang="zh-CN")).json
    assert text["status"] == "disputed" and text["description"] == WRONG_507
    assert text["proposal"] is None
    assert client.get(url).status_code == 404


def test_a_proposal_changes_the_text_etag(client, bearer):
    url = TEXT.format(code=404, lang="en")
    before = etag(client, url)

    propose(client, bearer(), 404, "en", "Nothing here.")

    response = client.get(url, headers={"If-None-Match": before})
    assert response.status_code == 200
    assert response.json["proposal"]["description"] == "Nothing here."


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_disputing_needs_a_reason(client, bearer, reason):
    url = TEXT.format(code=404, lang="en")
    body = {"status": "disputed"}
    if reason is not None:
        body["dispute_reason"] = reason
    response = client.patch(
        url, json=body, headers={**bearer(), "If-Match": etag(client, url)}
    )
    assert response.status_code == 422
    assert "dispute_reason" in response.json["errors"]
    assert client.get(url).json["status"] == "reviewed"


def test_a_disputed_text_is_not_simply_marked_reviewed(client, bearer):
    url = TEXT.format(code=507, lang="zh-CN")
    response = client.patch(
        url,
        json={"status": "reviewed"},
        headers={**bearer(), "If-Match": etag(client, url)},
    )
    assert response.status_code == 422
    assert "withdraw the dispute" in response.json["errors"]["status"][0]

    withdrawn = client.patch(
        url,
        json={"status": "draft"},
        headers={**bearer(), "If-Match": etag(client, url)},
    )
    assert withdrawn.status_code == 200
    assert withdrawn.json["status"] == "draft"
    assert withdrawn.json["dispute_reason"] is None


def test_disputed_texts_are_counted_and_listed_first_among_the_work(client):
    zh = client.get("/api/v1/languages/zh-CN").json["stats"]
    assert zh["disputed"] == 4
    page = parse(client.get("/translations", headers=ENGLISH))
    items = page.find("section", id="work-zh-CN").find_all("li", class_="work-item")
    states = [item.attrs["data-state"] for item in items]
    assert states == [
        "missing",
        "missing",
        "disputed",
        "disputed",
        "disputed",
        "disputed",
    ]
    codes = [item.find("a").text for item in items[2:]]
    assert [c.split()[0] for c in codes] == ["200", "307", "400", "507"]


# The pages -----------------------------------------------------------------------


def test_an_editor_proposes_through_the_form_and_another_accepts_on_the_page(
    app, users
):
    eddie = Visitor(app, language="en").login(users["editor"])
    url = "/codes/404/translations/en/proposal"
    values = eddie.form_values(url)
    assert values["version"] == "0"
    values |= {
        "dispute_reason": "Too vague.",
        "description": "The server found nothing at this URL.",
    }

    saved = eddie.post(url, values)

    assert saved.status_code == 302
    page = parse(eddie.get(saved.location, headers=ENGLISH))
    assert "Proposed a correction to the English text of 404." in flashes(page)
    block = page.find("section", class_="description-block")
    assert block.find("span", class_="badge").text == "Disputed"
    assert "Too vague." in block.find("p", class_="state-line").text
    labels = [
        b.text for b in block.find("details", class_="proposal").find_all("button")
    ]
    assert labels == ["Reject it (en)"]  # its author may not accept it

    erin = Visitor(app, language="en").login(users["editor2"])
    page = parse(erin.get("/codes/404?lang=en", headers=ENGLISH))
    (button,) = [
        b for b in page.find_all("button") if b.text == "Accept the correction (en)"
    ]
    form = button.parent
    data = {i.attrs["name"]: i.attrs.get("value", "") for i in form.find_all("input")}
    response = erin.post(form.attrs["action"], data, headers=ENGLISH)

    assert response.status_code == 303
    after = parse(erin.get(response.location, headers=ENGLISH))
    assert "The proposal is now the English text of 404." in flashes(after)
    block = after.find("section", class_="description-block")
    assert "The server found nothing at this URL." in block.text
    assert block.find("span", class_="badge").text == "Reviewed"
    assert block.find_all("details", class_="proposal") == []


def test_the_proposal_form_refuses_an_empty_description_and_keeps_the_text(app, users):
    eddie = Visitor(app, language="en").login(users["editor"])
    url = "/codes/404/translations/en/proposal"
    values = eddie.form_values(url) | {"description": "  "}

    response = eddie.post(url, values, headers=ENGLISH)

    assert response.status_code == 422
    page = parse(response)
    assert page.find("div", class_="error-summary")
    with app.app_context():
        assert db.session.get(TextProposal, (404, "en")) is None
        assert db.session.get(Translation, (404, "en")).status == "reviewed"


def test_readers_get_no_proposal_form(client):
    response = client.get("/codes/404/translations/en/proposal")
    assert response.status_code in (302, 401, 403)


def test_the_history_page_names_proposals(app, client, users):
    as_user(
        app,
        "eddie",
        lambda user: proposals.propose(404, "en", {"description": "Short."}, user),
    )
    page = parse(client.get("/codes/404/history", headers=ENGLISH))
    assert "eddie proposed a correction to the en text" in page.text


def test_the_edit_form_of_a_proposal_starts_from_the_open_proposal(app, users):
    eddie = Visitor(app, language="en").login(users["editor"])
    values = form_data(parse(eddie.get("/codes/507/translations/zh-CN/proposal")))
    assert "服务器无法存储" in values["description"]
    assert "506" in values["dispute_reason"]
