import pytest

from shared.errors import InvalidInput, NotFound, Unauthorized
from tests.factories import make_business


def test_register_routes_number_and_hashed_key(directory, firestore_client):
    business = make_business(phone_numbers=["(917) 555-0110"])
    directory.register(business, "secret-key-1")
    assert directory.for_number("+19175550110").id == business.id
    assert directory.for_number("917-555-0110").id == business.id
    assert directory.for_number("+19175550111") is None
    assert directory.for_number("anonymous") is None
    assert directory.for_api_key("Bearer secret-key-1").id == business.id
    stored = [doc.id for doc in firestore_client.collection("api_keys").stream()]
    assert "secret-key-1" not in stored and len(stored[0]) == 64


@pytest.mark.parametrize("header", [None, "", "Bearer ", "Basic abc", "Bearer wrong"])
def test_bad_keys_are_unauthorized(directory, header):
    directory.register(make_business(), "right-key")
    with pytest.raises(Unauthorized):
        directory.for_api_key(header)


def test_a_number_serves_one_business(directory):
    first = make_business(phone_numbers=["+19175550120"])
    directory.register(first)
    with pytest.raises(InvalidInput):
        directory.register(make_business(phone_numbers=["+19175550120"]))
    moved = first.model_copy(update={"phone_numbers": ["+19175550121"]})
    directory.register(moved)
    assert directory.for_number("+19175550120") is None
    assert directory.for_number("+19175550121").id == first.id


def test_configs_are_cached_for_the_ttl(directory, firestore_client):
    business = make_business()
    directory.register(business)
    assert directory.get(business.id).name == business.name
    firestore_client.collection("businesses").document(business.id).delete()
    assert directory.get(business.id).name == business.name  # served from the cache
    with pytest.raises(NotFound):
        directory.get("nobody")


def test_a_number_set_up_after_a_call_to_it_answers_at_once(directory, firestore_client):
    from shared.adapters.firestore_store import FirestoreBusinesses
    from shared.services.businesses import BusinessDirectory

    assert directory.for_number("+19175550130") is None  # a call before the number was set up
    business = make_business(phone_numbers=["+19175550130"])
    # Set up elsewhere (the seed command, another instance): this directory keeps its caches.
    BusinessDirectory(FirestoreBusinesses(firestore_client)).register(business)
    assert directory.for_number("+19175550130").id == business.id
