"""Where a browser may be sent back to: pages of this site, nowhere else."""

from flask import url_for


def safe_next(target: str | None, default: str | None = None) -> str:
    """Return ``target`` if it is a path on this site, else ``default`` (or home).

    Every `next` a request carries goes through here: the login form's, the
    language switcher's and the review buttons'.
    """
    # Only same-site paths: "//evil.example" and "https://..." are refused, and
    # so are backslashes and control characters, because browsers read "\\" as
    # "/" and drop a tab, turning "/\t/evil.example" into "//evil.example".
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and not any(ord(char) < 32 or char == "\x7f" for char in target)
    ):
        return target
    return default if default is not None else url_for("web.catalogue.index")
