"""The failed-login limit and the hashing bound hold under gunicorn's workers.

These start the production server, as deployed, on the test's database and
send concurrent logins over real sockets. Each request names its client
address in X-Forwarded-For, which PROXY_COUNT=1 tells the app to trust.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest
from server_support import Gunicorn
from session_support import PASSWORD

MIB = 1024 * 1024
# argon2-cffi's default memory cost, which the served app keeps.
ARGON2_MEMORY = 64 * MIB


@pytest.fixture
def serve(db_url, tmp_path):
    started = []

    def start(workers: int, threads: int) -> Gunicorn:
        server = Gunicorn(db_url, tmp_path, workers, threads)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def at_once(calls) -> list:
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(lambda call: call(), calls))


def test_sixteen_concurrent_guesses_get_exactly_ten_checks(serve, users):
    server = serve(workers=4, threads=4)
    guesses = [
        lambda: server.request_token("eddie", "wrong-guess-123", "198.51.100.7")
    ] * 16
    statuses = at_once(guesses)
    assert sorted(statuses) == [401] * 10 + [429] * 6
    # The account's owner, elsewhere, is not locked out by that address.
    assert server.request_token("eddie", PASSWORD, "203.0.113.5") == 201
    assert server.request_token("eddie", PASSWORD, "198.51.100.7") == 429


def test_a_burst_of_logins_does_not_take_a_worker_past_two_hashes(serve, users):
    server = serve(workers=1, threads=16)
    (worker,) = server.worker_pids()
    before = server.memory(worker, "VmRSS")
    # Unknown names are checked against the dummy hash at the default cost,
    # 64 MiB each; sixteen addresses keep the address limit out of the way.
    guesses = [
        lambda n=n: server.request_token(f"nobody{n}", "guess-123456", f"192.0.2.{n}")
        for n in range(16)
    ]
    assert at_once(guesses) == [401] * 16
    grown = server.memory(worker, "VmHWM") - before
    # Two argon2 computations at a time (PASSWORD_HASHING_SLOTS), plus room
    # for the allocator; sixteen at once would take about 1 GiB.
    assert grown < 2 * ARGON2_MEMORY + 48 * MIB, f"peak grew {grown // MIB} MiB"
