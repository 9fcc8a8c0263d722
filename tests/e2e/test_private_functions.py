"""The private functions (post_call, notifications_dispatch, memory_replay, reminders_sweep) verify
the OIDC token Cloud Tasks and Cloud Scheduler attach, in code: a functions server runs as a cloud
deployment would (ENVIRONMENT=staging, TASKS_SERVICE_ACCOUNT set), with Google's certificate
endpoint stood in for by a loopback server and RS256 tokens minted with its key, so the real
`google.oauth2.id_token` verification runs (issue #22: 13)."""

import datetime as dt
import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from shared.domain.calls import Call
from tests import clock
from tests.factories import every_day, make_business

TASKS_SA = "voicehive-tasks@voicehive-private-test.iam.gserviceaccount.com"
PROJECT = "voicehive-private-test"
PUBLIC = "https://private.voicehive.test"
PRIVATE = ("post_call", "notifications_dispatch", "memory_replay", "reminders_sweep")


class Keys:
    """An RSA key and its self-signed certificate, published as Google publishes its own:
    `{"key id": "-----BEGIN CERTIFICATE-----..."}`."""

    def __init__(self):
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import rsa
        from cryptography.x509.oid import NameOID

        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test-google-oauth2")])
        now = dt.datetime.now(dt.UTC)  # google-auth checks certificates and tokens on the real clock
        cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
                .not_valid_after(now + dt.timedelta(days=2)).sign(key, hashes.SHA256()))
        self.kid = secrets.token_hex(8)
        self.private_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                             serialization.NoEncryption())
        self.cert_pem = cert.public_bytes(serialization.Encoding.PEM).decode()

    def token(self, audience: str, email: str = TASKS_SA, lifetime: int = 300, **extra) -> str:
        from google.auth import crypt, jwt

        now = int(time.time())  # the token is checked against the real clock by google-auth, as in the cloud
        payload = {"iss": "https://accounts.google.com", "aud": audience, "azp": "1234", "sub": "1234",
                   "email": email, "email_verified": True, "iat": now - 5, "exp": now + lifetime, **extra}
        return jwt.encode(crypt.RSASigner.from_string(self.private_pem, key_id=self.kid), payload).decode()


@pytest.fixture(scope="module")
def google_keys():
    keys = Keys()
    body = json.dumps({keys.kid: keys.cert_pem}).encode()

    class Certs(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Certs)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    keys.certs_url = f"http://127.0.0.1:{server.server_port}/oauth2/v1/certs"
    yield keys
    server.shutdown()


@pytest.fixture(scope="module")
def private_base(stack, google_keys):
    """A functions server configured as in the cloud (not development)."""
    from shared.local.stack import free_port

    return stack.spawn_functions(f"functions-private-{free_port()}", free_port(), {
        "ENVIRONMENT": "staging", "GOOGLE_CLOUD_PROJECT": PROJECT, "PUBLIC_BASE_URL": PUBLIC,
        "TASKS_SERVICE_ACCOUNT": TASKS_SA, "OIDC_CERTS_URL": google_keys.certs_url, "MEMORY_BACKEND": "firestore",
        # a queue the emulator lacks: tasks for https://private.voicehive.test would be retried forever
        "TASKS_QUEUE": "no-such-queue"})


@pytest.fixture(scope="module")
def db(stack):
    from google.cloud import firestore

    return firestore.Client(project=PROJECT)


def a_business(db):
    from shared.adapters.firestore_store import FirestoreBusinesses
    from shared.services.businesses import BusinessDirectory

    business = make_business(hours=every_day("00:00", "24:00"))
    BusinessDirectory(FirestoreBusinesses(db)).register(business)
    return business


def a_call_in_progress(db, business, caller="+12125550142") -> Call:
    from shared.adapters.firestore_store import FirestoreCalls

    now = clock.now()
    call = Call(call_sid="CA" + secrets.token_hex(16), business_id=business.id, caller_phone=caller,
                dialled=business.phone_numbers[0], started_at=now, updated_at=now)
    FirestoreCalls(db).create(call)
    return call


def post(base, function, body, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.post(f"{base}/{function}", json=body, headers=headers, timeout=30)


def test_only_the_tasks_accounts_token_for_that_function_gets_in(private_base, google_keys, db):
    business = a_business(db)
    call = a_call_in_progress(db, business)
    body = {"business_id": business.id, "call_sid": call.call_sid}
    forged = Keys()  # the same claims, signed by a key Google never published
    forged.kid = google_keys.kid
    refused = {
        "no token": None,
        "not a JWT": "not-a-token",
        "signed by another key": forged.token(f"{PUBLIC}/post_call"),
        "for another function": google_keys.token(f"{PUBLIC}/notifications_dispatch"),
        "another service account": google_keys.token(f"{PUBLIC}/post_call", email="x@evil.iam.gserviceaccount.com"),
        "email not verified": google_keys.token(f"{PUBLIC}/post_call", email_verified=False),
        "expired": google_keys.token(f"{PUBLIC}/post_call", iat=int(time.time()) - 7200, lifetime=-3600),
        "not issued by Google": google_keys.token(f"{PUBLIC}/post_call", iss="https://evil.example"),
    }
    for why, token in refused.items():
        answer = post(private_base, "post_call", body, token)
        assert answer.status_code == 403, (why, answer.text)
    stored = db.collection("businesses").document(business.id).collection("calls").document(call.call_sid).get()
    assert stored.get("post_call_done") is False  # an unauthenticated post_call mid-call marked it done
    for function in PRIVATE:
        assert post(private_base, function, {}).status_code == 403
        answer = post(private_base, function, {}, google_keys.token(f"{PUBLIC}/{function}"))
        assert answer.status_code != 403, (function, answer.text)  # in, and the body is checked next
    done = post(private_base, "post_call", body, google_keys.token(f"{PUBLIC}/post_call"))
    assert done.status_code == 200 and done.json()["done"] is True


def test_a_tasks_ids_must_belong_to_its_business(private_base, google_keys, db):
    from shared.domain.memories import user_id

    mine, theirs = a_business(db), a_business(db)
    their_call = a_call_in_progress(db, theirs, caller="+12125550143")
    token = google_keys.token(f"{PUBLIC}/post_call")
    answer = post(private_base, "post_call", {"business_id": mine.id, "call_sid": their_call.call_sid}, token)
    assert answer.status_code == 200 and answer.json() == {"done": False, "reason": "unknown call"}
    stored = db.collection("businesses").document(theirs.id).collection("calls").document(their_call.call_sid)
    assert stored.get().get("post_call_done") is False
    forget = {"op": "forget", "business_id": mine.id, "user_id": user_id(theirs.id, "+12125550143")}
    token = google_keys.token(f"{PUBLIC}/memory_replay")
    answer = post(private_base, "memory_replay", forget, token)
    assert answer.status_code == 403 and "No forget of this caller" in answer.json()["error"]["message"]
    answer = post(private_base, "memory_replay", {**forget, "business_id": theirs.id, "audit_id": "forget-x"}, token)
    assert answer.status_code == 403  # their id, but no forget of that caller was recorded there


def test_test_only_inputs_are_refused_outside_development(private_base, google_keys):
    answer = post(private_base, "reminders_sweep", {"now": "2030-01-01T09:00:00+00:00"},
                  google_keys.token(f"{PUBLIC}/reminders_sweep"))
    assert answer.status_code == 422 and "now" in answer.json()["error"]["fields"]
