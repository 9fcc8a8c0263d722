"""Details taken from speech: a sentence is never an email, a name said twice is one name, fillers
name nobody; an email is spelled back the way a receptionist says it (issue 22, item 5)."""

import pytest

from shared.dialogue.nlu import find_email, find_name
from shared.dialogue.reading import looks_like_name, names_of_party
from shared.domain.phone import verified_caller
from shared.language.spelling import spell_email
from shared.language.text import normalize


@pytest.mark.parametrize("said", ["water's not going down at all. Can someone come out today?",
                                  "I'm at home. Call me later", "we're at work. Dot it"])
def test_a_sentence_is_not_an_email(said):
    assert find_email(normalize(said)) is None


@pytest.mark.parametrize("said, email", [("jane dot doe at gmail dot com", "jane.doe@gmail.com"),
                                         ("it's jane@example.com.", "jane@example.com"),
                                         ("jo at mail dot co dot uk", "jo@mail.co.uk")])
def test_emails_still_heard(said, email):
    assert find_email(normalize(said)) == email


def test_a_name_said_again_in_full_is_one_name_and_fillers_are_none():
    assert find_name("It's Jess, Jess Morales") == "Jess Morales"
    assert looks_like_name("Jess, Jess Morales") == "Jess Morales"
    assert names_of_party("Jess, Jess Morales") is None
    assert names_of_party("Joe and Ann") == ["Joe", "Ann"]
    assert looks_like_name("Mm-hmm, yes") is None
    assert looks_like_name("uh huh") is None


def test_an_email_is_spelled_back():
    assert spell_email("dan.cole@example.com") == "d a n, dot, c o l e, at example dot com"


@pytest.mark.parametrize("from_, caller", [("client:+12125550123", None), ("tel:+12125550123", None),
                                           ("2125550123", None), ("+12125550123;ext=1", None),
                                           ("\u202e+12125550123", None), ("+１２１２５５５０１２３", None),
                                           ("+12125550123", "client:x"), ("Anonymous", None), ("+266696687", None)])
def test_only_a_strict_e164_caller_id_is_verified(from_, caller):
    assert verified_caller(from_, caller) is None


def test_a_strict_caller_id_is_verified():
    assert verified_caller("+12125550123") == "+12125550123"
    assert verified_caller("+447911123456", "+447911123456") == "+447911123456"
