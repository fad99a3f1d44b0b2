"""The version check that guards every save: a form or If-Match names the version
it was loaded at, and a save against any other version is refused."""

from types import SimpleNamespace

import pytest

from statusapp.services.saving import NEW, version_matches


@pytest.mark.parametrize(
    ("version", "expected", "matches"),
    [
        (3, 3, True),
        (3, 2, False),  # someone saved since the form was loaded
        (3, 4, False),
        (1, NEW, False),  # a create that finds the record already there
        (3, None, True),  # no version given: any version will do
        (1, None, True),
    ],
)
def test_a_record_matches_only_the_version_it_was_loaded_at(version, expected, matches):
    assert version_matches(SimpleNamespace(version=version), expected) is matches
