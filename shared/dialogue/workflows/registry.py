"""The workflows of the offline engine, by name: the one serving the call's task takes the turn's
step (engine.py), a handoff names the one that takes over (handoff.py), the action a read-back put
to the caller names the one that does it on a yes (confirm.py), and a waiting prompt names the one
that answers it first. docs/dialogue.md says how to add one.
"""

from __future__ import annotations

from shared.dialogue.turns import Reply, Turn
from shared.dialogue.workflows import answers, book, callback, change, forget_me, waitlist
from shared.dialogue.workflows.workflow import Do, Take, Workflow, run
from shared.domain.calls import Handoff

WORKFLOWS: tuple[Workflow, ...] = (book.WORKFLOW, change.WORKFLOW, answers.WORKFLOW, callback.WORKFLOW,
                                   waitlist.WORKFLOW, forget_me.WORKFLOW)

BY_NAME = {w.name: w for w in WORKFLOWS}
BY_TASK = {task: w for w in WORKFLOWS for task in w.tasks}
BY_ACTION = {action: w for w in WORKFLOWS for action in w.does}
BY_PROMPT = {prompt: w for w in WORKFLOWS for prompt in w.prompts}
# The workflows a handoff can name, each with how it takes over: (turn, slots) -> its first reply.
TAKES: dict[str, Take] = {w.name: w.take for w in WORKFLOWS if w.take is not None}


def serving(task: str | None) -> Workflow | None:
    """The workflow the call's task belongs to (none while no workflow is under way)."""
    return BY_TASK.get(task) if task else None


def doer(action: str) -> Do:
    """How the action put to the caller (`pending["action"]`) is done: its workflow's."""
    return BY_ACTION[action].does[action]


def owner(action: str) -> Workflow:
    """The workflow that reads the action back and does it: it answers its own read-back first."""
    return BY_ACTION[action]


# --- stages of a turn (engine.py) ------------------------------------------------------------------

def prompt_answered(t: Turn) -> Reply | Handoff | None:
    """The answer to a prompt of a workflow that hears its own answers before anything else."""
    owner = BY_PROMPT.get(t.state.awaiting or "")
    return owner.answer(t) if owner and owner.answer else None


def hear(t: Turn) -> Reply | Handoff | None:
    """The active workflow's own slots from what was said (before the shared ones are merged)."""
    active = serving(t.state.task)
    return run(active.hears, t) if active else None


def step(t: Turn) -> Reply | Handoff | None:
    """The active workflow's step: its next question, its read-back, or a handoff."""
    active = serving(t.state.task)
    return active.step(t) if active and active.step else None
