"""The README's examples, run against a live server: they cannot go stale."""

import os

from readme_support import examples, run, section
from session_support import PASSWORD

# The sections a reader copies commands from, in the README's order, since
# later examples use the variables earlier ones set.
API_SECTIONS = (
    "In a terminal: short links and plain text",
    "The JSON API",
    "The write API",
)


def test_the_api_sections_show_every_example_with_its_output():
    found = [item for title in API_SECTIONS for item in examples(section(title))]
    assert len(found) > 30
    assert sum(1 for item in found if item.expected) > 20
    for title in API_SECTIONS:
        # A ```sh block would never run, and could go stale unnoticed.
        assert "```sh" not in section(title), title


def test_every_api_example_prints_what_the_readme_shows(live_server, users, tmp_path):
    assert users["admin"] == "ada"  # the account the examples log in as
    found = [item for title in API_SECTIONS for item in examples(section(title))]
    env = {**os.environ, "PASSWORD": PASSWORD}
    outputs = run(found, live_server.url, env, tmp_path)
    wrong = [
        f"README line {item.line}: $ {item.command}\n"
        f"--- shown:\n{item.expected}\n--- printed:\n{output.strip()}"
        for item, output in zip(found, outputs, strict=True)
        if not item.matches(output)
    ]
    assert not wrong, "\n\n".join(wrong)
