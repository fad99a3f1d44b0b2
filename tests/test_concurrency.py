"""Concurrent editors over real HTTP: optimistic locking loses no update."""

import json
import threading
import urllib.error
import urllib.request

WRITERS = 6


def call(method: str, url: str, headers: dict, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return (
                response.status,
                response.headers,
                json.loads(response.read() or b"null"),
            )
    except urllib.error.HTTPError as error:
        return error.code, error.headers, json.loads(error.read() or b"null")


def test_parallel_patches_lose_no_update(live_server, bearer):
    url = live_server("/api/v1/codes/404")
    tokens = [bearer("editor" if i % 2 else "editor2") for i in range(WRITERS)]
    start = threading.Barrier(WRITERS)
    statuses: list[int] = []

    def add_alias(number: int):
        start.wait()
        for _ in range(100):
            _, headers, body = call("GET", url, tokens[number])
            aliases = body["aliases"] + [f"Alias {number}"]
            status, _, _ = call(
                "PATCH",
                url,
                {**tokens[number], "If-Match": headers["ETag"]},
                {"aliases": aliases},
            )
            statuses.append(status)
            if status == 200:
                return

    threads = [threading.Thread(target=add_alias, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    _, _, final = call("GET", url, {})
    assert sorted(a for a in final["aliases"] if a.startswith("Alias")) == [
        f"Alias {n}" for n in range(WRITERS)
    ]
    assert set(statuses) <= {200, 412}
    assert statuses.count(200) == WRITERS
    _, _, history = call("GET", url + "/history", {})
    assert len([r for r in history["items"] if r["entity"] == "code"]) == WRITERS


TRIALS = 20


def test_a_source_change_racing_a_translation_leaves_it_outdated_or_current(
    live_server, bearer
):
    # The source text and the English text of one code are saved at the same
    # moment, again and again: English must end either outdated or pinned to
    # the source version that stands, never a draft of an older source.
    source_url = live_server("/api/v1/codes/404/translations/zh-CN")
    english_url = live_server("/api/v1/codes/404/translations/en")
    tokens = {source_url: bearer("editor"), english_url: bearer("editor2")}
    statuses: list[int] = []

    def put(url: str, description: str, start: threading.Barrier):
        _, headers, _ = call("GET", url, tokens[url])
        start.wait()
        status, _, _ = call(
            "PUT",
            url,
            {**tokens[url], "If-Match": headers["ETag"]},
            {"description": description},
        )
        statuses.append(status)

    for trial in range(TRIALS):
        start = threading.Barrier(2)
        threads = [
            threading.Thread(target=put, args=(source_url, f"源 {trial}", start)),
            threading.Thread(target=put, args=(english_url, f"Text {trial}", start)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        _, _, source = call("GET", source_url, {})
        _, _, english = call("GET", english_url, {})
        assert (
            english["status"] == "outdated"
            or english["source_version"] == source["version"]
        ), (trial, english, source)
    assert set(statuses) <= {200, 412}
