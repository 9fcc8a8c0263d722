"""The local stack: Firestore emulator + Cloud Tasks emulator + every function in one process.

    python -m shared.local.stack up       start in the background, wait until all answer, seed
    python -m shared.local.stack down     stop exactly what `up` started (process groups)
    python -m shared.local.stack status

Ports: the Firestore emulator's from firebase.json; the others from LOCAL_TASKS_PORT and
LOCAL_FUNCTIONS_PORT. Everything binds 127.0.0.1. `up` writes .run/stack.env.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from shared.local.ports import HOST, free_port, port_in_use  # noqa: F401 (free_port: tests take it from here)

ROOT = Path(__file__).resolve().parents[2]
PROJECT = "demo-voicehive"
LOCATION = "us-central1"
QUEUE = "notifications"
DEMO_SEED = ROOT / "infra" / "seed" / "demo-business.json"
DEMO_API_KEY = "vh_local_demo_key"
CONSOLE_DEMO_EMAIL = "owner@demo.voicehive.local"
CONSOLE_DEMO_PASSWORD = "roxy-demo-owner"
JAR_CANDIDATES = (
    "/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar",
    "/usr/share/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar",
    "/google-cloud-sdk/platform/cloud-firestore-emulator/cloud-firestore-emulator.jar",
)


class StackError(RuntimeError):
    pass


def _group_gone(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)  # reap our own child so it does not linger as a zombie
    except ChildProcessError:
        pass
    try:
        os.killpg(pid, 0)
    except ProcessLookupError:
        return True
    return False


def firebase_port(name: str) -> int:
    config = json.loads((ROOT / "firebase.json").read_text())
    return int(config["emulators"][name]["port"])


def firestore_jar() -> str:
    candidates = [os.environ.get("FIRESTORE_EMULATOR_JAR", "")] + list(JAR_CANDIDATES)
    gcloud = shutil.which("gcloud")
    if gcloud:
        sdk = Path(os.path.realpath(gcloud)).parent.parent
        candidates.append(str(sdk / "platform/cloud-firestore-emulator/cloud-firestore-emulator.jar"))
    for path in candidates:
        if path and os.path.isfile(path):
            return path
    raise StackError(
        "The Firestore emulator is missing. Install the Google Cloud SDK component: "
        "`apt-get install google-cloud-cli-firestore-emulator` "
        "(or `gcloud components install cloud-firestore-emulator`), or set FIRESTORE_EMULATOR_JAR."
    )


def _java() -> str:
    java = shutil.which("java")
    if not java:
        raise StackError("Java 11+ is needed by the Firestore emulator: "
                         "`apt-get install openjdk-17-jre-headless`.")
    return java


class PortTaken(StackError):
    """A port chosen free was taken before the process bound it."""


def _wait(check, what: str, log: Path, timeout: float = 60.0, pid: int | None = None) -> None:
    deadline = time.monotonic() + timeout
    exited = False
    while time.monotonic() < deadline and not exited:
        try:
            if check():
                return
        except Exception:
            pass
        exited = pid is not None and _group_gone(pid)
        if not exited:
            time.sleep(0.1)
    tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
    if exited and "address already in use" in tail.lower():
        raise PortTaken(f"{what} could not bind its port. Log {log}:\n{tail}")
    happened = "exited as it started" if exited else f"did not start within {timeout:.0f}s"
    raise StackError(f"{what} {happened}. Log {log}:\n{tail}")


def _http_ok(url: str, body: bytes | None = None) -> bool:
    with urllib.request.urlopen(url, timeout=1) as response:
        return response.status == 200 and (body is None or response.read().strip() == body)


def _grpc_ready(address: str) -> bool:
    import grpc

    channel = grpc.insecure_channel(address)
    try:
        grpc.channel_ready_future(channel).result(timeout=1)
        return True
    finally:
        channel.close()


@dataclass
class Stack:
    run_dir: Path
    firestore_port: int
    tasks_port: int
    functions_port: int
    project: str = PROJECT
    tasks_python: str = str(ROOT / ".venv-tasks" / "bin" / "python")
    tasks_max_retries: int = -1
    sinks_port: int = 0
    scheduler_seconds: float | None = None
    seed: bool = True
    memory_backend: str = "auto"   # auto = local Mem0 in run_dir/mem0 (one process may open it)
    pids: dict[str, int] = field(default_factory=dict)
    any_ports: bool = False        # ports were picked free: another pick is fine if one is taken meanwhile
    clock_start: str | None = None  # pins the functions' clock there (VOICEHIVE_CLOCK_START); None = real time
    extra_functions: list[str] = field(default_factory=list)  # base URLs of spawn_functions servers
    relay_port: int = 0            # voice_relay (ConversationRelay's WebSocket); 0 = a free port
    calendar_port: int = 0         # the Google Calendar stand-in's (0: a free one)
    console: bool = False          # the owner console too: Auth emulator + its host (start_console)
    auth_port: int = 0
    console_port: int = 0

    @classmethod
    def on_free_ports(cls, run_dir: Path, project: str, **options) -> Stack:
        """A stack for tests and benchmarks: free ports, no demo seed, its own run directory."""
        return cls(run_dir=run_dir, firestore_port=free_port(), tasks_port=free_port(),
                   functions_port=free_port(), project=project, seed=False, any_ports=True, **options)

    @property
    def pid_file(self) -> Path:
        return self.run_dir / "stack.pids"

    @property
    def env_file(self) -> Path:
        return self.run_dir / "stack.env"

    def env(self) -> dict[str, str]:
        base = f"http://{HOST}:{self.functions_port}"
        demo = json.loads(DEMO_SEED.read_text())
        from shared.config import LOCAL_TWILIO_ACCOUNT_SID, LOCAL_TWILIO_AUTH_TOKEN

        return {
            "ENVIRONMENT": "development",
            "GOOGLE_CLOUD_PROJECT": self.project,
            "FIRESTORE_EMULATOR_HOST": f"{HOST}:{self.firestore_port}",
            "CLOUD_TASKS_EMULATOR_HOST": f"{HOST}:{self.tasks_port}",
            "TASKS_QUEUE": QUEUE,
            "REGION": LOCATION,
            "FUNCTIONS_BASE_URL": base,
            "PUBLIC_BASE_URL": base,
            "DEMO_BUSINESS_ID": demo["id"],
            "DEMO_BUSINESS_NUMBER": demo["phone_numbers"][0],
            "DEMO_API_KEY": DEMO_API_KEY,
            "TWILIO_ACCOUNT_SID": LOCAL_TWILIO_ACCOUNT_SID,
            "TWILIO_AUTH_TOKEN": LOCAL_TWILIO_AUTH_TOKEN,
            "TWILIO_API_BASE_URL": self.sinks_url,
            "SENDGRID_API_KEY": "SG.local-sink",
            "SENDGRID_API_BASE_URL": self.sinks_url,
            "SENDGRID_WEBHOOK_PUBLIC_KEY": self.events_public_key(),
            "SINKS_URL": self.sinks_url,
            "MEMORY_BACKEND": self.memory_backend,
            "MEM0_DIR": str(self.run_dir / "mem0"),
            **({"VOICEHIVE_CLOCK_START": self.clock_start} if self.clock_start else {}),
            **self.relay_env(),
            **self.calendar_env(base),
            **self.console_env(),
        }

    def relay_env(self) -> dict[str, str]:
        return {"VOICE_RELAY_URL": f"ws://{HOST}:{self.relay_port}/voice_relay"} if self.relay_port else {}

    def start_relay(self, env: dict[str, str]) -> None:
        """voice_relay (the Cloud Run service) on its own port, with the functions' settings."""
        self._spawn("relay", [sys.executable, "-m", "shared.voice.relay.app", "--port", str(self.relay_port)], env)
        _wait(lambda: _http_ok(f"http://{HOST}:{self.relay_port}/", b"ok"), "voice_relay",
              self.run_dir / "relay.log", pid=self.pids["relay"])

    def console_env(self) -> dict[str, str]:
        if not self.console:
            return {"CONSOLE_URL": f"http://{HOST}:{self.console_port}"} if self.console_port else {}
        return {"FIREBASE_AUTH_EMULATOR_HOST": f"{HOST}:{self.auth_port}",
                "CONSOLE_URL": f"http://{HOST}:{self.console_port}",
                "CONSOLE_DEMO_EMAIL": CONSOLE_DEMO_EMAIL, "CONSOLE_DEMO_PASSWORD": CONSOLE_DEMO_PASSWORD,
                # Google sign-in against the Google stand-in, offered when CONSOLE_GOOGLE_SIGN_IN is set
                "CONSOLE_GOOGLE_CLIENT_ID": "local-console.apps.googleusercontent.com",
                "CONSOLE_GOOGLE_AUTH_URI": f"{self.calendar_url}/o/oauth2/v2/auth"}

    def start_console(self) -> dict[str, str]:
        """The Firebase Auth emulator and the console's local host (with console_api inside), on
        this stack's emulators; builds the console's assets first if needed."""
        from shared.local.console_build import ensure_built

        ensure_built()
        self.console = True
        self.auth_port = self.auth_port or free_port()
        self.console_port = self.console_port or free_port()
        env = self.env()
        self._spawn("auth", [shutil.which("node") or "node", str(ROOT / "shared" / "local" / "auth_emulator.js"),
                             self.project, HOST, str(self.auth_port)])
        self._spawn("console", [sys.executable, "-m", "shared.local.console_host", "--port", str(self.console_port)],
                    env)
        _wait(lambda: _http_ok(f"http://{HOST}:{self.auth_port}/"), "The Firebase Auth emulator",
              self.run_dir / "auth.log", pid=self.pids["auth"])
        _wait(lambda: _http_ok(f"{env['CONSOLE_URL']}/__/firebase/init.json"), "The console host",
              self.run_dir / "console.log", pid=self.pids["console"])
        self.extra_functions.append(env["CONSOLE_URL"])   # console_api runs there: set_clock sets it too
        return env

    def seed_console_demo(self) -> None:
        """The demo business's owner, signed up in the Auth emulator (CONSOLE_DEMO_EMAIL/PASSWORD)."""
        from shared.local import auth_users

        owner = auth_users.user(f"{HOST}:{self.auth_port}", self.project, CONSOLE_DEMO_EMAIL, CONSOLE_DEMO_PASSWORD)
        demo = json.loads(DEMO_SEED.read_text())
        subprocess.run([sys.executable, "-m", "shared.cli", "member", demo["id"], owner.email, "--role", "owner",
                        "--uid", owner.uid], cwd=ROOT, env={**os.environ, **self.env()}, check=True,
                       stdout=subprocess.DEVNULL)

    @property
    def sinks_url(self) -> str:
        return f"http://{HOST}:{self.sinks_port}"

    def events_public_key(self) -> str:
        """The SendGrid Event Webhook key pair of this stack (made on first use, kept in run_dir)."""
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ec

        private_file = self.run_dir / "sendgrid-events.pem"
        if not private_file.exists():
            self.run_dir.mkdir(parents=True, exist_ok=True)
            key = ec.generate_private_key(ec.SECP256R1())
            private_file.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                                       serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
        key = serialization.load_pem_private_key(private_file.read_bytes(), password=None)
        der = key.public_key().public_bytes(serialization.Encoding.DER,
                                            serialization.PublicFormat.SubjectPublicKeyInfo)
        import base64

        return base64.b64encode(der).decode()

    def running(self) -> dict[str, int]:
        if not self.pid_file.exists():
            return {}
        pids = json.loads(self.pid_file.read_text())
        alive = {}
        for name, pid in pids.items():
            try:
                os.kill(pid, 0)
                alive[name] = pid
            except ProcessLookupError:
                pass
        return alive

    def _spawn(self, name: str, argv: list[str], env: dict[str, str] | None = None) -> None:
        log = open(self.run_dir / f"{name}.log", "ab")
        process = subprocess.Popen(
            argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            cwd=ROOT, env={**os.environ, **(env or {})}, start_new_session=True,
        )
        self.pids[name] = process.pid
        self.pid_file.write_text(json.dumps(self.pids))

    def _check_ports(self) -> None:
        ports = ((self.firestore_port, "firebase.json emulators.firestore.port"), (self.tasks_port, "LOCAL_TASKS_PORT"),
                 (self.functions_port, "LOCAL_FUNCTIONS_PORT"), (self.sinks_port, "LOCAL_SINKS_PORT"),
                 (self.relay_port, "LOCAL_RELAY_PORT"), (self.calendar_port, "LOCAL_CALENDAR_PORT"))
        for (port, one), (other, another) in itertools.combinations(ports, 2):
            if port == other:
                raise PortTaken(f"Port {port} is set for both {one} and {another}: choose another for one.")
        for port, origin in ports:
            if port_in_use(port):
                raise PortTaken(f"Port {port} ({origin}) is already in use on {HOST}. "
                                 "Stop what uses it or choose another port.")

    def start(self) -> dict[str, str]:
        for attempt in range(3):
            try:
                return self._start_once()
            except PortTaken:
                if not self.any_ports or attempt == 2:
                    raise
                self.firestore_port, self.tasks_port, self.functions_port, self.sinks_port = (
                    free_port(), free_port(), free_port(), free_port())
                self.relay_port = 0
                self.calendar_port = free_port()
        raise AssertionError("unreachable")

    def _start_once(self) -> dict[str, str]:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        if self.running():
            raise StackError(f"A stack from {self.run_dir} is already running; "
                             "`make down` stops it.")
        java, jar = _java(), firestore_jar()
        if not os.path.exists(self.tasks_python):
            raise StackError(f"{self.tasks_python} is missing: run `make venv` "
                             "(the Cloud Tasks emulator lives in its own virtualenv).")
        if not self.sinks_port:
            self.sinks_port = free_port()
        if not self.relay_port:
            self.relay_port = free_port()
        if not self.calendar_port:
            self.calendar_port = free_port()
        # The console's port is chosen now even when it starts later (start_console): the functions
        # link to it (the daily summary, the page after connecting a calendar).
        self.console_port = self.console_port or free_port()
        if self.console:
            self.auth_port = self.auth_port or free_port()
        self._check_ports()
        env = self.env()
        try:
            self._spawn("firestore", [
                java, "-Duser.language=en", "-cp", jar,
                "com.google.cloud.datastore.emulator.firestore.CloudFirestore", "start",
                f"--host={HOST}", f"--port={self.firestore_port}",
            ])
            queue = f"projects/{self.project}/locations/{LOCATION}/queues/{QUEUE}"
            self._spawn("tasks", [
                self.tasks_python, str(ROOT / "shared" / "local" / "tasks_emulator.py"),
                "--port", str(self.tasks_port), "--queue", queue,
                "--max-retries", str(self.tasks_max_retries),
            ])
            self._spawn("functions", [sys.executable, "-m", "shared.local.serve",
                                      "--port", str(self.functions_port)], env)
            self._spawn("sinks", [sys.executable, "-m", "shared.local.sinks", "--port", str(self.sinks_port),
                                  "--twilio-token", env["TWILIO_AUTH_TOKEN"],
                                  "--events-url", f"{env['FUNCTIONS_BASE_URL']}/email_events",
                                  "--events-key-file", str(self.run_dir / "sendgrid-events.pem"),
                                  *(["--clock-start", self.clock_start] if self.clock_start else [])])
            _wait(lambda: _http_ok(f"http://{HOST}:{self.firestore_port}/", b"Ok"),
                  "The Firestore emulator", self.run_dir / "firestore.log", pid=self.pids["firestore"])
            _wait(lambda: _grpc_ready(f"{HOST}:{self.tasks_port}"),
                  "The Cloud Tasks emulator", self.run_dir / "tasks.log", pid=self.pids["tasks"])
            _wait(lambda: _http_ok(f"http://{HOST}:{self.functions_port}/", b"ok"),
                  "The functions server", self.run_dir / "functions.log", pid=self.pids["functions"])
            _wait(lambda: _http_ok(f"{self.sinks_url}/_outbox"), "The SMS/email sinks",
                  self.run_dir / "sinks.log", pid=self.pids["sinks"])
            self.start_relay(env)
            self.start_calendar()
            if self.scheduler_seconds:
                self._spawn("scheduler", [sys.executable, "-m", "shared.local.scheduler",
                                          "--url", f"{env['FUNCTIONS_BASE_URL']}/reminders_sweep",
                                          "--every", str(self.scheduler_seconds)])
            if self.console:
                env = self.start_console()
            if self.seed:
                self.seed_demo(env)
                self.connect_demo_calendar(env)
                if self.console:
                    self.seed_console_demo()
        except BaseException:
            self.stop()
            raise
        self.env_file.write_text("".join(f"{k}={v}\n" for k, v in env.items()))
        return env

    def spawn_functions(self, name: str, port: int, extra_env: dict[str, str]) -> str:
        """Another functions server on the same emulators (e.g. with an LLM configured). It gets its
        own local Mem0 folder: a local Mem0 store can be opened by one process at a time."""
        base = f"http://{HOST}:{port}"
        self._spawn(name, [sys.executable, "-m", "shared.local.serve", "--port", str(port)],
                    {**self.env(), "FUNCTIONS_BASE_URL": base, "PUBLIC_BASE_URL": base,
                     "MEM0_DIR": str(self.run_dir / f"{name}-mem0"), **extra_env})
        _wait(lambda: _http_ok(f"{base}/", b"ok"), f"The functions server '{name}'",
              self.run_dir / f"{name}.log")
        self.extra_functions.append(base)
        return base

    def spawn_relay(self, name: str, port: int, extra_env: dict[str, str]) -> str:
        """Another voice_relay on the same emulators (e.g. with an LLM configured); its ws:// URL."""
        url = f"ws://{HOST}:{port}/voice_relay"  # its own: handshakes are signed for the URL Twilio is given
        self._spawn(name, [sys.executable, "-m", "shared.voice.relay.app", "--port", str(port)],
                    {**self.env(), "MEM0_DIR": str(self.run_dir / f"{name}-mem0"), **extra_env, "VOICE_RELAY_URL": url})
        _wait(lambda: _http_ok(f"http://{HOST}:{port}/", b"ok"), f"voice_relay '{name}'", self.run_dir / f"{name}.log")
        self.extra_functions.append(f"http://{HOST}:{port}")
        return url

    def set_clock(self, moment: dt.datetime) -> None:
        """Set the pinned clock of every functions server of this stack (it ticks on from there)."""
        body = json.dumps({"now": moment.isoformat()}).encode()
        for base in [f"http://{HOST}:{self.functions_port}", self.sinks_url, *self.extra_functions,
                     *([f"http://{HOST}:{self.relay_port}"] if "relay" in self.pids else [])]:
            request = urllib.request.Request(f"{base}/_clock", data=body, method="POST",
                                             headers={"Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(request, timeout=5) as response:
                    response.read()
            except urllib.error.URLError as exc:
                if base not in self.extra_functions:
                    raise StackError(f"Could not set the clock of {base}: {exc}") from exc

    # --- the Google Calendar stand-in ---------------------------------------------------------

    @property
    def calendar_url(self) -> str:
        return f"http://{HOST}:{self.calendar_port}"

    def calendar_env(self, functions_base: str) -> dict[str, str]:
        """Settings that point Google's client library at the stand-in, and the demo calendar."""
        key_file = self.run_dir / "calendar-token.key"
        if not key_file.exists():
            from shared.adapters.token_cipher import new_key

            self.run_dir.mkdir(parents=True, exist_ok=True)
            key_file.write_text(new_key())
        return {
            "GOOGLE_CALENDAR_API_BASE_URL": self.calendar_url,
            "GOOGLE_CALENDAR_OAUTH_AUTH_URI": f"{self.calendar_url}/o/oauth2/auth",
            "GOOGLE_CALENDAR_OAUTH_TOKEN_URI": f"{self.calendar_url}/token",
            "GOOGLE_CALENDAR_CLIENT_ID": "local-client.apps.googleusercontent.com",
            "GOOGLE_CALENDAR_CLIENT_SECRET": "local-client-secret",
            "GOOGLE_CALENDAR_TOKEN_KEY": key_file.read_text().strip(),
            "GOOGLE_CALENDAR_REDIRECT_URI": f"{functions_base}/calendar_webhook/oauth",
            "DEMO_CALENDAR_ID": "maria@bella-hair-studio.example",
        }

    def start_calendar(self) -> None:
        self._spawn("calendar", [sys.executable, "-m", "shared.local.google_calendar",
                                 "--port", str(self.calendar_port)])
        _wait(lambda: _http_ok(f"{self.calendar_url}/_control/log"), "The Google Calendar stand-in",
              self.run_dir / "calendar.log", pid=self.pids["calendar"])

    def connect_demo_calendar(self, env: dict[str, str]) -> None:
        """Connect the demo's first stylist to DEMO_CALENDAR_ID as an owner would (consent, then
        Google's redirect to calendar_webhook/oauth)."""
        subprocess.run(
            [sys.executable, "-m", "shared.cli", "connect-calendar", json.loads(DEMO_SEED.read_text())["id"],
             "--staff", "maria", "--calendar-id", env["DEMO_CALENDAR_ID"], "--approve-locally"],
            cwd=ROOT, env={**os.environ, **env}, check=True, stdout=subprocess.DEVNULL,
        )

    def seed_demo(self, env: dict[str, str] | None = None) -> None:
        subprocess.run(
            [sys.executable, "-m", "shared.cli", "seed", str(DEMO_SEED), "--api-key", DEMO_API_KEY],
            cwd=ROOT, env={**os.environ, **(env or self.env())}, check=True, stdout=subprocess.DEVNULL,
        )

    def stop(self) -> None:
        pids = self.running() or dict(self.pids)
        for pid in pids.values():
            try:
                os.killpg(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + 10
        for pid in pids.values():
            while not _group_gone(pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            if not _group_gone(pid):
                try:
                    os.killpg(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        self.pids.clear()
        self.pid_file.unlink(missing_ok=True)
        self.env_file.unlink(missing_ok=True)

    def restart_firestore(self) -> None:
        """Kill the Firestore emulator and start it again on the same port (its data is gone):
        fault injection for tests."""
        pid = self.pids.get("firestore") or self.running().get("firestore")
        if pid:
            os.killpg(pid, signal.SIGKILL)
            while not _group_gone(pid):
                time.sleep(0.05)
        self._spawn("firestore", [
            _java(), "-Duser.language=en", "-cp", firestore_jar(),
            "com.google.cloud.datastore.emulator.firestore.CloudFirestore", "start",
            f"--host={HOST}", f"--port={self.firestore_port}",
        ])
        _wait(lambda: _http_ok(f"http://{HOST}:{self.firestore_port}/", b"Ok"),
              "The Firestore emulator", self.run_dir / "firestore.log", pid=self.pids["firestore"])

    def stop_tasks(self) -> None:
        """Kill the Cloud Tasks emulator (its queued tasks are gone): fault injection for tests."""
        pid = self.pids.pop("tasks", None) or self.running().get("tasks")
        if pid:
            os.killpg(pid, signal.SIGKILL)
            while not _group_gone(pid):
                time.sleep(0.05)

    def start_tasks(self) -> None:
        """Start the Cloud Tasks emulator again on its port, with its queue (after `stop_tasks`)."""
        queue = f"projects/{self.project}/locations/{LOCATION}/queues/{QUEUE}"
        self._spawn("tasks", [self.tasks_python, str(ROOT / "shared" / "local" / "tasks_emulator.py"),
                              "--port", str(self.tasks_port), "--queue", queue,
                              "--max-retries", str(self.tasks_max_retries)])
        _wait(lambda: _grpc_ready(f"{HOST}:{self.tasks_port}"), "The Cloud Tasks emulator",
              self.run_dir / "tasks.log", pid=self.pids["tasks"])

    def reset_firestore(self, within: float = 20.0) -> None:
        """Delete every document. The emulator answers 409 while a transaction (a call still
        finishing its last write) holds a document: asked again until it is done."""
        url = (f"http://{HOST}:{self.firestore_port}/emulator/v1/projects/{self.project}"
               "/databases/(default)/documents")
        deadline = time.monotonic() + within
        while True:
            try:
                urllib.request.urlopen(urllib.request.Request(url, method="DELETE"), timeout=10).read()
                return
            except urllib.error.HTTPError as exc:
                if exc.code != 409 or time.monotonic() > deadline:
                    raise
            time.sleep(0.2)


def dev_stack() -> Stack:
    return Stack(
        run_dir=ROOT / ".run",
        firestore_port=firebase_port("firestore"),
        tasks_port=int(os.environ.get("LOCAL_TASKS_PORT", "8790")),
        functions_port=int(os.environ.get("LOCAL_FUNCTIONS_PORT", "8800")),
        sinks_port=int(os.environ.get("LOCAL_SINKS_PORT", "8810")),
        relay_port=int(os.environ.get("LOCAL_RELAY_PORT", "8820")),
        calendar_port=int(os.environ.get("LOCAL_CALENDAR_PORT", "8840")),
        console=True, auth_port=firebase_port("auth"), console_port=firebase_port("hosting"),
        scheduler_seconds=float(os.environ.get("LOCAL_SCHEDULER_SECONDS", "300")),
        clock_start=os.environ.get("VOICEHIVE_CLOCK_START") or None,
    )


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.local.stack")
    parser.add_argument("command", choices=["up", "down", "status"])
    args = parser.parse_args()
    stack = dev_stack()
    try:
        if args.command == "up":
            if stack.running():
                print(f"The local stack is already running (see {stack.env_file}).")
                return 0
            env = stack.start()
            print(f"Local stack up. Settings in {stack.env_file}:")
            for key in ("FUNCTIONS_BASE_URL", "FIRESTORE_EMULATOR_HOST", "CLOUD_TASKS_EMULATOR_HOST",
                        "SINKS_URL", "VOICE_RELAY_URL", "GOOGLE_CALENDAR_API_BASE_URL", "DEMO_CALENDAR_ID",
                        "DEMO_BUSINESS_NUMBER", "DEMO_API_KEY", "CONSOLE_URL",
                        "FIREBASE_AUTH_EMULATOR_HOST", "CONSOLE_DEMO_EMAIL", "CONSOLE_DEMO_PASSWORD"):
                print(f"  {key}={env[key]}")
        elif args.command == "down":
            was = stack.running()
            stack.stop()
            print("Local stack stopped." if was else "No local stack was running.")
        else:
            running = stack.running()
            print(json.dumps(running) if running else "not running")
            return 0 if running else 3
    except StackError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
