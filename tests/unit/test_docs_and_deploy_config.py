"""Docs and deploy files stay true to the code."""

import re

import yaml

from functions.main import FUNCTIONS
from shared.config import GROUPS, env_names
from tests.factories import ROOT


def test_readme_configuration_table_lists_every_setting():
    readme = (ROOT / "README.md").read_text()
    table = set(re.findall(r"^\| `([A-Z0-9_]+)` \|", readme, flags=re.M))
    missing = {name for group in GROUPS.values() for name in env_names(group)} - table
    assert not missing, f"README configuration table lacks {sorted(missing)}"


def test_every_function_is_deployed_and_every_deploy_is_a_function():
    build = yaml.safe_load((ROOT / "cloudbuild.yaml").read_text())
    deployed = {step["args"][2] for step in build["steps"]
                if step.get("entrypoint") == "gcloud" and step["args"][:2] == ["functions", "deploy"]}
    assert deployed == set(FUNCTIONS)
    for step in build["steps"]:
        if step.get("entrypoint") == "gcloud" and step["args"][:2] == ["functions", "deploy"]:
            name = step["args"][2]
            assert f"--entry-point={name}" in step["args"]
            assert not any(a.startswith("--set-env-vars") and "TOKEN" in a for a in step["args"])


def test_root_main_reexports_every_entry_point():
    import main

    for name in FUNCTIONS:
        assert callable(getattr(main, name))


def test_functions_are_deployed_with_their_bytecode():
    build = yaml.safe_load((ROOT / "cloudbuild.yaml").read_text())
    steps = {step["id"]: step for step in build["steps"]}
    args = steps["bytecode"]["args"]
    assert args[:2] == ["-m", "compileall"] and "checked-hash" in args
    assert {"main.py", "functions", "shared"} <= set(args)
    for step in build["steps"]:
        if step.get("entrypoint") == "gcloud" and step["args"][:2] == ["functions", "deploy"]:
            assert step["waitFor"] == ["bytecode"]
    assert steps["build-voice-relay"]["waitFor"] == ["bytecode"]  # the image carries the bytecode too
    ignored = [line for line in (ROOT / ".gcloudignore").read_text().splitlines() if not line.startswith("#")]
    assert not [line for line in ignored if "__pycache__" in line or "pyc" in line]


def test_voice_relay_is_deployed_to_cloud_run_like_the_webhook():
    """voice_relay: a Cloud Run service holding calls up to an hour, with the webhook's service
    account, settings and secrets, built from infra/relay/Dockerfile."""
    build = yaml.safe_load((ROOT / "cloudbuild.yaml").read_text())
    steps = {step["id"]: step for step in build["steps"]}
    relay, webhook = steps["deploy-voice-relay"]["args"], steps["deploy-voice-webhook"]["args"]
    assert relay[:3] == ["run", "deploy", "voice-relay"]
    assert {"--timeout=3600", "--min-instances=1", "--no-cpu-throttling", "--session-affinity"} <= set(relay)
    assert any(a.startswith("--concurrency=") for a in relay)
    same = [a for a in webhook if a.startswith(("--service-account=", "--set-secrets=", "--set-env-vars="))]
    assert same and set(same) <= set(relay)
    assert "VOICE_RELAY_URL=${_VOICE_RELAY_URL}" in next(a for a in webhook if a.startswith("--set-env-vars="))
    assert "infra/relay/Dockerfile" in steps["build-voice-relay"]["args"]
    dockerfile = (ROOT / "infra" / "relay" / "Dockerfile").read_text()
    assert "shared.voice.relay.app:build_app" in dockerfile and "requirements.txt" in dockerfile
    requirements = (ROOT / "requirements.txt").read_text()
    assert all(f"\n{name}==" in requirements for name in ("starlette", "uvicorn", "websockets"))
