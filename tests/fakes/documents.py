"""Documents in memory at Firestore's paths, each with a version that changes on every write.

The fakes keep their data here in the layout shared/adapters/firestore_store.py writes
(`businesses/{id}/appointments/{id}`, ...), stored the way Firestore gives it back (datetimes in
UTC, tuples as lists, copies in and out), so a test reads the same dicts from a fake as from the
emulator. One re-entrant lock makes a fake's multi-document write atomic, as a batch is.
"""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from collections.abc import Iterator


class AlreadyExists(Exception):
    pass


class Missing(Exception):
    pass


def _clone(value):
    """A copy of stored data (maps, lists and immutable leaves: faster than copy.deepcopy)."""
    if isinstance(value, dict):
        return {k: _clone(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clone(v) for v in value]
    return value


def stored_form(value):
    """A value as Firestore stores and returns it."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)
    if isinstance(value, dict):
        return {str(k): stored_form(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [stored_form(v) for v in value]
    if value is None or isinstance(value, str | int | float | bytes):
        return value
    raise TypeError(f"Firestore cannot store a {type(value).__name__}: {value!r}")  # as the client refuses it


class Documents:
    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._docs: dict[str, tuple[dict, int]] = {}
        self._versions = itertools.count(1)

    def get(self, path: str) -> tuple[dict, int] | None:
        with self.lock:
            found = self._docs.get(path)
            return (_clone(found[0]), found[1]) if found else None

    def exists(self, path: str) -> bool:
        with self.lock:
            return path in self._docs

    def version(self, path: str) -> int | None:
        with self.lock:
            found = self._docs.get(path)
            return found[1] if found else None

    def set(self, path: str, data: dict, merge: bool = False) -> int:
        with self.lock:
            current = self._docs.get(path)
            fields = {**current[0], **stored_form(data)} if merge and current else stored_form(data)
            version = next(self._versions)
            self._docs[path] = (fields, version)
            return version

    def create(self, path: str, data: dict) -> int:
        with self.lock:
            if path in self._docs:
                raise AlreadyExists(path)
            return self.set(path, data)

    def update(self, path: str, fields: dict, version: int | None = None) -> int:
        """Change `fields` (dotted names reach into maps) of an existing document; Missing if
        absent or (with `version`) changed since."""
        with self.lock:
            current = self._docs.get(path)
            if current is None or (version is not None and current[1] != version):
                raise Missing(path)
            data = _clone(current[0])
            for name, value in fields.items():
                *parents, last = name.split(".")
                target = data
                for parent in parents:
                    target = target.setdefault(parent, {})
                target[last] = stored_form(value)
            return self.set(path, data)

    def delete(self, path: str) -> None:
        with self.lock:
            self._docs.pop(path, None)

    def children(self, collection: str) -> list[tuple[str, dict, int]]:
        """(id, data, version) of the documents directly in `collection`, by id."""
        prefix = collection.rstrip("/") + "/"
        with self.lock:
            found = [(path[len(prefix):], _clone(data), version)
                     for path, (data, version) in self._docs.items()
                     if path.startswith(prefix) and "/" not in path[len(prefix):]]
        return sorted(found, key=lambda item: item[0])

    def group(self, collection_id: str) -> Iterator[tuple[str, dict, int]]:
        """(path, data, version) of every document in a collection named `collection_id`, anywhere."""
        with self.lock:
            items = [(path, _clone(data), version) for path, (data, version) in self._docs.items()
                     if path.split("/")[-2] == collection_id]
        return iter(sorted(items, key=lambda item: item[0]))

    def clear(self) -> None:
        with self.lock:
            self._docs.clear()


def business_path(business_id: str, *rest: str) -> str:
    return "/".join(("businesses", business_id, *rest))
