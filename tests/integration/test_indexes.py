"""Every query shape the repositories can issue is served by an index: an automatic single-field
one, or a composite declared in firestore.indexes.json. The emulator never asks for indexes, so
this test is what keeps production queries from failing with FAILED_PRECONDITION."""

import itertools
import json

from google.cloud.firestore_v1.base_query import FieldFilter
from google.cloud.firestore_v1.types import StructuredQuery

from shared.adapters.firestore_calendar import FirestoreCalendarSync
from shared.adapters.firestore_console import (
    FirestoreAudit,
    FirestoreSummaryTargets,
)
from shared.adapters.firestore_memories import FirestoreMemories
from shared.adapters.firestore_notifications import FirestoreNotifications, FirestoreSmsThreads
from shared.adapters.firestore_stats import FirestoreStats
from shared.adapters.firestore_store import (
    FirestoreAppointments,
    FirestoreCalls,
    FirestoreLeads,
    lead_query,
)
from shared.adapters.firestore_waitlist import FirestoreWaitlist
from shared.ports import LeadFilters
from tests.factories import ROOT, utc

DECLARED = json.loads((ROOT / "firestore.indexes.json").read_text())["indexes"]
EQUALITY = {StructuredQuery.FieldFilter.Operator.EQUAL: "ASCENDING",
            StructuredQuery.FieldFilter.Operator.ARRAY_CONTAINS: "CONTAINS"}


def shape(query):
    proto = query._to_protobuf()
    filters = []
    where = proto.where
    if where.composite_filter.filters:
        filters = [f.field_filter for f in where.composite_filter.filters]
    elif where.field_filter.field.field_path:
        filters = [where.field_filter]
    equality = {(f.field.field_path, EQUALITY[f.op]) for f in filters if f.op in EQUALITY}
    ranges = [f.field.field_path for f in filters if f.op not in EQUALITY]
    orders = [(o.field.field_path, "ASCENDING" if o.direction == 1 else "DESCENDING")
              for o in proto.order_by if o.field.field_path != "__name__"]
    if not orders and ranges:
        orders = [(ranges[0], "ASCENDING")]
    scope = "COLLECTION_GROUP" if proto.from_[0].all_descendants else "COLLECTION"
    return proto.from_[0].collection_id, equality, orders, scope


def needs_composite(equality, orders):
    fields = {f for f, _ in equality} | {f for f, _ in orders}
    return len(fields) > 1


def single_field_group_override(collection, orders):
    """A collection-group query on one field needs a COLLECTION_GROUP field override."""
    overrides = json.loads((ROOT / "firestore.indexes.json").read_text()).get("fieldOverrides", [])
    field, direction = orders[0]
    return any(o["collectionGroup"] == collection and o["fieldPath"] == field and any(
        i.get("queryScope") == "COLLECTION_GROUP" and i.get("order") == direction for i in o["indexes"])
        for o in overrides)


def covered(collection, equality, orders, scope="COLLECTION"):
    for index in DECLARED:
        if index["collectionGroup"] != collection or index["queryScope"] != scope:
            continue
        fields = [(f["fieldPath"], f.get("order") or f.get("arrayConfig")) for f in index["fields"]
                  if f["fieldPath"] != "__name__"]
        head, tail = fields[:len(equality)], fields[len(equality):]
        if {(f, "CONTAINS" if m == "CONTAINS" else "ASCENDING") for f, m in head} == equality \
                and tail == orders:
            return True
    return False


