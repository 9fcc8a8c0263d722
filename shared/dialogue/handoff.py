"""Following a handoff: a workflow's step returned a `Handoff` (shared/domain/calls.py) instead of
a reply, and the workflow it names takes the call over with the slots it carries.

"Cancel my haircut and book a colour instead": the change workflow cancels, then hands over to
`book` with the service (and the day and time said for it); the booking asks for what is still
missing ("Done. Your Haircut ... is cancelled. Now for a Hair Colouring: what time ...?"). When one
yes covered both ("make it a haircut instead", just after booking a blow dry), the booking is made
at once if it can be.
"""

from __future__ import annotations

from shared.dialogue.confirm import execute
from shared.dialogue.prompts import Cue
from shared.dialogue.turns import Reply, Turn, ask
from shared.dialogue.workflows.registry import TAKES
from shared.domain.calls import Handoff


def follow(t: Turn, handoff: Handoff) -> Reply:
    """The workflow `handoff` names takes over: what the one handing over did is said first."""
    state = t.state
    reply = TAKES[handoff.workflow](t, handoff)
    if not handoff.said:  # nothing done before it: its own reply
        return reply
    if handoff.together and state.pending and state.pending["action"] == "book_appointment":
        booking, state.pending = state.pending, None  # its yes was given with the change's
        done = execute(state, t.business, booking, t.local_now, t.tools)
        done = follow(t, done) if isinstance(done, Handoff) else done
        done.say = f"{handoff.said_together} {done.say}"
        return done
    cues = tuple(Cue(cue) for cue in state.asked.cues)  # what its question did
    return ask(state, f"{handoff.said} {reply.say}", state.awaiting, intent=handoff.intent, cues=cues,
               question=state.asked.question)  # its question alone, without what was done before it
