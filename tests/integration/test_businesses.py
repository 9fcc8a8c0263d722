import pytest

from shared.adapters.firestore_store import FirestoreBusinesses
from shared.errors import InvalidInput, NotFound, Unauthorized
from shared.services.businesses import BusinessDirectory
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
    assert directory.for_number("+19175550130") is None  # a call before the number was set up
    business = make_business(phone_numbers=["+19175550130"])
    # Set up elsewhere (the seed command, another instance): this directory keeps its caches.
    BusinessDirectory(FirestoreBusinesses(firestore_client)).register(business)
    assert directory.for_number("+19175550130").id == business.id


def test_a_dialled_number_finds_its_business_in_one_read(directory, firestore_client):
    from shared.adapters.roundtrips import counting

    business = make_business(phone_numbers=["+19175550140"])
    directory.register(business)
    fresh = BusinessDirectory(FirestoreBusinesses(firestore_client))  # a new instance: empty caches
    with counting() as round_trips:
        assert fresh.for_number("+19175550140") == business
        assert fresh.get(business.id) == business  # cached by the lookup
    assert round_trips["read"] == 1
    renamed = business.model_copy(update={"name": "Renamed Salon"})
    directory.register(renamed)  # the route's copy changes with the config, in the same batch
    assert BusinessDirectory(FirestoreBusinesses(firestore_client)).for_number("+19175550140").name == "Renamed Salon"


def test_a_route_written_without_the_config_still_answers(directory, firestore_client):
    business = make_business(phone_numbers=["+19175550150"])
    directory.register(business)
    firestore_client.collection("phone_numbers").document("+19175550150").set({"business_id": business.id})
    assert BusinessDirectory(FirestoreBusinesses(firestore_client)).for_number("+19175550150") == business
