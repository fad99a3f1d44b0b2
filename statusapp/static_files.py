"""Static files under names that carry a hash of their content.

``url_for("static", filename="style.css")`` gives
``/static/style.1a2b3c4d5e6f.css``: the name changes whenever the file does,
so a browser, or nginx serving /static/ in front of the app, may keep it for a
year. The plain name still answers, revalidated by its ETag as before.
"""

import hashlib
from pathlib import Path

from flask import Flask

# A year: the longest lifetime RFC 9111 advises; the name changes first.
IMMUTABLE_MAX_AGE = 365 * 24 * 3600
DIGEST_LENGTH = 12


def hashed_name(name: str, content: bytes) -> str:
    """Return ``name`` with the start of its content's SHA-256 before the suffix."""
    digest = hashlib.sha256(content).hexdigest()[:DIGEST_LENGTH]
    stem, dot, suffix = name.rpartition(".")
    return f"{stem}.{digest}.{suffix}" if dot else f"{name}.{digest}"


def register(app: Flask) -> None:
    """Link static files by hashed name and serve those names as immutable.

    Off in debug mode, where a file edited while the server runs must show at
    once.
    """
    if app.debug or app.static_folder is None:
        return
    folder = Path(app.static_folder)
    hashed = {
        path.relative_to(folder).as_posix(): hashed_name(
            path.relative_to(folder).as_posix(), path.read_bytes()
        )
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
    plain = {name: original for original, name in hashed.items()}

    @app.url_defaults
    def link_hashed_name(endpoint: str, values: dict) -> None:
        if endpoint == "static" and values.get("filename") in hashed:
            values["filename"] = hashed[values["filename"]]

    def static(filename: str):
        original = plain.get(filename)
        if original is None:
            return app.send_static_file(filename)
        response = app.send_static_file(original)
        response.cache_control.no_cache = None
        response.cache_control.public = True
        response.cache_control.max_age = IMMUTABLE_MAX_AGE
        response.cache_control.immutable = True
        return response

    app.view_functions["static"] = static
