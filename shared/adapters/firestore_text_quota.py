"""Daily allowances for texts to numbers nobody verified, kept in Firestore.

    businesses/{business_id}/text_quota/{YYYY-MM-DD}   {"granted": {notification_id: phone_key}}

One document per business and local day, changed in a transaction: a grant counts once per
notification (a repeat of the same notification is granted again without counting twice), and
is refused once the number's or the business's allowance for the day is used.
"""

from __future__ import annotations

from google.cloud import firestore

from shared.adapters.roundtrips import track


class FirestoreTextQuota:
    def __init__(self, client: firestore.Client):
        self._client = client

    def _doc(self, business_id: str, day: str):
        return self._client.collection("businesses").document(business_id).collection("text_quota").document(day)

    @track("write")
    def take(self, business_id: str, day: str, notification_id: str, phone_key: str, per_number: int,
             per_business: int) -> str | None:
        """Grant one text; None when granted, else why not ("number" or "business" allowance used)."""
        ref = self._doc(business_id, day)

        @firestore.transactional
        def grant(transaction) -> str | None:
            snap = ref.get(transaction=transaction)
            granted: dict = (snap.to_dict() or {}).get("granted", {}) if snap.exists else {}
            if notification_id in granted:
                return None
            if sum(1 for key in granted.values() if key == phone_key) >= per_number:
                return "number"
            if len(granted) >= per_business:
                return "business"
            transaction.set(ref, {"granted": {**granted, notification_id: phone_key}})
            return None

        return grant(self._client.transaction())
