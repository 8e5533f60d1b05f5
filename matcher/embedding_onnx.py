"""The packaged all-MiniLM-L6-v2 run by ONNX Runtime: exported from the packaged weights, never downloaded.

The first use exports the transformer, with ipsmatch's tuning added into its weights unless `tuned=False`
(matcher/tuning.py), to ONNX (and, for "onnx-int8", quantises its weights to int8) into `onnx_cache_dir()`, under
a folder named after the packaged weights' sha256 and the tuning's, so new weights get a new export.
Files are written under a temporary name and renamed, so processes starting together never read half a file.
Pooling (mean over the tokens) and normalisation are done here as sentence-transformers does them for this
model (its 1_Pooling config: mean tokens).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

INPUTS = ("input_ids", "attention_mask", "token_type_ids")
OPSET = 17


def onnx_cache_dir() -> Path:
    """Where exported ONNX files are kept: $XDG_CACHE_HOME/ipsmatch/onnx, else ~/.cache/ipsmatch/onnx."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ipsmatch" / "onnx"


def _weights_digest(model_path: Path) -> str:
    digest = hashlib.sha256()
    with open(model_path / "model.safetensors", "rb") as weights:
        for block in iter(lambda: weights.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()[:16]


def _write_once(target: Path, make: Callable[[Path], None]) -> Path:
    """`target`, made by `make(temporary path)` and renamed into place unless it is there already."""
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=target.stem, suffix=".part")
    os.close(handle)
    try:
        make(Path(temporary))
        os.chmod(temporary, 0o644)  # mkstemp's 0600 would keep the export from other users of the cache
        os.replace(temporary, target)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return target


def _export(model_path: Path, output: Path, tuned: bool) -> None:
    """The packaged transformer (tuned or not) as an ONNX graph from token ids to the last hidden states."""
    import warnings

    import torch
    from transformers import AutoModel

    from matcher.tuning import apply_tuning

    bert = AutoModel.from_pretrained(str(model_path)).eval()
    if tuned:
        apply_tuning(bert)

    class LastHiddenState(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state

    example = tuple(torch.ones((2, 8), dtype=torch.int64) for _ in INPUTS)
    axes = {name: {0: "batch", 1: "tokens"} for name in (*INPUTS, "last_hidden_state")}
    with warnings.catch_warnings(), torch.no_grad():
        warnings.simplefilter("ignore")  # the exporter's notes on tracing are about models other than this one
        torch.onnx.export(
            LastHiddenState(), example, str(output), input_names=list(INPUTS), output_names=["last_hidden_state"],
            dynamic_axes=axes, opset_version=OPSET, dynamo=False,
        )


def _quantise(source: Path, output: Path) -> None:
    """The ONNX graph with its MatMul weights in int8 per output channel, activations quantised as it runs.

    Per channel, because one scale for a whole weight matrix moves this model's vectors about three times as
    far from the float ones (cosine 0.97 against 0.99). Each layer's last projection (feed-forward output,
    1536 -> 384) stays float: quantised, it cost the tuned model 0.010 nDCG@10 on the O*NET quality set (0.4434
    against 0.4534 in float); left float, +0.0003, at 1,503 texts/s against 1,541 with every MatMul in int8.
    """
    import logging

    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    float_kept = [
        node.name for node in onnx.load(str(source)).graph.node
        if node.op_type == "MatMul" and node.name.endswith("/output/dense/MatMul") and "/attention/" not in node.name
    ]

    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # its advice to pre-process the graph is logged on the root logger
    try:
        quantize_dynamic(
            str(source), str(output), weight_type=QuantType.QInt8, per_channel=True, nodes_to_exclude=float_kept
        )
    finally:
        root.setLevel(level)


def onnx_file(model_path: Path, *, quantised: bool, tuned: bool = True) -> Path:
    """The ONNX file of the packaged model (tuned or not), exported (and quantised) on first use."""
    from matcher.tuning import tuning_digest

    weights = _weights_digest(model_path)
    folder = onnx_cache_dir() / (f"{weights}-{tuning_digest()}" if tuned else weights)
    plain = _write_once(folder / "model.onnx", lambda out: _export(model_path, out, tuned))
    if not quantised:
        return plain
    # "_ffn_float": an export quantised before the feed-forward outputs were kept float is never reused.
    return _write_once(folder / "model_qint8_ffn_float.onnx", lambda out: _quantise(plain, out))


class OnnxSentenceEncoder:
    """all-MiniLM-L6-v2 through an ONNX Runtime session, with SentenceTransformer's `encode`."""

    def __init__(self, session: Any, tokenizer: Any, max_seq_length: int) -> None:
        self.session = session
        self.tokenizer = tokenizer
        self.max_seq_length = max_seq_length
        self._inputs = [i.name for i in session.get_inputs()]

    def encode(
        self,
        texts: Sequence[str],
        *,
        batch_size: int = 32,
        normalize_embeddings: bool = False,
        convert_to_numpy: bool = True,
        show_progress_bar: bool = False,
    ) -> np.ndarray:
        """An (n, 384) float32 array, one row per text, mean-pooled and optionally normalised."""
        texts = list(texts)
        rows: list[np.ndarray | None] = [None] * len(texts)
        # Longest first, as sentence-transformers does, so each batch pads to about its own length.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        for start in range(0, len(order), batch_size):
            chosen = order[start : start + batch_size]
            tokens = self.tokenizer(
                [texts[i] for i in chosen], padding=True, truncation=True, max_length=self.max_seq_length,
                return_tensors="np",
            )
            feeds = {name: np.asarray(tokens[name], dtype=np.int64) for name in self._inputs}
            hidden = self.session.run(None, feeds)[0]
            mask = feeds["attention_mask"][..., None].astype(np.float32)
            pooled = (hidden * mask).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)
            if normalize_embeddings:
                pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
            for i, row in zip(chosen, pooled, strict=True):
                rows[i] = row
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        return np.stack(rows).astype(np.float32, copy=False)


def load_onnx_model(model_path: Path, *, quantised: bool, tuned: bool = True) -> OnnxSentenceEncoder:
    """The packaged model (tuned or not) as an OnnxSentenceEncoder on the CPU (exported into the cache on first use)."""
    import onnxruntime
    from transformers import AutoTokenizer
    from transformers.utils import logging as transformers_logging

    transformers_logging.set_verbosity_error()
    path = onnx_file(model_path, quantised=quantised, tuned=tuned)
    config = json.loads((model_path / "sentence_bert_config.json").read_text())
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return OnnxSentenceEncoder(session, AutoTokenizer.from_pretrained(str(model_path)), config["max_seq_length"])