def all_queries(client):
    appointments = FirestoreAppointments(client)
    yield appointments.caller_query("b", "+12125550100", None)
    yield appointments.caller_query("b", "+12125550100", utc(2030, 1, 1))
    yield appointments.between_query("b", utc(2030, 1, 1), utc(2030, 1, 2))
    yield appointments.due_query(utc(2030, 1, 1))
    yield from FirestoreStats(client).queries("b", utc(2030, 1, 1), utc(2030, 2, 1)).values()
    notifications = FirestoreNotifications(client)
    yield notifications.stale_query(utc(2030, 1, 1))
    yield notifications.stale_query(utc(2030, 1, 1), "sending")
    yield FirestoreCalls(client).unfinished_query(utc(2030, 1, 1), utc(2029, 12, 31))
    yield FirestoreSmsThreads(client).digest_query(utc(2030, 1, 1))
    for status, kind, since, until in itertools.product([None, "sent"], [None, "reminder"],
                                                        [None, utc(2030, 1, 1)], [None, utc(2030, 2, 1)]):
        yield notifications.list_query("b", status, kind, since, until)
    waitlist = FirestoreWaitlist(client)
    yield waitlist.open_query("b")
    yield waitlist.caller_query("b", "+12125550100")
    yield waitlist.list_query("b", "waiting")
    yield waitlist.holds_query("b", utc(2030, 1, 1))
    yield waitlist.expired_query(utc(2030, 1, 1))
    yield FirestoreAudit(client).list_query("b")
    yield FirestoreSummaryTargets(client).query()
    yield FirestoreMemories(client).user_query("b", "u", 20)
    yield FirestoreCalendarSync(client).connections_query()
    yield FirestoreCalendarSync(client).stored_query("b", "maria")
    yield FirestoreMemories(client).unsynced_query(utc(2030, 1, 1))
    collection = FirestoreLeads(client).collection("b")
    options = {
        "stage": [None, "qualified"], "service": [None, "Haircut"], "text_tokens": [(), ("smith", "jo")],
        "min_score": [None, 10.0], "max_score": [None, 90.0],
        "since": [None, utc(2030, 1, 1)], "until": [None, utc(2030, 2, 1)],
    }
    for values in itertools.product(*options.values()):
        yield lead_query(collection, LeadFilters(**dict(zip(options, values, strict=True))))[0]


def test_every_query_has_an_index(firestore_client):
    missing = []
    count = 0
    for query in all_queries(firestore_client):
        count += 1
        collection, equality, orders, scope = shape(query)
        if scope == "COLLECTION_GROUP" and not equality and len(orders) == 1:
            if not single_field_group_override(collection, orders):
                missing.append((collection, "collection group", orders))
        elif scope == "COLLECTION_GROUP" and len(equality) == 1 and not orders:
            (field, _), = equality
            if not single_field_group_override(collection, [(field, "ASCENDING")]):
                missing.append((collection, "collection group", sorted(equality)))
        elif needs_composite(equality, orders) and not covered(collection, equality, orders, scope):
            missing.append((collection, sorted(equality), orders))
    assert count > 100
    assert not missing, f"queries without a declared index: {missing}"


def test_the_check_itself_notices_a_missing_index(firestore_client):
    leads = FirestoreLeads(firestore_client).collection("b")
    query = leads.where(filter=FieldFilter("name", "==", "x")).order_by("score")
    collection, equality, orders, _ = shape(query)
    assert needs_composite(equality, orders) and not covered(collection, equality, orders)


def test_declared_indexes_are_well_formed():
    for index in DECLARED:
        assert index["queryScope"] in ("COLLECTION", "COLLECTION_GROUP") and len(index["fields"]) >= 2
        for field in index["fields"]:
            assert sum(kind in field for kind in ("order", "arrayConfig", "vectorConfig")) == 1


def test_memory_vector_search_has_its_vector_index(firestore_client):
    """find_nearest with the caller prefilter needs a vector index on (user_id, embedding)."""
    from shared.adapters.embedder import DIMENSIONS

    query = FirestoreMemories(firestore_client).nearest_query("b", "u", [0.1] * DIMENSIONS, 3)
    proto = query._to_protobuf()
    prefilter = proto.where.field_filter.field.field_path
    vector_field = proto.find_nearest.vector_field.field_path
    assert (prefilter, vector_field) == ("user_id", "embedding")
    assert any(index["collectionGroup"] == "memories"
               and [f["fieldPath"] for f in index["fields"]] == [prefilter, vector_field]
               and index["fields"][-1]["vectorConfig"]["dimension"] == DIMENSIONS for index in DECLARED)
