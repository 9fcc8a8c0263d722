"""Command line.

    python -m shared.cli seed FILE [--api-key KEY]        load a business from JSON/YAML
    python -m shared.cli nlu "TEXT" [--now ISO] [--tz ZONE] [--business ID]
    python -m shared.cli call [--script FILE] [--caller +1...] [--relay]   ring the local stack
    python -m shared.cli intent-vectors                   embed the intent examples (after editing them)
    python -m shared.cli connect-calendar BUSINESS [--staff ID] --calendar-id ID [--code CODE]
                                                           connect a Google Calendar (OAuth)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def load_business_file(path: Path):
    from pydantic import ValidationError

    from shared.domain.business import Business

    text = path.read_text()
    if path.suffix.lower() in (".yaml", ".yml"):
        import yaml

        data = yaml.safe_load(text)
    else:
        data = json.loads(text)
    try:
        return Business.model_validate(data)
    except ValidationError as exc:
        lines = [f"  {'.'.join(str(p) for p in e['loc']) or '(root)'}: {e['msg']}" for e in exc.errors()]
        message = f"{path} is not a valid business ({len(lines)} errors):\n" + "\n".join(lines)
        raise SystemExit(message) from None


def _firestore_target() -> None:
    """Where `seed` and `nlu --business` read and write: the project in the environment
    (GOOGLE_CLOUD_PROJECT, or an emulator) when one is set, else the running local stack."""
    import os

    if os.environ.get("FIRESTORE_EMULATOR_HOST") or os.environ.get("GOOGLE_CLOUD_PROJECT"):
        return
    env_file = Path(__file__).resolve().parents[1] / ".run" / "stack.env"
    if not env_file.exists():
        raise SystemExit("No Firestore to use: start the local stack with `make up`, or set "
                         "GOOGLE_CLOUD_PROJECT (with Google credentials) to use a project.")
    os.environ.update(_stack_env())


def seed(args: argparse.Namespace) -> int:
    from shared.app import get_app
    from shared.services.businesses import new_api_key

    business = load_business_file(Path(args.file))  # a bad file is said before Firestore is needed
    _firestore_target()
    key = args.api_key or new_api_key()
    get_app().directory.register(business, key, label=args.label)
    print(json.dumps({"business_id": business.id, "phone_numbers": business.phone_numbers,
                      "api_key": key}))
    return 0


def nlu(args: argparse.Namespace) -> int:
    import datetime as dt
    from zoneinfo import ZoneInfo

    from shared.dialogue.nlu import understand

    zone = ZoneInfo(args.tz)
    now = dt.datetime.fromisoformat(args.now) if args.now else dt.datetime.now(zone)
    now = now.replace(tzinfo=zone) if now.tzinfo is None else now.astimezone(zone)
    services: list[str] = []
    aliases: dict[str, list[str]] = {}
    if args.business:
        from shared.app import get_app

        _firestore_target()
        business = get_app().directory.get(args.business)
        services, aliases = business.service_names(), business.service_aliases()
        now = now.astimezone(business.zone)
    print(json.dumps(understand(args.text, now, services, aliases).as_dict()))
    return 0


def _stack_env() -> dict[str, str]:
    env_file = Path(__file__).resolve().parents[1] / ".run" / "stack.env"
    if not env_file.exists():
        raise SystemExit("The local stack is not running: `make up` first (or pass --base and --token).")
    return dict(line.split("=", 1) for line in env_file.read_text().splitlines() if "=" in line)


def call(args: argparse.Namespace) -> int:
    from shared.local import callscript
    from shared.local.phone import SimulatedCall

    lines = Path(args.script).read_text().splitlines() if args.script else None  # before the phone rings
    env = {} if (args.base and args.token and args.to) else _stack_env()
    phone = SimulatedCall(args.base or env["FUNCTIONS_BASE_URL"], args.token or env["TWILIO_AUTH_TOKEN"],
                          args.to or env["DEMO_BUSINESS_NUMBER"], args.caller)
    if args.relay:  # Twilio ConversationRelay's stand-in: the same call through voice_relay's WebSocket
        from shared.local.relay_client import RelayCall

        relay_url = args.relay_url or env.get("VOICE_RELAY_URL")
        if not relay_url:
            raise SystemExit("No voice_relay to talk to: `make up` serves one (VOICE_RELAY_URL), or pass --relay-url.")
        phone = RelayCall(phone, relay_url=relay_url)
    if lines is not None:
        try:
            callscript.run(phone, lines, sys.stdout)
        except callscript.ScriptError as exc:
            phone.hangup()
            print(f"error: {exc}", file=sys.stderr)
            return 2
        return 0
    answer = phone.start()
    print(f"  roxy: {answer.text}")
    try:
        while answer.kind not in ("hangup", "end", "error"):
            line = input("   you> ")
            answer = callscript.step(phone, line or "[silence]", sys.stdout)
    except (EOFError, KeyboardInterrupt):
        print()
    phone.hangup()
    print("  (call ended)")
    return 0


def intent_vectors(args) -> int:
    from shared.adapters.embedder import MODEL_ID, shared_embedder
    from shared.dialogue.intent_guess import build_vectors

    print(f"wrote {build_vectors(shared_embedder(), MODEL_ID)}")
    return 0


def connect_calendar(args: argparse.Namespace) -> int:
    """Without --code: print the consent URL (Google then redirects to calendar_webhook/oauth, which
    connects). With --code: connect with a code copied from the redirect. --approve-locally: the
    local stand-in's consent, followed here (loopback only)."""
    from shared.app import get_app

    _firestore_target()
    app = get_app()
    business = app.directory.get(args.business)
    sync = app.calendar_sync
    if args.code:
        connection = sync.connect(business, args.staff, args.calendar_id, args.code)
        print(json.dumps({"connected": connection.calendar_id, "staff": connection.staff_id or None,
                          "channel_expires_at": str(connection.channel_expires_at)}))
        return 0
    url = sync.authorization_url(business, args.staff, args.calendar_id)
    if not args.approve_locally:
        print(f"Open this link as the calendar's owner and allow access:\n{url}")
        return 0
    return _approve_locally(url)


