"""The Marian checkpoints of the `marian` engine, converted once to CTranslate2 int8 and cached.

Same models, same interface, same splitting of long inputs; a quantised C++ runtime instead of
PyTorch. Install with `pip install 'checker[fast]'`.
"""

from __future__ import annotations

import contextlib
import os
from importlib import util
from pathlib import Path

from checker.engines.base import EngineUnavailable
from checker.engines.marian import MarianEngine, _Loaded


def converted_models_dir() -> Path:
    """Where converted models are kept: beside the translation cache."""
    from checker.engines.cache import default_cache_path

    return default_cache_path().parent / "ctranslate2"


class CTranslate2Engine(MarianEngine):
    """MarianMT checkpoints run by CTranslate2 (int8 by default)."""

    name = "ctranslate2"

    def __init__(self, *args, compute_type: str = "int8", **kwargs):
        if util.find_spec("ctranslate2") is None:
            raise EngineUnavailable("engine 'ctranslate2' needs the ctranslate2 package: pip install 'checker[fast]'")
        super().__init__(*args, **kwargs)
        self.compute_type = compute_type

    @classmethod
    def availability(cls) -> tuple[bool, str]:
        missing = [m for m in ("ctranslate2", "transformers", "sentencepiece") if util.find_spec(m) is None]
        if missing:
            return False, f"needs {', '.join(missing)} (pip install 'checker[fast]')"
        return True, "the marian engine's checkpoints converted once to CTranslate2 int8"

    def signature(self) -> dict:
        signature = super().signature()
        signature["engine"] = self.name
        signature["options"]["compute_type"] = self.compute_type
        return signature

    def _load_direction(self, src: str, tgt: str) -> _Loaded:
        import ctranslate2

        tokenizer = self._tokenizer(src, tgt)
        path = self.paths[(src, tgt)]
        converted = self._convert(path)
        translator = ctranslate2.Translator(
            str(converted),
            device="cpu",
            compute_type=self.compute_type,
            intra_threads=self.threads or os.cpu_count() or 1,
        )
        limit = int(getattr(tokenizer, "model_max_length", 512) or 512)
        limit = min(limit, 512)

        def generate(texts: list[str], beam_size: int) -> list[str]:
            tokens = [tokenizer.convert_ids_to_tokens(tokenizer(text).input_ids) for text in texts]
            results = translator.translate_batch(tokens, beam_size=beam_size, max_decoding_length=limit)
            return [
                tokenizer.decode(tokenizer.convert_tokens_to_ids(r.hypotheses[0]), skip_special_tokens=True)
                for r in results
            ]

        return _Loaded(tokenizer, limit, generate, translator)

    def _convert(self, path: Path) -> Path:
        """Convert the checkpoint once; later runs (and processes) reuse the converted copy."""
        from ctranslate2.converters import TransformersConverter

        target = converted_models_dir() / f"{self._weights_hash(path)}-{self.compute_type}"
        if (target / "model.bin").exists():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = target.with_name(target.name + f".tmp{os.getpid()}")
        try:
            TransformersConverter(str(path)).convert(str(staging), quantization=self.compute_type, force=True)
        except Exception as exc:  # noqa: BLE001 - the converter raises many kinds; the user needs one line
            raise EngineUnavailable(
                f"engine 'ctranslate2': cannot convert {path}: {str(exc).splitlines()[0]}"
            ) from None
        with contextlib.suppress(OSError):  # another process converted it first: use theirs
            staging.rename(target)
        return target
