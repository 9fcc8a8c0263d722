import pytest

from shared.domain.preferences import describe, extract, merge


@pytest.mark.parametrize("said, found", [
    ("I prefer mornings if possible", {"part_of_day": "morning"}),
    ("mornings are best for me", {"part_of_day": "morning"}),
    ("I can only do evenings, after work", {"part_of_day": "evening"}),
    ("afternoons work better for me", {"part_of_day": "afternoon"}),
    ("I'm allergic to ammonia and peroxide.", {"allergies": ["ammonia", "peroxide"]}),
    ("I have a sensitive scalp", {"allergies": ["sensitive scalp"]}),
    ("I'm allergic to latex, and mornings are best for me", {"part_of_day": "morning", "allergies": ["latex"]}),
    ("book me for tomorrow morning", {}),
    ("I like my hair short", {}),
])
def test_stated_preferences(said, found):
    assert extract(said) == found


def test_merge_keeps_allergies_and_updates_the_time_of_day():
    known = {"part_of_day": "morning", "allergies": ["latex"]}
    merged = merge(known, {"part_of_day": "evening", "allergies": ["ammonia"]})
    assert merged == {"part_of_day": "evening", "allergies": ["ammonia", "latex"]}
    assert describe(merged) == ["Prefers evening appointments", "Allergies / sensitivities: ammonia, latex"]



@pytest.mark.parametrize("said, allergies", [
    ("Hi, I am allergic to latex, can I book a haircut tomorrow at 10am", ["latex"]),
    ("I'm allergic to latex, nickel and lavender oil", ["latex", "lavender oil", "nickel"]),
    ("I am allergic to latex and peanuts, so please be careful", ["latex", "peanuts"]),
    ("I\u2019m sensitive to ammonia but it's fine", ["ammonia"]),
    ("I'm allergic to hair dye. Book me for Friday", ["hair dye"]),
    ("I get sensitive to fragrances, can you use unscented products?", ["fragrances"]),
    ("Hi, I'm allergic to latex, what are your hours?", ["latex"]),
    ("I'm allergic to nuts, thanks for asking", ["nuts"]),
])
def test_allergies_end_where_the_caller_moves_on(said, allergies):
    from shared.domain.preferences import extract

    assert extract(said)["allergies"] == allergies
