"""The local ONNX embedder as a mem0 embedding provider (imports mem0: load only with it)."""

from __future__ import annotations

from mem0.embeddings.base import EmbeddingBase

from shared.adapters.embedder import shared_embedder


class OnnxEmbedding(EmbeddingBase):
    def embed(self, text, memory_action=None):
        return shared_embedder().embed(text)

    def embed_batch(self, texts, memory_action="add"):
        return shared_embedder().embed_many(list(texts))
