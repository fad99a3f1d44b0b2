"""The README's screenshots (scripts/gallery.py): each shot names a page that
exists, in the language its file name says, so the gallery cannot rot unseen.
The shots themselves are taken by `make gallery`, not by the suite."""

import importlib.util
import sys
from pathlib import Path

import pytest
from html_support import Visitor, parse

ROOT = Path(__file__).resolve().parent.parent
GALLERY = ROOT / "docs" / "gallery"


def load_script():
    spec = importlib.util.spec_from_file_location(
        "gallery", ROOT / "scripts" / "gallery.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


SHOTS = load_script().SHOTS


@pytest.mark.parametrize("shot", SHOTS, ids=lambda shot: shot.name)
def test_each_shot_shows_a_page_that_exists(app, users, shot):
    visit = Visitor(app, language=shot.locale)
    if shot.who:
        assert shot.who in users.values(), "the gallery's account is not an editor"
        visit.login(shot.who)
    response = visit.get(shot.path)
    assert response.status_code == 200, shot.path
    # desktop-code-404-en must be the English page, not the Chinese one.
    assert parse(response).find("html").attrs["lang"] == shot.locale


def test_every_shot_has_its_own_file_and_every_file_a_shot():
    names = [shot.file_name for shot in SHOTS]
    assert len(set(names)) == len(names)
    assert sorted(path.name for path in GALLERY.glob("*.png")) == sorted(names)
