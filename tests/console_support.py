"""People and businesses for the console's tests: users in the Auth emulator, members in Firestore."""

from __future__ import annotations

import secrets
from dataclasses import dataclass


@dataclass
class Person:
    email: str
    password: str
    uid: str
    token: str
    business: object | None = None

    @property
    def headers(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"}


def person(console, stack, email: str | None = None) -> Person:
    from shared.local import auth_users

    made = auth_users.user(console["FIREBASE_AUTH_EMULATOR_HOST"], stack.project,
                           email or f"p{secrets.token_hex(4)}@example.com", "secret-" + secrets.token_hex(4))
    return Person(made.email, made.password, made.uid, made.id_token)


def business_with_owner(console, stack, **overrides):
    from shared.app import get_app
    from tests.e2e.conftest import register

    business, key = register(**overrides)
    owner = person(console, stack)
    get_app().members.add_owner(business.id, owner.uid, owner.email)
    owner.business = business
    return owner, key
