"""Every phrase pattern of the offline engine's lexicon matches the examples it must and none of
the ones it must not, asked the way the engine asks it."""

import pytest

from shared.dialogue.lexicon import TABLES

CASES = [(f"{group}.{name}", phrase, text, expected)
         for group, table in TABLES.items() for name, phrase in table.items()
         for expected, texts in ((True, phrase.must), (False, phrase.must_not)) for text in texts]


@pytest.mark.parametrize(("name", "phrase", "text", "expected"), CASES, ids=[f"{c[0]}:{c[2]}" for c in CASES])
def test_a_phrase_matches_what_it_must_and_not_what_it_must_not(name, phrase, text, expected):
    said = text.lower()
    found = phrase.pattern.match(said) if phrase.how == "match" else phrase.pattern.search(said)
    assert bool(found) is expected


def test_every_phrase_has_examples_both_ways():
    for table in TABLES.values():
        for name, phrase in table.items():
            assert phrase.must and phrase.must_not, name
