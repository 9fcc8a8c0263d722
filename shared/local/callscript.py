"""Scripted calls: one caller line per line of a file.

    I'd like to book a haircut on Friday at 10 am     what the caller says
    [press 1]                                        keypad
    [silence]                                        the caller says nothing
    [staff answers] / [staff no-answer]              after a transfer
    [message]                                        leave a voicemail when asked
    # ...                                            comment
The call hangs up (status callback) when Roxy ends it or the script ends.
"""

from __future__ import annotations

import re
import textwrap

from shared.local.phone import Answer, SimulatedCall


def _show(who: str, text: str, out) -> None:
    wrapped = textwrap.fill(text, width=96, initial_indent=f"  {who:>6}: ", subsequent_indent=" " * 10)
    print(wrapped, file=out)


class ScriptError(ValueError):
    """The script does not fit the call as it went: said to the user, not raised as a traceback."""


def step(call: SimulatedCall, line: str, out) -> Answer:
    command = re.fullmatch(r"\[(.+)\]", line.strip())
    if command:
        action = command.group(1).strip().lower()
        _show("caller", f"[{action}]", out)
        if action.startswith("press "):
            answer = call.press(action.split()[1])
        elif action == "silence":
            answer = call.silence()
        elif action.startswith("staff"):
            if call.last is None or call.last.kind != "dial":
                raise ScriptError(f"[{action}] needs Roxy to be putting the call through, but she said: "
                                  f"{call.last.text if call.last else '(nothing)'}")
            whisper, answer = call.staff(answered=action == "staff answers")
            _show("staff", f"(whisper) {whisper}", out)
        elif action == "message":
            if call.last is None or call.last.kind != "record":
                raise ScriptError(f"[message] needs Roxy to be recording a message, but she said: "
                                  f"{call.last.text if call.last else '(nothing)'}")
            answer = call.leave_message()
        else:
            raise ScriptError(f"unknown script command [{action}]")
    else:
        _show("caller", line.strip(), out)
        answer = call.say(line.strip())
    _show("roxy", answer.text or f"[{answer.kind}]", out)
    return answer


def run(call: SimulatedCall, lines: list[str], out) -> Answer:
    answer = call.start()
    if answer.status != 200:
        raise RuntimeError(f"the call was refused: HTTP {answer.status} {answer.twiml[:200]}")
    _show("roxy", answer.text, out)
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if answer.kind in ("hangup", "end"):
            break
        answer = step(call, line, out)
    call.hangup()
    print("  (call ended)", file=out)
    return answer
