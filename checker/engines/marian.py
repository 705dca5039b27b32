"""Hugging Face transformers models: MarianMT (opus-mt), and NLLB-200 / M2M100 through the same path.

Defaults: `Helsinki-NLP/opus-mt-en-fr` out and `Helsinki-NLP/opus-mt-fr-en` back (a round trip
through French; the French->English model also serves a French source directly). Any hub id or
local directory works (`--model`, `--back-model`); a multilingual checkpoint (NLLB, M2M100) given
as `--model` alone serves both directions with its language codes.

Models load lazily, once; inference runs under `torch.inference_mode()` in batches sorted by
length, on CUDA when present. Inputs longer than the model's limit are split at clause
boundaries and the pieces' translations rejoined: nothing is truncated. Without the hub (or with
`HF_HUB_OFFLINE=1`), a model that is not in the local cache fails at once with one line.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import util
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from checker.engines.base import Engine, EngineUnavailable, hash_files
from checker.engines.splitting import split_to_fit

# Language codes of the multilingual checkpoints.
NLLB_CODES = {
    "en": "eng_Latn",
    "fr": "fra_Latn",
    "pt": "por_Latn",
    "de": "deu_Latn",
    "es": "spa_Latn",
    "it": "ita_Latn",
}
_BATCH_SIZE = 16
_HUB_PROBE_SECONDS = 3.0
_WEIGHT_SUFFIXES = (".safetensors", ".bin", ".spm", ".model", ".json")


class MarianEngine(Engine):
    """transformers sequence-to-sequence translation models (MarianMT, NLLB-200, M2M100)."""

    name = "marian"

    def __init__(
        self,
        model: str | None = None,
        back_model: str | None = None,
        pivot: str | None = None,
        beam_size: int | None = None,
        threads: int | None = None,
        device: str | None = None,
    ):
        if util.find_spec("torch") is None or util.find_spec("transformers") is None:
            raise EngineUnavailable(
                "engine 'marian' needs torch and transformers: pip install torch==2.13.0 'checker[marian]'"
            )
        self.pivot = pivot or "fr"
        self.beam_size = beam_size or 4
        self.threads = threads
        self.device = device
        out_id = model or f"Helsinki-NLP/opus-mt-en-{self.pivot}"
        back_id = back_model or (
            model
            if model and back_model is None and _looks_multilingual(model)
            else f"Helsinki-NLP/opus-mt-{self.pivot}-en"
        )
        self.model_ids = {("en", self.pivot): out_id, (self.pivot, "en"): back_id}
        self.paths = {direction: resolve_model(model_id) for direction, model_id in self.model_ids.items()}
        self.directions = tuple(self.model_ids)
        self._loaded: dict[tuple[str, str], _Loaded] = {}
        self._hashes: dict[Path, str] = {}
        self._lock = threading.RLock()

    @classmethod
    def availability(cls) -> tuple[bool, str]:
        missing = [m for m in ("torch", "transformers", "sentencepiece") if util.find_spec(m) is None]
        if missing:
            return False, f"needs {', '.join(missing)} (pip install torch==2.13.0 'checker[marian]')"
        return True, "transformers MarianMT/NLLB/M2M100; models from the local Hugging Face cache or a directory"

    def signature(self) -> dict:
        models = {
            f"{src}-{tgt}": {"model": self.model_ids[(src, tgt)], "weights_sha256": self._weights_hash(path)}
            for (src, tgt), path in self.paths.items()
        }
        return {
            "engine": self.name,
            "model": "+".join(dict.fromkeys(self.model_ids.values())),
            "weights_sha256": "+".join(dict.fromkeys(m["weights_sha256"] for m in models.values())),
            "models": models,
            "directions": [f"{s}-{t}" for s, t in self.directions],
            "options": {"beam_size": self.beam_size},
        }

    def _weights_hash(self, path: Path) -> str:
        """sha256 (16 hex digits) of a checkpoint's weight, vocabulary and config files, once per path."""
        with self._lock:
            if path not in self._hashes:
                self._hashes[path] = hash_files(
                    [p for p in path.iterdir() if p.is_file() and p.suffix in _WEIGHT_SUFFIXES]
                )[:16]
            return self._hashes[path]

    def translate(
        self, texts: Sequence[str], src: str, tgt: str, progress: Callable[[int], None] | None = None
    ) -> list[str]:
        if (src, tgt) not in self.paths:
            raise EngineUnavailable(
                f"engine '{self.name}' has no {src}->{tgt} model here (directions: "
                f"{', '.join(f'{s}-{t}' for s, t in self.directions)})"
            )
        loaded = self._load(src, tgt)
        tokenizer = loaded.tokenizer

        def fits(text: str) -> bool:
            return len(tokenizer(text).input_ids) <= loaded.limit

        # Every input becomes one or more pieces that fit the model; pieces are batched by length.
        pieces: list[tuple[int, str]] = []
        for index, text in enumerate(texts):
            pieces.extend((index, piece) for piece in (split_to_fit(text, fits) if text.strip() else [text]))
        remaining = [0] * len(texts)
        for owner, _ in pieces:
            remaining[owner] += 1
        order = sorted(range(len(pieces)), key=lambda i: len(pieces[i][1]))
        outputs: list[str] = [""] * len(pieces)
        for start in range(0, len(order), _BATCH_SIZE):
            batch = [i for i in order[start : start + _BATCH_SIZE]]
            to_translate = [i for i in batch if pieces[i][1].strip()]
            if to_translate:
                for i, output in zip(
                    to_translate, loaded.generate([pieces[i][1] for i in to_translate], self.beam_size), strict=True
                ):
                    outputs[i] = output.strip()
            finished = 0
            for i in batch:
                remaining[pieces[i][0]] -= 1
                finished += remaining[pieces[i][0]] == 0
            if progress is not None and finished:
                progress(finished)
        joined: list[list[str]] = [[] for _ in texts]
        for (owner, _), output in zip(pieces, outputs, strict=True):
            if output:
                joined[owner].append(output)
        return [" ".join(parts) for parts in joined]

    def _load(self, src: str, tgt: str) -> _Loaded:
        """The model for one direction, loaded once."""
        with self._lock:
            if (src, tgt) not in self._loaded:
                self._loaded[(src, tgt)] = self._load_direction(src, tgt)
            return self._loaded[(src, tgt)]

    def _load_direction(self, src: str, tgt: str) -> _Loaded:
        import torch
        from transformers import AutoModelForSeq2SeqLM

        tokenizer = self._tokenizer(src, tgt)
        if self.threads:
            torch.set_num_threads(self.threads)
        path = self.paths[(src, tgt)]
        try:
            model = AutoModelForSeq2SeqLM.from_pretrained(path)
        except (OSError, ValueError) as exc:
            raise EngineUnavailable(
                f"engine '{self.name}': cannot load {self.model_ids[(src, tgt)]} from {path}: "
                f"{str(exc).splitlines()[0]}"
            ) from None
        device = self.device or ("cuda" if torch.cuda.is_available() else "cpu")
        model = model.to(device).eval()
        limit = min(
            int(getattr(model.config, "max_position_embeddings", 512) or 512),
            int(getattr(tokenizer, "model_max_length", 512) or 512),
        )
        codes = _language_codes(tokenizer, src, tgt)
        forced = {"forced_bos_token_id": tokenizer.convert_tokens_to_ids(codes[1])} if codes else {}

        def generate(texts: list[str], beam_size: int) -> list[str]:
            encoded = tokenizer(texts, return_tensors="pt", padding=True).to(model.device)
            with torch.inference_mode():
                generated = model.generate(**encoded, num_beams=beam_size, max_new_tokens=limit, **forced)
            return tokenizer.batch_decode(generated, skip_special_tokens=True)

        return _Loaded(tokenizer, limit, generate, model)

    def _tokenizer(self, src: str, tgt: str):
        import transformers
        from transformers import AutoTokenizer

        transformers.utils.logging.disable_progress_bar()
        path = self.paths[(src, tgt)]
        try:
            tokenizer = AutoTokenizer.from_pretrained(path)
        except (OSError, ValueError, TypeError) as exc:
            raise EngineUnavailable(
                f"engine '{self.name}': cannot load {self.model_ids[(src, tgt)]} from {path}: "
                f"{str(exc).splitlines()[0]}"
            ) from None
        codes = _language_codes(tokenizer, src, tgt)
        if codes:
            tokenizer.src_lang = codes[0]
        return tokenizer


