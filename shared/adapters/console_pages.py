"""Paging through the console's read model (shared/adapters/console_rows.py): rows kept in a few
bucket documents (a day, a whole score), read by id, best bucket first, a handful at a time.

A page is `limit` rows in order (the bucket order, then each row's key, descending) that pass
the filter. A filter that matches little stops after about MOST_ROWS rows looked at and answers
a short page with a position to go on from, so no request reads the whole history.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from shared.adapters.console_rows import rows_of
from shared.adapters.firestore_store import decode_cursor, encode_cursor
from shared.errors import InvalidInput

MOST_ROWS = 3000
READS = (1, 3, 10, 30)      # documents per read: one first (a busy bucket fills a page), then more
WIDE_READS = (3, 10, 30)    # for sparse buckets or a filter: a page needs several; fewer round trips


def page(client, documents, buckets: list[str], key: Callable[[dict], tuple], limit: int, cursor: str | None,
         key_types: tuple[type, ...], keep: Callable[[dict], bool] = lambda row: True,
         most_rows: int = MOST_ROWS, reads: tuple[int, ...] = READS) -> tuple[list[dict], str | None]:
    """Rows of the bucket documents named in `buckets` (best first) after the cursor's position;
    the page and the next page's cursor (None at the end)."""
    after = _position(cursor, key_types) if cursor else None
    if after is not None:   # [bucket]: that bucket is done; [bucket, *key]: go on inside it
        buckets = [b for b in buckets if b < after[0] or (b == after[0] and len(after) > 1)]
    rows: list[tuple[str, dict]] = []
    taken = scanned = done = 0
    while len(rows) <= limit and taken < len(buckets):
        if scanned >= most_rows:   # a short page; go on after the last bucket read
            return [row for _, row in rows], encode_cursor(json.dumps([buckets[taken - 1]]))
        chunk = buckets[taken:taken + reads[min(done, len(reads) - 1)]]
        read = {snap.id: snap for snap in client.get_all([documents.document(b) for b in chunk])}
        for bucket in chunk:
            found = rows_of(read[bucket].to_dict()) if bucket in read else []
            scanned += len(found)
            found = sorted((row for row in found if keep(row)), key=key, reverse=True)
            if after is not None and bucket == after[0]:
                found = [row for row in found if key(row) < tuple(after[1:])]
            rows += [(bucket, row) for row in found]
        taken += len(chunk)
        done += 1
    if len(rows) <= limit:
        return [row for _, row in rows], None
    bucket, last = rows[limit - 1]
    return [row for _, row in rows[:limit]], encode_cursor(json.dumps([bucket, *key(last)]))


def _position(cursor: str, key_types: tuple[type, ...]) -> list:
    """[bucket] (after that whole bucket) or [bucket, *key] (after that row)."""
    try:
        found = json.loads(decode_cursor(cursor))
        if not isinstance(found, list) or len(found) not in (1, 1 + len(key_types)) or not isinstance(found[0], str):
            raise ValueError("not a position")
        if len(found) > 1 and not all(isinstance(v, t) and not isinstance(v, bool)
                                      for v, t in zip(found[1:], key_types, strict=True)):
            raise ValueError("not a position")
        return found
    except ValueError as exc:
        raise InvalidInput("cursor is not valid", {"cursor": "not a cursor this API returned"}) from exc
