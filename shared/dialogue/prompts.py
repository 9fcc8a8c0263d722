"""What Roxy just asked for: the prompt a caller's next words answer.

The engine decides by these names, never by the English it said (stored on the call as the
value, `DialogueState.awaiting`). An unknown name fails at once (`Prompt("tiem")` raises).
"""

from enum import StrEnum


class Prompt(StrEnum):
    SERVICE = "service"          # which service
    DATE = "date"                # which day
    TIME = "time"                # which of the times offered
    NAME = "name"                # the name for a booking, a lead or a message
    PHONE = "phone"              # a number to reach a caller whose number is withheld
    EMAIL = "email"              # an email for the confirmation
    ADDRESS = "address"          # where a visit is
    APPOINTMENT = "appointment"  # which of the caller's appointments
    CONFIRM = "confirm"          # the read-back: a yes commits it
    BOOK_OFFER = "book_offer"    # "would you like to book?"
    MOVE_OFFER = "move_offer"    # "would you like me to move it to Saturday?"
    WAITLIST = "waitlist"        # "shall I put you on the waitlist for that day?"
    WAITLIST_NAME = "waitlist_name"  # the name for the waitlist
