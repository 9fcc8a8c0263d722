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


class Cue(StrEnum):
    """What the last prompt did besides asking: set where the prompt is made (`ask(..., cues=...)`),
    kept on the call (`DialogueState.asked.cues`), so that no decision reads Roxy's own English."""
    ANYTHING_ELSE = "anything_else"      # it ended with "Is there anything else I can help you with?"
    BEFORE_YOU_GO = "before_you_go"      # a caller saying goodbye was reminded of what is not done yet
    WITHHELD_LOOKUP = "withheld_lookup"  # "your number didn't come through, so I can't look up bookings"
    SERVICE_KEYS = "service_keys"        # the services were read out with keys ("press 1 for Haircut")
    FIRST_VISIT = "first_visit"          # the service for a first visit was suggested