@dataclass
class _Loaded:
    """One direction's tokenizer, input limit in tokens, and batch translation function."""

    tokenizer: Any
    limit: int
    generate: Callable[[list[str], int], list[str]]
    model: object = None


def _language_codes(tokenizer, src: str, tgt: str) -> tuple[str, str] | None:
    """Source and target codes for multilingual tokenizers; None for a bilingual Marian model."""
    kind = type(tokenizer).__name__
    if kind.startswith("Nllb"):
        return NLLB_CODES[src], NLLB_CODES[tgt]
    if kind.startswith("M2M100"):
        return src, f"__{tgt}__"
    return None


def _looks_multilingual(model_id: str) -> bool:
    lowered = model_id.lower()
    return "nllb" in lowered or "m2m100" in lowered or "m2m_100" in lowered


def resolve_model(model_id: str) -> Path:
    """A local directory for `model_id`: the directory itself, or its snapshot in the local HF cache.

    Downloads only when the hub answers; otherwise raises EngineUnavailable at once.
    """
    path = Path(model_id).expanduser()
    if path.is_dir():
        return path
    if model_id.startswith((".", "/", "~")) or model_id.count("/") > 1:
        raise EngineUnavailable(f"model directory {model_id} does not exist")
    from huggingface_hub import snapshot_download

    try:
        return Path(snapshot_download(model_id, local_files_only=True))
    except Exception:  # noqa: BLE001 - any failure here means "not in the local cache"
        pass
    how = (
        f"download it on a connected machine (huggingface-cli download {model_id}) and copy the Hugging Face "
        "cache here, or pass a local directory"
    )
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes", "on"):
        raise EngineUnavailable(
            f"model '{model_id}' is not in the local Hugging Face cache and HF_HUB_OFFLINE is set: {how}"
        )
    if not _hub_reachable():
        raise EngineUnavailable(
            f"model '{model_id}' is not in the local Hugging Face cache and the hub cannot be reached: {how}"
        )
    try:
        return Path(snapshot_download(model_id))
    except Exception as exc:  # noqa: BLE001
        raise EngineUnavailable(f"model '{model_id}' could not be downloaded: {str(exc).splitlines()[0]}") from None


def _hub_reachable() -> bool:
    """A TCP connection to the hub within a few seconds (a plain from_pretrained takes ~27 s to fail here)."""
    endpoint = urlparse(os.environ.get("HF_ENDPOINT", "https://huggingface.co"))
    port = endpoint.port or (443 if endpoint.scheme == "https" else 80)
    try:
        with socket.create_connection((endpoint.hostname, port), timeout=_HUB_PROBE_SECONDS):
            return True
    except OSError:
        return False
