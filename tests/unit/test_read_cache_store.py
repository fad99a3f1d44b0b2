"""The read cache's store: one generation at a time, bounded in bytes."""

from statusapp.services.read_cache import ReadCache

KEY = ("http", "statusapp.test", "/api/v1/codes/404", "")
NAMES = ("HTTP_ACCEPT_LANGUAGE",)


def variant_of(values):
    return lambda names: tuple(values.get(n) for n in names)


def test_no_answer_over_an_eighth_of_the_bound_is_kept_by_default():
    cache = ReadCache(max_bytes=800)
    cache.find(1, KEY, variant_of({}))
    cache.keep(1, KEY, (), (), "small", 100)
    cache.keep(1, ("big",), (), (), "big", 101)

    assert cache.find(1, KEY, variant_of({})) == "small"
    assert cache.find(1, ("big",), variant_of({})) is None


def test_an_answer_is_found_only_at_its_generation_and_for_its_variant():
    cache = ReadCache(max_bytes=1000)
    assert cache.find(5, KEY, variant_of({})) is None
    cache.keep(5, KEY, NAMES, ("en",), "english", 10)

    assert cache.find(5, KEY, variant_of({"HTTP_ACCEPT_LANGUAGE": "en"})) == "english"
    assert cache.find(5, KEY, variant_of({"HTTP_ACCEPT_LANGUAGE": "fr"})) is None
    assert cache.find(6, KEY, variant_of({"HTTP_ACCEPT_LANGUAGE": "en"})) is None
    # A write moved the generation on: nothing from before it is left.
    assert cache.find(5, KEY, variant_of({"HTTP_ACCEPT_LANGUAGE": "en"})) is None
    assert len(cache) == 0


def test_an_answer_built_before_a_newer_generation_was_seen_is_not_kept():
    cache = ReadCache(max_bytes=1000)
    cache.find(5, KEY, variant_of({}))  # a request begins at 5
    cache.find(6, KEY, variant_of({}))  # a write; another request begins at 6

    cache.keep(5, KEY, (), (), "built from 5", 10)

    assert cache.find(6, KEY, variant_of({})) is None


def test_a_database_restored_to_an_older_generation_starts_over():
    cache = ReadCache(max_bytes=1000)
    cache.find(9, KEY, variant_of({}))
    cache.keep(9, KEY, (), (), "at 9", 10)

    assert cache.find(4, KEY, variant_of({})) is None
    cache.keep(4, KEY, (), (), "at 4", 10)
    assert cache.find(4, KEY, variant_of({})) == "at 4"


def test_the_least_recently_used_answers_go_first_and_big_ones_never_come():
    cache = ReadCache(max_bytes=100, max_entry_bytes=40)
    cache.find(1, KEY, variant_of({}))
    for n in range(4):
        cache.keep(1, (n,), (), (), f"answer {n}", 30)
    cache.keep(1, ("big",), (), (), "too big", 41)

    assert cache.find(1, (0,), variant_of({})) is None
    assert [cache.find(1, (n,), variant_of({})) for n in (1, 2, 3)] == [
        "answer 1",
        "answer 2",
        "answer 3",
    ]
    assert cache.find(1, ("big",), variant_of({})) is None
    assert cache.size == 90
