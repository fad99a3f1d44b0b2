"""The seeded data: the source page verbatim, registry facts, notes on errors."""

import csv
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "scripts" / "seed_data" / "mdn-zh-CN-status.txt"
SHARED_PAGE = ROOT.parent / "shared" / "seed" / "000_32a83da0fcd8d5c3.txt"
REGISTRY = ROOT / "statusapp" / "data" / "http-status-registry.csv"


def page_blocks() -> dict[int, str]:
    """Cut the page into code blocks by a method unrelated to build_seed.py.

    A block starts at a line that begins with a three-digit number followed by
    Latin text, and runs to the next such line or section heading. Whitespace
    is dropped entirely, so only the characters are compared.
    """
    text = PAGE.read_text(encoding="utf-8").split("上一篇")[0]
    body = text.split("\n信息响应\n", 1)[1]
    pieces = re.split(r"(?m)^(\d{3}) (?=[A-Za-z])", body)
    blocks = {}
    for number, chunk in zip(pieces[1::2], pieces[2::2], strict=True):
        heading, _, rest = chunk.partition("\n")
        for section in ("成功响应", "重定向", "客户端响应", "服务端响应"):
            rest = rest.split(f"\n{section}\n")[0]
        blocks[int(number)] = "".join(rest.split())
    return blocks


def registry_rows() -> dict[int, dict]:
    with REGISTRY.open(encoding="utf-8", newline="") as f:
        return {int(r["code"]): r for r in csv.DictReader(f)}


def test_repository_copy_of_the_page_is_the_source_page():
    if not SHARED_PAGE.exists():
        pytest.skip("the shared source page is not beside this checkout")
    assert PAGE.read_bytes() == SHARED_PAGE.read_bytes()


def test_page_has_61_codes():
    assert len(page_blocks()) == 61


def test_every_code_of_the_page_is_served_verbatim(client):
    blocks = page_blocks()
    served = {
        item["code"]: item["translations"].get("zh-CN", {}).get("description", "")
        for item in client.get("/api/v1/codes?per_page=500").json["items"]
    }
    for code, text in blocks.items():
        assert "".join(served[code].split()) == text, code


@pytest.mark.parametrize(
    ("code", "text"),
    [
        (
            400,
            "1、语义有误,当前请求无法被服务器理解。除非进行修改,否则客户端不应该"
            "重复提交这个请求。\n2、请求参数有误。",
        ),
        (511, "511 状态码指示客户端需要进行身份验证才能获得网络访问权限。"),
    ],
)
def test_multi_line_and_tricky_descriptions(client, code, text):
    body = client.get(f"/api/v1/codes/{code}/translations/zh-CN").json
    assert body["description"] == text


def test_200_keeps_its_bullets_on_separate_lines(client):
    lines = (
        client.get("/api/v1/codes/200/translations/zh-CN")
        .json["description"]
        .splitlines()
    )
    assert lines[0] == "请求成功。成功的含义取决于HTTP方法:"
    assert [line.split(":")[0] for line in lines[1:]] == [
        "• GET",
        "• HEAD",
        "• POST",
        "• TRACE",
    ]


def test_registry_facts_match_for_every_code(client):
    served = {
        item["code"]: item
        for item in client.get("/api/v1/codes?per_page=500").json["items"]
    }
    registry = registry_rows()
    outside = {c for c, item in served.items() if c not in registry}
    assert set(served) - outside == set(registry)
    # The vendors' codes (seed_data/unofficial.toml), each marked so.
    assert {served[c]["registry_status"] for c in outside} == {"unregistered"}
    for code, row in registry.items():
        item = served[code]
        assert item["reason_phrase"] == row["reason_phrase"], code
        assert item["reference"] == row["reference"], code
        assert item["reference_url"] == row["reference_url"], code
        assert item["registry_status"] == row["registry_status"], code


def test_every_code_has_an_english_description(client):
    for item in client.get("/api/v1/codes?per_page=500").json["items"]:
        assert len(item["translations"]["en"]["description"]) > 40, item["code"]


@pytest.mark.parametrize("code", [103, 425])
def test_registered_codes_missing_from_the_page_exist(client, code):
    body = client.get(f"/api/v1/codes/{code}").json
    assert body["source_heading"] is None
    assert set(body["translations"]) == {"en"}


@pytest.mark.parametrize(
    ("code", "aliases", "extension", "heading"),
    [
        (101, ["Switching Protocol"], None, "101 Switching Protocol"),
        (208, ["Multi-Status"], "WebDAV", "208 Multi-Status (WebDAV)"),
        (226, [], "HTTP Delta encoding", "226 IM Used (HTTP Delta encoding)"),
        (300, ["Multiple Choice"], None, "300 Multiple Choice"),
        (
            413,
            ["Payload Too Large", "Request Entity Too Large"],
            None,
            "413 Payload Too Large",
        ),
        (418, ["I'm a teapot"], None, "418 I'm a teapot"),
    ],
)
def test_page_headings_survive_as_aliases(client, code, aliases, extension, heading):
    body = client.get(f"/api/v1/codes/{code}").json
    assert body["aliases"] == aliases
    assert body["extension"] == extension
    assert body["source_heading"] == heading


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (507, "506 Variant Also Negotiates"),
        (208, "Already Reported"),
        (306, "reserved and unused"),
        (418, "reserved and unused"),
        (200, "no message body"),
        (307, "must not change the request method"),
        (305, "deprecated"),
    ],
)
def test_errors_on_the_page_are_flagged_by_notes(client, code, words):
    notes = client.get(f"/api/v1/codes/{code}").json["notes"]
    assert any(words in note["body"].replace("**", "") for note in notes)


def test_seed_sql_is_up_to_date_with_its_sources():
    result = subprocess.run(
        [sys.executable, "scripts/build_seed.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