def _approve_locally(url: str) -> int:
    import urllib.error
    import urllib.parse
    import urllib.request

    if urllib.parse.urlsplit(url).hostname not in ("127.0.0.1", "localhost"):
        raise SystemExit("--approve-locally only works with the local Google Calendar stand-in.")

    class Stay(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        urllib.request.build_opener(Stay).open(url, timeout=10)
        raise SystemExit("The consent page did not redirect.")
    except urllib.error.HTTPError as exc:
        redirect = exc.headers.get("Location", "")
    with urllib.request.urlopen(redirect, timeout=120) as response:  # our calendar_webhook/oauth
        print(response.read().decode())
    return 0


def member(args: argparse.Namespace) -> int:
    """A business's first owner (or any member) outside the console. With --uid (a user already in
    Firebase Auth, e.g. the local demo owner) they are a member at once; without it, an invite that
    becomes a membership when someone signs in with that email proven (email link or Google)."""
    from shared.app import get_app

    _firestore_target()
    app = get_app()
    app.directory.get(args.business_id)
    if args.uid:
        if args.role != "owner":
            raise SystemExit("--uid adds owners only; invite staff from the console")
        made = app.members.add_owner(args.business_id, args.uid, args.email).model_dump(mode="json")
    else:
        made = app.members.grant(args.business_id, args.email, args.role, by="cli").model_dump(mode="json")
    print(json.dumps(made))
    return 0


def console_backfill(args: argparse.Namespace) -> int:
    """The console lists calls and appointments from day documents written beside them; this
    writes those for records stored before the console existed."""
    from shared.app import get_app

    _firestore_target()
    get_app().directory.get(args.business_id)
    print(json.dumps(get_app().console_reads.backfill(args.business_id)))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m shared.cli")
    commands = parser.add_subparsers(dest="command", required=True)
    seed_parser = commands.add_parser("seed", help="load a business from a JSON or YAML file")
    seed_parser.add_argument("file")
    seed_parser.add_argument("--api-key", help="API key to attach (default: a new random one)")
    seed_parser.add_argument("--label", default="default")
    seed_parser.set_defaults(run=seed)
    nlu_parser = commands.add_parser("nlu", help="print how the offline engine understands a sentence")
    nlu_parser.add_argument("text")
    nlu_parser.add_argument("--now", help="ISO date-time the caller speaks at (default: now)")
    nlu_parser.add_argument("--tz", default="America/New_York", help="IANA timezone (default New York)")
    nlu_parser.add_argument("--business", help="business id, to match its services (needs the stack)")
    nlu_parser.set_defaults(run=nlu)
    call_parser = commands.add_parser("call", help="ring the local stack as Twilio would")
    call_parser.add_argument("--script", help="one caller line per line (see shared/local/callscript.py)")
    call_parser.add_argument("--caller", default="+12125550142", help="the caller's number (From)")
    call_parser.add_argument("--to", help="the dialled number (default: the demo business)")
    call_parser.add_argument("--base", help="functions base URL (default: from .run/stack.env)")
    call_parser.add_argument("--token", help="Twilio auth token used to sign (default: from .run/stack.env)")
    call_parser.add_argument("--relay", action="store_true",
                             help="talk through voice_relay (ConversationRelay's WebSocket) instead of <Gather>")
    call_parser.add_argument("--relay-url", help="voice_relay's ws:// URL (default: from .run/stack.env)")
    call_parser.set_defaults(run=call)
    commands.add_parser("intent-vectors", help="embed the intent examples into their vectors file").set_defaults(
        run=intent_vectors)
    connect_parser = commands.add_parser("connect-calendar", help="connect a staff member's Google Calendar")
    connect_parser.add_argument("business")
    connect_parser.add_argument("--staff", help="staff id (a business without staff: leave out)")
    connect_parser.add_argument("--calendar-id", default="primary", help="Google calendar id (default: primary)")
    connect_parser.add_argument("--code", help="the authorization code from Google's redirect")
    connect_parser.add_argument("--approve-locally", action="store_true", help="local stand-in only")
    connect_parser.set_defaults(run=connect_calendar)
    member_parser = commands.add_parser("member", help="make someone an owner (or staff) of a business")
    member_parser.add_argument("business_id")
    member_parser.add_argument("email")
    member_parser.add_argument("--role", default="owner", choices=["owner", "staff"])
    member_parser.add_argument("--uid", help="their Firebase Auth uid: a member now, not an invite")
    member_parser.set_defaults(run=member)
    backfill_parser = commands.add_parser("console-backfill",
                                          help="write the console's day rows for a business's older records")
    backfill_parser.add_argument("business_id")
    backfill_parser.set_defaults(run=console_backfill)
    args = parser.parse_args(argv)
    from shared.errors import VoiceHiveError

    try:
        return args.run(args)
    except (VoiceHiveError, OSError) as exc:  # a bad argument, a missing file, the stack not answering
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
