"""gunicorn settings for statusapp: `gunicorn -c deploy/gunicorn.conf.py`.

Every setting can be moved by the environment, so one file serves systemd,
the container and the deployment test (tests/deploy):

    BIND                 address to listen on (default 127.0.0.1:8000)
    WEB_CONCURRENCY      worker processes (default 2 x cores + 1, at most 8)
    GUNICORN_THREADS     threads per worker (default 4)
    GUNICORN_TIMEOUT     seconds a request may take (default 30)
    PROXY_COUNT          proxies in front, as the app reads it (default 0)
    FORWARDED_ALLOW_IPS  the proxy's addresses (default 127.0.0.1,::1)
"""

import ipaddress
import os


def _number(name: str, default: int) -> int:
    return int(os.environ.get(name) or default)


wsgi_app = "statusapp:create_app()"
proc_name = "statusapp"
bind = [os.environ.get("BIND") or "127.0.0.1:8000"]

# Processes for CPU (rendering, argon2), threads for waiting on PostgreSQL.
# Capped because each worker holds its own read cache (64 MiB), two argon2
# slots (64 MiB each) and a pool of PostgreSQL connections.
_cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
workers = _number("WEB_CONCURRENCY", min(2 * _cores + 1, 8))
worker_class = "gthread"
# Matches the app's pool: 5 connections + 5 overflow cover 4 threads with room.
threads = _number("GUNICORN_THREADS", 4)

# nginx's proxy_read_timeout and proxy_send_timeout are the same 30 s, so the
# proxy and the worker give up on a request together.
timeout = _number("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
# Above nginx's upstream keepalive_timeout (4 s), so nginx always closes an
# idle kept-alive connection first and never reuses one gunicorn is closing.
keepalive = 5
# The heartbeat file lives in memory: /tmp may be a slow or read-only disk.
worker_tmp_dir = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None

# Access log on stdout, errors on stderr: journald and docker keep both.
accesslog = "-"
errorlog = "-"
loglevel = "info"
# nginx's $request_id travels as X-Request-ID; the app echoes it in the
# response, so one id joins nginx's log line, this one and the app's.
# %(M)s is the request time in milliseconds.
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms rid=%({x-request-id}o)s "%(a)s"'

# Trust X-Forwarded-* only as far as the app does. gunicorn's own default
# trusts X-Forwarded-Proto from 127.0.0.1 even when the app's PROXY_COUNT is
# 0, so a local client could make a plain HTTP request look like HTTPS.
_proxies = _number("PROXY_COUNT", 0)
forwarded_allow_ips = (
    (os.environ.get("FORWARDED_ALLOW_IPS") or "127.0.0.1,::1") if _proxies else ""
)
_trusted = [
    ipaddress.ip_network(item.strip(), strict=False)
    for item in forwarded_allow_ips.split(",")
    if item.strip() and item.strip() != "*"
]
_trust_all = "*" in forwarded_allow_ips.split(",")


def _from_proxy(peer) -> bool:
    if _trust_all or not isinstance(peer, tuple):
        return True  # a UNIX socket: only the proxy can reach it
    try:
        address = ipaddress.ip_address(peer[0].split("%")[0])
    except ValueError:
        return False
    return any(address in network for network in _trusted)


def pre_request(worker, req):
    """Drop X-Forwarded-* headers that did not come from the proxy.

    With PROXY_COUNT set, the app's ProxyFix believes the last X-Forwarded-For
    and X-Forwarded-Proto whoever sent them; gunicorn's forwarded_allow_ips
    only decides its own wsgi.url_scheme. So a client that reaches gunicorn
    past nginx loses the headers here, before the app sees them.
    """
    if _proxies and not _from_proxy(req.peer_addr):
        req.headers = [
            (name, value)
            for name, value in req.headers
            if not name.startswith("X-FORWARDED-")
        ]


# gunicorn 25.1+ opens a control socket in $HOME or $XDG_RUNTIME_DIR, one path
# for every instance on the host, and unwritable under systemd's ProtectHome
# or a read-only container; nothing here uses gunicornc. Older versions ignore
# the name.
control_socket_disable = True


def on_starting(server):
    """Refuse to start, in one line, when the app's settings are unusable.

    Without this, each worker would fail on its own with a traceback, and
    gunicorn would stop only after printing every one of them.
    """
    from statusapp import create_app
    from statusapp.config import ConfigError

    try:
        create_app()
    except ConfigError as exc:
        raise SystemExit(f"statusapp: {exc.message}") from None
