"""Failing dependencies on a live call: the Firestore emulator restarts (its data gone) between two
turns; the caller still gets valid TwiML on every turn and the call goes on. (LLM hanging or 500-ing
and SMS/email providers failing are covered in test_calls_llm.py and test_notifications.py.)"""

import shutil

import pytest

from shared.local.phone import SimulatedCall
from shared.local.stack import ROOT, Stack
from tests.clock import test_start


@pytest.fixture(scope="module")
def own_stack():
    stack = Stack.on_free_ports(ROOT / ".run" / "test-faults", "demo-voicehive-faults",
                                clock_start=test_start().isoformat())
    stack.start()
    stack.seed_demo()
    yield stack
    stack.stop()
    shutil.rmtree(stack.run_dir, ignore_errors=True)


def test_firestore_restarting_mid_call_still_answers_and_the_call_goes_on(own_stack):
    env = own_stack.env()
    call = SimulatedCall(env["FUNCTIONS_BASE_URL"], env["TWILIO_AUTH_TOKEN"], env["DEMO_BUSINESS_NUMBER"],
                         "+12125550188")
    assert call.start().kind == "gather"
    assert call.say("What are your hours?").kind == "gather"
    own_stack.restart_firestore()
    after = call.say("And do you have parking?")
    # the call's state went with the emulator: Roxy greets again instead of failing, and listens
    assert after.status == 200 and after.kind == "gather" and "How can I help" in after.text
    own_stack.seed_demo()  # the business is loaded again, as an operator would restore it
    again = call.say("How much is a haircut?")
    assert again.status == 200 and again.kind == "gather" and "$55" in again.text
