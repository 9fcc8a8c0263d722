"""The booking's chain of further services (`BookFrame.then`, each `Handoff.then` the next): the
operations the booking workflow builds and walks it with, each link carrying its own service, name
and day."""

from shared.domain.calls import BookFrame, Handoff


def book(then: Handoff | None = None, **slots: str) -> Handoff:
    return Handoff(workflow="book", slots=slots, then=then)


def test_the_services_said_at_once_are_a_chain_each_with_the_day_said_for_it():
    frame = BookFrame()
    frame.book_next(["Blow Dry", "Manicure", "Beard Trim"], ["", "2030-03-06T14:00", "T09:00"])
    assert frame.then == book(book(book(service="Beard Trim", time="09:00"),
                                   service="Manicure", date="2030-03-06", time="14:00"), service="Blow Dry")
    assert frame.has_next
    frame.book_next(["Blow Dry", "Manicure"])  # no day said for any: straight after, one by one
    assert frame.then == book(book(service="Manicure"), service="Blow Dry")
    frame.book_next([])
    assert frame.then is None and not frame.has_next


def test_the_people_named_keep_their_turn_when_the_services_are_said_afresh():
    frame = BookFrame()
    frame.name_each(["Ann", "Bo"])  # "Joe, Ann and Bo": the names first, their services still to come
    assert frame.then == book(book(name="Bo"), name="Ann") and not frame.has_next
    frame.book_next(["Haircut"] * 2)  # the party's service, the same for each
    assert frame.then == book(book(service="Haircut", name="Bo"), service="Haircut", name="Ann")
    assert frame.has_next
    frame.book_next(["Blow Dry"])  # one service said afresh: Ann's; Bo is still named, his service to come
    assert frame.then == book(book(name="Bo"), service="Blow Dry", name="Ann")
    frame.book_next(["Blow Dry", "Manicure", "Nails"])
    assert frame.then == book(book(book(service="Nails"), service="Manicure", name="Bo"),
                              service="Blow Dry", name="Ann")


def test_names_given_again_go_to_the_bookings_in_order_and_the_names_not_given_again_go():
    frame = BookFrame(then=book(book(service="Manicure", date="2030-03-06"), service="Blow Dry"))
    frame.name_each(["Ann", "Bo", "Cy"])  # one more name than bookings: a booking of its own for Cy
    assert frame.then == book(book(book(name="Cy"), service="Manicure", date="2030-03-06", name="Bo"),
                              service="Blow Dry", name="Ann")
    frame.name_each(["Ann"])
    assert frame.then == book(book(service="Manicure", date="2030-03-06"), service="Blow Dry", name="Ann")


def test_one_more_goes_first_and_the_chain_keeps_its_people_with_their_services():
    frame = BookFrame(then=book(service="Beard Trim", name="Sam", date="2030-03-06"))
    frame.put_first(book(service="Haircut"))  # "yes, and one for my dad straight after"
    assert frame.then == book(book(service="Beard Trim", name="Sam", date="2030-03-06"), service="Haircut")
    frame.put_first(book(service="Haircut", name="Jo"))  # "for Jo and Sam" ... "no, one each"
    assert [link.slots.get("name") for link in (frame.then, frame.then.then, frame.then.then.then)] \
        == ["Jo", None, "Sam"]
    empty = BookFrame()
    empty.put_first(book(service="Haircut"))
    assert empty.then == book(service="Haircut") and empty.has_next
