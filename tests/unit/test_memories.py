"""Memory topics and keyword recall (shared/domain/memories.py)."""


def test_memory_topics_label_what_a_memory_is_about():
    from shared.domain.memories import indexed_text, topics

    assert topics("honestly I'd love to see Maria again") == ["Previous visits and past services",
                                                              "Preferred staff member"]
    assert topics("see you soon") == []
    assert topics("don't phone me, just WhatsApp me") == ["How to contact them"]
    assert topics("I get a rash from fragrances") == ["Allergies and sensitivities"]
    assert indexed_text("I usually pay with Amex") == "Payment method. I usually pay with Amex"
    assert indexed_text("nothing to see here") == "nothing to see here"


def test_keyword_recall_uses_words_and_topics():
    import datetime as dt

    from shared.domain.memories import Memory, keyword_rank

    def memory(key, text):
        return Memory(key=key, user_id="u", business_id="b", text=text, kind="conversation",
                      created_at=dt.datetime(2030, 1, 1, tzinfo=dt.UTC))

    memories = [memory("a", "I usually pay with Amex"), memory("b", "I'm allergic to latex")]
    assert [m.key for m, _ in keyword_rank(memories, "how will they settle the bill?", 3)] == ["a"]
    assert [m.key for m, _ in keyword_rank(memories, "any allergies?", 3)] == ["b"]
    assert keyword_rank(memories, "what colour is the sky", 3) == []
