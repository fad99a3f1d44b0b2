"""The shipped deployment holds up: nginx over TLS before two gunicorn instances.

Each test is a client a reader would be: it talks HTTPS to nginx (or, to show
what nginx is for, plain HTTP straight to an instance), and prints a summary
line, "DEPLOY <test>: ...", of what it sent and saw (run with -s to read it).
Tests that need their own failed-login count connect to nginx from their own
loopback address (127.0.0.N). The instance-killing test runs last: after it,
only one instance is left.
"""

import os
import re
import runpy
import socket
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from deploy_support import DEPLOY, PASSWORD, session

KIB = 1024


def report(test: str, **numbers) -> None:
    shown = " ".join(f"{name}={value}" for name, value in numbers.items())
    print(f"\nDEPLOY {test}: {shown}", flush=True)


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def upstream_of(deployment, request_id: str) -> str:
    """The instance that answered a request, from nginx's access log."""
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        for line in reversed(deployment.nginx.log_lines()):
            if f"rid={request_id} " in line:
                return re.search(r" up=(\S+(?:, \S+)*) up_status", line).group(1)
        time.sleep(0.05)
    raise AssertionError(f"request {request_id} is not in nginx's access log")


def as_nginx(headers=None, address="127.0.0.1") -> dict:
    """The headers nginx adds, for a request sent straight to an instance."""
    return {"X-Forwarded-Proto": "https", "X-Forwarded-For": address, **(headers or {})}


