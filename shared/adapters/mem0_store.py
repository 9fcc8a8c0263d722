"""Mem0 as the semantic memory: the platform (`MemoryClient`) or open source (`Memory.from_config`,
local qdrant + the local ONNX embedder). Both hold each of our memories under its Mem0 `user_id`
with `metadata.key`; `upsert` finds a key's memories first, so a write repeated or replayed after
an outage leaves exactly one copy.

Importing mem0 costs about a second: only this module does it, and only when memory is used.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

from shared.domain.memories import Hit, Memory, indexed_text

log = logging.getLogger(__name__)
COLLECTION = "roxy_memories"
PAGE = 500


def _quiet_import(mem0_dir: str | None = None):
    # Telemetry off and a writable config folder must be set before mem0 is imported.
    os.environ["MEM0_TELEMETRY"] = "False"
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    if mem0_dir:
        Path(mem0_dir).mkdir(parents=True, exist_ok=True)
        os.environ["MEM0_DIR"] = str(Path(mem0_dir).resolve())
    import mem0

    logging.getLogger("mem0").setLevel(logging.ERROR)
    return mem0


class Mem0Memories:
    """The operations Roxy needs, on either Mem0 client (their method names are the same)."""

    def __init__(self, client, name: str, infer: bool = False):
        self.client = client
        self.name = name
        self.infer = infer
        self._lock = threading.Lock() if name == "mem0_local" else None  # local qdrant: one writer

    def _call(self, method: str, *args, **kwargs):
        if self._lock is None:
            return getattr(self.client, method)(*args, **kwargs)
        with self._lock:
            return getattr(self.client, method)(*args, **kwargs)

    def _all(self, uid: str) -> list[dict]:
        if self.name == "mem0_platform":
            found = self._call("get_all", filters={"user_id": uid}, page_size=PAGE)
        else:
            found = self._call("get_all", filters={"user_id": uid}, top_k=PAGE)
        return found.get("results", []) if isinstance(found, dict) else list(found)

    def upsert(self, memory: Memory) -> str:
        """Make Mem0 hold `memory` once: 'unchanged', 'added' or 'replaced'."""
        mine = [m for m in self._all(memory.user_id) if (m.get("metadata") or {}).get("key") == memory.key]
        if mine and all((m.get("metadata") or {}).get("digest") == memory.digest for m in mine):
            return "unchanged"
        for old in mine:
            self._call("delete", old["id"])
        self._call("add", [{"role": "user", "content": indexed_text(memory.text)}], user_id=memory.user_id,
                   metadata=memory.mem0_metadata(), infer=self.infer)
        return "replaced" if mine else "added"

    def search(self, uid: str, query: str, top_k: int) -> list[Hit]:
        if self.name == "mem0_platform":
            found = self._call("search", indexed_text(query), filters={"user_id": uid}, top_k=top_k)
        else:
            found = self._call("search", indexed_text(query), filters={"user_id": uid}, top_k=top_k, threshold=0.0)
        results = found.get("results", []) if isinstance(found, dict) else list(found)
        hits = []
        for result in results:
            metadata = result.get("metadata") or {}
            if result.get("user_id") not in (None, uid) or not metadata.get("key"):
                continue  # never trust a result that is not this caller's
            hits.append(Hit(metadata["key"], result.get("memory", ""), float(result.get("score") or 0.0)))
        return hits[:top_k]

    def delete_user(self, uid: str) -> None:
        self._call("delete_all", user_id=uid)


def platform(api_key: str, host: str | None, infer: bool) -> Mem0Memories:
    """The Mem0 platform; the constructor pings it (raises when it is unreachable)."""
    import httpx

    mem0 = _quiet_import()
    client = mem0.MemoryClient(api_key=api_key, host=host,
                               client=httpx.Client(timeout=httpx.Timeout(10.0, connect=3.0)))
    return Mem0Memories(client, "mem0_platform", infer)


def local(folder: str, openai_key: str | None = None, openai_base_url: str | None = None,
          openai_model: str = "gpt-4o-mini", infer: bool = False) -> Mem0Memories:
    """Open-source Mem0 in `folder`: qdrant on disk (one process at a time) and the ONNX embedder."""
    mem0 = _quiet_import(folder)
    from mem0.configs.base import MemoryConfig
    from mem0.embeddings.configs import EmbedderConfig
    from mem0.utils.factory import EmbedderFactory

    from shared.adapters.embedder import DIMENSIONS

    EmbedderFactory.provider_to_class.setdefault("roxy_onnx", "shared.adapters.mem0_embedder.OnnxEmbedding")
    root = Path(folder).resolve()
    llm = {"api_key": openai_key or "unused-without-infer", "model": openai_model}
    if openai_base_url:
        llm["openai_base_url"] = openai_base_url
    config = MemoryConfig(
        vector_store={"provider": "qdrant", "config": {"path": str(root / "qdrant"), "collection_name": COLLECTION,
                                                        "embedding_model_dims": DIMENSIONS, "on_disk": True}},
        llm={"provider": "openai", "config": llm},
        history_db_path=str(root / "history.db"),
    )
    # mem0 validates embedder providers against its own list; ours is registered above.
    config.embedder = EmbedderConfig.model_construct(provider="roxy_onnx", config={"embedding_dims": DIMENSIONS})
    return Mem0Memories(mem0.Memory(config), "mem0_local", infer=bool(infer and openai_key))
