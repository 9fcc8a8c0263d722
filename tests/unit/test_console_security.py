"""The console's security edges that need no emulator: production never accepts the Auth
emulator's unsigned tokens, and CSV cells never start a formula."""

import base64
import json

import pytest

from shared.config import Settings
from shared.console.csv_export import safe_cell
from shared.errors import Unauthorized


def unsigned_token(project: str) -> str:
    def part(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")

    claims = {"iss": f"https://securetoken.google.com/{project}", "aud": project, "sub": "u1", "user_id": "u1",
              "iat": 1_700_000_000, "exp": 4_000_000_000, "auth_time": 1_700_000_000, "email": "a@example.com"}
    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


def test_production_refuses_the_auth_emulator():
    env = {"ENVIRONMENT": "production", "FIREBASE_AUTH_EMULATOR_HOST": "127.0.0.1:9099"}
    with pytest.raises(ValueError, match="FIREBASE_AUTH_EMULATOR_HOST"):
        Settings(env)


def test_the_token_verifier_refuses_the_emulator_in_production():
    from shared.adapters.firebase_auth import FirebaseTokens

    with pytest.raises(RuntimeError):
        FirebaseTokens("proj", "127.0.0.1:9099", production=True)


def test_an_unsigned_token_is_refused_without_the_emulator(monkeypatch):
    from shared.adapters.firebase_auth import FirebaseTokens

    monkeypatch.delenv("FIREBASE_AUTH_EMULATOR_HOST", raising=False)
    verifier = FirebaseTokens("demo-unsigned", None, production=False)
    with pytest.raises(Unauthorized):
        verifier.verify("Bearer " + unsigned_token("demo-unsigned"))
    with pytest.raises(Unauthorized):
        verifier.verify(None)
    with pytest.raises(Unauthorized):
        verifier.verify("Basic abc")


@pytest.mark.parametrize("raw, cell", [
    ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
    ("+12125550100", "'+12125550100"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("Ada", "Ada"), (None, ""), (42, "42"),
])
def test_csv_cells_never_start_a_formula(raw, cell):
    assert safe_cell(raw) == cell
