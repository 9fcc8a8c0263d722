"""infra/setup.sh, cloudbuild.yaml and the code name the same functions, queue and secrets."""

import re
import subprocess

import yaml

from functions.main import FUNCTIONS
from shared.config import Settings
from tests.factories import ROOT


def dry_run(*extra):
    result = subprocess.run(["bash", str(ROOT / "infra" / "setup.sh"), "--project", "acme-prod", "--region",
                             "us-central1", "--dry-run", *extra], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    return result.stdout


def deploy_steps():
    build = yaml.safe_load((ROOT / "cloudbuild.yaml").read_text())
    return [step["args"] for step in build["steps"] if step.get("entrypoint") == "gcloud"]


def test_every_url_the_setup_wires_is_a_deployed_function():
    out = dry_run("--twilio-number", "+12125550100")
    targets = set(re.findall(r"cloudfunctions\.net/(\w+)", out))
    assert targets and targets <= set(FUNCTIONS)
    assert {"voice_webhook", "voice_status", "sms_inbound", "email_events", "reminders_sweep"} <= targets


def test_private_functions_are_deployed_private_and_given_an_invoker():
    private = {args[2] for args in deploy_steps() if "--no-allow-unauthenticated" in " ".join(args)}
    invokers = set(re.findall(r"add-invoker-policy-binding (\w+)", dry_run("--phase", "after-deploy")))
    assert private == invokers == {"post_call", "notifications_dispatch", "reminders_sweep", "memory_replay",
                                                "calendar_push"}


def test_queue_and_secrets_match_the_code_and_the_build():
    out = dry_run("--phase", "before-deploy")
    assert f"gcloud tasks queues update {Settings({}).google.tasks_queue} " in out
    created = set(re.findall(r"gcloud secrets create ([\w-]+)", out))
    used = {ref.split("=")[1].split(":")[0] for args in deploy_steps() for arg in args
            if arg.startswith("--set-secrets=") for ref in arg.removeprefix("--set-secrets=").split(",")}
    assert used and used <= created


def test_the_script_refuses_to_run_without_a_project():
    result = subprocess.run(["bash", str(ROOT / "infra" / "setup.sh"), "--region", "x"], capture_output=True,
                            text=True, timeout=30)
    assert result.returncode == 2 and "usage" in result.stderr
