"""What every workflow module exposes (its `WORKFLOW`), the same small interface for each; the
registry (workflows/registry.py) finds them by the call's task, by a handoff's name, by the action
a read-back put to the caller, and by the prompt waiting for an answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from shared.dialogue.nlu import Understanding
from shared.dialogue.turns import Reply, Tools, Turn
from shared.domain.business import Business
from shared.domain.calls import DialogueState, Handoff

Stage = Callable[[Turn], Reply | Handoff | None]
Take = Callable[[Turn, Handoff], Reply]
# Doing what the caller said yes to (`DialogueState.pending`): said so, or the workflow that follows
Do = Callable[[DialogueState, Business, dict, dt.datetime, Tools], Reply | Handoff]
# Its own answer to the read-back of one of its actions (`pending`), given the turn and the slots
# changed in it; None: the generic yes / no / correction (confirm.py) answers it, unless it dropped
# the read-back (`state.pending` None): then it is no answer to it and the turn goes on
ReadBack = Callable[[Turn, dict, set[str]], Reply | Handoff | None]
# Its answer to a clear yes before doing it: "cancel it, or move it?" answered "yes" is asked again;
# None: done
Agreed = Callable[[DialogueState, dict, Understanding], Reply | None]
# Its answer to a no at the read-back of one of its actions (`leaving`: the caller was saying
# goodbye); None: the generic one
Declined = Callable[[DialogueState, Business, dict, bool], Reply | None]


@dataclass(frozen=True)
class Workflow:
    name: str                                  # what a Handoff names it by
    tasks: tuple[str, ...] = ()                # the `DialogueState.task` values it serves
    hears: tuple[Stage, ...] = ()              # its own slots from what was said, before they are merged
    step: Stage | None = None                  # its next step while it is the call's task
    take: Take | None = None                   # taking the call over from a handoff (its slots, what follows it)
    does: Mapping[str, Do] = field(default_factory=dict)   # the actions it reads back and does on a yes
    read_back: ReadBack | None = None          # its own answers to its read-back ("yes, and one for my dad")
    agreed: Agreed | None = None               # its answer to a yes before doing it ("cancel it, or move it?")
    declined: Declined | None = None           # its answer to a no at its read-back ("Okay, I won't cancel it.")
    agrees_as: Mapping[str, str] = field(default_factory=dict)  # an action agreed to in another's words
    service_changes_it: bool = False           # a service named at its read-back is another, not "yeah, the haircut"
    prompts: tuple[str, ...] = ()              # its own prompts, answered before anything else is looked at
    answer: Stage | None = None                # the answer to one of `prompts`


def run(stages: tuple[Stage, ...], t: Turn) -> Reply | Handoff | None:
    """The stages in order: the first that answers has the turn."""
    for stage in stages:
        reply = stage(t)
        if reply is not None:
            return reply
    return None
