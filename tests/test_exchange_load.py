"""Heavy exchange work is bounded: reads stay fast while clients export a large
language over real HTTP, and a worker with no turn left for heavy work answers
503 with Retry-After instead of taking on more."""

import csv
import io
import math
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest
from exchange_support import CSV_BODY, CSV_TYPE, export, export_url, import_url
from html_support import ENGLISH, Visitor

from statusapp import registry
from statusapp.services import accounts, exchange
from statusapp.services.exchange import capacity
from statusapp.services.fields import MAX_TEXT

REGISTERED = frozenset(registry.entries())
EXPORTERS = 8
BURSTS = 5
# The slowest 1% of reads while the exports run stay under this. Measured on
# 2 busy shared cores, the reads' p99 was 20-60 ms with the export cache and
# the turns for heavy work; before them, when each export built its 7.6 MB
# file again, eight at once, it was 90-120 ms on SQLite and 190-330 ms on
# PostgreSQL.
READ_P99_BOUND = 0.100
# Chinese text without spaces, as in the report of a PO export taking seconds.
CHINESE = "".join(chr(0x4E00 + (i * 7919) % 20_000) for i in range(MAX_TEXT))


def fetch(url: str):
    """GET ``url``; return the status, the headers and the body."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def download(url: str):
    """GET ``url`` as a client on a network would, at about 50 MB/s rather than
    at the speed of a copy in memory; return the status, headers and body."""
    try:
        response = urllib.request.urlopen(url, timeout=60)
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
    with response:
        parts = []
        while part := response.read(256 * 1024):
            parts.append(part)
            time.sleep(0.005)
        return response.status, response.headers, b"".join(parts)


def p99(latencies: list[float]) -> float:
    ordered = sorted(latencies)
    return ordered[math.ceil(0.99 * len(ordered)) - 1]


def fill(tag: str, user, shift: int) -> int:
    """Import a description as long as allowed for every registered code into
    ``tag``, as a translator would; return how many texts it wrote."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(["code", "version", "title", "description"])
    for entry in exchange.export_entries(tag):
        if entry.code not in REGISTERED:
            continue
        start = (entry.code * shift) % MAX_TEXT
        text = CHINESE[start:] + CHINESE[:start]
        writer.writerow([entry.code, entry.version, entry.title or "", text])
    return exchange.import_file(tag, out.getvalue().encode(), "csv", user).applied


@pytest.fixture
def large_language(app, users, japanese):
    """Japanese, with every registered code's description and its source text
    as long as allowed: a 7.6 MB export, the size the bound was measured at
    (the unofficial codes add their short texts)."""
    with app.app_context():
        eddie = accounts.get_user(users["editor"])
        assert fill("zh-CN", eddie, 3) == fill(japanese, eddie, 1) == len(REGISTERED)
    return japanese


def test_reads_stay_fast_while_eight_clients_export_a_large_language(
    live_server, large_language
):
    url = live_server(export_url(large_language, "csv"))
    reads: list[tuple[float, float, int]] = []
    stop = threading.Event()

    def read():
        while not stop.is_set():
            started = time.perf_counter()
            status, _, _ = fetch(live_server("/api/v1/codes/404"))
            reads.append((started, time.perf_counter(), status))

    exports: list[tuple[int, bytes]] = []
    burst = threading.Barrier(EXPORTERS)

    def export_repeatedly():
        for _ in range(BURSTS):
            burst.wait()
            status, headers, body = download(url)
            if status == 503:
                # Refused by the bound: told when to come back, and served then.
                time.sleep(int(headers["Retry-After"]))
                status, headers, body = download(url)
            exports.append((status, body))

    reader = threading.Thread(target=read)
    reader.start()
    time.sleep(0.1)
    exporters = [threading.Thread(target=export_repeatedly) for _ in range(EXPORTERS)]
    began = time.perf_counter()
    for thread in exporters:
        thread.start()
    for thread in exporters:
        thread.join(timeout=60)
    ended = time.perf_counter()
    stop.set()
    reader.join(timeout=60)

    assert [status for status, _ in exports] == [200] * EXPORTERS * BURSTS
    whole = fetch(url)[2]
    assert {body for _, body in exports} == {whole}
    rows = list(csv.DictReader(io.StringIO(whole.decode(), newline="")))
    filled = [row for row in rows if int(row["code"]) in REGISTERED]
    assert {len(row["description"]) for row in filled} == {MAX_TEXT}
    assert {status for *_, status in reads} == {200}
    during = [end - start for start, end, _ in reads if start < ended and end > began]
    assert len(during) >= 100, f"only {len(during)} reads during the exports"
    median = sorted(during)[len(during) // 2]
    assert p99(during) < READ_P99_BOUND, (
        f"{len(during)} reads during the exports: p99 {p99(during) * 1000:.0f} ms, "
        f"median {median * 1000:.0f} ms"
    )


# The bound itself ------------------------------------------------------------


@contextmanager
def every_turn_taken(app):
    """Hold every turn for heavy work the worker has, as busy requests would."""
    app.config["HEAVY_REQUEST_WAIT"] = 0.05
    with app.app_context():
        turns = capacity.slots()
    count = app.config["HEAVY_REQUESTS_PER_WORKER"]
    assert all(turns.acquire(blocking=False) for _ in range(count))
    try:
        yield
    finally:
        for _ in range(count):
            turns.release()


def export_csv(client, token, editor):
    return client.get(export_url("en", "csv"))


def import_csv(client, token, editor):
    return client.post(
        import_url("en", dry_run=1),
        data=CSV_BODY.encode(),
        headers={**token, "Content-Type": CSV_TYPE},
    )


def preview_import(client, token, editor):
    return editor.post(
        "/translations/en/import",
        {"file": (io.BytesIO(CSV_BODY.encode()), "en.csv")},
        content_type="multipart/form-data",
        headers=ENGLISH,
    )


@pytest.mark.parametrize(
    ("heavy_request", "media_type"),
    [
        (export_csv, "application/problem+json"),
        (import_csv, "application/problem+json"),
        (preview_import, "text/html"),
    ],
)
def test_heavy_work_with_no_turn_free_is_refused_with_503_and_retry_after(
    app, client, bearer, users, heavy_request, media_type
):
    token = bearer()
    editor = Visitor(app).login(users["editor"])

    with every_turn_taken(app):
        started = time.perf_counter()
        response = heavy_request(client, token, editor)
        waited = time.perf_counter() - started

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "1"
    assert response.mimetype == media_type
    if media_type == "application/problem+json":
        assert response.json["status"] == 503
        assert "busy" in response.json["detail"]
    assert 0.05 <= waited < 1
    # With a turn free again, the same request is served.
    assert heavy_request(client, token, editor).status_code == 200


def test_an_export_built_before_is_served_with_no_turn_free(app, client):
    built = export(client, "en", "po")

    with every_turn_taken(app):
        response = client.get(export_url("en", "po"))

    assert response.status_code == 200
    assert response.data == built
