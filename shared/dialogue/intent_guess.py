"""A guess at the intent of what the rules could not place: the nearest labelled example phrase.

The rules in intents.py are certain where they match; where they say "unknown" (a paraphrase no
pattern names: "you nailed it", "perhaps at a later date"), or place a "no" but not the words
after it ("No, you've been a great help": a goodbye if the nearest example says so), the words are embedded
(MiniLM, the embedder the project ships, passed in: the dialogue imports no adapter) and compared
with labelled example phrases (data/intent_examples.json). The label of the closest example wins
when it is close enough and clearly closer than any other label's; otherwise the rules' "unknown"
stands.

The examples' vectors are computed once, offline, into data/intent_vectors.npz (`python -m
shared.cli intent-vectors`), so a turn pays for one embedding (about 15 ms), and the first guess
of an instance for loading the model; a turn the rules place pays nothing.
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

DATA = Path(__file__).parent / "data"
EXAMPLES = DATA / "intent_examples.json"
VECTORS = DATA / "intent_vectors.npz"
# Cosine similarity of MiniLM sentence vectors: below this the closest example is no evidence.
# Both chosen on SGD train (never on dev): bench/nlu_accuracy.py. Re-checked on train after the
# turn-level rules: per-label centroids, or the mean of the 2 or 3 nearest examples per label, at
# the same precision (~0.8), place fewer turns than the single nearest example, so it stays.
MIN_SIMILARITY = 0.45
# How much closer the best label's nearest example must be than the next label's.
MIN_MARGIN = 0.03
FIRST_SENTENCE = re.compile(r"^.+?[.!?](?=\s)")


class Embeds(Protocol):
    def embed_many(self, texts: list[str]) -> list[list[float]]: ...


def examples() -> list[tuple[str, str]]:
    """(label, phrase) of every example, in file order."""
    data = json.loads(EXAMPLES.read_text())
    return [(label, phrase) for label, phrases in data.items() if not label.startswith("_") for phrase in phrases]


def digest(items: list[tuple[str, str]], model_id: str) -> str:
    return hashlib.sha256(json.dumps([model_id, items]).encode()).hexdigest()[:16]


def build_vectors(embedder: Embeds, model_id: str) -> Path:
    """Embed the examples and store their vectors next to them (run when the examples change)."""
    import numpy as np

    items = examples()
    vectors = np.asarray(embedder.embed_many([phrase for _, phrase in items]), dtype=np.float32)
    np.savez_compressed(VECTORS, vectors=vectors.astype(np.float16), digest=np.array(digest(items, model_id)))
    return VECTORS


class IntentGuess:
    """`guess(text)`: a label, or None when no example is close enough. Thread-safe; loads the
    vectors on first use."""

    def __init__(self, embedder: Callable[[], Embeds], model_id: str):
        self._embedder = embedder
        self._model_id = model_id
        self._lock = threading.Lock()
        self._labels: list[str] | None = None
        self._vectors = None

    def _load(self) -> None:
        import numpy as np

        with self._lock:
            if self._labels is not None:
                return
            items = examples()
            stored = np.load(VECTORS)
            if str(stored["digest"]) != digest(items, self._model_id):
                raise RuntimeError("intent_vectors.npz is out of date: run python -m shared.cli intent-vectors")
            self._vectors = stored["vectors"].astype(np.float32)
            self._labels = [label for label, _ in items]

    def guess(self, text: str) -> str | None:
        """The answer comes first: "Not yet. I want to check the weather first." is a no, so only
        the first sentence is compared."""
        import numpy as np

        if self._labels is None:
            self._load()
        first = FIRST_SENTENCE.match(text.strip())
        text = first.group(0) if first else text
        vector = np.asarray(self._embedder().embed_many([text])[0], dtype=np.float32)
        similarity = self._vectors @ vector
        best: dict[str, float] = {}
        for label, score in zip(self._labels, similarity.tolist(), strict=True):
            best[label] = max(score, best.get(label, -1.0))
        ranked = sorted(best.items(), key=lambda item: item[1], reverse=True)
        (label, score), runner_up = ranked[0], ranked[1][1] if len(ranked) > 1 else -1.0
        if score < MIN_SIMILARITY or score - runner_up < MIN_MARGIN:
            return None
        return label
