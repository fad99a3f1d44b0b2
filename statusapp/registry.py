"""The IANA status code registry as RFC 9110 left it, shipped as package data."""

import csv
from functools import cache
from importlib import resources


@cache
def entries() -> dict[int, dict[str, str]]:
    """Return the registry rows keyed by code."""
    text = resources.files("statusapp").joinpath("data/http-status-registry.csv")
    with text.open(encoding="utf-8", newline="") as f:
        return {int(row["code"]): row for row in csv.DictReader(f)}


def reason_phrase(code: int) -> str:
    """Return the registered reason phrase for ``code``, or a generic one."""
    entry = entries().get(code)
    if entry and not entry["reason_phrase"].startswith("("):
        return entry["reason_phrase"]
    return {
        1: "Informational",
        2: "Success",
        3: "Redirection",
        4: "Client Error",
        5: "Server Error",
    }.get(code // 100, "Unknown")