def log_in(client, url) -> None:
    page = client.get(url("/login"), timeout=30)
    response = client.post(
        url("/login"),
        # Over HTTPS, Flask-WTF wants the Referer a browser sends.
        headers={"Referer": url("/login")},
        data={
            "csrf_token": csrf_token(page.text),
            "username": "eddie",
            "password": PASSWORD,
        },
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 302, response.text[:500]


@pytest.mark.parametrize(
    ("environment", "expected"),
    [
        # gunicorn alone would trust X-Forwarded-Proto from 127.0.0.1.
        ({"PROXY_COUNT": "0"}, {"forwarded_allow_ips": ""}),
        ({}, {"forwarded_allow_ips": ""}),
        ({"PROXY_COUNT": "1"}, {"forwarded_allow_ips": "127.0.0.1,::1"}),
        (
            {"PROXY_COUNT": "1", "FORWARDED_ALLOW_IPS": "10.0.0.5"},
            {"forwarded_allow_ips": "10.0.0.5"},
        ),
        (
            {"PROXY_COUNT": "0", "FORWARDED_ALLOW_IPS": "10.0.0.5"},
            {"forwarded_allow_ips": ""},
        ),  # fmt: skip
        ({"WEB_CONCURRENCY": "3"}, {"workers": 3, "worker_class": "gthread"}),
        ({"BIND": "0.0.0.0:9000"}, {"bind": ["0.0.0.0:9000"]}),
        ({}, {"bind": ["127.0.0.1:8000"], "threads": 4, "timeout": 30}),
    ],
)
def test_gunicorn_settings_follow_the_environment(monkeypatch, environment, expected):
    for name in ("PROXY_COUNT", "FORWARDED_ALLOW_IPS", "WEB_CONCURRENCY", "BIND"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    settings = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert {name: settings[name] for name in expected} == expected
    assert 1 <= settings["workers"] <= 8


def test_a_login_through_one_instance_holds_on_the_other(deployment):
    client = deployment.client()
    log_in(client, deployment.nginx.url)
    cookie = client.cookies.get("__Host-session")
    assert cookie, f"no __Host-session cookie over HTTPS: {client.cookies}"

    # Through nginx, the pages that need the login open whoever serves them.
    served_by = []
    for _ in range(6):
        page = client.get(deployment.nginx.url("/codes/418/edit"), timeout=30)
        assert page.status_code == 200
        assert "eddie" in page.text
        if "X-Request-ID" in page.headers:
            served_by.append(upstream_of(deployment, page.headers["X-Request-ID"]))
    if served_by:
        assert set(served_by) == {app.address for app in deployment.apps}

    # Straight to each instance, with the headers nginx would add.
    direct = session()
    headers = as_nginx({"Cookie": f"__Host-session={cookie}"})
    for app in deployment.apps:
        page = direct.get(
            app.url("/codes/418/edit"), headers=headers, allow_redirects=False
        )
        assert page.status_code == 200, f"{app.name}: {page.status_code}"

    # Logging out, wherever it lands, ends the session on both.
    page = client.get(
        deployment.nginx.url("/codes/418"), headers={"Accept": "text/html"}
    )
    response = client.post(
        deployment.nginx.url("/logout"),
        data={"csrf_token": csrf_token(page.text)},
        headers={"Referer": deployment.nginx.url("/codes/418")},
        allow_redirects=False,
    )
    assert response.status_code == 302
    for app in deployment.apps:
        page = direct.get(
            app.url("/codes/418/edit"), headers=headers, allow_redirects=False
        )
        assert page.status_code == 302, f"{app.name}: {page.status_code}"
        assert "/login" in page.headers["Location"]
    report(
        "session",
        requests=1 + 2 + 6 + 2 + 2 + 2,
        errors=0,
        served_by=sorted(set(served_by)) if served_by else "unknown",
    )


def test_failed_logins_are_counted_across_both_instances(deployment):
    client = deployment.client("127.0.0.3")
    url = deployment.nginx.url("/api/v1/tokens")
    served_by = []
    for attempt in range(10):
        response = client.post(url, auth=("eddie", f"wrong-{attempt}"), timeout=30)
        assert response.status_code == 401, attempt
        if "X-Request-ID" in response.headers:
            served_by.append(upstream_of(deployment, response.headers["X-Request-ID"]))
    if served_by:
        # Round robin: the ten failures were counted by both instances.
        assert set(served_by) == {app.address for app in deployment.apps}

    refused = client.post(url, auth=("eddie", "wrong-10"), timeout=30)
    assert refused.status_code == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    # The right password from that address waits too...
    assert client.post(url, auth=("eddie", PASSWORD), timeout=30).status_code == 429
    # ...while the owner, from another address, is not locked out.
    owner = deployment.client("127.0.0.5")
    assert owner.post(url, auth=("eddie", PASSWORD), timeout=30).status_code == 201
    per_instance = {address: served_by.count(address) for address in set(served_by)}
    report(
        "login-limit",
        requests=13,
        failures_per_instance=per_instance,
        eleventh=refused.status_code,
        retry_after=refused.headers["Retry-After"],
    )


def test_an_edit_on_one_instance_is_read_at_once_on_the_other(deployment):
    first, second = deployment.apps
    direct = session()
    auth = {"Authorization": f"Bearer {deployment.token('ada')}"}
    path = "/api/v1/codes/418"
    # Both instances, each worker likely, have read and kept the code.
    for _ in range(4):
        for app in deployment.apps:
            assert direct.get(app.url(path)).status_code == 200
    before = direct.get(second.url(path))
    old_tag = before.headers["ETag"]

    changed = direct.patch(
        first.url(path),
        json={"aliases": ["Teapot", "Deployed"]},
        headers=as_nginx({**auth, "If-Match": old_tag}),
    )
    assert changed.status_code == 200, changed.text
    reads = 0
    for _ in range(6):
        after = direct.get(second.url(path))
        reads += 1
        assert after.json()["aliases"] == ["Teapot", "Deployed"]
        assert after.headers["ETag"] != old_tag
        # A copy kept under the old tag is not confirmed as current.
        assert (
            direct.get(second.url(path), headers={"If-None-Match": old_tag}).status_code
            == 200
        )
        reads += 1
    through_nginx = deployment.client().get(deployment.nginx.url(path), timeout=30)
    assert through_nginx.json()["aliases"] == ["Teapot", "Deployed"]
    # The old tag is stale on the other instance too.
    stale = direct.patch(
        second.url(path),
        json={"aliases": []},
        headers=as_nginx({**auth, "If-Match": old_tag}),
    )
    assert stale.status_code == 412
    report("edit", warm_reads=8, writes=2, fresh_reads=reads + 1, stale_write=412)


def test_a_forged_x_forwarded_for_does_not_escape_the_address_limit(deployment):
    client = deployment.client("127.0.0.4")
    url = deployment.nginx.url("/api/v1/tokens")
    statuses = []
    for attempt in range(11):
        forged = f"198.51.100.{attempt + 1}"
        response = client.post(
            url,
            auth=("mallory", "guess-123456"),
            headers={
                "X-Forwarded-For": forged,
                "X-Real-IP": forged,
                "Forwarded": f"for={forged}",
            },
            timeout=30,
        )
        statuses.append(response.status_code)
    assert statuses == [401] * 10 + [429]
    report("forged-xff-via-nginx", requests=11, statuses=statuses)


def test_forwarded_headers_count_only_from_the_proxy(deployment):
    first, second = deployment.apps
    spoofed = as_nginx(address="203.0.113.77")
    # From the proxy's own address, the headers are believed...
    proxy = session("127.0.0.1").get(first.url("/login"), headers=spoofed)
    assert proxy.cookies.get("__Host-session")
    assert "Secure" in proxy.headers["Set-Cookie"]
    assert "Strict-Transport-Security" in proxy.headers
    # ...from another address they are dropped: no HTTPS, no other client.
    stranger = session("127.0.0.2")
    page = stranger.get(first.url("/login"), headers=spoofed)
    assert page.cookies.get("session")
    assert "__Host-" not in page.headers["Set-Cookie"]
    assert "Secure" not in page.headers["Set-Cookie"]
    assert "Strict-Transport-Security" not in page.headers
    statuses = []
    for attempt in range(11):
        app = deployment.apps[attempt % 2]
        response = stranger.post(
            app.url("/api/v1/tokens"),
            auth=("trudy", "guess-123456"),
            headers=as_nginx(address=f"203.0.113.{attempt + 1}"),
        )
        statuses.append(response.status_code)
    assert statuses == [401] * 10 + [429]
    report("direct-to-gunicorn", requests=13, login_statuses=statuses)


def test_plain_http_only_redirects_to_https(deployment):
    client = deployment.client()
    response = client.get(
        f"http://127.0.0.1:{deployment.nginx.http_port}/codes/404?lang=en",
        allow_redirects=False,
        timeout=30,
    )
    assert response.status_code == 308
    assert response.headers["Location"].startswith("https://")
    assert response.headers["Location"].endswith("/codes/404?lang=en")


@pytest.mark.parametrize(
    ("size", "refused_by"),
    [
        (256 * KIB + 1, "the app"),  # over MAX_CONTENT_LENGTH, under nginx's
        (2 * KIB * KIB, "nginx"),  # over nginx's client_max_body_size
    ],
)
def test_bodies_over_the_limit_are_problem_json(deployment, size, refused_by):
    client = deployment.client()
    body = b'{"aliases": ["' + b"a" * (size - 17) + b'"]}'
    assert len(body) == size
    response = client.patch(
        deployment.nginx.url("/api/v1/codes/418"),
        data=body,
        headers={
            "Authorization": f"Bearer {deployment.token('ada')}",
            "Content-Type": "application/json",
            "If-Match": '"any"',
        },
        timeout=30,
    )
    assert response.status_code == 413
    assert response.headers["Content-Type"].startswith("application/problem+json")
    assert response.json()["status"] == 413
    # The app's answers carry its security headers; nginx's own do not.
    assert ("Content-Security-Policy" in response.headers) == (refused_by == "the app")


def test_static_files_are_served_and_kept_by_nginx(deployment):
    client = deployment.client()
    login = client.get(deployment.nginx.url("/login"), timeout=30)
    # A page with a CSRF token stays uncompressed (BREACH), as the app decided.
    assert "csrf_token" in login.text
    assert "Content-Encoding" not in login.headers
    hashed = re.search(r'href="(/static/style\.[0-9a-f]{12}\.css)"', login.text)
    if hashed is None:
        pytest.skip("the app links static files by plain name: no hashed names")

    # The hashed name: asked of the app once, then kept by nginx for good.
    answers = [client.get(deployment.nginx.url(hashed[1]), timeout=30) for _ in "ab"]
    for answer in answers:
        assert answer.status_code == 200
        assert answer.headers["Content-Type"].startswith("text/css")
        assert "immutable" in answer.headers["Cache-Control"]
        assert "max-age=31536000" in answer.headers["Cache-Control"]
    assert answers[0].content == answers[1].content
    caching = [
        line.split(" cache=")[1].split()[0]
        for line in deployment.nginx.log_lines()
        if f'"GET {hashed[1]} ' in line
    ]
    assert caching[-1] == "HIT", caching
    made_up = hashed[1].replace(hashed[1][-17:-4], ".000000000000")
    assert client.get(deployment.nginx.url(made_up), timeout=30).status_code == 404

    # The plain name, from disk: compressed by nginx, revalidated each time.
    style = client.get(deployment.nginx.url("/static/style.css"), timeout=30)
    assert style.status_code == 200
    assert style.content == answers[0].content
    assert style.headers["Content-Encoding"] == "gzip"
    assert style.headers["Cache-Control"] == "no-cache"
    assert "X-Request-ID" not in style.headers  # nginx's answer, not the app's
    again = client.get(
        deployment.nginx.url("/static/style.css"),
        headers={"If-None-Match": style.headers["ETag"]},
        timeout=30,
    )
    assert again.status_code == 304

    # The app's own gzip keeps its strong ETag, which If-Match accepts.
    codes = client.get(deployment.nginx.url("/api/v1/codes"), timeout=30)
    assert codes.headers["Content-Encoding"] == "gzip"
    assert not codes.headers["ETag"].startswith("W/")
    report("static", hashed=hashed[1], cache=caching)


def test_health_checks_and_request_ids_pass_through(deployment):
    client = deployment.client()
    health = client.get(deployment.nginx.url("/healthz"), timeout=30)
    if health.status_code == 404:
        pytest.skip("the app has no /healthz yet (issue 12): nginx proxies it")
    assert health.status_code == 200
    ready = client.get(deployment.nginx.url("/readyz"), timeout=30)
    if ready.status_code == 404:
        pytest.skip("the app has no /readyz yet (issue 12)")
    assert ready.status_code == 200
    page = client.get(
        deployment.nginx.url("/codes/404"),
        headers={"X-Request-ID": "forged-by-the-client"},
        timeout=30,
    )
    request_id = page.headers.get("X-Request-ID")
    if request_id is None:
        pytest.skip("the app does not echo X-Request-ID yet (issue 12)")
    # nginx's id, not the client's; the same in nginx's log and gunicorn's.
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    upstream = upstream_of(deployment, request_id)
    (app,) = [app for app in deployment.apps if app.address == upstream]
    deadline = time.monotonic() + 3
    while f"rid={request_id}" not in app.log.read_text():
        assert time.monotonic() < deadline, "the id is not in gunicorn's log"
        time.sleep(0.05)


class Slowloris:
    """Connections that send their request a byte at a time, and reconnect
    when nginx drops them, so that ``size`` are held open throughout."""

    def __init__(self, deployment, size: int, slow_bodies: int):
        self.port = deployment.nginx.https_port
        self.context = deployment.tls_context()
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.open = 0
        self.peak = 0
        self.connections = 0
        self.dropped = 0
        self.threads = [
            threading.Thread(target=self.attack, args=(n < slow_bodies,), daemon=True)
            for n in range(size)
        ]

    def attack(self, slow_body: bool) -> None:
        if slow_body:
            head = (
                b"POST /api/v1/tokens HTTP/1.1\r\nHost: localhost\r\n"
                b"Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
            )
            first, trickle = head, b"{" + b" " * 99999
        else:
            first = b""
            trickle = b"GET /codes HTTP/1.1\r\nHost: localhost\r\nX-Pad: " + b"a" * 999
        while not self.stop.is_set():
            try:
                raw = socket.create_connection(("127.0.0.1", self.port), timeout=5)
                with self.context.wrap_socket(raw, server_hostname="127.0.0.1") as tls:
                    self.count(+1)
                    try:
                        tls.sendall(first)
                        for byte in trickle:
                            if self.stop.wait(0.5):
                                break
                            tls.sendall(bytes([byte]))
                    finally:
                        self.count(-1)
            except OSError:
                with self.lock:
                    self.dropped += 1
                self.stop.wait(0.2)

    def count(self, step: int) -> None:
        with self.lock:
            self.open += step
            self.peak = max(self.peak, self.open)
            self.connections += step > 0

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        deadline = time.monotonic() + 20
        while self.open < len(self.threads) and time.monotonic() < deadline:
            time.sleep(0.05)
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=10)


def test_a_slowloris_of_fifty_connections_does_not_stop_reads(deployment):
    probe = deployment.client("127.0.0.6")
    paths = ["/api/v1/codes/404", "/codes/404", "/api/v1/codes?per_page=20"]
    latencies, statuses = [], []
    with Slowloris(deployment, size=50, slow_bodies=15) as attack:
        held_at_start = attack.open
        end = time.monotonic() + 15  # past client_header_timeout (10 s)
        while time.monotonic() < end:
            path = paths[len(statuses) % len(paths)]
            # A fresh connection each time: a new reader, not a kept one.
            probe.close()
            started = time.monotonic()
            response = probe.get(deployment.nginx.url(path), timeout=10)
            latencies.append(time.monotonic() - started)
            statuses.append(response.status_code)
            time.sleep(0.1)
        held_at_end = attack.open
    report(
        "slowloris",
        attackers=50,
        held_at_start=held_at_start,
        held_at_end=held_at_end,
        peak=attack.peak,
        attack_connections=attack.connections,
        probes=len(statuses),
        errors=sum(status != 200 for status in statuses),
        p50_ms=round(statistics.median(latencies) * 1000, 1),
        p95_ms=round(statistics.quantiles(latencies, n=20)[-1] * 1000, 1),
        max_ms=round(max(latencies) * 1000, 1),
    )
    assert held_at_start == 50
    assert statuses == [200] * len(statuses)
    assert len(statuses) >= 20
    assert max(latencies) < 2.0


def test_killing_an_instance_loses_no_reads(deployment):
    """Runs last: one instance stays dead."""
    victim, survivor = deployment.apps
    stop = threading.Event()
    killed_at = []
    lock = threading.Lock()
    outcomes: list[tuple[float, int | str]] = []

    def reader(n: int) -> None:
        client = deployment.client()
        paths = [f"/api/v1/codes/{code}" for code in (200, 404, 418, 503)]
        paths.append("/codes/404")
        i = n
        while not stop.is_set():
            try:
                status = client.get(
                    deployment.nginx.url(paths[i % len(paths)]), timeout=15
                ).status_code
            except OSError as error:  # requests' errors are OSErrors
                status = type(error).__name__
            with lock:
                outcomes.append((time.monotonic(), status))
            i += 1

    with ThreadPoolExecutor(max_workers=4) as pool:
        for n in range(4):
            pool.submit(reader, n)
        time.sleep(3)
        killed_at.append(time.monotonic())
        pids = victim.kill()
        time.sleep(6)
        stop.set()
    after = [status for moment, status in outcomes if moment > killed_at[0]]
    errors = [status for _, status in outcomes if status != 200]
    retried = [
        line
        for line in deployment.nginx.log_lines()
        if f"up={victim.address}, {survivor.address}" in line
    ]
    report(
        "kill-one-instance",
        killed_pids=len(pids),
        requests=len(outcomes),
        after_kill=len(after),
        errors=len(errors),
        retried_on_survivor=len(retried),
    )
    assert errors == []
    assert len(after) >= 20
    assert not any(pid_alive(pid) for pid in pids)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie keeps its entry until it is reaped.
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[1][0] != "Z"
    except FileNotFoundError:
        return False
